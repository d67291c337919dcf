// Package batch gathers queued writes into batches for the store backends'
// writer goroutines (SQLite, PostgreSQL): one transaction commits many
// writes, which is where a store's throughput comes from. Fill gathers a
// batch; a Slot embedded in each write tracks whether the writer took it
// or its caller gave up, and carries the outcome back; Commit runs a batch
// and, when it fails, each write alone.
package batch

import "time"

// Fill appends to batch the values waiting on ops, up to max in all,
// waiting up to wait for more when none is ready (0: take only what is
// already queued). It returns the batch and false once ops is closed and
// drained.
func Fill[T any](ops <-chan T, batch []T, max int, wait time.Duration) ([]T, bool) {
	var timer <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timer = t.C
	}
	for len(batch) < max {
		select {
		case o, ok := <-ops:
			if !ok {
				return batch, false
			}
			batch = append(batch, o)
			continue
		default:
		}
		if timer == nil {
			return batch, true
		}
		select {
		case o, ok := <-ops:
			if !ok {
				return batch, false
			}
			batch = append(batch, o)
		case <-timer:
			return batch, true
		}
	}
	return batch, true
}
