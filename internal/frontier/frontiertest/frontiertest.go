// Package frontiertest is the conformance suite that every Frontier
// backend (SQLite, Redis) runs, so that they behave alike: what Add
// ignores, the order and caps of Next, retries, leasing under concurrency,
// Pending. Backend-specific behaviour stays in the backends' own tests. It
// is imported by tests only.
package frontiertest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier"
)

// T0 is the time the suite leases at.
var T0 = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)

// Clients opens a fresh, empty frontier whose Next leases at most perHost
// URLs of a host per call (0: no cap), and returns n handles on it (the
// same value n times, or n connections to one shared frontier).
type Clients func(t *testing.T, perHost, n int) []frontier.Frontier

// Entry returns a page entry of host with path /i and the priority.
func Entry(host string, i, priority int) frontier.Entry {
	return frontier.Entry{URL: fmt.Sprintf("https://%s/%d", host, i), Host: host,
		Kind: frontier.Page, Priority: priority, Source: "link"}
}

// URLs lists the leases' URLs.
func URLs(ls []frontier.Lease) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.URL)
	}
	return out
}

// Run runs the suite on the frontiers clients opens.
func Run(t *testing.T, clients Clients) {
	one := func(t *testing.T, perHost int) frontier.Frontier { return clients(t, perHost, 1)[0] }
	t.Run("AddIgnoresSeen", func(t *testing.T) { addIgnoresSeen(t, one(t, 0)) })
	t.Run("NextOrder", func(t *testing.T) { nextOrder(t, one(t, 0)) })
	t.Run("NextSkipsBusyHostsAndCapsPerHost", func(t *testing.T) { nextCaps(t, one(t, 2)) })
	t.Run("NextRespectsNotBefore", func(t *testing.T) { nextNotBefore(t, one(t, 0)) })
	t.Run("NextConcurrentLeasesOnce", func(t *testing.T) { leasesOnce(t, clients(t, 0, 4)) })
	t.Run("Pending", func(t *testing.T) { pending(t, one(t, 0)) })
}

func addIgnoresSeen(t *testing.T, f frontier.Frontier) {
	ctx := context.Background()
	pub := time.Date(2026, 3, 4, 8, 0, 0, 0, time.FixedZone("", -5*3600))
	first := []frontier.Entry{Entry("a.example", 1, 0), Entry("a.example", 2, 0)}
	first[0].Published, first[0].Title, first[0].Depth = &pub, "From the news sitemap", 2
	if n, err := f.Add(ctx, first); err != nil || n != 2 {
		t.Fatalf("Add = %d, %v; want 2", n, err)
	}
	// Seen URLs are ignored whatever their state, duplicates within a call too.
	ls, err := f.Next(ctx, T0, 1, nil, 1<<20)
	if err != nil || len(ls) != 1 {
		t.Fatalf("Next = %v, %v", ls, err)
	}
	if err := f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Done, Status: 200}); err != nil {
		t.Fatal(err)
	}
	again := []frontier.Entry{Entry("a.example", 1, 9), Entry("a.example", 2, 9), Entry("a.example", 3, 0), Entry("a.example", 3, 0)}
	if n, err := f.Add(ctx, again); err != nil || n != 1 {
		t.Fatalf("Add = %d, %v; want 1", n, err)
	}
	c, _ := f.Counts(ctx)
	if c[frontier.Queued] != 2 || c[frontier.Done] != 1 || len(c) != 2 {
		t.Errorf("Counts = %v", c)
	}
	// The lease carries the entry as added.
	l := ls[0]
	if l.URL != "https://a.example/1" || l.Title != "From the news sitemap" || l.Depth != 2 ||
		l.Published == nil || !l.Published.Equal(pub) || l.Attempts != 1 || l.Kind != frontier.Page ||
		l.Host != "a.example" || l.Source != "link" {
		t.Errorf("lease = %+v", l)
	}
	if _, err := f.Add(ctx, []frontier.Entry{{}}); err == nil {
		t.Error("Add of an entry without URL succeeded")
	}
}

