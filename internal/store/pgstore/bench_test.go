package pgstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/store/pgstore"
)

// BenchmarkSave saves distinct 500-word articles from 16 goroutines (the
// crawler's concurrency), as the SQLite store's BenchmarkSave does (without
// its discovered links: this store does not keep the frontier), and
// reports articles per second.
func BenchmarkSave(b *testing.B) {
	for _, c := range []struct {
		writers int
		wait    time.Duration
	}{{1, 0}, {4, 0}, {4, 2 * time.Millisecond}} {
		b.Run(fmt.Sprintf("writers=%d/batchwait=%v", c.writers, c.wait), func(b *testing.B) {
			s := open(b, newDB(b), pgstore.Options{Writers: c.writers, BatchWait: c.wait})
			ctx := context.Background()
			texts := make([]string, 64)
			hashes := make([]uint64, 64)
			for i := range texts {
				texts[i] = text(uint64(i)+100, 500)
				hashes[i] = simhash(texts[i])
			}
			var n atomic.Int64
			b.SetParallelism(8) // 8 × GOMAXPROCS(2) = 16 goroutines
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					r := result(fmt.Sprintf("https://h%d.example/news/%d", i%50, i), "")
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
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
		})
	}
}
