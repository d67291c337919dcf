package crawl

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/internal/frontier"
)

// checkPageLinks runs pageLinks and pageLinksRef over pages with one
// crawler each (the reference with a recent-URL filter of the same seed)
// and reports where they differ.
func checkPageLinks(t *testing.T, c *Crawler, pages []benchPage, now time.Time) {
	t.Helper()
	recent := &recentURLs{seed: c.recent.seed, slots: make([]uint64, len(c.recent.slots))}
	for i, p := range pages {
		l := frontier.Lease{Entry: frontier.Entry{URL: p.url, Depth: i % 3}}
		got := c.pageLinks(p.root, p.url, l, now)
		want := c.pageLinksRef(p.root, p.url, l, now, recent)
		if !reflect.DeepEqual(got, want) {
			var b strings.Builder
			_ = html.Render(&b, p.root)
			t.Fatalf("page %d %s:\n%s\ngot  %+v\nwant %+v", i, p.url, b.String(), got, want)
		}
	}
}

// TestPageLinksSite: on the pages of the generated site, pageLinks gives
// what it gave before it walked the tree once and cached whole targets.
func TestPageLinksSite(t *testing.T) {
	pages := sitePages(t, 300)
	checkPageLinks(t, benchCrawler(t), pages, time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC))
}

// TestPageLinksRandom: on random pages full of odd links, pageLinks
// agrees with the reference, with a cache large enough to remember
// everything and with one that keeps forgetting.
func TestPageLinksRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{4, 1 << 12} {
		c := benchCrawler(t)
		c.opts.Seeds = []string{"http://example.org/"}
		sc, err := newScope(c.opts)
		if err != nil {
			t.Fatal(err)
		}
		c.scope = sc
		c.opts.MaxDepth = 2
		c.links = newLinkCache(size)
		c.recent = newRecentURLs(64) // small: links come back as new
		var pages []benchPage
		for range 3000 {
			pageURL, doc := randomPage(rng)
			root, err := html.Parse(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, benchPage{url: pageURL, root: root})
		}
		checkPageLinks(t, c, pages, time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC))
	}
}

var (
	randomPageURLs = []string{
		"http://example.org/", "http://example.org/news/a.html", "http://example.org/news/a.html#top",
		"http://EXAMPLE.org/Sec/b?x=1", "http://example.org:80/c/", "https://sub.example.org/d/e",
		"http://example.org/x/y/z/", "not a url", "", "/relative/page",
	}
	randomHrefs = []string{
		"/", "/news/a.html", "/news/a.html#c", "news/b.html", "../up/", "./here", "?page=2", "?",
		"#top", "#", "", "   ", " /spaced/ ", "//example.org/proto-rel", "//other.example/x",
		"http://example.org/news/a.html", "HTTP://Example.ORG/Upper", "https://example.org/s",
		"http://sub.example.org/sub", "http://other.example/off", "http://www.example.org/www",
		"javascript:void(0)", "mailto:a@example.org", "tel:123", "data:text/html,x",
		"/report.pdf", "/photo.JPG", "/feed.xml", "/a/amp/", "/b.amp.html", "/c?utm_source=x&b=2&a=1",
		"/calendar/2031/05/", "/calendar/1990/01/01", "/page/900", "/?page=999", "/a/a/a/a/",
		"/x/x/", "/1/2/3/4/5/6/7/8/9/10/11/12", "/q?a=1&b=2&c=3&d=4", "/s;jsessionid=ABC123?x=1",
		"/%7Euser/%41", "/dot/../dot2/./x", "http://example.org/news/a.html#frag",
		"http://[::1]/v6", "http://bad host/x", "http://example.org:99999/port", "/unicode/é",
		"http://ex\u00e4mple.org/idn", "https://example.org/index.html",
	}
	randomFeedTypes = []string{
		"application/rss+xml", "application/atom+xml; charset=utf-8", " Application/Feed+JSON ",
		"application/json", "text/html", "",
	}
	randomWrappers = [][2]string{
		{"", ""}, {"<p>", "</p>"}, {"<script>", "</script>"}, {"<template>", "</template>"},
		{"<noscript>", "</noscript>"}, {"<style>", "</style>"}, {"<a href=\"/outer\">", "</a>"},
		{"<svg>", "</svg>"}, {"<div><span>", "</span></div>"}, {"<table><tr><td>", "</td></tr></table>"},
	}
)

// randomPage returns a page URL and an HTML document of random links,
// feed links, base elements and wrappers around them.
func randomPage(rng *rand.Rand) (string, string) {
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	pageURL := pick(randomPageURLs)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>t</title>")
	feedLink := func() {
		rel := []string{"alternate", "Alternate stylesheet", "stylesheet", "", "ALTERNATE"}[rng.IntN(5)]
		fmt.Fprintf(&b, `<link rel=%q type=%q`, rel, pick(randomFeedTypes))
		if rng.IntN(8) > 0 {
			fmt.Fprintf(&b, ` href=%q`, pick(randomHrefs))
		}
		b.WriteString(">")
	}
	for range rng.IntN(3) {
		feedLink()
	}
	if rng.IntN(4) == 0 {
		base := []string{"/base/dir/", "http://other.example/b/", "https://example.org/", "javascript:x", "sub/", "", "http://bad host/"}[rng.IntN(7)]
		if rng.IntN(5) == 0 {
			b.WriteString("<base target=_blank>")
		}
		fmt.Fprintf(&b, `<base href=%q>`, base)
	}
	if rng.IntN(6) == 0 {
		fmt.Fprintf(&b, `<a href=%q>in head</a>`, pick(randomHrefs))
	}
	b.WriteString("</head><body>")
	for range rng.IntN(30) {
		w := randomWrappers[rng.IntN(len(randomWrappers))]
		b.WriteString(w[0])
		switch rng.IntN(10) {
		case 0:
			feedLink()
		case 1:
			fmt.Fprintf(&b, `<map><area href=%q></map>`, pick(randomHrefs))
		case 2:
			b.WriteString(`<a name="x">no href</a>`)
		case 3:
			fmt.Fprintf(&b, `<a rel="nofollow" HREF=%q>x</a>`, pick(randomHrefs))
		case 4:
			fmt.Fprintf(&b, `<a href=%q>self</a>`, pageURL)
		default:
			fmt.Fprintf(&b, `<a href=%q>x</a>`, pick(randomHrefs))
		}
		b.WriteString(w[1])
	}
	b.WriteString("</body></html>")
	return pageURL, b.String()
}
