package redisfrontier_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
)

// TestConformance runs the suite every Frontier backend passes, over
// several client connections for the concurrency case.
func TestConformance(t *testing.T) {
	frontiertest.Run(t, func(t *testing.T, perHost, n int) []frontier.Frontier {
		u := startRedis(t)
		fs := make([]frontier.Frontier, n)
		for i := range fs {
			fs[i] = connect(t, u, redisfrontier.Options{PerHost: perHost})
		}
		return fs
	})
}

// TestQueueSizes: the per-host queue sizes stats shows.
func TestQueueSizes(t *testing.T) {
	f := open(t, redisfrontier.Options{PerHost: 2})
	ctx := context.Background()
	var es []frontier.Entry
	for i := range 5 {
		es = append(es, entry("a.example", i, 1), entry("b.example", i, 0), entry("c.example", i, 0))
	}
	f.Add(ctx, es)
	if _, err := f.Next(ctx, t0, 10, map[string]int{"b.example": 0}, 1<<20); err != nil {
		t.Fatal(err)
	}
	if sz, _ := f.QueueSizes(ctx); sz["a.example"] != 3 || sz["b.example"] != 5 || sz["c.example"] != 3 {
		t.Errorf("QueueSizes = %v", sz)
	}
}

func TestAddSkipAndChanged(t *testing.T) {
	f := open(t, redisfrontier.Options{})
	ctx := context.Background()
	pdf := frontier.Entry{URL: "https://a.example/x.pdf", Skip: "not html: application/pdf"}
	if n, err := f.Add(ctx, []frontier.Entry{pdf, entry("a.example", 1, 0)}); err != nil || n != 2 {
		t.Fatalf("Add = %d, %v", n, err)
	}
	r, err := f.Lookup(ctx, pdf.URL)
	if err != nil || r.State != frontier.Skipped || r.Reason != pdf.Skip || r.Host != "a.example" {
		t.Errorf("skipped record = %+v, %v", r, err)
	}
	ls, _ := f.Next(ctx, t0, 10, nil, 1<<20)
	if len(ls) != 1 {
		t.Fatalf("leased %v: the skipped URL must not be", urls(ls))
	}
	f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Done, Status: 200}) // fetched at t0
	// A sitemap saying the page changed after it was fetched queues it again.
	e := entry("a.example", 1, 0)
	old, later := t0.Add(-time.Hour), t0.Add(time.Hour)
	e.Lastmod = &old
	f.Add(ctx, []frontier.Entry{e})
	if r, _ := f.Lookup(ctx, e.URL); r.State != frontier.Done {
		t.Errorf("older lastmod: state %s", r.State)
	}
	e.Lastmod = &later
	f.Add(ctx, []frontier.Entry{e})
	if r, _ := f.Lookup(ctx, e.URL); r.State != frontier.Queued || r.Reason != "changed since last fetch" {
		t.Errorf("newer lastmod: %s %q", r.State, r.Reason)
	}
}

// TestLeaseExpiry: a URL leased by a client that then dies is handed to
// another client once its lease has expired, not before.
func TestLeaseExpiry(t *testing.T) {
	u := startRedis(t)
	opts := redisfrontier.Options{LeaseTimeout: 300 * time.Millisecond}
	dead, alive := connect(t, u, opts), connect(t, u, opts)
	ctx := context.Background()
	dead.Add(ctx, []frontier.Entry{entry("a.example", 1, 0)})
	if ls, _ := dead.Next(ctx, t0, 1, nil, 1); len(ls) != 1 {
		t.Fatal("no lease")
	}
	if ls, _ := alive.Next(ctx, t0, 1, nil, 1); len(ls) != 0 {
		t.Fatalf("leased twice before expiry: %v", urls(ls))
	}
	time.Sleep(400 * time.Millisecond)
	ls, err := alive.Next(ctx, t0, 1, nil, 1)
	if err != nil || len(ls) != 1 || ls[0].URL != "https://a.example/1" || ls[0].Attempts != 2 {
		t.Fatalf("after expiry: %+v, %v", ls, err)
	}
	if err := alive.Finish(ctx, ls[0].URL, frontier.Outcome{Status: 200}); err != nil {
		t.Fatal(err)
	}
	if c, _ := alive.Counts(ctx); c[frontier.Done] != 1 || len(c) != 1 {
		t.Errorf("Counts = %v", c)
	}
}

