package fetch

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Retryable reports whether a failed fetch is worth retrying later:
// timeouts, connection resets and refusals, stalled bodies, 5xx and 429
// responses. 4xx other than 408 and 429, oversized bodies and redirect
// loops are final.
func Retryable(status int, err error) bool {
	if err != nil {
		switch {
		case errors.Is(err, ErrTooLarge), errors.Is(err, ErrRedirectLoop), errors.Is(err, context.Canceled):
			return false
		case errors.Is(err, ErrStalled):
			return true
		}
		var ne net.Error
		if errors.As(err, &ne) {
			return true
		}
		var dns *net.DNSError
		if errors.As(err, &dns) {
			return dns.IsTemporary || dns.IsTimeout
		}
		// Resets, EOFs and refused connections surface as *net.OpError or
		// plain errors wrapping syscall errors: retry them.
		return true
	}
	return status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500
}

// Backoff returns when attempt number attempt (1 for the first retry)
// should run: exponential from base (1s when zero) doubling per attempt,
// capped at max (10 min when zero), with ±25% jitter; a Retry-After header
// (seconds or an HTTP date) wins when it asks for longer, up to max.
func Backoff(now time.Time, attempt int, retryAfter string, base, max time.Duration) time.Time {
	if base <= 0 {
		base = time.Second
	}
	if max <= 0 {
		max = 10 * time.Minute
	}
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = time.Duration(float64(d) * (0.75 + rand.Float64()/2))
	if ra := ParseRetryAfter(retryAfter, now); ra > d {
		d = ra
	}
	if d > max {
		d = max
	}
	return now.Add(d)
}

// ParseRetryAfter reads a Retry-After header value (delay seconds or an
// HTTP date) as a duration from now; 0 when absent or malformed.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