func nextOrder(t *testing.T, f frontier.Frontier) {
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{Entry("a.example", 1, 0), Entry("b.example", 2, 5), Entry("a.example", 3, 5),
		Entry("c.example", 4, 0), Entry("b.example", 5, 10)})
	ls, err := f.Next(ctx, T0, 10, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(URLs(ls))
	want := "[https://b.example/5 https://b.example/2 https://a.example/3 https://a.example/1 https://c.example/4]"
	if got != want {
		t.Errorf("order = %s\nwant    %s", got, want)
	}
	if ls, _ := f.Next(ctx, T0, 10, nil, 1<<20); len(ls) != 0 {
		t.Errorf("second Next = %v, want none", URLs(ls))
	}
}

// nextCaps expects a frontier capped at 2 URLs per host and call.
func nextCaps(t *testing.T, f frontier.Frontier) {
	ctx := context.Background()
	var es []frontier.Entry
	for i := range 5 {
		es = append(es, Entry("a.example", i, 1), Entry("b.example", i, 0), Entry("c.example", i, 0))
	}
	f.Add(ctx, es)
	ls, err := f.Next(ctx, T0, 10, map[string]int{"b.example": 0, "x.example": 0}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(URLs(ls))
	want := "[https://a.example/0 https://a.example/1 https://c.example/0 https://c.example/1]"
	if got != want {
		t.Errorf("leases = %s\nwant     %s", got, want)
	}
}

func nextNotBefore(t *testing.T, f frontier.Frontier) {
	ctx := context.Background()
	f.Add(ctx, []frontier.Entry{Entry("a.example", 1, 0)})
	ls, _ := f.Next(ctx, T0, 1, nil, 1<<20)
	retry := T0.Add(30 * time.Second)
	if err := f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Queued, Reason: "http 503", Status: 503, NotBefore: retry}); err != nil {
		t.Fatal(err)
	}
	if ls, _ := f.Next(ctx, T0.Add(29*time.Second), 1, nil, 1<<20); len(ls) != 0 {
		t.Errorf("leased before NotBefore: %v", URLs(ls))
	}
	if p, _ := f.Pending(ctx); !p {
		t.Error("not Pending with a retry waiting")
	}
	if ls, _ := f.Next(ctx, retry, 1, nil, 1<<20); len(ls) != 1 || ls[0].Attempts != 2 {
		t.Errorf("at NotBefore: %+v", ls)
	}
}

// leasesOnce leases from 16 goroutines over the handles: no URL is handed
// out twice.
func leasesOnce(t *testing.T, fs []frontier.Frontier) {
	ctx := context.Background()
	const n = 2000
	var es []frontier.Entry
	for i := range n {
		es = append(es, Entry(fmt.Sprintf("h%d.example", i%7), i, i%3))
	}
	if k, err := fs[0].Add(ctx, es); err != nil || k != n {
		t.Fatalf("Add = %d, %v", k, err)
	}
	var (
		mu   sync.Mutex
		seen = map[string]int{}
		wg   sync.WaitGroup
	)
	for g := range 16 {
		f := fs[g%len(fs)]
		wg.Go(func() {
			for {
				ls, err := f.Next(ctx, T0, 7, nil, 1<<20)
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
	if c, _ := fs[len(fs)-1].Counts(ctx); c[frontier.InFlight] != n || c[frontier.Queued] != 0 {
		t.Errorf("Counts = %v", c)
	}
}

func pending(t *testing.T, f frontier.Frontier) {
	ctx := context.Background()
	if p, err := f.Pending(ctx); err != nil || p {
		t.Fatalf("Pending = %v, %v on an empty frontier", p, err)
	}
	f.Add(ctx, []frontier.Entry{Entry("a.example", 1, 0)})
	ls, _ := f.Next(ctx, T0, 1, nil, 1<<20)
	if p, _ := f.Pending(ctx); !p {
		t.Error("not Pending with a lease out")
	}
	f.Finish(ctx, ls[0].URL, frontier.Outcome{State: frontier.Skipped, Reason: "robots.txt"})
	if p, _ := f.Pending(ctx); p {
		t.Error("Pending after the last Finish")
	}
}