// TestHostParallelAcrossClients: two clients each asking for 5 URLs of a
// host never hold more than HostParallel of them together.
func TestHostParallelAcrossClients(t *testing.T) {
	u := startRedis(t)
	opts := redisfrontier.Options{HostParallel: 2}
	a, b := connect(t, u, opts), connect(t, u, opts)
	ctx := context.Background()
	var es []frontier.Entry
	for i := range 10 {
		es = append(es, entry("a.example", i, 0))
	}
	a.Add(ctx, es)
	la, _ := a.Next(ctx, t0, 5, nil, 5)
	lb, _ := b.Next(ctx, t0, 5, nil, 5)
	if len(la) != 2 || len(lb) != 0 {
		t.Fatalf("leased %d + %d, want 2 + 0", len(la), len(lb))
	}
	a.Finish(ctx, la[0].URL, frontier.Outcome{Status: 200})
	if lb, _ = b.Next(ctx, t0, 5, nil, 5); len(lb) != 1 {
		t.Errorf("after one finished, b leased %d, want 1", len(lb))
	}
	a.Release(ctx, urls(la[1:]))
	if lb, _ = b.Next(ctx, t0, 5, nil, 5); len(lb) != 1 || lb[0].Attempts != 1 {
		t.Errorf("after a release, b leased %+v, want 1 with attempt 1", lb)
	}
}

// TestHostDelayAcrossClients: with a per-host delay, one lease of a host
// per delay across clients; other hosts are not held up.
func TestHostDelayAcrossClients(t *testing.T) {
	u := startRedis(t)
	opts := redisfrontier.Options{Delay: 300 * time.Millisecond}
	a, b := connect(t, u, opts), connect(t, u, opts)
	ctx := context.Background()
	a.Add(ctx, []frontier.Entry{entry("a.example", 1, 0), entry("a.example", 2, 0), entry("b.example", 1, 0)})
	if err := a.SetHostDelay(ctx, "b.example", 0); err != nil {
		t.Fatal(err)
	}
	la, _ := a.Next(ctx, t0, 5, nil, 5)
	lb, _ := b.Next(ctx, t0, 5, nil, 5)
	if got := fmt.Sprint(urls(la), urls(lb)); got != "[https://a.example/1 https://b.example/1] []" {
		t.Fatalf("leases = %s", got)
	}
	time.Sleep(350 * time.Millisecond)
	if lb, _ = b.Next(ctx, t0, 5, nil, 5); fmt.Sprint(urls(lb)) != "[https://a.example/2]" {
		t.Errorf("after the delay: %v", urls(lb))
	}
}

