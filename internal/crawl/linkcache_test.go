package crawl

import (
	"fmt"
	"net/url"
	"sync"
	"testing"
)

func TestLinkCacheCanonical(t *testing.T) {
	c := newLinkCache(4)
	raws := []string{
		"HTTP://Example.ORG:80/a/?utm_source=x#top",
		"https://example.org/amp/story",
		"not a url\x7f",
		"https://www.Example.org/b/",
	}
	for round := range 3 {
		for _, raw := range raws {
			key, host, ok := c.canonical(raw)
			want := computeCanon(raw)
			if key != want.key || host != want.host || ok != want.ok {
				t.Errorf("round %d: canonical(%q) = %q, %q, %v; want %q, %q, %v", round, raw, key, host, ok, want.key, want.host, want.ok)
			}
		}
	}
	if key, host, ok := c.canonical(raws[0]); !ok || key != "http://example.org/a/" || host != "example.org" {
		t.Errorf("canonical = %q, %q, %v", key, host, ok)
	}
	// Bounded: at most two generations of 4.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				raw := fmt.Sprintf("https://example.org/%d/%d", g, i%10)
				if key, _, ok := c.canonical(raw); !ok || key != raw {
					t.Errorf("canonical(%q) = %q, %v", raw, key, ok)
				}
			}
		})
	}
	wg.Wait()
	if n := c.canon.len(); n > 8 {
		t.Errorf("cache holds %d entries, want at most 8", n)
	}
	var none *linkCache
	if key, _, ok := none.canonical(raws[1]); !ok || key != computeCanon(raws[1]).key {
		t.Errorf("nil cache = %q, %v", key, ok)
	}
}

// TestLinkCacheResolve: a remembered resolution is the one computed
// against the page's own base, across pages of one site and of others.
func TestLinkCacheResolve(t *testing.T) {
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
				got, want := c.resolve(base, org, h), resolveHref(base, h)
				if got != want {
					t.Errorf("round %d: resolve(%q, %q) = %+v, want %+v", round, b, h, got, want)
				}
			}
		}
	}
	if n := c.resolved.len(); n == 0 {
		t.Error("nothing remembered")
	}
	if got := origin(&url.URL{Scheme: "https", User: url.User("u"), Host: "h.example", Path: "/p"}); got != "https://u@h.example" {
		t.Errorf("origin = %q", got)
	}
}

// len returns how many entries the cache holds.
func (c *genCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
