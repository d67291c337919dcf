// Package metrics is newshound's Prometheus registry: gauges read from the
// database on each scrape, and counters and a fetch latency histogram for
// the crawls running in the process, which their runner (the scheduler)
// feeds. It uses its own registry, never the global one; every name starts
// with newshound_. The server serves it at /metrics.
package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/store"
)

// Label cardinality bounds: the largest values are kept, the rest are
// summed under "other".
const (
	maxSites   = 100
	maxReasons = 20
	maxLabel   = 80 // bytes of a free-text label (a failure reason)
)

// Registry holds newshound's metrics: gauges read from the database on
// each scrape (RegisterDB), and counters and a latency histogram for the
// crawls and fetches of this process, which their runners feed (Track,
// ObserveFetch, InstrumentTransport). Safe for concurrent use.
type Registry struct {
	reg          *prometheus.Registry
	fetchSeconds *prometheus.HistogramVec
	fetches      *prometheus.CounterVec
	crawls       *crawlCollector
	dbOnce       sync.Once
	dbErr        error
}

// New returns a registry with the in-process metrics registered and no
// database gauges yet.
func New() *Registry {
	m := &Registry{
		reg: prometheus.NewRegistry(),
		fetchSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newshound_fetch_duration_seconds",
			Help:    "Time from sending a request to having its body (or, through InstrumentTransport, its headers), by job.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"job"}),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newshound_fetches_total",
			Help: "Fetches made by this process, by job and status class (2xx, 3xx, 4xx, 5xx, error).",
		}, []string{"job", "class"}),
		crawls: &crawlCollector{sources: map[string]func() crawl.Snapshot{}},
	}
	m.reg.MustRegister(m.fetchSeconds, m.fetches, m.crawls)
	return m
}

// Prometheus returns the underlying Prometheus registry, to register more
// collectors or gather.
func (m *Registry) Prometheus() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format. A collector
// that fails (the database unreachable) is logged and left out; the
// others are still served.
func (m *Registry) Handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:      promLogger{log},
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// ObserveFetch records one fetch of job: its duration and status (0 when
// there was no response).
func (m *Registry) ObserveFetch(job string, status int, d time.Duration) {
	m.fetchSeconds.WithLabelValues(job).Observe(d.Seconds())
	class := "error"
	if status >= 100 && status < 600 {
		class = strconv.Itoa(status/100) + "xx"
	}
	m.fetches.WithLabelValues(job, class).Inc()
}

// InstrumentTransport wraps next so that every request through it is
// recorded with ObserveFetch (duration up to the response headers). A
// scheduler passes the result as fetch.TransportOptions.Base.
func (m *Registry) InstrumentTransport(job string, next http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		resp, err := next.RoundTrip(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		m.ObserveFetch(job, status, time.Since(start))
		return resp, err
	})
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Track exposes the counters of a crawl running in this process under its
// job name: stats is called on each scrape (crawl.Crawler.Stats). A new
// run of the same job replaces the old source (its counters restart from
// zero, which Prometheus reads as a counter reset); nil stops tracking.
func (m *Registry) Track(job string, stats func() crawl.Snapshot) {
	m.crawls.mu.Lock()
	defer m.crawls.mu.Unlock()
	if stats == nil {
		delete(m.crawls.sources, job)
		return
	}
	m.crawls.sources[job] = stats
}

// Source is the database the gauges are read from on each scrape:
// *store.SQLite, *store.Reader or *pgstore.Reader.
type Source interface {
	// Gauges returns the corpus's counts.
	Gauges(ctx context.Context) (*store.Gauges, error)
	// Jobs returns the crawl jobs' records.
	Jobs(ctx context.Context) ([]store.JobState, error)
}

// RegisterStore adds the gauges read from src on each scrape. Later calls
// do nothing and return the first call's error.
func (m *Registry) RegisterStore(src Source) error {
	m.dbOnce.Do(func() {
		if err := m.reg.Register(&dbCollector{src: src}); err != nil {
			m.dbErr = fmt.Errorf("metrics: register database metrics: %w", err)
		}
	})
	return m.dbErr
}

// promLogger adapts slog to promhttp's logger.
type promLogger struct{ log *slog.Logger }

func (l promLogger) Println(v ...any) { l.log.Error("metrics", "err", fmt.Sprint(v...)) }

var (
	descPagesFetched = prometheus.NewDesc("newshound_pages_fetched_total",
		"Responses received by crawls running in this process, by job.", []string{"job"}, nil)
	descCrawlArticles = prometheus.NewDesc("newshound_crawl_articles_total",
		"Pages handled by crawls in this process, by job and result (new, duplicate, existing, not_article).", []string{"job", "result"}, nil)
	descCrawlErrors = prometheus.NewDesc("newshound_crawl_errors_total",
		"URLs given up by crawls in this process, by job and reason.", []string{"job", "reason"}, nil)
	descCrawlSkipped = prometheus.NewDesc("newshound_crawl_skipped_total",
		"URLs skipped by crawls in this process, by job and reason.", []string{"job", "reason"}, nil)
	descCrawlBytes = prometheus.NewDesc("newshound_crawl_bytes_total",
		"Response body bytes received by crawls in this process, by job.", []string{"job"}, nil)
)

