package server

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// resultCache keeps the latest debugger results in memory, under
// unguessable ids, for their result page and frame: at most max results,
// each for at most ttl.
type resultCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	items map[string]*result
	order []string // ids, oldest first
}

func newResultCache(max int, ttl time.Duration, now func() time.Time) *resultCache {
	return &resultCache{max: max, ttl: ttl, now: now, items: map[string]*result{}}
}

// put stores r under a new random id and returns the id.
func (c *resultCache) put(r *result) string {
	var b [16]byte
	rand.Read(b[:]) // never returns an error (crypto/rand)
	id := hex.EncodeToString(b[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	r.ID, r.created = id, c.now()
	c.items[id] = r
	c.order = append(c.order, id)
	for len(c.order) > 0 && (len(c.order) > c.max || c.expired(c.items[c.order[0]])) {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
	return id
}

// get returns the result stored under id, nil when unknown or expired.
func (c *resultCache) get(id string) *result {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.items[id]
	if r == nil || c.expired(r) {
		return nil
	}
	return r
}

func (c *resultCache) expired(r *result) bool { return c.now().Sub(r.created) > c.ttl }
