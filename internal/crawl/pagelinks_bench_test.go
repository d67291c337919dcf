package crawl

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/testsite"
)

// benchPage is a parsed page of the generated site.
type benchPage struct {
	url  string
	root *html.Node
}

// sitePages returns up to n pages of a generated site (Traps on), in the
// breadth-first order a crawl meets them, parsed.
func sitePages(tb testing.TB, n int) []benchPage {
	tb.Helper()
	site := testsite.New(testsite.Options{Articles: 2 * n, Traps: true})
	defer site.Close()
	const origin = "http://127.0.0.1:8091"
	queue := []string{origin + "/"}
	seen := map[string]bool{queue[0]: true}
	var pages []benchPage
	for len(queue) > 0 && len(pages) < n {
		u := queue[0]
		queue = queue[1:]
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		root, err := html.Parse(rec.Body)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, benchPage{url: u, root: root})
		for _, l := range ExtractLinks(root, u, LinkOptions{SkipText: true}) {
			if !seen[l.URL] && strings.HasPrefix(l.URL, origin+"/") && !strings.Contains(l.URL, "/calendar/") {
				seen[l.URL] = true
				queue = append(queue, l.URL)
			}
		}
	}
	return pages
}

// benchCrawler is a Crawler with what pageLinks uses, fresh caches.
func benchCrawler(tb testing.TB) *Crawler {
	tb.Helper()
	opts := Options{Seeds: []string{"http://127.0.0.1:8091/"}}
	opts.defaults()
	sc, err := newScope(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return &Crawler{opts: opts, scope: sc, recent: newRecentURLs(1 << 16), links: newLinkCache(1 << 13)}
}

// BenchmarkPageLinks runs pageLinks over the pages of a generated site as
// a crawl meets them: each pass over the pages starts with fresh caches.
// One op is one page.
func BenchmarkPageLinks(b *testing.B) {
	pages := sitePages(b, 1500)
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	var c *Crawler
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(pages)
		if j == 0 {
			c = benchCrawler(b)
		}
		p := pages[j]
		c.pageLinks(p.root, p.url, frontier.Lease{Entry: frontier.Entry{URL: p.url, Depth: 1}}, now)
	}
}
