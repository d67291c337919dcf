package crawl

import (
	"sync"
	"time"
)

// gate enforces per-host politeness across all of a crawl's fetchers: at
// most parallelism requests in flight per host, request starts at least
// delay apart (a robots.txt Crawl-delay larger than the configured delay
// wins), and pauses after 429/503 responses that ask for one.
type gate struct {
	mu          sync.Mutex
	parallelism int
	delay       time.Duration
	hosts       map[string]*hostState
}

type hostState struct {
	exhausted   bool // the host's page budget is spent
	inflight    int
	nextStart   time.Time
	pausedUntil time.Time
	crawlDelay  time.Duration
}

func newGate(parallelism int, delay time.Duration) *gate {
	return &gate{parallelism: parallelism, delay: delay, hosts: make(map[string]*hostState)}
}

func (g *gate) host(h string) *hostState {
	s := g.hosts[h]
	if s == nil {
		s = &hostState{}
		g.hosts[h] = s
	}
	return s
}

// setCrawlDelay records a host's robots.txt Crawl-delay.
func (g *gate) setCrawlDelay(h string, d time.Duration) {
	g.mu.Lock()
	g.host(h).crawlDelay = d
	g.mu.Unlock()
}

// slots returns, for every host known to the gate, how many more requests
// may start at now (0 for a busy host); hosts not in the map may start
// defaultSlots. With ahead, a host without a delay between starts (and
// not paused) gets twice its parallelism more: the URLs to fetch when its
// requests in flight end, leased before they end so that the next
// request starts without waiting for the frontier, and in batches of a
// round or more (see leaseAhead).
func (g *gate) slots(now time.Time, ahead bool) (perHost map[string]int, defaultSlots int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	perHost = make(map[string]int, len(g.hosts))
	for h, s := range g.hosts {
		n := g.free(s, now)
		if ahead && g.effectiveDelay(s) == 0 && !s.exhausted && !now.Before(s.pausedUntil) {
			n += leaseAhead * g.parallelism
		}
		perHost[h] = n
	}
	defaultSlots = g.slotsPerStart(g.delay)
	if ahead && g.delay == 0 {
		defaultSlots += leaseAhead * g.parallelism
	}
	return perHost, defaultSlots
}

// leaseAhead is how many rounds of requests slots lets the crawler lease
// ahead for a host without a delay. One round made every lease small (a
// slot or two freed since the last one) and the leases many: 12,000 for
// a 22,000-page crawl. With two the dispatcher leases a round at a time.
const leaseAhead = 2

func (g *gate) free(s *hostState, now time.Time) int {
	if s.exhausted || now.Before(s.pausedUntil) || now.Before(s.nextStart) {
		return 0
	}
	n := g.parallelism - s.inflight
	if n < 0 {
		n = 0
	}
	if lim := g.slotsPerStart(g.effectiveDelay(s)); n > lim {
		n = lim
	}
	return n
}

// slotsPerStart is how many requests may start together: one when starts
// must be spaced, the whole parallelism otherwise.
func (g *gate) slotsPerStart(delay time.Duration) int {
	if delay > 0 {
		return 1
	}
	return g.parallelism
}

func (g *gate) effectiveDelay(s *hostState) time.Duration {
	if s.crawlDelay > g.delay {
		return s.crawlDelay
	}
	return g.delay
}

// canStart reports whether a request to h may start at now.
func (g *gate) canStart(h string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.hosts[h]
	if s == nil {
		return g.parallelism > 0
	}
	return g.free(s, now) > 0
}

// acquire records a request start to h at now.
func (g *gate) acquire(h string, now time.Time) {
	g.mu.Lock()
	s := g.host(h)
	s.inflight++
	s.nextStart = now.Add(g.effectiveDelay(s))
	g.mu.Unlock()
}

// release records the end of a request to h.
func (g *gate) release(h string) {
	g.mu.Lock()
	if s := g.hosts[h]; s != nil && s.inflight > 0 {
		s.inflight--
	}
	g.mu.Unlock()
}

// exhaust stops all further requests to h (its page budget is spent).
func (g *gate) exhaust(h string) {
	g.mu.Lock()
	g.host(h).exhausted = true
	g.mu.Unlock()
}

// pause stops new requests to h until t.
func (g *gate) pause(h string, t time.Time) {
	g.mu.Lock()
	if s := g.host(h); t.After(s.pausedUntil) {
		s.pausedUntil = t
	}
	g.mu.Unlock()
}

// nextOpening returns the earliest time after now at which a currently
// blocked host may start again; zero when no host is waiting on time.
func (g *gate) nextOpening(now time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	var next time.Time
	for _, s := range g.hosts {
		for _, t := range [...]time.Time{s.nextStart, s.pausedUntil} {
			if t.After(now) && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return next
}
