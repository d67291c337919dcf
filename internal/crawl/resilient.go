package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// This file keeps a crawl going through an outage of the frontier or store
// server (Redis, PostgreSQL): the crawler talks to them through wrappers
// that retry an operation failing with a connection error (refused, reset,
// closed, a server shutting down) with exponential backoff and jitter until
// the server answers again or Options.Outage has passed. Nothing is lost
// meanwhile: a page waits, with its result in hand, until the store takes
// it, and its URL stays leased. Errors that are not about the connection
// (a constraint, a script error) are returned at once.
//
// Retrying is safe because every operation is idempotent or at least once:
// Add ignores seen URLs, Finish of a finished URL is accepted, the store
// keeps one article per key (a Save whose commit was acknowledged to no one
// is found again as Existing), and a lease whose reply was lost expires
// and is handed out again.

// retrier retries transient failures with backoff.
type retrier struct {
	log    *slog.Logger
	outage time.Duration

	mu   sync.Mutex
	down map[string]time.Time // operation kind -> first failure of the current outage
}

// Backoff bounds of the retries.
const (
	retryFirst = 100 * time.Millisecond
	retryMax   = 5 * time.Second
)

// do runs op until it succeeds, fails with an error that is not
// transient, ctx ends, or the outage has lasted longer than r.outage.
// what names the server for the logs ("frontier", "store").
func (r *retrier) do(ctx context.Context, what string, op func() error) error {
	var start time.Time
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil {
			if !start.IsZero() {
				r.log.Info("server is back", "server", what, "outage", time.Since(start).Round(time.Millisecond))
				r.mu.Lock()
				delete(r.down, what)
				r.mu.Unlock()
			}
			return nil
		}
		if !Transient(err) {
			return err
		}
		if start.IsZero() {
			start = time.Now()
			r.mu.Lock()
			if _, ok := r.down[what]; !ok {
				r.down[what] = start
				// One warning per outage, not one per waiting page.
				r.log.Warn("server unreachable: retrying with backoff", "server", what, "err", err)
			}
			r.mu.Unlock()
		}
		if time.Since(start) > r.outage {
			return fmt.Errorf("%s unreachable for %v: %w", what, r.outage, err)
		}
		t := time.NewTimer(time.Until(fetch.Backoff(time.Now(), attempt, "", retryFirst, retryMax)))
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}

