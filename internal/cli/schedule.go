package cli

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/schedule"
	"github.com/newshound/newshound/internal/server"
	"github.com/newshound/newshound/internal/store"
)

func newScheduleCmd(env Env) *cobra.Command {
	var (
		config, logFormat, logLevel string
		httpAddr                    string
		once                        bool
		frontierLoc, storeLoc       string
	)
	cmd := &cobra.Command{
		Use:   "schedule --config jobs.yaml [--once]",
		Short: "Run crawl jobs on cron schedules, incrementally",
		Long: `Run the crawl jobs of a schedule file on their cron schedules, until
stopped. Each run is incremental: it re-reads the jobs' sitemaps and feeds,
fetches what is new, re-fetches what their lastmod says changed and what the
recrawl intervals make due, with conditional GETs. No job overlaps itself: a
slot that comes while the previous run is still going is skipped and logged.
A slot missed while the process was down runs at start. SIGTERM finishes the
requests in flight and exits cleanly.

  newshound schedule --config jobs.yaml
  newshound schedule --config jobs.yaml --once     # every job once, then exit (cron, systemd timers)

With --frontier redis://HOST:PORT/DB and --store postgres://... (or the
schedule file's frontier: and store: keys, or NEWSHOUND_FRONTIER and
NEWSHOUND_STORE), the jobs' queues and articles live on shared servers and
other processes (newshound crawl or schedule) may work on the same jobs,
with the same settings. With --store the runs' records are kept in
PostgreSQL too, and --http serves that corpus.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if config == "" {
				return fmt.Errorf("schedule: --config is required")
			}
			logger, err := newLogger(env.Stderr, logFormat, logLevel)
			if err != nil {
				return err
			}
			crawlGC()
			f, err := schedule.Load(config)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			fl := cmd.Flags()
			loc := backendLocations{
				frontier: location(frontierLoc, fl.Changed("frontier"), f.Frontier, env, FrontierEnv),
				store:    location(storeLoc, fl.Changed("store"), f.Store, env, StoreEnv),
				db:       f.DB,
			}
			// The db file keeps the corpus and the run records without
			// --store, and the frontier without --frontier.
			st, err := store.Open(context.WithoutCancel(ctx), f.DB, store.Options{BatchWait: crawlCommitWait})
			if err != nil {
				return err
			}
			defer st.Close()
			var (
				backends schedule.Backends
				// rec keeps the jobs' runs and srvStore is what --http
				// serves: the PostgreSQL store with --store.
				rec      schedule.JobRecorder = st
				srvStore server.Store         = st
			)
			if loc.frontier != "" || loc.store != "" {
				b, err := openSharedBackends(ctx, loc, st)
				if err != nil {
					return fmt.Errorf("schedule: %w", err)
				}
				defer b.Close()
				jobs := make(map[string]*crawl.Job, len(f.Jobs))
				for i := range f.Jobs {
					jobs[f.Jobs[i].Name] = &f.Jobs[i].Job
				}
				backends = scheduleBackends{b: b, jobs: jobs}
				if b.pg != nil {
					rec, srvStore = b.pg, b.pg.Reader()
				}
				logger.Info("shared backends", "frontier", b.frontierName, "store", b.storeName)
			}
			opts := schedule.Options{Logger: logger}
			var (
				serveErr   chan error
				stopServer = func() {}
			)
			if httpAddr != "" {
				// The same pages as `newshound serve`, and /metrics fed by
				// the running jobs.
				public := !server.IsLoopbackAddr(httpAddr)
				srv, err := server.New(server.Options{Store: srvStore, Logger: logger, Public: public})
				if err != nil {
					return err
				}
				ln, err := net.Listen("tcp", httpAddr)
				if err != nil {
					return fmt.Errorf("schedule: listen %s: %w", httpAddr, err)
				}
				m := srv.Metrics()
				opts.Hooks.Started = func(job string, cr *crawl.Crawler) { m.Track(job, cr.Stats) }
				opts.WrapTransport = m.InstrumentTransport
				serveErr = make(chan error, 1)
				serveCtx, stopServing := context.WithCancel(ctx)
				defer stopServing()
				stopServer = stopServing
				go func() { serveErr <- srv.Serve(serveCtx, ln) }()
				logger.Info("serving", "url", "http://"+ln.Addr().String()+"/")
			}
			var s *schedule.Scheduler
			if backends != nil {
				s, err = schedule.NewOn(f, rec, backends, opts)
			} else {
				s, err = schedule.New(f, st, opts)
			}
			if err != nil {
				return err
			}
			logger.Info("schedule starting", "jobs", len(f.Jobs), "db", f.DB, "once", once)
			if once {
				err = s.RunOnce(ctx)
			} else {
				err = s.Run(ctx)
			}
			if serveErr != nil {
				// The server stops with the jobs (at the end of --once, or
				// on a signal).
				stopServer()
				if serr := <-serveErr; err == nil {
					err = serr
				}
			}
			if cerr := st.Close(); err == nil {
				err = cerr
			}
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&config, "config", "", "schedule file (YAML)")
	fl.BoolVar(&once, "once", false, "run every job once and exit")
	fl.StringVar(&frontierLoc, "frontier", "", "the jobs' queues on a Redis server shared with other processes: redis://HOST:PORT/DB (env "+FrontierEnv+")")
	fl.StringVar(&storeLoc, "store", "", "the jobs' articles in a PostgreSQL database: postgres://USER@HOST/DB (env "+StoreEnv+")")
	fl.StringVar(&httpAddr, "http", "", "also serve the newshound pages and /metrics (with the jobs' counters) on this address, e.g. 127.0.0.1:8080")
	fl.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	fl.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}
