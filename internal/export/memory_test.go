package export

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
)

// corpus returns n generated articles of about 3 KB of text each, all
// different; callers cycle through them with fresh ids.
func corpus(n int) []*Record {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the storm hit coast town council said on monday that residents should stay indoors while winds of one hundred kilometres per hour swept across region météo française reported record rainfall 雨 嵐 مرحبا")
	recs := make([]*Record, n)
	for i := range recs {
		var b strings.Builder
		for b.Len() < 3000 {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(40) == 0 {
				b.WriteString(".\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		pub := time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600)).Add(time.Duration(rng.IntN(1e6)) * time.Minute)
		site := fmt.Sprintf("www.site%d.example", i%20)
		recs[i] = &Record{
			ID: int64(i + 1),
			Article: extractors.Article{
				URL:          fmt.Sprintf("https://%s/news/%d", site, i),
				CanonicalURL: fmt.Sprintf("https://%s/news/%d", site, i),
				SiteName:     "Site " + site,
				Title:        "Storm hits coast, number " + fmt.Sprint(i),
				Authors:      []string{"Jane Doe", "Ali Ben"},
				Published:    &pub,
				Language:     "en",
				Description:  "Winds of 100 km/h swept the coast.",
				Section:      "World",
				Breadcrumbs:  []extractors.Crumb{{Name: "Home", URL: "https://" + site + "/"}, {Name: "World", URL: "https://" + site + "/world"}},
				Tags:         []string{"weather", "storm"},
				Image:        fmt.Sprintf("https://%s/i/%d.jpg", site, i),
				Text:         b.String(),
				WordCount:    500,
				ContentHash:  fmt.Sprintf("%064x", i),
			},
			Site:      site,
			FetchedAt: pub.Add(time.Hour),
			Job:       "daily",
		}
	}
	return recs
}

// memStats are one writer's costs over a run.
type memStats struct {
	allocsPerRecord float64
	bytesPerRecord  float64
	peakLive        uint64 // highest live heap sampled during the run
	sys             uint64 // memory obtained from the OS by the end
}

// measure writes n records (cycling through pool) to io.Discard.
func measure(t testing.TB, newW newWriterFunc, pool []*Record, n int) memStats {
	t.Helper()
	runtime.GC()
	var before, now runtime.MemStats
	runtime.ReadMemStats(&before)
	w, err := newW(io.Discard, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var peak uint64
	for i := range n {
		r := pool[i%len(pool)]
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if i%2500 == 2498 { // same phases of the 10,000-row Parquet row group in every run
			runtime.GC() // HeapAlloc right after two GCs is the live heap,
			runtime.GC() // sync.Pool caches dropped
			runtime.ReadMemStats(&now)
			peak = max(peak, now.HeapAlloc)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&now)
	return memStats{
		allocsPerRecord: float64(now.Mallocs-before.Mallocs) / float64(n),
		bytesPerRecord:  float64(now.TotalAlloc-before.TotalAlloc) / float64(n),
		peakLive:        peak,
		sys:             now.Sys,
	}
}

// TestMemoryFlat writes 10,000 and then 100,000 records through each
// writer and checks that allocations per record and peak heap do not grow
// with the count.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 440,000 records")
	}
	if raceEnabled {
		t.Skip("the race detector disables sync.Pool: allocation counts mean nothing")
	}
	pool := corpus(500)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			small := measure(t, f.new, pool, 10_000)
			large := measure(t, f.new, pool, 100_000)
			t.Logf("%-7s 10k: %5.1f allocs %6.0f B per record, peak live heap %5.1f MiB; 100k: %5.1f allocs %6.0f B per record, peak live heap %5.1f MiB (Go runtime holds %5.1f MiB from the OS)",
				f.name, small.allocsPerRecord, small.bytesPerRecord, mib(small.peakLive),
				large.allocsPerRecord, large.bytesPerRecord, mib(large.peakLive), mib(large.sys))
			if large.allocsPerRecord > small.allocsPerRecord*1.1+1 {
				t.Errorf("allocations per record grow: %.1f at 10k, %.1f at 100k", small.allocsPerRecord, large.allocsPerRecord)
			}
			if large.peakLive > small.peakLive*5/4+4<<20 {
				t.Errorf("peak live heap grows: %.1f MiB at 10k, %.1f MiB at 100k", mib(small.peakLive), mib(large.peakLive))
			}
		})
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// BenchmarkWrite measures each writer on generated 3 KB articles into
// io.Discard: go test ./internal/export -bench Write -benchmem.
func BenchmarkWrite(b *testing.B) {
	pool := corpus(500)
	for _, f := range formats {
		b.Run(f.name, func(b *testing.B) {
			w, err := f.new(io.Discard, Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := w.Write(pool[i%len(pool)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
