package frontier_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/store"
)

var (
	t0    = frontiertest.T0
	entry = frontiertest.Entry
	urls  = frontiertest.URLs
)

// TestConformance runs the suite every Frontier backend passes.
func TestConformance(t *testing.T) {
	frontiertest.Run(t, func(t *testing.T, perHost, n int) []frontier.Frontier {
		f, _ := open(t, store.Options{PerHost: perHost})
		fs := make([]frontier.Frontier, n)
		for i := range fs {
			fs[i] = f
		}
		return fs
	})
}

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

// TestPageBecomesFeedOrSitemap: a URL first seen as a page (a plain link
// to a feed or sitemap) takes the kind a later discovery gives it; one
// skipped as not HTML is queued again, one skipped for another reason is
// not.
func TestPageBecomesFeedOrSitemap(t *testing.T) {
	f, s := open(t, store.Options{})
	ctx := context.Background()
	page := func(u, skip string) frontier.Entry {
		return frontier.Entry{URL: u, Kind: frontier.Page, Source: "link", Skip: skip}
	}
	if _, err := f.Add(ctx, []frontier.Entry{
		page("https://a.example/feed.xml", "not html: xml"),
		page("https://a.example/map.xml", ""),
		page("https://a.example/private.rss", "robots.txt"),
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.Finish(ctx, "https://a.example/map.xml", frontier.Outcome{State: frontier.Done, Status: 200, Reason: "sitemap: 3 urls"}); err != nil {
		t.Fatal(err)
	}
	n, err := f.Add(ctx, []frontier.Entry{
		{URL: "https://a.example/feed.xml", Kind: frontier.Feed, Source: "feed-link"},
		{URL: "https://a.example/map.xml", Kind: frontier.Sitemap, Source: "robots"},
		{URL: "https://a.example/private.rss", Kind: frontier.Feed, Source: "feed-link"},
	})
	if err != nil || n != 0 {
		t.Fatalf("Add = %d, %v; want 0 new", n, err)
	}
	for _, c := range []struct{ url, kind, state, reason string }{
		{"https://a.example/feed.xml", "feed", "queued", ""},
		{"https://a.example/map.xml", "sitemap", "done", "sitemap: 3 urls"},
		{"https://a.example/private.rss", "page", "skipped", "robots.txt"},
	} {
		var kind, state, reason string
		if err := s.ReadDB().QueryRowContext(ctx, `SELECT kind, state, reason FROM urls WHERE url = ?`, c.url).Scan(&kind, &state, &reason); err != nil {
			t.Fatal(err)
		}
		if kind != c.kind || state != c.state || reason != c.reason {
			t.Errorf("%s: %s, %s, %q; want %s, %s, %q", c.url, kind, state, reason, c.kind, c.state, c.reason)
		}
	}
}
