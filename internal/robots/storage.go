package robots

import (
	"context"
	"time"
)

// Storage keeps robots.txt answers where other processes find them (a
// Redis shared by every crawler process), so that N workers fetch each
// robots.txt about once per expiry instead of once each. The Cache still
// keeps its own copy of every answer it uses; Storage is consulted only
// when that copy is missing or expired. Implementations are safe for
// concurrent use and expire answers at Answer.Expires.
type Storage interface {
	// Load returns origin's stored answer; ok is false when there is none
	// or it has expired, and the caller then fetches robots.txt and
	// Stores the answer. An implementation may make concurrent callers
	// wait briefly while one of them fetches.
	Load(ctx context.Context, origin string) (a Answer, ok bool, err error)
	// Store keeps a until a.Expires.
	Store(ctx context.Context, origin string, a Answer) error
}

// Answer is a fetched robots.txt as a Storage keeps it: the raw response,
// not the parsed rules, so that every process applies its own Options.
type Answer struct {
	// Status is the final HTTP status; 0 with Err set when there was no
	// response at all.
	Status int `json:"status"`
	// Body is the file, cut at Options.MaxBytes.
	Body []byte `json:"body,omitempty"`
	// Err describes the network error when there was no response.
	Err string `json:"err,omitempty"`
	// Expires is when the answer must be fetched again.
	Expires time.Time `json:"expires"`
}

// load reads origin's answer from Options.Storage; ok is false without a
// storage, on an error (the Cache then fetches: the storage is an
// optimisation, never a reason not to crawl) or for an expired answer.
func (c *Cache) load(ctx context.Context, origin string, now time.Time) (Answer, bool) {
	if c.opts.Storage == nil {
		return Answer{}, false
	}
	a, ok, err := c.opts.Storage.Load(ctx, origin)
	if err != nil || !ok || !now.Before(a.Expires) {
		return Answer{}, false
	}
	return a, true
}

// store writes origin's answer to Options.Storage, if any; a failure only
// costs other processes a fetch.
func (c *Cache) store(ctx context.Context, origin string, a Answer) {
	if c.opts.Storage == nil {
		return
	}
	c.opts.Storage.Store(ctx, origin, a)
}
