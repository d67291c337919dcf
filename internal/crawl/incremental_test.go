package crawl_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

// TestRecrawlIsConditional crawls a site, then recrawls everything: every
// page is fetched again with its validators and answered 304, and nothing
// is stored twice.
func TestRecrawlIsConditional(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 40})
	srv := httptest.NewServer(site)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "inc.db")
	ctx := context.Background()

	st, first, err := crawlSite(t, ctx, srv.URL, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if first.Articles != 40 {
		t.Fatalf("first run stored %d articles", first.Articles)
	}
	st, second, err := crawlSite(t, ctx, srv.URL, db, func(o *crawl.Options) {
		o.RecrawlPages, o.RecrawlArticles = time.Nanosecond, time.Nanosecond
	})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if second.Articles != 0 || second.Duplicates != 0 {
		t.Errorf("recrawl stored %d new articles and %d duplicates", second.Articles, second.Duplicates)
	}
	if second.NotModified < 40 {
		t.Errorf("recrawl got %d 304 answers, want every article (40) at least: %+v", second.NotModified, second)
	}
	n, _ := st.CountArticles(ctx)
	if n != 40 {
		t.Errorf("%d articles stored, want 40", n)
	}
}

// TestJobsShareADatabase runs two jobs on two sites at once on one store:
// each leases only its own URLs.
func TestJobsShareADatabase(t *testing.T) {
	siteA, siteB := testsite.New(testsite.Options{Articles: 25, Seed: 1}), testsite.New(testsite.Options{Articles: 35, Seed: 2})
	srvA, srvB := httptest.NewServer(siteA), httptest.NewServer(siteB)
	defer srvA.Close()
	defer srvB.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "jobs.db"), store.Options{PerHost: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	client := fetch.New(fetch.Options{Timeout: 3 * time.Second, Transport: fetch.TransportOptions{HideCharset: true}})
	rb := robots.New(crawl.RobotsFetcher(client), robots.Options{})
	var wg sync.WaitGroup
	results := make(map[string]crawl.Snapshot)
	var mu sync.Mutex
	for job, u := range map[string]string{"a": srvA.URL, "b": srvB.URL} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cr, err := crawl.New(crawl.Options{Seeds: []string{u + "/"}, Job: job, Concurrency: 4, HostParallelism: 4},
				st.Frontier().ForJob(job), st, client, rb)
			if err != nil {
				t.Error(err)
				return
			}
			snap, err := cr.Run(context.Background())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			results[job] = snap
			mu.Unlock()
		}()
	}
	wg.Wait()
	if results["a"].Articles != 25 || results["b"].Articles != 35 {
		t.Errorf("job a stored %d (want 25), job b %d (want 35)", results["a"].Articles, results["b"].Articles)
	}
	var wrong int
	st.ReadDB().QueryRow(`SELECT count(*) FROM articles a JOIN urls u ON u.article_id = a.id WHERE a.job != u.job`).Scan(&wrong)
	if wrong != 0 {
		t.Errorf("%d articles stored under another job's URL", wrong)
	}
}
