package redisfrontier_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
)

// BenchmarkNext runs the backends' shared lease benchmark
// (frontiertest.BenchmarkNext) on one client over a Unix socket.
func BenchmarkNext(b *testing.B) {
	for _, c := range []struct {
		name  string
		hosts int
		busy  bool
		max   int
	}{
		{"hosts=1/max=16", 1, false, 16},
		{"hosts=50/max=16", 50, false, 16},
		{"hosts=50/busy=49/max=16", 50, true, 16},
		{"hosts=50/max=1", 50, false, 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := open(b, redisfrontier.Options{PerHost: 2, MaxAttempts: -1})
			frontiertest.BenchmarkNext(b, f, c.hosts, c.busy, c.max)
		})
	}
}

// BenchmarkRoundTrip is one URL's life per op: Add (a discovered link),
// Next, Finish, from 1 or 8 goroutines over 50 hosts.
func BenchmarkRoundTrip(b *testing.B) {
	for _, par := range []int{1, 8} {
		b.Run(fmt.Sprintf("goroutines=%d", par), func(b *testing.B) {
			f := open(b, redisfrontier.Options{})
			ctx := context.Background()
			b.SetParallelism(par)
			var seq atomicCounter
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.next()
					if _, err := f.Add(ctx, []frontier.Entry{entry(fmt.Sprintf("h%d.example", i%50), i, 0)}); err != nil {
						b.Fatal(err)
					}
					ls, err := f.Next(ctx, t0, 1, nil, 1<<20)
					if err != nil {
						b.Fatal(err)
					}
					for _, l := range ls {
						if err := f.Finish(ctx, l.URL, frontier.Outcome{Status: 200}); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		})
	}
}

// BenchmarkSeenSetMemory adds b.N URLs (run with -benchtime=1000000x) and
// reports the seen set's memory per URL (MEMORY USAGE of its shards).
func BenchmarkSeenSetMemory(b *testing.B) {
	u := startRedis(b)
	f := connect(b, u, redisfrontier.Options{})
	frontiertest.Fill(b, f, b.N, 50)
	b.StopTimer()
	ctx := context.Background()
	opt, _ := redis.ParseURL(u)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	var total int64
	iter := rdb.Scan(ctx, 0, "newshound:{_}:seen:*", 1000).Iterator()
	keys := 0
	for iter.Next(ctx) {
		n, err := rdb.MemoryUsage(ctx, iter.Val(), 0).Result()
		if err != nil {
			b.Fatal(err)
		}
		total += n
		keys++
	}
	if err := iter.Err(); err != nil {
		b.Fatal(err)
	}
	info, _ := rdb.Info(ctx, "memory").Result()
	for _, l := range strings.Split(info, "\n") {
		if strings.HasPrefix(l, "used_memory:") {
			b.Logf("%d URLs, %d shards, %s", b.N, keys, strings.TrimSpace(l))
		}
	}
	b.ReportMetric(float64(total)/float64(b.N), "seen-bytes/url")
}
