package batch

import (
	"testing"
	"time"
)

func TestFill(t *testing.T) {
	ops := make(chan int, 10)
	for i := range 5 {
		ops <- i
	}
	b, open := Fill(ops, nil, 3, 0)
	if len(b) != 3 || !open {
		t.Errorf("capped fill = %v, %v", b, open)
	}
	b, open = Fill(ops, b[:0], 10, 0)
	if len(b) != 2 || !open {
		t.Errorf("fill of what is queued = %v, %v", b, open)
	}
	go func() { time.Sleep(5 * time.Millisecond); ops <- 9 }()
	b, open = Fill(ops, b[:0], 10, time.Second)
	if len(b) != 1 || b[0] != 9 || !open {
		t.Errorf("fill waiting = %v, %v", b, open)
	}
	start := time.Now()
	b, _ = Fill(ops, b[:0], 10, 20*time.Millisecond)
	if len(b) != 0 || time.Since(start) < 15*time.Millisecond {
		t.Errorf("empty fill = %v after %v", b, time.Since(start))
	}
	ops <- 1
	close(ops)
	b, open = Fill(ops, b[:0], 10, time.Second)
	if len(b) != 1 || open {
		t.Errorf("fill of a closed queue = %v, %v", b, open)
	}
}
