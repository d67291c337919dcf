package frontiertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/newshound/newshound/internal/cputime"
	"github.com/newshound/newshound/internal/frontier"
)

// Fill queues n URLs spread over hosts hosts (h0.example, h1.example,
// ...), in Adds of 1000.
func Fill(tb testing.TB, f frontier.Frontier, n, hosts int) {
	tb.Helper()
	ctx := context.Background()
	batch := make([]frontier.Entry, 0, 1000)
	for i := range n {
		batch = append(batch, Entry(fmt.Sprintf("h%d.example", i%hosts), i, i%4))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := f.Add(ctx, batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkNext leases max URLs at a time from a queue of 100,000 URLs
// over hosts hosts (released, untimed, when it runs dry), at most 2 per
// host (the crawler's default host parallelism); busy marks all hosts but
// one busy, the case where a scan of the queue would be slow. f must be a
// new, empty frontier. It reports the CPU time per lease call.
func BenchmarkNext(b *testing.B, f frontier.Frontier, hosts int, busy bool, max int) {
	Fill(b, f, 100_000, hosts)
	slots := map[string]int{}
	if busy {
		for h := 1; h < hosts; h++ {
			slots[fmt.Sprintf("h%d.example", h)] = 0
		}
	}
	ctx := context.Background()
	var leased []string
	cpu := cputime.Process(b)
	b.ResetTimer()
	for b.Loop() {
		ls, err := f.Next(ctx, T0, max, slots, 2)
		if err != nil {
			b.Fatal(err)
		}
		leased = append(leased, URLs(ls)...)
		if len(ls) == 0 { // all leased: put them back
			b.StopTimer()
			if err := f.Release(ctx, leased); err != nil {
				b.Fatal(err)
			}
			leased = leased[:0]
			b.StartTimer()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cputime.Process(b)-cpu)/float64(b.N), "cpu-ns/op")
}
