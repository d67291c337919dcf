package crawl

import (
	"sort"
	"sync"
	"time"
)

// Stats counts what a crawl did; safe for concurrent use.
type Stats struct {
	mu    sync.Mutex
	start time.Time
	s     Snapshot
}

// Snapshot is a copy of a crawl's counters at one moment.
type Snapshot struct {
	// Fetched counts responses received (any status).
	Fetched int `json:"fetched"`
	// Articles counts articles stored as new.
	Articles int `json:"articles"`
	// Duplicates counts articles stored as duplicates of earlier ones.
	Duplicates int `json:"duplicates"`
	// Existing counts articles whose key was already stored.
	Existing int `json:"existing"`
	// NotArticles counts pages followed for links but not stored.
	NotArticles int `json:"not_articles"`
	// NotModified counts conditional GETs answered 304 Not Modified.
	NotModified int `json:"not_modified"`
	// Retries counts fetches scheduled to be tried again.
	Retries int `json:"retries"`
	// Failed and Skipped count URLs by final reason.
	Failed  map[string]int `json:"failed"`
	Skipped map[string]int `json:"skipped"`
	// Bytes is the total of response bodies received.
	Bytes int64 `json:"bytes"`
	// Elapsed is the time since the crawl started.
	Elapsed time.Duration `json:"elapsed_ns"`
}

func newStats() Stats {
	return Stats{start: time.Now(), s: Snapshot{Failed: map[string]int{}, Skipped: map[string]int{}}}
}

func (s *Stats) update(f func(*Snapshot)) {
	s.mu.Lock()
	f(&s.s)
	s.mu.Unlock()
}

func (s *Stats) snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.s
	out.Failed = copyMap(s.s.Failed)
	out.Skipped = copyMap(s.s.Skipped)
	out.Elapsed = time.Since(s.start)
	return out
}

func copyMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Reasons returns the keys of m sorted by count, largest first.
func Reasons(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
