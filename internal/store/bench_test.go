package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/cputime"
	"github.com/newshound/newshound/internal/store"
)

// BenchmarkSave saves distinct 500-word articles from 16 goroutines (the
// crawler's concurrency), each with 20 discovered links (about half new),
// and reports writes per second and CPU per Save (the whole process: the
// callers' encoding and the writer's SQLite work).
func BenchmarkSave(b *testing.B) {
	for _, wait := range []time.Duration{0, 2 * time.Millisecond} {
		b.Run(fmt.Sprintf("batchwait=%v", wait), func(b *testing.B) {
			s := open(b, store.Options{BatchWait: wait})
			ctx := context.Background()
			// Pre-built texts: the benchmark measures the store, not the generator.
			texts := make([]string, 64)
			hashes := make([]uint64, 64)
			for i := range texts {
				texts[i] = text(uint64(i)+100, 500)
				hashes[i] = simhash(texts[i])
			}
			const nlinks = 20
			var n atomic.Int64
			b.SetParallelism(8) // 8 × GOMAXPROCS(2) = 16 goroutines
			cpu := cputime.Process(b)
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					u := fmt.Sprintf("https://h%d.example/news/%d", i%50, i)
					var links []string
					for k := range nlinks {
						links = append(links, fmt.Sprintf("https://h%d.example/news/%d", i%50, i/2+int64(k)))
					}
					// Distinct texts: vary one word so hashes differ.
					r := result(u, "", links...)
					r.Article.Text = fmt.Sprintf("story%d %s", i, texts[i%64])
					r.Article.WordCount = 501
					r.Article.ContentHash = contentHash(r.Article.Text)
					r.SimHash = hashes[i%64] ^ uint64(i)<<20 // keep SimHashes apart: no duplicates
					if _, err := s.Save(ctx, r); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			el := time.Since(start)
			b.ReportMetric(float64(b.N)/el.Seconds(), "saves/s")
			b.ReportMetric(float64(cputime.Process(b)-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