// crawlCollector reads the tracked crawls' snapshots on each scrape.
type crawlCollector struct {
	mu      sync.Mutex
	sources map[string]func() crawl.Snapshot
}

func (c *crawlCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPagesFetched, descCrawlArticles, descCrawlErrors, descCrawlSkipped, descCrawlBytes} {
		ch <- d
	}
}

func (c *crawlCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	jobs := make(map[string]func() crawl.Snapshot, len(c.sources))
	for k, v := range c.sources {
		jobs[k] = v
	}
	c.mu.Unlock()
	for job, stats := range jobs {
		s := stats()
		counter := func(d *prometheus.Desc, v float64, labels ...string) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
		}
		counter(descPagesFetched, float64(s.Fetched), job)
		counter(descCrawlBytes, float64(s.Bytes), job)
		for result, n := range map[string]int{"new": s.Articles, "duplicate": s.Duplicates, "existing": s.Existing, "not_article": s.NotArticles} {
			counter(descCrawlArticles, float64(n), job, result)
		}
		for reason, n := range bound(s.Failed, maxReasons) {
			counter(descCrawlErrors, float64(n), job, reason)
		}
		for reason, n := range bound(s.Skipped, maxReasons) {
			counter(descCrawlSkipped, float64(n), job, reason)
		}
	}
}

// bound truncates free-text labels and keeps the n largest, summing the
// rest under "other".
func bound(m map[string]int, n int) map[string]int {
	merged := make(map[string]int, len(m))
	for k, v := range m {
		merged[page.Truncate(k, maxLabel)] += v
	}
	if len(merged) <= n {
		return merged
	}
	keys := crawl.Reasons(merged)
	out := make(map[string]int, n+1)
	for i, k := range keys {
		if i < n {
			out[k] += merged[k]
		} else {
			out["other"] += merged[k]
		}
	}
	return out
}

var (
	descArticles = prometheus.NewDesc("newshound_articles_stored",
		"Articles in the database, duplicates included.", nil, nil)
	descDuplicates = prometheus.NewDesc("newshound_articles_duplicates",
		"Articles in the database stored as duplicates of earlier ones.", nil, nil)
	descBySite = prometheus.NewDesc("newshound_articles_stored_by_site",
		fmt.Sprintf("Articles in the database by site (the %d largest; the rest as site=\"other\").", maxSites), []string{"site"}, nil)
	descByLanguage = prometheus.NewDesc("newshound_articles_stored_by_language",
		"Articles in the database by language (\"\" unknown).", []string{"language"}, nil)
	descURLs = prometheus.NewDesc("newshound_urls",
		"Frontier URLs by state (queued is the queue size).", []string{"state"}, nil)
	descURLFailures = prometheus.NewDesc("newshound_url_failures",
		fmt.Sprintf("Frontier URLs given up, by reason (the %d commonest; the rest as reason=\"other\").", maxReasons), []string{"reason"}, nil)
	descJobSuccess = prometheus.NewDesc("newshound_job_last_success_timestamp_seconds",
		"End of each crawl job's last successful run (jobs table), Unix seconds.", []string{"job"}, nil)
)

// dbCollector reads the database gauges on each scrape, in one short read
// transaction: counts grouped over indexed columns, a few milliseconds on
// a corpus of 100,000 articles.
type dbCollector struct{ src Source }

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descArticles, descDuplicates, descBySite, descByLanguage, descURLs, descURLFailures, descJobSuccess} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.collect(ctx, ch); err != nil {
		ch <- prometheus.NewInvalidMetric(descArticles, fmt.Errorf("database metrics: %w", err))
	}
}

func (c *dbCollector) collect(ctx context.Context, ch chan<- prometheus.Metric) error {
	g, err := c.src.Gauges(ctx)
	if err != nil {
		return err
	}
	jobs, err := c.src.Jobs(ctx)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	gauge(descArticles, float64(g.Articles))
	gauge(descDuplicates, float64(g.Duplicates))
	for site, n := range bound(g.BySite, maxSites) {
		gauge(descBySite, float64(n), site)
	}
	for lang, n := range bound(g.ByLanguage, maxSites) {
		gauge(descByLanguage, float64(n), lang)
	}
	if g.URLs != nil { // the store keeps the frontier
		for _, state := range []string{"queued", "inflight", "done", "failed", "skipped"} {
			gauge(descURLs, float64(g.URLs[state]), state)
		}
		for reason, n := range bound(g.Failures, maxReasons) {
			gauge(descURLFailures, float64(n), reason)
		}
	}
	for _, j := range jobs {
		if j.LastStatus == "ok" && !j.LastFinish.IsZero() {
			gauge(descJobSuccess, float64(j.LastFinish.UnixMilli())/1000, j.Name)
		}
	}
	return nil
}