// Transient reports whether err is a lost or refused connection to a
// server (or a server that is shutting down or starting up), after which
// the same operation may succeed: network errors, EOF, PostgreSQL's
// connection (08) and operator intervention (57P) classes, and Redis's
// LOADING, TRYAGAIN, MASTERDOWN and CLUSTERDOWN replies. Context errors are
// not transient.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var sqlState interface{ SQLState() string }
	if errors.As(err, &sqlState) {
		c := sqlState.SQLState()
		return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "57P") || c == "53300"
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	for _, e := range []error{io.EOF, io.ErrUnexpectedEOF, net.ErrClosed, syscall.ECONNREFUSED,
		syscall.ECONNRESET, syscall.EPIPE, syscall.ECONNABORTED} {
		if errors.Is(err, e) {
			return true
		}
	}
	var safe interface{ SafeToRetry() bool }
	if errors.As(err, &safe) && safe.SafeToRetry() {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"LOADING ", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "connection pool timeout",
		"conn closed", "connection refused", "connection reset", "broken pipe", "unexpected EOF", "failed to connect"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// guard wraps the crawl's frontier and store in retries (when the store
// does not own the frontier: the servers apart from the crawl) and sets up
// the shared-frontier bookkeeping (shared.go).
func (c *Crawler) guard(fr frontier.Frontier, st store.Store) (frontier.Frontier, store.Store, *shared) {
	sh := newShared(c, fr, st)
	if !c.opts.FrontierApart {
		return fr, st, sh
	}
	outage := c.opts.Outage
	if outage <= 0 {
		outage = 5 * time.Minute
	}
	r := &retrier{log: c.opts.Logger, outage: outage, down: map[string]time.Time{}}
	return &guardedFrontier{fr: fr, r: r, sh: sh}, &guardedStore{st: st, r: r}, sh
}

// guardedStore is a store.Store whose Saves are retried through outages.
type guardedStore struct {
	st store.Store
	r  *retrier
}

func (g *guardedStore) Save(ctx context.Context, res store.Result) (saved store.Saved, err error) {
	err = g.r.do(ctx, "store", func() error {
		saved, err = g.st.Save(ctx, res)
		return err
	})
	return saved, err
}

func (g *guardedStore) Close() error { return g.st.Close() }

// guardedFrontier is a frontier.Frontier whose calls are retried through
// outages, and that checks, when the crawl seems over or starts, that the
// shared frontier still knows the job (shared.go).
type guardedFrontier struct {
	fr frontier.Frontier
	r  *retrier
	sh *shared
}

func (g *guardedFrontier) Add(ctx context.Context, entries []frontier.Entry) (n int, err error) {
	err = g.r.do(ctx, "frontier", func() error { n, err = g.fr.Add(ctx, entries); return err })
	return n, err
}

func (g *guardedFrontier) Next(ctx context.Context, now time.Time, max int, slots map[string]int, defaultSlots int) (ls []frontier.Lease, err error) {
	if err := g.sh.checkKnown(ctx); err != nil {
		return nil, err
	}
	err = g.r.do(ctx, "frontier", func() error { ls, err = g.fr.Next(ctx, now, max, slots, defaultSlots); return err })
	return ls, err
}

func (g *guardedFrontier) Refresh(ctx context.Context, olderThan time.Time, articles bool) (n int, err error) {
	err = g.r.do(ctx, "frontier", func() error { n, err = g.fr.Refresh(ctx, olderThan, articles); return err })
	return n, err
}

func (g *guardedFrontier) RefreshDiscovery(ctx context.Context) (n int, err error) {
	err = g.r.do(ctx, "frontier", func() error { n, err = g.fr.RefreshDiscovery(ctx); return err })
	return n, err
}

func (g *guardedFrontier) Requeue(ctx context.Context, entries []frontier.Entry) (n int, err error) {
	err = g.r.do(ctx, "frontier", func() error { n, err = g.fr.Requeue(ctx, entries); return err })
	return n, err
}

func (g *guardedFrontier) Release(ctx context.Context, urls []string) error {
	return g.r.do(ctx, "frontier", func() error { return g.fr.Release(ctx, urls) })
}

func (g *guardedFrontier) Finish(ctx context.Context, url string, out frontier.Outcome) error {
	return g.r.do(ctx, "frontier", func() error { return g.fr.Finish(ctx, url, out) })
}

// finishArticle is Finish for a page whose article is stored, through
// the frontier's FinishArticle when it has one.
func (g *guardedFrontier) finishArticle(ctx context.Context, url string, out frontier.Outcome) error {
	fa, ok := g.fr.(articleFinisher)
	if !ok {
		return g.Finish(ctx, url, out)
	}
	return g.r.do(ctx, "frontier", func() error { return fa.FinishArticle(ctx, url, out) })
}

// Recover also makes sure, first, that the shared frontier knows the
// job (re-seeding it from the store after a restart that lost it).
func (g *guardedFrontier) Recover(ctx context.Context) (n int, err error) {
	if err := g.sh.ensureKnown(ctx, false); err != nil {
		return 0, err
	}
	err = g.r.do(ctx, "frontier", func() error { n, err = g.fr.Recover(ctx); return err })
	return n, err
}

func (g *guardedFrontier) Counts(ctx context.Context) (m map[frontier.State]int, err error) {
	err = g.r.do(ctx, "frontier", func() error { m, err = g.fr.Counts(ctx); return err })
	return m, err
}

// Pending, when the frontier says nothing is left, checks that it still
// knows the job: a Redis that restarted without its data has nothing left
// either, and the crawl is re-seeded instead of ending.
func (g *guardedFrontier) Pending(ctx context.Context) (p bool, err error) {
	err = g.r.do(ctx, "frontier", func() error { p, err = g.fr.Pending(ctx); return err })
	if err != nil || p {
		return p, err
	}
	if err := g.sh.ensureKnown(ctx, true); err != nil {
		return false, err
	}
	err = g.r.do(ctx, "frontier", func() error { p, err = g.fr.Pending(ctx); return err })
	return p, err
}

// setHostDelay sets host's least time between leases in the shared
// frontier when it has per-host delays.
func (g *guardedFrontier) setHostDelay(ctx context.Context, host string, d time.Duration) error {
	hd, ok := g.fr.(hostDelayer)
	if !ok {
		return nil
	}
	return g.r.do(ctx, "frontier", func() error { return hd.SetHostDelay(ctx, host, d) })
}
