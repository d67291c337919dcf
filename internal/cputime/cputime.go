// Package cputime reads the CPU time the process has used, for benchmarks
// that report CPU per operation next to wall time (this machine is shared
// and noisy; CPU time is the steadier figure). It is imported by tests
// only.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Process returns the CPU time (user + system) the process has used.
func Process(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
