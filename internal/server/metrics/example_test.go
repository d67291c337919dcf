package metrics_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/server/metrics"
)

// A scheduler running crawls in the same process as the server feeds the
// server's registry: each crawl's counters by job name, and the latency of
// every fetch through an instrumented transport.
func ExampleRegistry() {
	m := metrics.New()
	m.Track("nightly", func() crawl.Snapshot { // e.g. crawler.Stats
		return crawl.Snapshot{Fetched: 120, Articles: 80, Failed: map[string]int{"http 503": 2}}
	})
	// The crawl's fetch client would be built on this transport.
	_ = fetch.TransportOptions{Base: m.InstrumentTransport("nightly", http.DefaultTransport)}
	m.ObserveFetch("nightly", 200, 150*time.Millisecond)

	fams, _ := m.Prometheus().Gather()
	for _, f := range fams {
		fmt.Println(f.GetName())
	}
	// Output:
	// newshound_crawl_articles_total
	// newshound_crawl_bytes_total
	// newshound_crawl_errors_total
	// newshound_fetch_duration_seconds
	// newshound_fetches_total
	// newshound_pages_fetched_total
}
