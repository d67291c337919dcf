package frontier_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

var t0 = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)

// open returns the frontier of a fresh store under t.TempDir.
func open(t testing.TB, opts store.Options) (*frontier.SQLite, *store.SQLite) {
	t.Helper()
	opts.Now = func() time.Time { return t0 }
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "news.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s.Frontier(), s
}

func entry(host string, i, priority int) frontier.Entry {
	return frontier.Entry{URL: fmt.Sprintf("https://%s/%d", host, i), Host: host,
		Kind: frontier.Page, Priority: priority, Source: "link"}
}

func urls(ls []frontier.Lease) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.URL)
	}
	return out
}

func TestAddIgnoresSeen(t *testing.T) {
	f, _ := open(t, store.Options{})
	ctx := context.Background()
	pub := time.Date(2026, 3, 4, 8, 0, 0, 0, time.FixedZone("", -5*3600))
	first := []frontier.Entry{entry("a.example", 1, 0), entry("a.example", 2, 0)}
	first[0].Published, first[0].Title, first[0].Depth = &pub, "From the news sitemap", 2
	if n, err := f.Add(ctx, first); err != nil || n != 2 {
		t.Fatalf("Add = %d, %v; want 2", n, err)
	}
	// Seen URLs are ignored whatever their state, duplicates within a call too.
	ls, _ := f.Next(ctx, t0, 1, nil, 1<<20)
	f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Done, Status: 200})
	again := []frontier.Entry{entry("a.example", 1, 9), entry("a.example", 2, 9), entry("a.example", 3, 0), entry("a.example", 3, 0)}
	if n, err := f.Add(ctx, again); err != nil || n != 1 {
		t.Fatalf("Add = %d, %v; want 1", n, err)
	}
	c, _ := f.Counts(ctx)
	if c[frontier.Queued] != 2 || c[frontier.Done] != 1 {
		t.Errorf("Counts = %v", c)
	}
	// The lease carries the entry as added.
	l := ls[0]
	if l.URL != "https://a.example/1" || l.Title != "From the news sitemap" || l.Depth != 2 ||
		l.Published == nil || !l.Published.Equal(pub) || l.Attempts != 1 || l.Kind != frontier.Page {
		t.Errorf("lease = %+v", l)
	}
	if _, err := f.Add(ctx, []frontier.Entry{{}}); err == nil {
		t.Error("Add of an entry without URL succeeded")
	}
}

func TestNextOrder(t *testing.T) {
	f, _ := open(t, store.Options{})
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{entry("a.example", 1, 0), entry("b.example", 2, 5), entry("a.example", 3, 5),
		entry("c.example", 4, 0), entry("b.example", 5, 10)})
	ls, err := f.Next(ctx, t0, 10, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(urls(ls))
	want := "[https://b.example/5 https://b.example/2 https://a.example/3 https://a.example/1 https://c.example/4]"
	if got != want {
		t.Errorf("order = %s\nwant    %s", got, want)
	}
	if ls, _ := f.Next(ctx, t0, 10, nil, 1<<20); len(ls) != 0 {
		t.Errorf("second Next = %v, want none", urls(ls))
	}
}

func TestNextSkipsBusyHostsAndCapsPerHost(t *testing.T) {
	f, _ := open(t, store.Options{PerHost: 2})
	ctx := context.Background()
	var es []frontier.Entry
	for i := range 5 {
		es = append(es, entry("a.example", i, 1), entry("b.example", i, 0), entry("c.example", i, 0))
	}
	f.Add(ctx, es)
	ls, err := f.Next(ctx, t0, 10, map[string]int{"b.example": 0, "x.example": 0}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(urls(ls))
	want := "[https://a.example/0 https://a.example/1 https://c.example/0 https://c.example/1]"
	if got != want {
		t.Errorf("leases = %s\nwant     %s", got, want)
	}
}

func TestNextRespectsNotBefore(t *testing.T) {
	f, _ := open(t, store.Options{})
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{entry("a.example", 1, 0)})
	ls, _ := f.Next(ctx, t0, 1, nil, 1<<20)
	retry := t0.Add(30 * time.Second)
	if err := f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Queued, Reason: "http 503", Status: 503, NotBefore: retry}); err != nil {
		t.Fatal(err)
	}
	if ls, _ := f.Next(ctx, t0.Add(29*time.Second), 1, nil, 1<<20); len(ls) != 0 {
		t.Errorf("leased before NotBefore: %v", urls(ls))
	}
	if ls, _ := f.Next(ctx, retry, 1, nil, 1<<20); len(ls) != 1 || ls[0].Attempts != 2 {
		t.Errorf("at NotBefore: %+v", ls)
	}
}

