package cli

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/server"
	"github.com/newshound/newshound/internal/store"
)

// serveFlags are the flags of `newshound serve`.
type serveFlags struct {
	addr         string
	db           string
	allowPrivate bool
	maxUpload    int64
	maxBytes     int64
	timeout      time.Duration
	userAgent    string
	rules        []string
	logFormat    string
	logLevel     string
}

func newServeCmd(env Env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--db newshound.db] [--allow-private]",
		Short: "Serve the extraction debugger, the article browser and /metrics",
		Long: `Serve, over HTTP:
  /debug      the extraction debugger: fetch a URL or upload a saved page, see
              every field with its source and rejected candidates, and the page
              with the kept body and removed blocks marked
  /api/extract the same as JSON
  /articles   a browser of the stored articles (site, language, dates, search)
  /metrics    Prometheus metrics (newshound_*)   /healthz  database check

The default address is reachable only from this machine. With any other
--addr (":8080", a LAN address), the server refuses to fetch private,
loopback and link-local addresses (checked on every redirect and when
connecting), unless --allow-private. There is no authentication: put a
reverse proxy with authentication in front of a server others can reach.

SIGINT/SIGTERM stops accepting connections and lets requests in flight
finish.

  newshound serve
  newshound serve --db news.db --addr 127.0.0.1:9000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), env, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fl.StringVar(&f.db, "db", "newshound.db", "SQLite database file (created if missing)")
	fl.BoolVar(&f.allowPrivate, "allow-private", false, "let a server reachable from other machines fetch private, loopback and link-local addresses")
	fl.Int64Var(&f.maxUpload, "max-upload", 10<<20, "largest uploaded page and request body, in bytes (after gzip decompression)")
	fl.Int64Var(&f.maxBytes, "max-bytes", 10<<20, "largest fetched page, in bytes")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "timeout of one fetch")
	fl.StringVar(&f.userAgent, "user-agent", fetch.DefaultUserAgent, "User-Agent for fetching")
	fl.StringArrayVar(&f.rules, "rules", nil, "site rules file or folder for the debugger, after the built-in and ~/.config/newshound/rules (repeatable)")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fl.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

func runServe(ctx context.Context, env Env, f serveFlags) error {
	logger, err := newLogger(env.Stderr, f.logFormat, f.logLevel)
	if err != nil {
		return err
	}
	reg, err := loadRegistry(f.rules)
	if err != nil {
		return err
	}
	st, err := store.Open(context.WithoutCancel(ctx), f.db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	public := !server.IsLoopbackAddr(f.addr)
	srv, err := server.New(server.Options{
		Store: st, Logger: logger, Public: public, AllowPrivate: f.allowPrivate,
		MaxUpload: f.maxUpload, MaxPageBytes: f.maxBytes, FetchTimeout: f.timeout,
		UserAgent: f.userAgent, Registry: reg,
	})
	if err != nil {
		return err
	}
	if public {
		logger.Warn("the server is reachable from other machines and has no authentication",
			"addr", f.addr, "fetch_private_addresses", f.allowPrivate)
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("serve: listen %s: %w", f.addr, err)
	}
	logger.Info("newshound serve", "url", "http://"+ln.Addr().String()+"/", "db", f.db)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	return st.Close()
}
