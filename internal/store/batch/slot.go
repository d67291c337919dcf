package batch

import (
	"context"
	"sync/atomic"
)

// The states of a Slot.
const (
	waiting int32 = iota
	taken
	abandoned
)

// Slot is embedded in a queued write: it records whether the writer took
// it or its caller gave up first, and carries the write's outcome back.
// Call Init before queueing it.
type Slot struct {
	state atomic.Int32
	done  chan error // buffered: the writer never blocks on it
}

// Init readies s for one write.
func (s *Slot) Init() { s.done = make(chan error, 1) }

// BatchSlot returns s: the method through which Commit reaches the Slot
// embedded in a write.
func (s *Slot) BatchSlot() *Slot { return s }

// Wait returns the write's outcome. If ctx ends before a writer took the
// write, the write is dropped and ctx.Err() returned; once taken, it runs
// to completion (a statement interrupted halfway would fail its whole
// batch) and Wait returns its outcome.
func (s *Slot) Wait(ctx context.Context) error {
	select {
	case err := <-s.done:
		return err
	case <-ctx.Done():
		if s.state.CompareAndSwap(waiting, abandoned) {
			return ctx.Err()
		}
		return <-s.done
	}
}

// Take marks the write as taken by the writer and reports whether its
// caller still waits for it (false: the caller gave up; drop the write).
// A writer that takes writes one at a time calls Take, then Done.
func (s *Slot) Take() bool { return s.state.CompareAndSwap(waiting, taken) }

// Done answers a taken write with its outcome. Call it once.
func (s *Slot) Done(err error) { s.done <- err }

// Commit runs the writes of pending that their callers still wait for in
// one transaction (run), and answers each; if that fails, it runs each in
// a transaction of its own, so that one bad write fails alone.
func Commit[T interface{ BatchSlot() *Slot }](pending []T, run func([]T) error) {
	live := pending[:0:0]
	for _, w := range pending {
		if w.BatchSlot().Take() {
			live = append(live, w)
		}
	}
	if len(live) == 0 {
		return
	}
	err := run(live)
	if err == nil || len(live) == 1 {
		for _, w := range live {
			w.BatchSlot().Done(err)
		}
		return
	}
	for _, w := range live {
		w.BatchSlot().Done(run([]T{w}))
	}
}
