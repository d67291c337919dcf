package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/fetch"
)

// extractFlags are the flags of `newshound extract`.
type extractFlags struct {
	pageURL   string
	format    string
	explain   bool
	withHTML  bool
	manifest  string
	output    string
	workers   int
	timeout   time.Duration
	maxBytes  int64
	userAgent string
	progress  string
	rules     []string             // --rules paths, after the built-in and user rules
	registry  *extractors.Registry // loaded from the rules in RunE
}

func newExtractCmd(env Env) *cobra.Command {
	var f extractFlags
	cmd := &cobra.Command{
		Use:   "extract (URL | FILE | -) [--url URL]",
		Short: "Extract the article of one page, or of a batch of saved pages",
		Long: `Extract the article of one page and print it.

  newshound extract https://example.org/news/1          fetch and extract
  newshound extract page.html --url https://example.org/news/1
  newshound extract - --url https://example.org/news/1 < page.html
  newshound extract --manifest pages.jsonl -o out.jsonl --workers 4

Saved pages may be gzip-compressed. The output is JSON when stdout is not a
terminal and a readable text view when it is; --format chooses. --explain
shows, per field, the winning value, its source and the rejected candidates.

Batch mode (--manifest) reads one {"id","url","html"} object a line, html
being a path relative to the manifest's folder, and writes one JSON article
a line with the same id, in input order; a page that fails yields
{"id","error"} and the batch goes on. The exit status is 1 when any page
failed.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.manifest != "" {
				if len(args) > 0 {
					return fmt.Errorf("extract: --manifest takes no page argument")
				}
				return nil
			}
			if len(args) != 1 {
				return fmt.Errorf("extract: give one URL, FILE or - (stdin), or --manifest")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch f.format {
			case "", "json", "text", "markdown":
			default:
				return fmt.Errorf("extract: unknown --format %q (json, text or markdown)", f.format)
			}
			reg, err := loadRegistry(f.rules) // site rules: rules.go
			if err != nil {
				return err
			}
			f.registry = reg
			if f.manifest != "" {
				return runBatch(cmd.Context(), env, f)
			}
			return runExtractOne(cmd.Context(), env, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.pageURL, "url", "", "the page's original URL (for saved pages)")
	fl.StringVar(&f.format, "format", "", "output format: json, text or markdown (default: text on a terminal, else json)")
	fl.BoolVar(&f.explain, "explain", false, "show where every field came from and what was rejected")
	fl.BoolVar(&f.withHTML, "with-html", false, "include the cleaned body HTML (json: \"html\" key)")
	fl.StringVar(&f.manifest, "manifest", "", "batch mode: a JSONL file of {\"id\",\"url\",\"html\"} lines")
	fl.StringVarP(&f.output, "output", "o", "", "batch mode: output file (default stdout)")
	fl.IntVar(&f.workers, "workers", 0, "batch mode: parallel workers (default: all cores)")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "fetch timeout for a URL")
	fl.Int64Var(&f.maxBytes, "max-bytes", 10<<20, "largest page accepted, in bytes")
	fl.StringVar(&f.userAgent, "user-agent", fetch.DefaultUserAgent, "User-Agent for fetching a URL")
	fl.StringVar(&f.progress, "progress", "auto", "batch mode: progress line on stderr: auto, always or never")
	fl.StringArrayVar(&f.rules, "rules", nil, "site rules file or folder, after the built-in and ~/.config/newshound/rules (repeatable)")
	return cmd
}

func (f extractFlags) options() extractors.Options {
	return extractors.Options{
		MaxBytes:     f.maxBytes,
		WithHTML:     f.withHTML,
		WithMarkdown: f.format == "markdown",
		Explain:      f.explain,
		Registry:     f.registry,
	}
}

func runExtractOne(ctx context.Context, env Env, f extractFlags, arg string) error {
	opts := f.options()
	pageURL := f.pageURL
	var raw []byte
	if isHTTPURL(arg) {
		client := fetch.New(fetch.Options{UserAgent: f.userAgent, Timeout: f.timeout, Transport: fetch.TransportOptions{MaxBytes: f.maxBytes}})
		resp, err := client.Get(ctx, arg)
		if err != nil {
			return err
		}
		if resp.Status >= 400 {
			return fmt.Errorf("fetch %s: HTTP %d", arg, resp.Status)
		}
		raw, pageURL = resp.Body, resp.URL
		opts.ContentType = resp.ContentType()
		opts.FetchTime = time.Now()
	} else {
		b, err := readPage(arg, env.Stdin, f.maxBytes)
		if err != nil {
			return err
		}
		raw = b
	}
	a, err := extractors.ExtractBytes(ctx, raw, pageURL, opts)
	if err != nil {
		return fmt.Errorf("extract %s: %w", arg, err)
	}
	format := f.format
	if format == "" {
		format = "json"
		if env.terminal(env.Stdout) {
			format = "text"
		}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(a)
	case "markdown":
		return writeMarkdown(env.Stdout, a)
	default:
		return writeText(env.Stdout, a)
	}
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) && u.Host != ""
}

// writeAll is io.WriteString that keeps the first error, for renderers.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}
