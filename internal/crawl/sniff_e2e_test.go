package crawl_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/store/storetest"
	"github.com/newshound/newshound/internal/testsite"
)

// TestFeedAndSitemapLinkedAsPages: a feed and a sitemap reached only
// through plain <a> links (queued as pages) are read as what they are,
// and the articles only they list are stored.
func TestFeedAndSitemapLinkedAsPages(t *testing.T) {
	article := func(w http.ResponseWriter, title string, seed uint64) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>%s</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":"2026-11-20T10:00:00Z"}</script>
</head><body><article><h1>%s</h1><p>%s</p><p>%s</p></article></body></html>`,
			title, title, title, storetest.Text(seed, 150), storetest.Text(seed+1, 150))
	}
	mux := http.NewServeMux()
	var origin string
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Home</title></head><body>
<a href="/latest.xml">RSS</a> <a href="/map.xml">Site map</a></body></html>`)
	})
	mux.HandleFunc("/latest.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Latest</title>
<item><title>From the feed</title><link>%s/news/from-feed.html</link></item></channel></rss>`, origin)
	})
	mux.HandleFunc("/map.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%s/news/from-sitemap.html</loc></url></urlset>`, origin)
	})
	mux.HandleFunc("/news/from-feed.html", func(w http.ResponseWriter, r *http.Request) { article(w, "From the feed", 7) })
	mux.HandleFunc("/news/from-sitemap.html", func(w http.ResponseWriter, r *http.Request) { article(w, "From the sitemap", 9) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	origin = srv.URL

	ctx := context.Background()
	st, snap, err := crawlSite(t, ctx, srv.URL, filepath.Join(t.TempDir(), "sniff.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if snap.Articles != 2 {
		t.Errorf("%d articles stored, want 2 (one listed only in the feed, one only in the sitemap)", snap.Articles)
	}
	for _, c := range []struct{ path, reason string }{
		{"/latest.xml", "rss feed: 1 items"},
		{"/map.xml", "sitemap: 1 urls"},
	} {
		var state, reason string
		if err := st.ReadDB().QueryRowContext(ctx, `SELECT state, reason FROM urls WHERE url = ?`, srv.URL+c.path).Scan(&state, &reason); err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if state != "done" || reason != c.reason {
			t.Errorf("%s: %s, %q; want done, %q", c.path, state, reason, c.reason)
		}
	}
}

// TestLargeSitemapQueuedInParts: a sitemap file of more URLs than the
// crawler adds at a time has every URL queued, and its own URL records
// the total.
func TestLargeSitemapQueuedInParts(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 2500, SitemapURLs: 2500})
	srv := httptest.NewServer(site)
	defer srv.Close()
	ctx := context.Background()
	st, _, err := crawlSite(t, ctx, srv.URL, filepath.Join(t.TempDir(), "big.db"), func(o *crawl.Options) { o.MaxPages = 12 })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	file := srv.URL + site.SitemapPaths()[0]
	resp, err := http.Get(file)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crawl.OpenSitemap(bytes.NewReader(body), crawl.DefaultMaxSitemapBytes)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	if _, err := crawl.ScanSitemap(r, func(e crawl.SitemapEntry, child bool) error {
		listed = append(listed, e.URL)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(listed) <= 1000 {
		t.Fatalf("the sitemap lists %d URLs: too few for the test", len(listed))
	}
	db := st.ReadDB()
	missing := 0
	for _, u := range listed {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM urls WHERE url = ?`, u).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			missing++
		}
	}
	var state, reason string
	if err := db.QueryRowContext(ctx, `SELECT state, reason FROM urls WHERE url = ?`, file).Scan(&state, &reason); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("sitemap: %d urls", len(listed)); missing != 0 || state != "done" || reason != want {
		t.Errorf("%s: %d of its %d URLs not queued, %s %q; want none, done %q", file, missing, len(listed), state, reason, want)
	}
}