func TestMaxAttemptsAndExpiredLeases(t *testing.T) {
	f := open(t, redisfrontier.Options{MaxAttempts: 3, LeaseTimeout: 50 * time.Millisecond})
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{entry("a.example", 1, 0), entry("a.example", 2, 0)})
	state := func(u string) (frontier.State, string) {
		t.Helper()
		r, err := f.Lookup(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return r.State, r.Reason
	}
	// URL 1 fails with retries: attempts 1 and 2 requeue, 3 gives up.
	for attempt := 1; attempt <= 3; attempt++ {
		ls, _ := f.Next(ctx, t0, 1, nil, 1<<20)
		if len(ls) != 1 || ls[0].URL != "https://a.example/1" || ls[0].Attempts != attempt {
			t.Fatalf("attempt %d: leases %+v", attempt, ls)
		}
		f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Queued, Reason: "http 500", Status: 500})
	}
	if st, r := state("https://a.example/1"); st != frontier.Failed || r != "gave up after 3 attempts: http 500" {
		t.Errorf("url 1: %s, %q", st, r)
	}
	// URL 2's worker "dies" three times: Recover, after the lease has
	// expired, requeues it twice, then gives up. A live lease is left alone.
	for crash := 1; crash <= 3; crash++ {
		ls, _ := f.Next(ctx, t0, 5, nil, 1<<20)
		if len(ls) != 1 || ls[0].URL != "https://a.example/2" {
			t.Fatalf("crash %d: leases %+v", crash, ls)
		}
		if n, _ := f.Recover(ctx); n != 0 {
			t.Errorf("crash %d: Recover took a live lease", crash)
		}
		time.Sleep(80 * time.Millisecond)
		n, err := f.Recover(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1, false: 0}[crash < 3]; n != want {
			t.Errorf("crash %d: Recover = %d, want %d", crash, n, want)
		}
	}
	if st, r := state("https://a.example/2"); st != frontier.Failed || r != "gave up after 3 attempts: lease expired" {
		t.Errorf("url 2: %s, %q", st, r)
	}
	c, _ := f.Counts(ctx)
	if c[frontier.Failed] != 2 || len(c) != 1 {
		t.Errorf("Counts = %v", c)
	}
	if p, _ := f.Pending(ctx); p {
		t.Error("Pending with nothing queued")
	}
}

func TestRequeueRefreshAndJobs(t *testing.T) {
	f := open(t, redisfrontier.Options{})
	ctx := context.Background()
	sm := frontier.Entry{URL: "https://a.example/sitemap.xml", Kind: frontier.Sitemap, Source: "seed"}
	f.Add(ctx, []frontier.Entry{sm, entry("a.example", 1, 0), entry("a.example", 2, 0)})
	ls, _ := f.Next(ctx, t0, 10, nil, 1<<20)
	if len(ls) != 3 {
		t.Fatalf("leased %v", urls(ls))
	}
	f.Finish(ctx, sm.URL, frontier.Outcome{Status: 200, ETag: `"v1"`})
	f.FinishArticle(ctx, "https://a.example/1", frontier.Outcome{Status: 200})
	f.Finish(ctx, "https://a.example/2", frontier.Outcome{Status: 200})

	if n, err := f.RefreshDiscovery(ctx); err != nil || n != 1 {
		t.Errorf("RefreshDiscovery = %d, %v", n, err)
	}
	if n, _ := f.Refresh(ctx, t0, true); n != 0 {
		t.Errorf("Refresh before the fetch time = %d", n)
	}
	if n, _ := f.Refresh(ctx, t0.Add(time.Second), true); n != 1 {
		t.Errorf("Refresh articles = %d, want 1", n)
	}
	if n, _ := f.Refresh(ctx, t0.Add(time.Second), false); n != 1 {
		t.Errorf("Refresh pages = %d, want 1", n)
	}
	ls, _ = f.Next(ctx, t0, 10, nil, 1<<20)
	if len(ls) != 3 || ls[0].URL != sm.URL || ls[0].ETag != `"v1"` || ls[0].Attempts != 1 {
		t.Fatalf("after refresh: %+v", ls)
	}
	// Requeue skips in-flight URLs, queues finished ones, adds new ones.
	f.Finish(ctx, sm.URL, frontier.Outcome{Status: 304})
	n, err := f.Requeue(ctx, []frontier.Entry{sm, entry("a.example", 1, 0), entry("b.example", 1, 0)})
	if err != nil || n != 2 {
		t.Errorf("Requeue = %d, %v; want 2", n, err)
	}
	// Finish of a URL never seen adds it with the outcome.
	if err := f.Finish(ctx, "https://c.example/x", frontier.Outcome{State: frontier.Skipped, Reason: "robots.txt"}); err != nil {
		t.Fatal(err)
	}
	c, _ := f.Counts(ctx)
	if c[frontier.Queued] != 2 || c[frontier.InFlight] != 2 || c[frontier.Skipped] != 1 {
		t.Errorf("Counts = %v", c)
	}
	// Another job's keys are apart.
	g := f.ForJob("other")
	if p, _ := g.Pending(ctx); p {
		t.Error("other job Pending")
	}
	if n, _ := g.Add(ctx, []frontier.Entry{entry("a.example", 1, 0)}); n != 1 {
		t.Errorf("other job Add = %d, want 1 (its own seen set)", n)
	}
}

