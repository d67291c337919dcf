package crawl_test

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/internal/crawl"
)

func ExampleParseSitemap() {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example/world/storm-hits-coast</loc>
    <news:news>
      <news:publication_date>2024-05-07T08:00:00Z</news:publication_date>
      <news:title>Storm hits coast</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example/world/old-story</loc><lastmod>2023-01-02</lastmod></url>
</urlset>`
	r, err := crawl.OpenSitemap(strings.NewReader(doc), 0) // gunzips when needed
	if err != nil {
		fmt.Println(err)
		return
	}
	sm, err := crawl.ParseSitemap(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range crawl.FilterSince(sm.URLs, since) {
		fmt.Println(e.URL, e.Published.Format(time.DateOnly), e.Title)
	}
	// Output:
	// https://news.example/world/storm-hits-coast 2024-05-07 Storm hits coast
}

func ExampleExtractLinks() {
	root, _ := html.Parse(strings.NewReader(`<html><head>
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
</head><body>
<a href="/world/storm-hits-coast#comments">Storm</a>
<a href="mailto:desk@news.example">Mail us</a>
<a href="/files/report.pdf">Report</a>
<a href="/calendar/2099/01">Next month</a>
</body></html>`))
	now := time.Date(2024, 5, 7, 0, 0, 0, 0, time.UTC)
	for _, f := range crawl.DiscoverFeeds(root, "https://news.example/world") {
		fmt.Println("feed", f.URL)
	}
	for _, l := range crawl.ExtractLinks(root, "https://news.example/world", crawl.LinkOptions{}) {
		score, why := crawl.TrapScore(l.URL, now)
		switch {
		case l.Kind != "":
			fmt.Println("skip", l.URL, l.Kind)
		case score >= crawl.TrapThreshold:
			fmt.Println("trap", l.URL, why)
		default:
			fmt.Println("follow", l.URL)
		}
	}
	// Output:
	// feed https://news.example/rss.xml
	// follow https://news.example/world/storm-hits-coast
	// skip https://news.example/files/report.pdf pdf
	// trap https://news.example/calendar/2099/01 date 2099-01-01 in the future
}
