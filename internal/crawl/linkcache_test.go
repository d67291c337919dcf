package crawl

import (
	"fmt"
	"net/url"
	"sync"
	"testing"

	"github.com/newshound/newshound/internal/dedup"
)

// TestLinkCacheTarget: a remembered target is the one computed against
// the page's own base, across pages of one site and of others, and is
// what resolving, canonicalising and classifying the href one step at a
// time gives.
func TestLinkCacheTarget(t *testing.T) {
	bases := []string{
		"https://example.org/world/story?x=1",
		"https://example.org/sport/2026/match/",
		"https://user@example.org/a/b",
		"http://EXAMPLE.org:8080/c",
		"https://other.example/x/y",
	}
	hrefs := []string{
		"/news/a", "/news/a?page=2#c", "news/a", "../up", "?page=3", "//cdn.example/img.jpg",
		"https://Example.ORG/x/../y#frag", "HTTP://example.org/z", "https://example.org/report.pdf",
		"/files/photo.JPG", "javascript:void(0)", "mailto:a@b", "/", "",
		"HTTP://Example.ORG:80/a/?utm_source=x#top", "https://example.org/amp/story",
		"https://www.Example.org/b/", "http://bad host/x", "/a/amp", "https://example.org/x.amp.html",
	}
	c := newLinkCache(64)
	for round := range 2 {
		for _, b := range bases {
			base, err := url.Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			org := origin(base)
			for _, h := range hrefs {
				got := c.target(base, org, h)
				if want := computeTarget(base, h); got != want {
					t.Errorf("round %d: target(%q, %q) = %+v, want %+v", round, b, h, got, want)
				}
				want := linkTarget{url: absHTTP(base, h)}
				if want.url != "" {
					if key, err := dedup.Canonical(want.url, canonOptions); err == nil {
						want.key, want.host, want.kind, want.ok = key, hostOf(key), NonHTMLKind(key), true
					}
				}
				if got != want {
					t.Errorf("round %d: target(%q, %q) = %+v, want step by step %+v", round, b, h, got, want)
				}
			}
		}
	}
	if n := c.targets.len(); n == 0 {
		t.Error("nothing remembered")
	}
	if got := origin(&url.URL{Scheme: "https", User: url.User("u"), Host: "h.example", Path: "/p"}); got != "https://u@h.example" {
		t.Errorf("origin = %q", got)
	}
	var none *linkCache
	base, _ := url.Parse(bases[0])
	if got, want := none.target(base, origin(base), "/news/a"), computeTarget(base, "/news/a"); got != want || !got.ok {
		t.Errorf("nil cache = %+v, want %+v", got, want)
	}
}

// TestLinkCacheBounded: the cache holds at most two generations, and
// stays right under concurrent use.
func TestLinkCacheBounded(t *testing.T) {
	c := newLinkCache(4)
	base, _ := url.Parse("https://example.org/")
	org := origin(base)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				href := fmt.Sprintf("/%d/%d", g, i%10)
				if got := c.target(base, org, href); !got.ok || got.key != "https://example.org"+href {
					t.Errorf("target(%q) = %+v", href, got)
				}
			}
		})
	}
	wg.Wait()
	if n := c.targets.len(); n > 8 {
		t.Errorf("cache holds %d entries, want at most 8", n)
	}
}

// len returns how many entries the cache holds.
func (c *genCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
