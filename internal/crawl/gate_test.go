package crawl

import (
	"testing"
	"time"
)

func TestGateSlotsAhead(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	g := newGate(4, 0)
	g.acquire("busy.example", now)
	g.acquire("busy.example", now)
	g.acquire("paused.example", now)
	g.pause("paused.example", now.Add(time.Minute))
	g.setCrawlDelay("slow.example", time.Second)
	g.acquire("slow.example", now)
	g.release("slow.example")

	slots, def := g.slots(now, false)
	want := map[string]int{"busy.example": 2, "paused.example": 0, "slow.example": 0}
	for h, n := range want {
		if slots[h] != n {
			t.Errorf("slots[%s] = %d, want %d", h, slots[h], n)
		}
	}
	if def != 4 {
		t.Errorf("default = %d, want 4", def)
	}

	// Ahead: a host without delay may lease two more rounds; a paused
	// host or one whose starts are spaced may not.
	slots, def = g.slots(now, true)
	want = map[string]int{"busy.example": 10, "paused.example": 0, "slow.example": 0}
	for h, n := range want {
		if slots[h] != n {
			t.Errorf("ahead: slots[%s] = %d, want %d", h, slots[h], n)
		}
	}
	if def != 12 {
		t.Errorf("ahead: default = %d, want 12", def)
	}
	// With a delay between starts nothing is leased ahead.
	if _, def := newGate(4, time.Second).slots(now, true); def != 1 {
		t.Errorf("delayed gate: default = %d, want 1", def)
	}
}
