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
	"github.com/newshound/newshound/internal/store/pgstore"
)

// serveFlags are the flags of `newshound serve`.
type serveFlags struct {
	addr         string
	db           string
	store        string
	storeChanged bool
	dbChanged    bool
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
		Use:   "serve [--addr 127.0.0.1:8080] [--db newshound.db | --store postgres://...] [--allow-private]",
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

--store postgres://user:password@host:5432/db (or $NEWSHOUND_STORE, unless
--db is given) serves a PostgreSQL corpus instead (its tables are created
if missing, as a crawl would): the same browser (search in the syntax of
` + "`newshound search --help`" + `), /api, /metrics (its URL gauges are the SQLite
frontier's: absent here) and /healthz with its job lines.

  newshound serve
  newshound serve --db news.db --addr 127.0.0.1:9000
  newshound serve --store postgres://news@db.example/news`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.storeChanged, f.dbChanged = cmd.Flags().Changed("store"), cmd.Flags().Changed("db")
			return runServe(cmd.Context(), env, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fl.StringVar(&f.db, "db", "newshound.db", "SQLite database file (created if missing)")
	fl.StringVar(&f.store, "store", "", "PostgreSQL corpus (postgres://user:password@host:5432/db) instead of --db; default $"+StoreEnv)
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
	cf := corpusFlags{db: f.db, store: f.store, dbChanged: f.dbChanged, storeChanged: f.storeChanged}
	loc, err := cf.location(env)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var (
		st   server.Store
		name = f.db
		// closeStore closes the store; it is called twice (deferred, and
		// for its error at the end), which both stores allow.
		closeStore func() error
	)
	if loc != "" {
		ps, err := pgstore.Open(context.WithoutCancel(ctx), loc, pgstore.Options{Writers: 1})
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		st, name, closeStore = ps.Reader(), pgstore.Redact(loc), ps.Close
	} else {
		s, err := store.Open(context.WithoutCancel(ctx), f.db, store.Options{})
		if err != nil {
			return err
		}
		st, closeStore = s, s.Close
	}
	defer closeStore()
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
	logger.Info("newshound serve", "url", "http://"+ln.Addr().String()+"/", "db", name)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	return closeStore()
}
