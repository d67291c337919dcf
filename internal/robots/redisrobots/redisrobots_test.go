package redisrobots_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/robots/redisrobots"
)

// TestWorkersFetchOnce: eight caches (eight worker processes) sharing one
// Redis fetch a site's robots.txt once, and all apply its rules; once the
// answer expires it is fetched again.
func TestWorkersFetchOnce(t *testing.T) {
	u := clustertest.StartRedis(t)
	o, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(o)
	defer rdb.Close()
	var fetches atomic.Int32
	fetcher := robots.FetcherFunc(func(ctx context.Context, url string) (int, []byte, error) {
		fetches.Add(1)
		time.Sleep(50 * time.Millisecond) // the others arrive meanwhile
		return 200, []byte("User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"), nil
	})
	newCache := func() *robots.Cache {
		return robots.New(fetcher, robots.Options{Expiry: 2 * time.Second, Storage: redisrobots.New(rdb, redisrobots.Options{})})
	}
	check := func(round int) {
		var wg sync.WaitGroup
		for range 8 {
			c := newCache()
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				if ok, err := c.Allowed(ctx, "https://news.example/private/x", "newshound"); ok || err != nil {
					t.Errorf("round %d: /private/ allowed=%v err=%v, want disallowed", round, ok, err)
				}
				if ok, _ := c.Allowed(ctx, "https://news.example/a", "newshound"); !ok {
					t.Errorf("round %d: /a disallowed", round)
				}
				if d := c.CrawlDelay(ctx, "https://news.example", "newshound"); d != 3*time.Second {
					t.Errorf("round %d: crawl-delay %v, want 3s", round, d)
				}
			}()
		}
		wg.Wait()
	}
	check(1)
	if n := fetches.Load(); n != 1 {
		t.Errorf("8 workers fetched robots.txt %d times, want 1", n)
	}
	if ttl := rdb.PTTL(context.Background(), "newshound:robots:https://news.example").Val(); ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("stored answer expires in %v, want within the 2s expiry", ttl)
	}
	time.Sleep(2100 * time.Millisecond)
	check(2)
	if n := fetches.Load(); n != 2 {
		t.Errorf("after expiry: %d fetches in all, want 2", n)
	}
}

// TestUnreachableShared: a 503 is shared too (every worker keeps off the
// site), for the shorter retry expiry.
func TestUnreachableShared(t *testing.T) {
	u := clustertest.StartRedis(t)
	o, _ := redis.ParseURL(u)
	rdb := redis.NewClient(o)
	defer rdb.Close()
	var fetches atomic.Int32
	fetcher := robots.FetcherFunc(func(ctx context.Context, url string) (int, []byte, error) {
		fetches.Add(1)
		return 503, nil, nil
	})
	opts := robots.Options{RetryAfter: time.Minute, Storage: redisrobots.New(rdb, redisrobots.Options{})}
	for i := range 3 {
		err := robots.New(fetcher, opts).Check(context.Background(), "https://down.example/a", "newshound")
		if err == nil {
			t.Errorf("worker %d: allowed on a 503 robots.txt", i)
		}
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
}
