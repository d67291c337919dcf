package frontier_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// fill queues n URLs spread over hosts hosts, in Adds of 1000.
func fill(b testing.TB, f *frontier.SQLite, n, hosts int) {
	b.Helper()
	ctx := context.Background()
	batch := make([]frontier.Entry, 0, 1000)
	for i := range n {
		batch = append(batch, entry(fmt.Sprintf("h%d.example", i%hosts), i, i%4))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := f.Add(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkNext leases max URLs at a time from a queue of 100,000 URLs
// (put back by Recover, untimed, when it runs dry), at most 2 per host
// (the crawler's default host parallelism). "busy" marks all but one of
// the hosts busy, the case where a scan of the queue would be slow.
func BenchmarkNext(b *testing.B) {
	for _, c := range []struct {
		name  string
		hosts int
		busy  bool
		max   int
	}{
		{"hosts=1/max=16", 1, false, 16},
		{"hosts=8/max=16", 8, false, 16},
		{"hosts=50/max=16", 50, false, 16},
		{"hosts=50/busy=49/max=16", 50, true, 16},
		{"hosts=50/max=1", 50, false, 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			f, _ := open(b, store.Options{PerHost: 2, MaxAttempts: -1})
			fill(b, f, 100_000, c.hosts)
			busy := map[string]int{}
			if c.busy {
				for h := 1; h < c.hosts; h++ {
					busy[fmt.Sprintf("h%d.example", h)] = 0
				}
			}
			ctx := context.Background()
			cpu := cpuTime(b)
			b.ResetTimer()
			for b.Loop() {
				ls, err := f.Next(ctx, t0, c.max, busy, 2)
				if err != nil {
					b.Fatal(err)
				}
				if len(ls) == 0 { // all leased: put them back
					b.StopTimer()
					if _, err := f.Recover(ctx); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
