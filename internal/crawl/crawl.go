package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
)

// Options configure a crawl. Zero values give the documented defaults.
type Options struct {
	// Seeds are start pages; Sitemaps and Feeds are sitemap and feed URLs
	// given explicitly. robots.txt Sitemap: lines and /sitemap.xml of every
	// seed host are added to them.
	Seeds, Sitemaps, Feeds []string
	// AllowedDomains limits the crawl to these hosts and their subdomains.
	// Empty means the hosts of the seeds, sitemaps and feeds.
	AllowedDomains []string
	// Include, when not empty, admits only URLs matching one of them;
	// Exclude rejects URLs matching any. Seeds, sitemaps and feeds are
	// exempt.
	Include, Exclude []*regexp.Regexp
	// MaxDepth is the largest number of link hops from a seed. 0 means no
	// limit. Sitemap and feed entries are depth 0.
	MaxDepth int
	// MaxPages stops the crawl after this many fetches. 0 means no limit.
	MaxPages int
	// MaxPagesPerHost caps fetches per host. 0 means no limit.
	MaxPagesPerHost int
	// Concurrency is the number of requests in flight overall. 0 means 8.
	Concurrency int
	// HostParallelism is the number of requests in flight per host. 0
	// means 2.
	HostParallelism int
	// Delay is the minimum gap between request starts to one host; a
	// robots.txt Crawl-delay larger than it wins. 0 means only the
	// robots.txt delay applies.
	Delay time.Duration
	// Timeout bounds one request. 0 means 30s.
	Timeout time.Duration
	// Since skips sitemap and feed entries whose publication (or, lacking
	// it, modification) date is before it. Zero means no limit.
	Since time.Time
	// RecrawlPages re-fetches pages that are not articles (section
	// fronts, indexes) last fetched longer ago than this, at the start of
	// a run; RecrawlArticles does the same for articles (to catch
	// updates). 0 means never. Sitemap and feed entries whose lastmod is
	// newer than the last fetch are re-fetched regardless, and every
	// re-fetch is a conditional GET (ETag, Last-Modified).
	RecrawlPages, RecrawlArticles time.Duration
	// MaxAttempts is how many times a URL is tried before it is given up.
	// 0 means 3.
	MaxAttempts int
	// Job names the crawl job; stored with each article.
	Job string
	// FrontierApart says the store records articles only and the frontier
	// is separate (a PostgreSQL store, a Redis frontier): the crawler saves
	// an article, then adds the page's links to the frontier and finishes
	// the URL there (see record.go). false: the store's Save also records
	// the URL's outcome and links, in one transaction (the SQLite store
	// with its own frontier).
	FrontierApart bool
	// Outage is how long the crawler waits for a lost frontier or store
	// server (retrying with backoff, see resilient.go) before the crawl
	// fails. 0 means 5 minutes.
	Outage time.Duration
	// Extract are the extraction options (site rules among them).
	Extract extractors.Options
	// Logger receives structured logs. nil means discard.
	Logger *slog.Logger
	// Now is the clock. nil means time.Now.
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.HostParallelism <= 0 {
		o.HostParallelism = 2
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Crawler runs one crawl. Build it with New and call Run once.
type Crawler struct {
	opts     Options
	frontier frontier.Frontier
	store    store.Store
	client   *fetch.Client
	robots   *robots.Cache
	gate     *gate
	scope    scope
	stats    Stats

	recent *recentURLs
	links  *linkCache

	hostCountMu sync.Mutex
	hostCount   map[string]int
	fetches     atomic.Int64

	shared *shared // shared-frontier bookkeeping (shared.go)
}

// New returns a Crawler that takes its work from fr, records results in
// st and fetches through client (whose transport must hide the charset
// from colly: fetch.TransportOptions.HideCharset) with robots.txt rules
// from rb.
func New(opts Options, fr frontier.Frontier, st store.Store, client *fetch.Client, rb *robots.Cache) (*Crawler, error) {
	opts.defaults()
	sc, err := newScope(opts)
	if err != nil {
		return nil, err
	}
	c := &Crawler{
		opts:      opts,
		store:     st,
		client:    client,
		robots:    rb,
		gate:      newGate(opts.HostParallelism, opts.Delay),
		scope:     sc,
		stats:     newStats(),
		hostCount: make(map[string]int),
		recent:    newRecentURLs(1 << 16),
		links:     newLinkCache(1 << 13),
	}
	c.frontier, c.store, c.shared = c.guard(fr, st)
	return c, nil
}

// Stats returns a snapshot of the crawl's counters; safe to call while
// Run is running.
func (c *Crawler) Stats() Snapshot { return c.stats.snapshot() }

// Run crawls until the frontier has nothing left to fetch, a budget is
// spent, or ctx is cancelled. On cancellation it stops starting requests,
// lets the ones in flight finish and record their results, and returns
// ctx's error; the frontier keeps the rest for the next run.
func (c *Crawler) Run(ctx context.Context) (Snapshot, error) {
	if n, err := c.frontier.Recover(ctx); err != nil {
		return c.Stats(), fmt.Errorf("crawl: recover in-flight urls: %w", err)
	} else if n > 0 {
		c.opts.Logger.Info("resuming crawl", "recovered_inflight", n)
	}
	if err := c.seed(ctx); err != nil {
		return c.Stats(), err
	}
	if err := c.refresh(ctx); err != nil {
		return c.Stats(), err
	}

	// In-flight requests finish even after ctx is cancelled (draining);
	// fetchCtx only ends when Run returns.
	fetchCtx, cancelFetches := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelFetches()
	col := newCollector(fetchCtx, c.client, c.opts.Timeout)

	// A request's slot (Concurrency overall, HostParallelism per host) is
	// freed as soon as its response has arrived; extracting and saving go
	// on in the same goroutine while the next requests start, so the
	// network, the CPU and the store's writer work at the same time.
	// handlers bounds the goroutines (and the pages they hold) that are
	// fetching or extracting; savers those that hold only the result they
	// wait to have committed (the writer commits every few milliseconds,
	// so many wait at once, each holding little).
	maxHandlers := 2 * c.opts.Concurrency
	maxSavers := 8 * c.opts.Concurrency
	var (
		wg       sync.WaitGroup
		inflight int // requests in flight
		handlers int // goroutines fetching or extracting
		savers   int // goroutines waiting for their result to be saved
		// Each goroutine sends at most one event of each kind: the
		// buffer never blocks them, even once the dispatcher has stopped.
		events  = make(chan event, 3*(maxHandlers+maxSavers))
		fatal   error
		fatalMu sync.Mutex
	)
	setFatal := func(err error) {
		fatalMu.Lock()
		if fatal == nil {
			fatal = err
		}
		fatalMu.Unlock()
	}
	getFatal := func() error {
		fatalMu.Lock()
		defer fatalMu.Unlock()
		return fatal
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	// ready holds leased URLs not started yet: leasing a batch at a time,
	// ahead of need and in the leaser's goroutine, keeps the dispatcher
	// from waiting on the store.
	var ready []frontier.Lease
	ls := startLeaser(ctx, c.frontier)
	defer ls.stop()
	// leaseIdle: the last lease came back empty; ask again after an event
	// or a tick, not at once.
	leaseIdle := false
	for {
		if ctx.Err() != nil || getFatal() != nil || c.budgetSpent() {
			break
		}
		leased := 0
		if r, ok := ls.poll(); ok {
			if r.err != nil {
				if ctx.Err() != nil {
					break
				}
				return c.Stats(), fmt.Errorf("crawl: next urls: %w", r.err)
			}
			ready = append(ready, r.leases...)
			leased = len(r.leases)
			leaseIdle = leased == 0
		}
		now := c.opts.Now()
		// Start what the politeness gate allows.
		started := 0
		kept := ready[:0]
		for _, l := range ready {
			if inflight >= c.opts.Concurrency || handlers >= maxHandlers || savers >= maxSavers || c.budgetSpent() || !c.gate.canStart(l.Host, now) {
				kept = append(kept, l)
				continue
			}
			c.gate.acquire(l.Host, now)
			inflight++
			handlers++
			started++
			wg.Add(1)
			go func(l frontier.Lease) {
				defer wg.Done()
				p := &progress{host: l.Host, gate: c.gate, events: events}
				defer p.done()
				if err := c.process(fetchCtx, col, l, p); err != nil {
					setFatal(err)
				}
			}(l)
		}
		ready = kept
		// Lease more when the buffer is down to one round (Concurrency)
		// and it has room for two more: a lease costs a trip through the
		// store's writer whatever its size, so they come in batches.
		if want := 3*c.opts.Concurrency - len(ready); !ls.pending && !leaseIdle && want >= 2*c.opts.Concurrency {
			// On a frontier of its own the crawler leases ahead: a slot
			// freed then starts its next URL at once. A shared frontier
			// counts leases against other workers' politeness: none
			// ahead there.
			slots, def := c.gate.slots(now, !c.opts.FrontierApart)
			for _, l := range ready { // buffered leases use up their host's slots
				if n, ok := slots[l.Host]; ok {
					slots[l.Host] = max(n-1, 0)
				} else {
					slots[l.Host] = max(def-1, 0)
				}
			}
			ls.ask(leaseRequest{now: now, want: want, slots: slots, def: def})
		}
		if started == 0 && !ls.pending && handlers == 0 && len(ready) == 0 {
			pending, err := c.frontier.Pending(ctx)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				return c.Stats(), fmt.Errorf("crawl: %w", err)
			}
			if !pending {
				break
			}
		}
		if leased > 0 && inflight < c.opts.Concurrency && handlers < maxHandlers && savers < maxSavers {
			continue // start them right away
		}
		// Wait for a fetch to finish, leases to arrive, a host to open up,
		// or a poll tick (URLs with a future not-before become due).
		wait := 50 * time.Millisecond
		if next := c.gate.nextOpening(c.opts.Now()); !next.IsZero() {
			if d := time.Until(next); d < wait {
				wait = max(d, time.Millisecond)
			}
		}
		timer.Reset(wait)
		count := func(e event) {
			switch e {
			case requestDone:
				inflight--
			case extracted:
				handlers--
				savers++
			case savedDone:
				savers--
			}
		}
		select {
		case e := <-events:
			count(e)
		drain:
			for {
				select {
				case e := <-events:
					count(e)
				default:
					break drain
				}
			}
			leaseIdle = false
		case r := <-ls.results:
			ls.received(r)
		case <-timer.C:
			leaseIdle = false
		case <-ctx.Done():
		}
	}
	// A lease still on its way joins the unstarted ones.
	if r, ok := ls.wait(); ok && r.err == nil {
		ready = append(ready, r.leases...)
	}
	// Leased but never started: back to the queue for the next run.
	if len(ready) > 0 {
		urls := make([]string, len(ready))
		for i, l := range ready {
			urls[i] = l.URL
		}
		if err := c.frontier.Release(context.WithoutCancel(ctx), urls); err != nil {
			setFatal(fmt.Errorf("crawl: release unstarted urls: %w", err))
		}
	}
	// Drain: let in-flight fetches finish and record their results.
	wg.Wait()
	if err := getFatal(); err != nil {
		return c.Stats(), err
	}
	if err := ctx.Err(); err != nil {
		return c.Stats(), err
	}
	return c.Stats(), nil
}

// event is what a fetching goroutine tells the dispatcher.
type event uint8

const (
	requestDone event = iota // its response arrived (or it never made a request)
	extracted                // it holds only the result it waits to have saved
	savedDone                // it has recorded its result and exited
)

// progress is how one URL's goroutine tells the dispatcher how far it has
// got. Each step is reported once; done reports the steps skipped too.
type progress struct {
	host   string
	gate   *gate
	events chan<- event

	responded, saving bool
}

// responseArrived frees the request's politeness slot.
func (p *progress) responseArrived() {
	if !p.responded {
		p.responded = true
		p.gate.release(p.host)
		p.events <- requestDone
	}
}

// savingOnly reports that the goroutine has dropped the page (body,
// tree) and now only waits for its result to be committed.
func (p *progress) savingOnly() {
	if !p.saving {
		p.saving = true
		p.events <- extracted
	}
}

// done reports the goroutine's end.
func (p *progress) done() {
	p.responseArrived()
	p.savingOnly()
	p.events <- savedDone
}

// refresh queues again every known sitemap and feed (a run reads them all
// anew, with conditional GETs) and what the recrawl intervals say is due.
func (c *Crawler) refresh(ctx context.Context) error {
	if _, err := c.frontier.RefreshDiscovery(ctx); err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	now := c.opts.Now()
	for _, r := range []struct {
		every    time.Duration
		articles bool
	}{{c.opts.RecrawlPages, false}, {c.opts.RecrawlArticles, true}} {
		if r.every <= 0 {
			continue
		}
		n, err := c.frontier.Refresh(ctx, now.Add(-r.every), r.articles)
		if err != nil {
			return fmt.Errorf("crawl: recrawl: %w", err)
		}
		if n > 0 {
			c.opts.Logger.Info("recrawl due", "urls", n, "articles", r.articles)
		}
	}
	return nil
}

// budgetSpent reports whether the job's page budget is used up.
func (c *Crawler) budgetSpent() bool {
	return c.opts.MaxPages > 0 && c.fetches.Load() >= int64(c.opts.MaxPages)
}

// takeHostBudget counts one fetch against host's budget, reporting false
// when the host's budget is spent.
func (c *Crawler) takeHostBudget(host string) bool {
	if c.opts.MaxPagesPerHost <= 0 {
		return true
	}
	c.hostCountMu.Lock()
	defer c.hostCountMu.Unlock()
	if c.hostCount[host] >= c.opts.MaxPagesPerHost {
		return false
	}
	c.hostCount[host]++
	return true
}

// errFatal marks errors that must stop the crawl (the store failing).
var errFatal = errors.New("crawl: fatal")
