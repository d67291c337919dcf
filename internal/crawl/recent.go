package crawl

import (
	"hash/maphash"
	"sync"
)

// recentURLs remembers, in constant memory, URLs recently handed to the
// frontier, so that the links every page repeats (menus, section fronts)
// are not sent to the store again and again. It is a direct-mapped cache
// of 64-bit hashes: a collision can only make it forget a URL (which the
// frontier then ignores as seen), never drop one it did not see, except
// with the odds of a 64-bit hash collision.
type recentURLs struct {
	mu    sync.Mutex
	seed  maphash.Seed
	slots []uint64
}

func newRecentURLs(size int) *recentURLs {
	return &recentURLs{seed: maphash.MakeSeed(), slots: make([]uint64, size)}
}

// seen reports whether u was recorded recently, and records it. A nil
// cache remembers nothing.
func (r *recentURLs) seen(u string) bool {
	if r == nil {
		return false
	}
	h := maphash.String(r.seed, u) | 1 // never 0, the empty slot
	i := h % uint64(len(r.slots))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.slots[i] == h {
		return true
	}
	r.slots[i] = h
	return false
}