func TestNextConcurrentLeasesOnce(t *testing.T) {
	f, _ := open(t, store.Options{})
	ctx := context.Background()
	const n = 2000
	var es []frontier.Entry
	for i := range n {
		es = append(es, entry(fmt.Sprintf("h%d.example", i%7), i, i%3))
	}
	if _, err := f.Add(ctx, es); err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		seen = map[string]int{}
		wg   sync.WaitGroup
	)
	for range 16 {
		wg.Go(func() {
			for {
				ls, err := f.Next(ctx, t0, 7, nil, 1<<20)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ls) == 0 {
					return
				}
				mu.Lock()
				for _, l := range ls {
					seen[l.URL]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("%d URLs leased, want %d", len(seen), n)
	}
	for u, k := range seen {
		if k != 1 {
			t.Errorf("%s leased %d times", u, k)
		}
	}
	if c, _ := f.Counts(ctx); c[frontier.InFlight] != n {
		t.Errorf("Counts = %v", c)
	}
}

func TestRecoverAndMaxAttempts(t *testing.T) {
	f, s := open(t, store.Options{MaxAttempts: 3})
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{entry("a.example", 1, 0), entry("a.example", 2, 0)})
	reason := func(u string) (state, reason string) {
		t.Helper()
		if err := s.ReadDB().QueryRowContext(ctx, `SELECT state, reason FROM urls WHERE url = ?`, u).Scan(&state, &reason); err != nil {
			t.Fatal(err)
		}
		return state, reason
	}

	// URL 1 fails with retries: attempts 1 and 2 requeue, 3 gives up.
	for attempt := 1; attempt <= 3; attempt++ {
		ls, _ := f.Next(ctx, t0, 1, nil, 1<<20)
		if len(ls) != 1 || ls[0].URL != "https://a.example/1" || ls[0].Attempts != attempt {
			t.Fatalf("attempt %d: leases %+v", attempt, ls)
		}
		f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Queued, Reason: "http 500", Status: 500})
	}
	if st, r := reason("https://a.example/1"); st != "failed" || r != "gave up after 3 attempts: http 500" {
		t.Errorf("url 1: %s, %q", st, r)
	}

	// URL 2 is leased and "crashes" three times: Recover requeues it twice,
	// then gives up.
	for crash := 1; crash <= 3; crash++ {
		ls, _ := f.Next(ctx, t0, 5, nil, 1<<20)
		if len(ls) != 1 || ls[0].URL != "https://a.example/2" {
			t.Fatalf("crash %d: leases %+v", crash, ls)
		}
		n, err := f.Recover(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1, false: 0}[crash < 3]; n != want {
			t.Errorf("crash %d: Recover = %d, want %d", crash, n, want)
		}
	}
	if st, r := reason("https://a.example/2"); st != "failed" || r != "gave up after 3 attempts: interrupted" {
		t.Errorf("url 2: %s, %q", st, r)
	}
	c, _ := f.Counts(ctx)
	if c[frontier.Failed] != 2 || c[frontier.Queued] != 0 || c[frontier.InFlight] != 0 {
		t.Errorf("Counts = %v", c)
	}
	if p, _ := f.Pending(ctx); p {
		t.Error("Pending with nothing queued")
	}
}

func TestPending(t *testing.T) {
	f, _ := open(t, store.Options{})
	ctx := context.Background()
	if p, err := f.Pending(ctx); err != nil || p {
		t.Fatalf("Pending = %v, %v on an empty frontier", p, err)
	}
	f.Add(ctx, []frontier.Entry{entry("a.example", 1, 0)})
	ls, _ := f.Next(ctx, t0, 1, nil, 1<<20)
	if p, _ := f.Pending(ctx); !p {
		t.Error("not Pending with a lease out")
	}
	f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Skipped, Reason: "robots.txt"})
	if p, _ := f.Pending(ctx); p {
		t.Error("Pending after the last Finish")
	}
}
