package testsite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler, not a recorder.
type discard struct {
	h http.Header
	n int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// BenchmarkHandler serves the article pages of a 20,000-article site
// in-process on all cores: the handler's own cost.
func BenchmarkHandler(b *testing.B) {
	s := New(Options{Articles: 20000})
	exp := s.ExpectedArticles()
	var next atomic.Int64
	var bytes atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &discard{h: http.Header{}}
		req := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
		for pb.Next() {
			i := next.Add(1)
			req.URL.Path = exp[int(i)%len(exp)].Path
			clear(w.h)
			s.ServeHTTP(w, req)
		}
		bytes.Add(int64(w.n))
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(bytes.Load())/float64(b.N), "B/page")
}

// BenchmarkServer fetches the article pages of a 20,000-article site over
// loopback HTTP/1.1 with 16 clients in flight: what a crawler sees.
func BenchmarkServer(b *testing.B) {
	s := New(Options{Articles: 20000})
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	exp := s.ExpectedArticles()
	var next atomic.Int64
	b.SetParallelism(8) // 8 × GOMAXPROCS goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			resp, err := client.Get(srv.URL + exp[int(i)%len(exp)].Path)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
