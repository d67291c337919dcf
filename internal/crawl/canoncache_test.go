package crawl

import (
	"fmt"
	"sync"
	"testing"
)

func TestCanonCache(t *testing.T) {
	c := newCanonCache(4)
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
	if n := len(c.cur) + len(c.old); n > 8 {
		t.Errorf("cache holds %d entries, want at most 8", n)
	}
	var nilCache *canonCache
	if key, _, ok := nilCache.canonical(raws[1]); !ok || key != computeCanon(raws[1]).key {
		t.Errorf("nil cache = %q, %v", key, ok)
	}
}
