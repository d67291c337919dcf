// Package redisrobots is a robots.Storage on Redis: the robots.txt answers
// of every crawler process sharing one Redis, each kept until it expires,
// so that N workers fetch each robots.txt about once per expiry. A worker
// that misses takes a short fetch lock; the others wait for its answer
// (up to Options.Wait) instead of fetching the same file.
//
// Keys: "<prefix>:robots:<origin>" (the answer as JSON, expiring with it)
// and "<prefix>:robots-lock:<origin>" (the fetch lock).
package redisrobots

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/robots"
)

// Options configure the storage. The zero value is usable.
type Options struct {
	// Prefix starts every key; "" means "newshound".
	Prefix string
	// Wait is how long Load waits for another process that is fetching
	// the same robots.txt before it fetches it too. 0 means 10s; a
	// negative value means it never waits.
	Wait time.Duration
	// Poll is how often a waiting Load looks for the answer. 0 means 50ms.
	Poll time.Duration
}

// Storage is the robots.Storage on a Redis client. Safe for concurrent use.
type Storage struct {
	rdb  redis.UniversalClient
	opts Options
}

var _ robots.Storage = (*Storage)(nil)

// New returns the storage on rdb (which it does not close).
func New(rdb redis.UniversalClient, opts Options) *Storage {
	if opts.Prefix == "" {
		opts.Prefix = "newshound"
	}
	if opts.Wait == 0 {
		opts.Wait = 10 * time.Second
	}
	if opts.Poll <= 0 {
		opts.Poll = 50 * time.Millisecond
	}
	return &Storage{rdb: rdb, opts: opts}
}

func (s *Storage) key(origin string) string  { return s.opts.Prefix + ":robots:" + origin }
func (s *Storage) lock(origin string) string { return s.opts.Prefix + ":robots-lock:" + origin }

// Load returns origin's answer. When there is none, the first caller (of
// any process) gets ok false and should fetch; the others wait for the
// answer it Stores, up to Options.Wait, then get ok false too.
func (s *Storage) Load(ctx context.Context, origin string) (robots.Answer, bool, error) {
	deadline := time.Now().Add(max(s.opts.Wait, 0))
	for {
		a, ok, err := s.get(ctx, origin)
		if ok || err != nil || s.opts.Wait < 0 {
			return a, ok, err
		}
		// The lock outlives a fetch that died with its process by Wait.
		won, err := s.rdb.SetNX(ctx, s.lock(origin), 1, s.opts.Wait).Result()
		if err != nil {
			return robots.Answer{}, false, fmt.Errorf("redisrobots: lock %s: %w", origin, err)
		}
		if won {
			// Another process may have stored it since we looked.
			if a, ok, err := s.get(ctx, origin); ok || err != nil {
				s.rdb.Del(ctx, s.lock(origin))
				return a, ok, err
			}
			return robots.Answer{}, false, nil
		}
		if !time.Now().Before(deadline) {
			return robots.Answer{}, false, nil
		}
		t := time.NewTimer(s.opts.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return robots.Answer{}, false, ctx.Err()
		case <-t.C:
		}
	}
}

func (s *Storage) get(ctx context.Context, origin string) (robots.Answer, bool, error) {
	b, err := s.rdb.Get(ctx, s.key(origin)).Bytes()
	if errors.Is(err, redis.Nil) {
		return robots.Answer{}, false, nil
	}
	if err != nil {
		return robots.Answer{}, false, fmt.Errorf("redisrobots: load %s: %w", origin, err)
	}
	var a robots.Answer
	if err := json.Unmarshal(b, &a); err != nil {
		return robots.Answer{}, false, fmt.Errorf("redisrobots: load %s: %w", origin, err)
	}
	return a, true, nil
}

// Store keeps a until a.Expires and releases the fetch lock.
func (s *Storage) Store(ctx context.Context, origin string, a robots.Answer) error {
	ttl := time.Until(a.Expires)
	if ttl <= 0 {
		return nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("redisrobots: store %s: %w", origin, err)
	}
	pipe := s.rdb.TxPipeline()
	pipe.Set(ctx, s.key(origin), b, ttl)
	pipe.Del(ctx, s.lock(origin))
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redisrobots: store %s: %w", origin, err)
	}
	return nil
}
