package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/newshound/newshound/internal/store/storetest"
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
