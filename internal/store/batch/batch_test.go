package batch

import (
	"context"
	"errors"
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

type write struct {
	Slot
	bad bool
}

func TestCommit(t *testing.T) {
	ws := make([]*write, 4)
	for i := range ws {
		ws[i] = &write{bad: i == 2}
		ws[i].Init()
	}
	// The caller of ws[3] gave up before the writer took it.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ws[3].Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned wait = %v", err)
	}
	var runs [][]*write
	Commit(ws, func(b []*write) error {
		runs = append(runs, b)
		for _, w := range b {
			if w.bad {
				return errors.New("bad write")
			}
		}
		return nil
	})
	// One batch of the three live writes fails, then each runs alone.
	if len(runs) != 4 || len(runs[0]) != 3 {
		t.Fatalf("runs = %d (first of %d writes), want 1 batch of 3 then 3 alone", len(runs), len(runs[0]))
	}
	for i, w := range ws[:3] {
		err := w.Wait(context.Background())
		if (err != nil) != w.bad {
			t.Errorf("write %d: err = %v", i, err)
		}
	}
}
