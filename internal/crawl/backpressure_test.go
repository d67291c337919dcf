package crawl_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

// blockingStore holds every Save of an article until release is closed
// (the other Saves, which queue the links of section pages and sitemaps,
// go through).
type blockingStore struct {
	store.Store
	release chan struct{}
	waiting atomic.Int64
}

func (b *blockingStore) Save(ctx context.Context, r store.Result) (store.Saved, error) {
	if r.Article == nil {
		return b.Store.Save(ctx, r)
	}
	b.waiting.Add(1)
	defer b.waiting.Add(-1)
	select {
	case <-b.release:
	case <-ctx.Done():
		return store.Saved{}, ctx.Err()
	}
	return b.Store.Save(ctx, r)
}

// TestSlowStoreBoundsFetching: while the store commits nothing, the
// crawler keeps fetching only until its goroutines waiting for the store
// reach their bound (8 × Concurrency, plus the pages being extracted); it
// neither stalls at once nor fetches the whole site into memory. Once the
// store moves again, the crawl stores every article.
func TestSlowStoreBoundsFetching(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 120})
	articles := make(map[string]bool)
	for _, a := range site.ExpectedArticles() {
		articles[a.Path] = true
	}
	var pages atomic.Int64 // article pages served
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if articles[r.URL.Path] {
			pages.Add(1)
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "slow.db"), store.Options{PerHost: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	client := fetch.New(fetch.Options{Timeout: 3 * time.Second, Transport: fetch.TransportOptions{HideCharset: true}})
	rb := robots.New(crawl.RobotsFetcher(client), robots.Options{})
	slow := &blockingStore{Store: st, release: make(chan struct{})}
	const concurrency = 2
	cr, err := crawl.New(crawl.Options{Seeds: []string{srv.URL + "/"}, Concurrency: concurrency, HostParallelism: 2},
		st.Frontier(), slow, client, rb)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan crawl.Snapshot, 1)
	go func() {
		snap, err := cr.Run(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- snap
	}()
	// Wait for the crawl to stall on the store, then check it stays within
	// its bound: 8×Concurrency waiting to be saved and 2×Concurrency
	// fetching or extracting.
	const bound = 8*concurrency + 2*concurrency
	deadline := time.Now().Add(20 * time.Second)
	for slow.waiting.Load() < 8*concurrency && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := slow.waiting.Load(); n < 8*concurrency {
		t.Fatalf("only %d saves waiting: the crawl stalled before its bound", n)
	}
	time.Sleep(300 * time.Millisecond)
	if n := pages.Load(); n > bound {
		t.Errorf("%d article pages fetched while the store was stuck, want at most %d", n, bound)
	}
	close(slow.release)
	snap := <-done
	if snap.Articles != len(articles) {
		t.Errorf("%d articles stored, want %d", snap.Articles, len(articles))
	}
}

// slowLeases lets the first Next through and holds the later ones until
// release is closed.
type slowLeases struct {
	frontier.Frontier
	calls   atomic.Int64
	release chan struct{}
}

func (s *slowLeases) Next(ctx context.Context, now time.Time, max int, slots map[string]int, defaultSlots int) ([]frontier.Lease, error) {
	if s.calls.Add(1) > 1 {
		select {
		case <-s.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.Frontier.Next(ctx, now, max, slots, defaultSlots)
}

// TestSlowLeaseDoesNotStopFetching: while a lease waits on the store, the
// crawler goes on starting the URLs it already holds. The first lease
// brings two rounds of URLs (Concurrency of them in flight, as many
// ahead); the second is held until the server has seen both rounds.
func TestSlowLeaseDoesNotStopFetching(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 60})
	var pages atomic.Int64 // article pages served
	articles := make(map[string]bool)
	for _, a := range site.ExpectedArticles() {
		articles[a.Path] = true
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if articles[r.URL.Path] {
			pages.Add(1)
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "lease.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var entries []frontier.Entry
	for _, a := range site.ExpectedArticles() {
		entries = append(entries, frontier.Entry{URL: srv.URL + a.Path, Source: "seed"})
	}
	if _, err := st.Frontier().Add(ctx, entries); err != nil {
		t.Fatal(err)
	}
	client := fetch.New(fetch.Options{Timeout: 3 * time.Second, Transport: fetch.TransportOptions{HideCharset: true}})
	rb := robots.New(crawl.RobotsFetcher(client), robots.Options{})
	fr := &slowLeases{Frontier: st.Frontier(), release: make(chan struct{})}
	const concurrency = 4
	host := strings.TrimPrefix(srv.URL, "http://")
	host = host[:strings.LastIndexByte(host, ':')]
	cr, err := crawl.New(crawl.Options{AllowedDomains: []string{host}, Concurrency: concurrency,
		HostParallelism: concurrency, MaxDepth: 1}, fr, st, client, rb)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan crawl.Snapshot, 1)
	go func() {
		snap, err := cr.Run(ctx)
		if err != nil {
			t.Error(err)
		}
		done <- snap
	}()
	deadline := time.Now().Add(10 * time.Second)
	for pages.Load() < 2*concurrency && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	n := pages.Load()
	close(fr.release)
	if n < 2*concurrency {
		t.Errorf("%d article pages fetched while the second lease waited, want %d (both rounds of the first)", n, 2*concurrency)
	}
	if snap := <-done; snap.Articles != len(articles) {
		t.Errorf("%d articles stored, want %d", snap.Articles, len(articles))
	}
}
