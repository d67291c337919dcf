package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/server/metrics"
	"github.com/newshound/newshound/internal/store"
)

// Store is what the server reads, whatever the database: *store.SQLite,
// *store.Reader and *pgstore.Reader implement it.
type Store interface {
	// Browse returns a page of the article browser (store.ErrBadQuery for
	// a malformed query).
	Browse(ctx context.Context, o store.BrowseOptions) ([]store.BrowseItem, error)
	// Article returns one stored article (store.ErrNotFound).
	Article(ctx context.Context, id int64) (*store.StoredArticle, error)
	// Facets returns the commonest sites or languages.
	Facets(ctx context.Context, column string, limit int) ([]store.Count, error)
	// Gauges and Jobs feed /metrics; Jobs also /healthz.
	Gauges(ctx context.Context) (*store.Gauges, error)
	Jobs(ctx context.Context) ([]store.JobState, error)
	// Ping checks the database answers.
	Ping(ctx context.Context) error
	// SyncFTS adds the newest articles to the full-text index.
	SyncFTS(ctx context.Context) (int, error)
}

// Options configure a Server. Only Store is required.
type Options struct {
	// Store is the database browsed, measured and health-checked.
	Store Store
	// Metrics is the registry served at /metrics; the database gauges are
	// added to it by New. nil means a new one (metrics.New).
	Metrics *metrics.Registry
	// Logger receives request errors and lifecycle events. nil means
	// discard.
	Logger *slog.Logger
	// Public says the server is reachable from other machines (its
	// address is not loopback): URL fetching then refuses private,
	// loopback and link-local addresses (see Guard) unless AllowPrivate.
	// When false, requests must name a loopback host (localhost,
	// 127.0.0.1, [::1]) in their Host header, which defeats DNS-rebinding
	// attacks on a local server.
	Public bool
	// AllowPrivate lets a Public server fetch any address.
	AllowPrivate bool
	// Guard holds the address checks' settings; its zero value refuses
	// every non-public address. Used only when Public && !AllowPrivate.
	Guard Guard
	// MaxUpload is the largest uploaded page, in bytes (after gzip
	// decompression), and bounds request bodies. 0 means 10 MiB.
	MaxUpload int64
	// MaxPageBytes is the largest fetched page. 0 means 10 MiB.
	MaxPageBytes int64
	// FetchTimeout bounds fetching one page. 0 means 30s.
	FetchTimeout time.Duration
	// UserAgent is sent when fetching. "" means fetch.DefaultUserAgent.
	UserAgent string
	// Registry holds the site rules applied by the debugger. nil means
	// the generic engine only.
	Registry *extractors.Registry
	// PageSize is the number of articles per page of the browser. 0
	// means 50.
	PageSize int
	// KeepResults is how many debugger results are kept in memory for
	// their pages and frames. 0 means 32.
	KeepResults int
	// Now is the clock. nil means time.Now.
	Now func() time.Time
}

// Server serves the extraction debugger, the article browser, /metrics and
// /healthz. Build it with New; it is safe for concurrent use.
type Server struct {
	opts    Options
	log     *slog.Logger
	metrics *metrics.Registry
	fetcher *fetch.Client
	guard   *Guard // nil when fetching is not restricted
	policy  *bluemonday.Policy
	pages   map[string]*template.Template
	static  fs.FS
	results *resultCache
	handler http.Handler
}

// New returns a Server for opts.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("server: no store")
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = 10 << 20
	}
	if opts.MaxPageBytes <= 0 {
		opts.MaxPageBytes = 10 << 20
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = 30 * time.Second
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 50
	}
	if opts.KeepResults <= 0 {
		opts.KeepResults = 32
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Metrics == nil {
		opts.Metrics = metrics.New()
	}
	s := &Server{opts: opts, log: opts.Logger, metrics: opts.Metrics, policy: newSanitizer(),
		results: newResultCache(opts.KeepResults, time.Hour, opts.Now)}
	if err := s.metrics.RegisterStore(opts.Store); err != nil {
		return nil, err
	}
	to := fetch.TransportOptions{MaxBytes: opts.MaxPageBytes}
	if opts.Public && !opts.AllowPrivate {
		g := opts.Guard
		s.guard = &g
		to.Base = s.guard.Transport()
	}
	s.fetcher = fetch.New(fetch.Options{UserAgent: opts.UserAgent, Timeout: opts.FetchTimeout, Transport: to})
	var err error
	if s.pages, s.static, err = loadTemplates(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's HTTP handler, with its security headers and
// checks in place.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the server's metrics registry, for crawls run in the
// same process to feed.
func (s *Server) Metrics() *metrics.Registry { return s.metrics }

// routes wires the handlers and wraps them in the middleware.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /debug", s.handleDebugForm)
	mux.HandleFunc("POST /debug", s.handleDebugPost)
	mux.HandleFunc("GET /debug/{id}", s.handleDebugResult)
	mux.HandleFunc("GET /debug/{id}/frame", s.handleDebugFrame)
	mux.HandleFunc("POST /api/extract", s.handleAPIExtract)
	mux.HandleFunc("GET /articles", s.handleArticles)
	mux.HandleFunc("GET /articles/{id}", s.handleArticle)
	mux.Handle("GET /metrics", s.metrics.Handler(s.log))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(s.static)))
	var h http.Handler = mux
	h = http.NewCrossOriginProtection().Handler(h) // CSRF: cross-site POSTs refused
	h = s.limitBody(h)
	h = s.checkHost(h)
	h = securityHeaders(h)
	return h
}

// Run serves on addr until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets requests in flight finish for up to 10 seconds,
// and returns nil.
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened; it closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a 10 MiB upload on a slow link
		WriteTimeout:      s.opts.FetchTimeout + time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "public", s.opts.Public, "guard", s.guard != nil)
	select {
	case err := <-errc:
		return fmt.Errorf("server: serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: serve %s: %w", ln.Addr(), err)
	}
	return nil
}

// handleHealth answers 200 "ok" when the database answers a query within
// two seconds, 503 otherwise.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.opts.Store.Ping(ctx); err != nil {
		s.log.Warn("health check failed", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
	// One line per crawl job: its last run's status and last success, so a
	// job whose site has been down for days shows here (the server itself
	// stays healthy: it answers 200).
	jobs, err := s.opts.Store.Jobs(ctx)
	if err != nil {
		return
	}
	for _, j := range jobs {
		success := "never"
		if !j.LastSuccess.IsZero() {
			success = j.LastSuccess.UTC().Format(store.TimeLayout)
		}
		finish := ""
		if !j.LastFinish.IsZero() {
			finish = j.LastFinish.UTC().Format(store.TimeLayout)
		}
		fmt.Fprintf(w, "job %s: last run %s (%s), last success %s\n", j.Name, orDash(j.LastStatus), orDash(finish), success)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
