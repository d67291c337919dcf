package crawl

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// This file holds what a crawl does differently on a frontier shared by
// many processes (the Redis frontier): it feeds the frontier the per-host
// delays (robots.txt Crawl-delay) that its scripts enforce across all
// processes, and it notices a frontier that lost the job (a Redis restarted
// without persistence) and re-seeds it from the store instead of taking
// the empty queue for a finished crawl.

// articleFinisher is a frontier that tells pages whose article is stored
// from other done pages (for recrawls of articles).
type articleFinisher interface {
	FinishArticle(ctx context.Context, url string, out frontier.Outcome) error
}

// hostDelayer is a frontier that enforces per-host delays itself, across
// processes.
type hostDelayer interface {
	SetHostDelay(ctx context.Context, host string, d time.Duration) error
}

// Reseedable is a frontier whose state may vanish (a Redis restarted
// without persistence): it keeps a marker of each job it knows, so that a
// crawler can tell a lost job from a finished one.
type Reseedable interface {
	// Known reports whether the frontier holds the job (its marker).
	Known(ctx context.Context) (bool, error)
	// MarkKnown sets the job's marker.
	MarkKnown(ctx context.Context) error
	// MarkDone records urls as done (fetched, article stored) unless the
	// frontier has seen them, so that they are not fetched again; it
	// returns how many were new.
	MarkDone(ctx context.Context, urls []string) (int, error)
}

// ArticleLister is a store that lists the URLs of a job's stored articles
// (the fetched URL and the declared canonical one), to re-seed a frontier
// that lost the job.
type ArticleLister interface {
	ArticleURLs(ctx context.Context, job string, fn func(url, canonical string) error) error
}

// shared is the crawl's bookkeeping for a shared frontier.
type shared struct {
	c  *Crawler
	fr frontier.Frontier // unwrapped
	st store.Store       // unwrapped

	mu        sync.Mutex
	delays    map[string]time.Duration // host delays already sent to the frontier
	reseeds   int
	lastCheck time.Time // of checkKnown
}

func newShared(c *Crawler, fr frontier.Frontier, st store.Store) *shared {
	if _, ok := fr.(Reseedable); ok && c.opts.FrontierApart {
		// A frontier that can lose its data must be told every link again
		// after a loss; a cache of links already sent would keep back
		// those it lost.
		c.recent = nil
	}
	return &shared{c: c, fr: fr, st: st, delays: map[string]time.Duration{}}
}

// knownCheckEvery is how often, at most, Next checks that a Reseedable
// frontier still knows the job.
const knownCheckEvery = 2 * time.Second

// checkKnown runs ensureKnown (re-seeding mid-crawl) at most every
// knownCheckEvery, so that a frontier that lost the job is noticed within
// seconds, not only when the queue runs dry.
func (sh *shared) checkKnown(ctx context.Context) error {
	if _, ok := sh.fr.(Reseedable); !ok {
		return nil
	}
	now := time.Now()
	sh.mu.Lock()
	due := now.Sub(sh.lastCheck) >= knownCheckEvery
	if due {
		sh.lastCheck = now
	}
	sh.mu.Unlock()
	if !due {
		return nil
	}
	return sh.ensureKnown(ctx, true)
}

// setCrawlDelay applies host's robots.txt Crawl-delay: in this process's
// gate, and in a frontier that enforces delays across processes (the
// larger of the delay and Options.Delay, sent once per host).
func (c *Crawler) setCrawlDelay(ctx context.Context, host string, d time.Duration) {
	c.gate.setCrawlDelay(host, d)
	g, ok := c.frontier.(*guardedFrontier)
	if !ok {
		return
	}
	if _, ok := g.fr.(hostDelayer); !ok {
		return
	}
	d = max(d, c.opts.Delay)
	sh := c.shared
	sh.mu.Lock()
	sent, ok := sh.delays[host]
	sh.delays[host] = d
	sh.mu.Unlock()
	if ok && sent == d {
		return
	}
	if err := g.setHostDelay(ctx, host, d); err != nil {
		// The frontier still applies Options.Delay; this process's gate
		// applies the Crawl-delay to its own requests.
		c.opts.Logger.Warn("could not share crawl-delay", "host", host, "err", err)
		sh.mu.Lock()
		delete(sh.delays, host)
		sh.mu.Unlock()
	}
}

// ensureKnown checks that a Reseedable frontier still knows the job. When
// it does not (a first run, or a restart that lost the data), it marks
// the job's stored articles done, so that they are not fetched again, and,
// when requeue is true (mid-crawl, where Run will not seed again), queues
// the job's start URLs again; then it sets the marker.
func (sh *shared) ensureKnown(ctx context.Context, requeue bool) error {
	rs, ok := sh.fr.(Reseedable)
	if !ok {
		return nil
	}
	g := sh.c.frontier.(*guardedFrontier)
	var known bool
	err := g.r.do(ctx, "frontier", func() error {
		var err error
		known, err = rs.Known(ctx)
		return err
	})
	if err != nil || known {
		return err
	}
	log := sh.c.opts.Logger
	marked := 0
	if lister, ok := sh.st.(ArticleLister); ok {
		var batch []string
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := g.r.do(ctx, "frontier", func() error {
				n, err := rs.MarkDone(ctx, batch)
				marked += n
				return err
			})
			batch = batch[:0]
			return err
		}
		add := func(raw string) {
			if raw == "" {
				return
			}
			if key, err := dedup.Canonical(raw, canonOptions); err == nil {
				batch = append(batch, key)
			}
		}
		err := g.r.do(ctx, "store", func() error {
			return lister.ArticleURLs(ctx, sh.c.opts.Job, func(u, canonical string) error {
				add(u)
				add(canonical)
				if len(batch) >= 1000 {
					return flush()
				}
				return nil
			})
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("crawl: re-seed the frontier from the store: %w", err)
		}
	}
	if requeue {
		sh.mu.Lock()
		clear(sh.delays) // the frontier lost them too
		sh.mu.Unlock()
		if err := sh.c.seed(ctx); err != nil {
			return err
		}
		if err := sh.c.refresh(ctx); err != nil {
			return err
		}
	}
	if err := g.r.do(ctx, "frontier", func() error { return rs.MarkKnown(ctx) }); err != nil {
		return err
	}
	sh.mu.Lock()
	sh.reseeds++
	sh.mu.Unlock()
	if requeue || marked > 0 {
		log.Warn("the frontier had no record of this job: re-seeded it from the store",
			"job", sh.c.opts.Job, "stored_urls_marked_done", marked, "start_urls_queued", requeue)
	}
	return nil
}
