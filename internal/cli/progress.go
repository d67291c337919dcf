package cli

import (
	"fmt"
	"io"
	"time"
)

// progress draws a one-line progress report on a terminal, at most a few
// times a second. On anything but a terminal it draws nothing.
type progress struct {
	w        io.Writer
	on       bool
	total    int
	n        int
	failed   int
	start    time.Time
	lastDraw time.Time
}

func newProgress(env Env, mode string, total int) *progress {
	on := mode == "always" || (mode == "auto" && env.terminal(env.Stderr))
	return &progress{w: env.Stderr, on: on, total: total, start: time.Now()}
}

func (p *progress) add(n, failed int) {
	p.n += n
	p.failed = failed
	if !p.on || time.Since(p.lastDraw) < 150*time.Millisecond {
		return
	}
	p.draw()
}

func (p *progress) draw() {
	p.lastDraw = time.Now()
	rate := float64(p.n) / time.Since(p.start).Seconds()
	pct := 0.0
	if p.total > 0 {
		pct = 100 * float64(p.n) / float64(p.total)
	}
	fmt.Fprintf(p.w, "\r%d/%d pages (%.0f%%), %d failed, %.1f pages/s   ", p.n, p.total, pct, p.failed, rate)
}

func (p *progress) done() {
	if p.on {
		p.draw()
		fmt.Fprintln(p.w)
	}
}
