package crawl_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

// crawlSite crawls srv with politeness off and test-sized caps, into a
// database in dir, and returns the store (open) and the crawl's summary.
func crawlSite(t *testing.T, ctx context.Context, srvURL, dbPath string, mutate func(*crawl.Options)) (*store.SQLite, crawl.Snapshot, error) {
	t.Helper()
	return crawlSiteStore(t, ctx, srvURL, dbPath, store.Options{PerHost: 8}, mutate)
}

// crawlSiteStore is crawlSite with the store's options.
func crawlSiteStore(t *testing.T, ctx context.Context, srvURL, dbPath string, so store.Options, mutate func(*crawl.Options)) (*store.SQLite, crawl.Snapshot, error) {
	t.Helper()
	opts := crawl.Options{Seeds: []string{srvURL + "/"}, Concurrency: 8, HostParallelism: 8, MaxAttempts: 2, Timeout: 3 * time.Second}
	if mutate != nil {
		mutate(&opts)
	}
	st, err := store.Open(context.Background(), dbPath, so)
	if err != nil {
		t.Fatal(err)
	}
	client := fetch.New(fetch.Options{Timeout: 3 * time.Second, Transport: fetch.TransportOptions{
		MaxBytes: 1 << 20, StallTimeout: 400 * time.Millisecond, HideCharset: true}})
	rb := robots.New(crawl.RobotsFetcher(client), robots.Options{})
	cr, err := crawl.New(opts, st.Frontier(), st, client, rb)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := cr.Run(ctx)
	return st, snap, err
}

func TestCrawlGeneratedSite(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end crawl")
	}
	site := testsite.New(testsite.Options{Articles: 120, Faults: true, Traps: true, Syndicated: 5})
	srv := httptest.NewServer(site)
	defer srv.Close()
	defer site.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, snap, err := crawlSite(t, ctx, srv.URL, filepath.Join(t.TempDir(), "crawl.db"), nil)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	defer st.Close()
	t.Logf("summary: %+v", snap)
	db := st.ReadDB()

	// Every expected article stored exactly once (not as a duplicate).
	for _, a := range site.ExpectedArticles() {
		var n int
		u := srv.URL + a.Path
		if err := db.QueryRow(`SELECT count(*) FROM articles WHERE (url = ? OR canonical_url = ?) AND duplicate_of IS NULL`, u, u).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("article %s (via %s) stored %d times, want 1", a.Path, a.Via, n)
		}
	}
	var total, originals int
	db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NULL) FROM articles`).Scan(&total, &originals)
	if want := len(site.ExpectedArticles()); originals != want {
		t.Errorf("%d original articles stored, want %d", originals, want)
	}

	// Syndicated copies: one of each pair stored as the original, the
	// other marked as its duplicate.
	for _, p := range site.Syndicated() {
		var dupOf sql.NullInt64
		copyURL := srv.URL + p.Copy
		err := db.QueryRow(`SELECT duplicate_of FROM articles WHERE url = ?`, copyURL).Scan(&dupOf)
		if err != nil {
			t.Errorf("syndicated copy %s not stored: %v", p.Copy, err)
			continue
		}
		if !dupOf.Valid {
			// The copy was fetched first: then the original must point at it.
			var origDup sql.NullInt64
			db.QueryRow(`SELECT duplicate_of FROM articles WHERE url = ? OR canonical_url = ?`, srv.URL+p.Original, srv.URL+p.Original).Scan(&origDup)
			if !origDup.Valid {
				t.Errorf("neither %s nor %s is marked as a duplicate", p.Copy, p.Original)
			}
		}
	}

	// Nothing robots.txt disallows was fetched.
	for path, n := range site.HitPaths() {
		for _, d := range site.Disallowed() {
			if strings.HasPrefix(path, d) && n > 0 {
				t.Errorf("disallowed %s fetched %d times", path, n)
			}
		}
	}

	// Traps are bounded: the infinite calendar and URL variants.
	calendar := 0
	for path, n := range site.HitPaths() {
		if strings.HasPrefix(path, "/calendar/") {
			calendar += n
		}
	}
	if calendar > 500 {
		t.Errorf("calendar trap fetched %d times", calendar)
	}

	// Faults end in one recorded state with the expected outcome.
	for path, want := range site.FaultURLs() {
		var state, reason string
		err := db.QueryRow(`SELECT state, reason FROM urls WHERE url = ?`, srv.URL+path).Scan(&state, &reason)
		if err != nil {
			t.Errorf("fault %s: no recorded state: %v", path, err)
			continue
		}
		wantState, wantReason, _ := strings.Cut(want, ": ")
		switch {
		case strings.HasPrefix(want, "done"):
			if state != "done" {
				t.Errorf("fault %s: state %s (%s), want %s", path, state, reason, want)
			}
		case state != wantState || !strings.Contains(reason, wantReason):
			t.Errorf("fault %s: got %s (%s), want %s", path, state, reason, want)
		}
	}

	var queued int
	db.QueryRow(`SELECT count(*) FROM urls WHERE state IN ('queued','inflight')`).Scan(&queued)
	if queued != 0 {
		t.Errorf("%d urls left queued or in flight after a finished crawl", queued)
	}
	// The full-text index is brought up to date in bulk, at the latest
	// when the store closes: after that the database checks clean.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	checkIntegrity(t, st.Path())
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check: %s %v", integrity, err)
	}
}
