package frontier_test

import (
	"testing"

	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/store"
)

// BenchmarkNext runs the backends' shared lease benchmark
// (frontiertest.BenchmarkNext) on the SQLite frontier.
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
			frontiertest.BenchmarkNext(b, f, c.hosts, c.busy, c.max)
		})
	}
}