func TestErrorsNameTheServer(t *testing.T) {
	u := startRedis(t)
	f := connect(t, u, redisfrontier.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.Next(ctx, t0, 1, nil, 1)
	if err == nil || !strings.Contains(err.Error(), u) || !strings.Contains(err.Error(), "lease") {
		t.Errorf("err = %v", err)
	}
}

// TestFinishedTTL: a finished URL's record expires, the URL stays seen.
func TestFinishedTTL(t *testing.T) {
	f := open(t, redisfrontier.Options{FinishedTTL: 100 * time.Millisecond})
	ctx := context.Background()
	e := entry("a.example", 1, 0)
	f.Add(ctx, []frontier.Entry{e, entry("a.example", 2, 0)})
	ls, _ := f.Next(ctx, t0, 1, nil, 1)
	f.Finish(ctx, ls[0].URL, frontier.Outcome{Status: 200})
	time.Sleep(150 * time.Millisecond)
	if _, err := f.Lookup(ctx, e.URL); !errors.Is(err, redis.Nil) {
		t.Errorf("Lookup after the TTL: %v, want redis.Nil", err)
	}
	if r, err := f.Lookup(ctx, "https://a.example/2"); err != nil || r.State != frontier.Queued {
		t.Errorf("queued URL: %+v, %v", r, err)
	}
	if n, _ := f.Add(ctx, []frontier.Entry{e}); n != 0 {
		t.Error("an expired URL was added again")
	}
	if err := f.Finish(ctx, e.URL, frontier.Outcome{Status: 200}); err != nil {
		t.Errorf("repeated Finish after the TTL: %v", err)
	}
	if c, _ := f.Counts(ctx); c[frontier.Done] != 1 {
		t.Errorf("Counts = %v", c)
	}
}

// TestHostParallelConcurrentWorkers: 8 workers on 2 clients lease, "fetch"
// and finish 200 URLs of 2 hosts; at no moment are more than HostParallel
// URLs of a host held, counted at the "server" the workers fetch from.
func TestHostParallelConcurrentWorkers(t *testing.T) {
	u := startRedis(t)
	opts := redisfrontier.Options{HostParallel: 2}
	fs := []*redisfrontier.Frontier{connect(t, u, opts), connect(t, u, opts)}
	ctx := context.Background()
	var es []frontier.Entry
	for i := range 200 {
		es = append(es, entry([]string{"a.example", "b.example"}[i%2], i, 0))
	}
	fs[0].Add(ctx, es)
	var (
		mu       sync.Mutex
		inFlight = map[string]int{}
		peak     = map[string]int{}
		fetched  = map[string]int{}
		wg       sync.WaitGroup
	)
	for w := range 8 {
		f := fs[w%2]
		wg.Go(func() {
			for {
				ls, err := f.Next(ctx, t0, 2, nil, 2)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ls) == 0 {
					if p, _ := f.Pending(ctx); !p {
						return
					}
					time.Sleep(time.Millisecond)
					continue
				}
				for _, l := range ls {
					mu.Lock()
					inFlight[l.Host]++
					peak[l.Host] = max(peak[l.Host], inFlight[l.Host])
					fetched[l.URL]++
					mu.Unlock()
				}
				time.Sleep(time.Millisecond)
				for _, l := range ls {
					mu.Lock()
					inFlight[l.Host]--
					mu.Unlock()
					if err := f.Finish(ctx, l.URL, frontier.Outcome{Status: 200}); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if peak["a.example"] != 2 || peak["b.example"] != 2 {
		t.Errorf("peak in flight per host = %v, want 2 each", peak)
	}
	if len(fetched) != 200 {
		t.Errorf("%d URLs fetched, want 200", len(fetched))
	}
	for u, n := range fetched {
		if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
	}
}
