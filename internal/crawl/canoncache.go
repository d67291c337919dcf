package crawl

import (
	"sync"

	"github.com/newshound/newshound/internal/dedup"
)

// canonCache remembers the canonical form (and host) of recently seen
// link URLs: most links of a page (menus, section fronts, related
// articles) were on the pages before it, and canonicalising a URL means
// parsing it twice. It holds at most two generations of size entries:
// when the current one is full it becomes the old one, whose entries move
// back to the current generation when used again, and the generation
// before is dropped. Safe for concurrent use; a nil cache computes every
// time.
type canonCache struct {
	mu       sync.Mutex
	size     int
	cur, old map[string]canonEntry
}

type canonEntry struct {
	key, host string
	ok        bool // false: raw is not a URL to crawl
}

func newCanonCache(size int) *canonCache {
	return &canonCache{size: size, cur: make(map[string]canonEntry, size)}
}

// canonical returns dedup.Canonical(raw, canonOptions) and its lower-case
// host, or ok false when raw cannot be canonicalised.
func (c *canonCache) canonical(raw string) (key, host string, ok bool) {
	if c == nil {
		e := computeCanon(raw)
		return e.key, e.host, e.ok
	}
	c.mu.Lock()
	e, hit := c.cur[raw]
	if !hit {
		if e, hit = c.old[raw]; hit {
			c.putLocked(raw, e)
		}
	}
	c.mu.Unlock()
	if !hit {
		e = computeCanon(raw)
		c.mu.Lock()
		c.putLocked(raw, e)
		c.mu.Unlock()
	}
	return e.key, e.host, e.ok
}

func (c *canonCache) putLocked(raw string, e canonEntry) {
	if len(c.cur) >= c.size {
		c.old, c.cur = c.cur, make(map[string]canonEntry, c.size)
	}
	c.cur[raw] = e
}

func computeCanon(raw string) canonEntry {
	key, err := dedup.Canonical(raw, canonOptions)
	if err != nil {
		return canonEntry{}
	}
	return canonEntry{key: key, host: hostOf(key), ok: true}
}
