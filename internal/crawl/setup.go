package crawl

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
)

// Job defaults, used where a job file leaves a setting unset.
const (
	DefaultConcurrency     = 8
	DefaultHostParallelism = 2
	DefaultDelay           = time.Second
	DefaultTimeout         = 30 * time.Second
	DefaultMaxBytes        = 10 << 20
)

// FromJob builds the crawler a job describes, over the SQLite store st
// (the job's frontier is st's, scoped to the job's name): the fetch client
// (size caps, charset left to the extractor), the robots.txt cache, the
// site rules, the patterns. Unset settings take the Default values.
// wrapTransport, when not nil, wraps the fetch client's transport (metrics).
func FromJob(job *Job, st *store.SQLite, logger *slog.Logger, wrapTransport func(http.RoundTripper) http.RoundTripper) (*Crawler, error) {
	return FromJobOn(job, Backends{Frontier: st.Frontier().ForJob(job.Name), Store: st}, logger, wrapTransport)
}

// FromJobOn is FromJob over any frontier and store (see Backends).
func FromJobOn(job *Job, b Backends, logger *slog.Logger, wrapTransport func(http.RoundTripper) http.RoundTripper) (*Crawler, error) {
	include, exclude, err := job.Patterns()
	if err != nil {
		return nil, err
	}
	since, err := ParseSince(job.Since)
	if err != nil {
		return nil, err
	}
	reg, err := extractors.LoadRegistry(job.Rules...)
	if err != nil {
		return nil, err
	}
	concurrency := orInt(job.Concurrency, DefaultConcurrency)
	perHost := orInt(job.HostParallelism, DefaultHostParallelism)
	maxBytes := job.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	delay, timeout := DefaultDelay, DefaultTimeout
	if job.Delay != nil {
		delay = job.Delay.Duration
	}
	if job.Timeout != nil && job.Timeout.Duration > 0 {
		timeout = job.Timeout.Duration
	}
	recrawlPages, recrawlArticles := job.Recrawl()

	client := fetch.New(fetch.Options{
		UserAgent: job.UserAgent,
		Timeout:   timeout,
		Transport: fetch.TransportOptions{MaxBytes: maxBytes, HideCharset: true, MaxConnsPerHost: max(perHost, 2), Wrap: wrapTransport},
	})
	// robots.txt files may be larger than the page cap allows; the cache
	// reads their first 500 KiB, as RFC 9309 allows.
	robotsClient := fetch.New(fetch.Options{UserAgent: job.UserAgent, Timeout: timeout,
		Transport: fetch.TransportOptions{MaxBytes: 4 << 20}})
	rb := robots.New(RobotsFetcher(robotsClient), robots.Options{Storage: b.Robots})

	return New(Options{
		Seeds: job.Seeds, Sitemaps: job.Sitemaps, Feeds: job.Feeds,
		AllowedDomains: job.AllowedDomains, Include: include, Exclude: exclude,
		MaxDepth: job.MaxDepth, MaxPages: job.MaxPages, MaxPagesPerHost: job.MaxPagesPerHost,
		Concurrency: concurrency, HostParallelism: perHost,
		Delay: delay, Timeout: timeout, Since: since, Job: job.Name,
		RecrawlPages: recrawlPages, RecrawlArticles: recrawlArticles,
		Extract: extractors.Options{MaxBytes: maxBytes, Registry: reg},
		Logger:  logger, FrontierApart: b.frontierApart(),
	}, b.Frontier, b.Store, client, rb)
}

func orInt(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// RobotsFetcher fetches robots.txt files through client, for robots.New.
func RobotsFetcher(client *fetch.Client) robots.Fetcher {
	return robots.FetcherFunc(func(ctx context.Context, u string) (int, []byte, error) {
		resp, err := client.Get(ctx, u)
		if err != nil {
			return 0, nil, err
		}
		return resp.Status, resp.Body, nil
	})
}
