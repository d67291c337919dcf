// Package cli builds newshound's command tree: one file per command, each
// turning flags into calls on the packages that do the work. It holds no
// logic of its own beyond input handling and output formatting.
//
// Files: root.go builds the tree and the shared environment; extract.go is
// `newshound extract` for one page; batch.go its --manifest mode; render.go
// prints articles as text, Markdown or an explanation; input.go reads pages
// from files, stdin or gzip; progress.go draws the terminal progress line;
// crawl.go is `newshound crawl`; schedule.go `newshound schedule`; serve.go
// `newshound serve`; rules.go `newshound rules`; dev.go the hidden developer
// commands (the generated test site); export.go is `newshound export` and
// the filter flags it shares with search.go (`newshound search`); stats.go
// is `newshound stats`.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// Env is what the commands get from main: standard streams. Tests fill it
// with buffers. Commands that log build their logger from Stderr and their
// --log-format/--log-level flags.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// IsTerminal reports whether w is an interactive terminal. nil means
	// never (as in tests).
	IsTerminal func(w io.Writer) bool
	// Getenv reads an environment variable (NEWSHOUND_STORE,
	// NEWSHOUND_FRONTIER). nil means none is set (as in tests).
	Getenv func(key string) string
}

// OSEnv returns the Env of the running process.
func OSEnv() Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		IsTerminal: func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
		},
		Getenv: os.Getenv,
	}
}

func (e Env) terminal(w io.Writer) bool { return e.IsTerminal != nil && e.IsTerminal(w) }

func (e Env) getenv(key string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(key)
}

// NewRoot returns the newshound command tree.
func NewRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "newshound",
		Short: "Crawl news sites and extract clean articles",
		Long: `newshound finds the articles of news sites, fetches them politely, extracts
title, dates, authors, breadcrumbs and body text, stores each article once
and exports the corpus.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	var cpuProfile string
	var stopProfile func()
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for developers)")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if cpuProfile == "" {
			return nil
		}
		f, err := os.Create(cpuProfile)
		if err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("cpuprofile: %w", err)
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.AddCommand(newExtractCmd(env))
	root.AddCommand(newCrawlCmd(env))
	root.AddCommand(newScheduleCmd(env))
	root.AddCommand(newRulesCmd(env))
	root.AddCommand(newServeCmd(env))
	root.AddCommand(newDevCmd(env))
	root.AddCommand(newExportCmd(env))
	root.AddCommand(newStatsCmd(env))
	root.AddCommand(newSearchCmd(env))
	return root
}
