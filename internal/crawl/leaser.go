package crawl

import (
	"context"
	"time"

	"github.com/newshound/newshound/internal/frontier"
)

// leaser leases URLs from the frontier in a goroutine of its own. A lease
// is a trip through the store's writer, queued behind the saves waiting
// there; the dispatcher used to wait for it and meanwhile left the slots
// freed by finished requests empty (in a 20,000-page crawl it spent close
// to half its time in Next). Now it asks, goes on starting the URLs it
// holds, and takes the leases when they come. One request is outstanding
// at a time, so the per-host slots it was computed with are not counted
// twice. Owned by the dispatcher goroutine except for the goroutine
// started by startLeaser.
type leaser struct {
	reqs    chan leaseRequest
	results chan leaseResult
	pending bool         // a request is outstanding
	got     *leaseResult // a result received by the dispatcher's select, not yet taken
}

// leaseRequest is one call of frontier.Next.
type leaseRequest struct {
	now   time.Time
	want  int
	slots map[string]int
	def   int
}

// leaseResult is what that call returned.
type leaseResult struct {
	leases []frontier.Lease
	err    error
}

// startLeaser starts the goroutine that calls f.Next with ctx; stop ends
// it.
func startLeaser(ctx context.Context, f frontier.Frontier) *leaser {
	l := &leaser{reqs: make(chan leaseRequest), results: make(chan leaseResult, 1)}
	go func() {
		for r := range l.reqs {
			leases, err := f.Next(ctx, r.now, r.want, r.slots, r.def)
			l.results <- leaseResult{leases, err} // buffered: never blocks
		}
	}()
	return l
}

// ask sends a request; there must be none outstanding.
func (l *leaser) ask(r leaseRequest) {
	l.pending = true
	l.reqs <- r
}

// received records a result the dispatcher's select took from results.
func (l *leaser) received(r leaseResult) { l.got = &r }

// poll returns the outstanding request's result if it has come.
func (l *leaser) poll() (leaseResult, bool) {
	if l.got == nil {
		if !l.pending {
			return leaseResult{}, false
		}
		select {
		case r := <-l.results:
			l.got = &r
		default:
			return leaseResult{}, false
		}
	}
	r := *l.got
	l.got, l.pending = nil, false
	return r, true
}

// wait returns the outstanding request's result, waiting for it; false
// when there is none.
func (l *leaser) wait() (leaseResult, bool) {
	if l.pending && l.got == nil {
		r := <-l.results
		l.got = &r
	}
	return l.poll()
}

// stop ends the goroutine once its current call returns.
func (l *leaser) stop() { close(l.reqs) }
