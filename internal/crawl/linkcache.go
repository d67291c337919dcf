package crawl

import (
	"net/url"
	"strings"
	"sync"

	"github.com/newshound/newshound/internal/dedup"
)

// genCache is a bounded memo for pure functions of recently seen keys:
// most links of a page (menus, section fronts, related articles) were on
// the pages before it. It holds at most two generations of size entries:
// when the current one is full it becomes the old one, whose entries move
// back to the current generation when used again, and the generation
// before is dropped. Safe for concurrent use.
type genCache[K comparable, V any] struct {
	mu       sync.Mutex
	size     int
	cur, old map[K]V
}

func newGenCache[K comparable, V any](size int) *genCache[K, V] {
	return &genCache[K, V]{size: size, cur: make(map[K]V, size)}
}

// get returns the value remembered for k, or compute(k), which it then
// remembers. compute runs outside the lock.
func (c *genCache[K, V]) get(k K, compute func(K) V) V {
	c.mu.Lock()
	v, hit := c.cur[k]
	if !hit {
		if v, hit = c.old[k]; hit {
			c.putLocked(k, v)
		}
	}
	c.mu.Unlock()
	if !hit {
		v = compute(k)
		c.mu.Lock()
		c.putLocked(k, v)
		c.mu.Unlock()
	}
	return v
}

func (c *genCache[K, V]) putLocked(k K, v V) {
	if len(c.cur) >= c.size {
		c.old, c.cur = c.cur, make(map[K]V, c.size)
	}
	c.cur[k] = v
}

// linkCache remembers what the crawler derives from every link of every
// page: the absolute URL an href resolves to and that URL's canonical
// form, host and kind, in one entry (one lookup per link). A nil
// linkCache computes every time.
type linkCache struct {
	targets *genCache[hrefKey, linkTarget]
}

func newLinkCache(size int) *linkCache {
	return &linkCache{targets: newGenCache[hrefKey, linkTarget](size)}
}

// linkTarget is what an href of a page leads to.
type linkTarget struct {
	// url is the href resolved (absHTTP): "" when it is not an http(s)
	// link.
	url string
	// key is url's canonical form (canonOptions) and host its lower-case
	// host; kind is NonHTMLKind(key).
	key, host, kind string
	// ok is false when the href leads to no URL to crawl (url is "" or
	// cannot be canonicalised).
	ok bool
}

// computeTarget resolves href against base and canonicalises the result.
func computeTarget(base *url.URL, href string) linkTarget {
	u := absHTTP(base, href)
	if u == "" {
		return linkTarget{}
	}
	key, err := dedup.Canonical(u, canonOptions)
	if err != nil {
		return linkTarget{url: u}
	}
	return linkTarget{url: u, key: key, host: hostOf(key), kind: NonHTMLKind(key), ok: true}
}

// hrefKey is an href and the part of the base URL its resolution depends
// on: nothing for an absolute http(s) URL, the origin for a root-relative
// path. Other hrefs depend on the whole base and are not remembered.
type hrefKey struct{ origin, href string }

// origin returns base's scheme, user and host ("https://example.org"), on
// which alone a root-relative href's resolution depends; "" when base is
// nil or opaque (then nothing is remembered).
func origin(base *url.URL) string {
	if base == nil || base.Opaque != "" || base.Host == "" {
		return ""
	}
	o := url.URL{Scheme: base.Scheme, User: base.User, Host: base.Host}
	return o.String()
}

// target is computeTarget(base, href), remembered for the hrefs whose
// resolution does not depend on the base's path. origin is origin(base).
func (c *linkCache) target(base *url.URL, origin, href string) linkTarget {
	if c == nil || origin == "" {
		return computeTarget(base, href)
	}
	compute := func(k hrefKey) linkTarget { return computeTarget(base, k.href) }
	switch {
	case hasHTTPScheme(href):
		return c.targets.get(hrefKey{href: href}, compute)
	case strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//"):
		return c.targets.get(hrefKey{origin: origin, href: href}, compute)
	}
	return computeTarget(base, href)
}

// hasHTTPScheme reports whether href starts with "http://" or "https://"
// in any case.
func hasHTTPScheme(href string) bool {
	return len(href) >= 7 && strings.EqualFold(href[:7], "http://") ||
		len(href) >= 8 && strings.EqualFold(href[:8], "https://")
}
