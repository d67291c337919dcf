package fetch

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ErrStalled is returned when a body stops arriving for longer than
// Options.StallTimeout or arrives slower than Options.MinRate.
var ErrStalled = errors.New("fetch: transfer stalled or too slow")

// OriginalContentTypeHeader carries the server's Content-Type when
// TransportOptions.HideCharset moved it aside (see there).
const OriginalContentTypeHeader = "X-Newshound-Content-Type"

// TransportOptions configure NewTransport. The zero value is usable.
type TransportOptions struct {
	// ConnectTimeout bounds dialing and the TLS handshake. 0 means 10s.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers. 0 means 15s.
	HeaderTimeout time.Duration
	// MaxBytes is the largest decompressed body; a larger one fails with
	// ErrTooLarge while reading (never a silent truncation). 0 means 10 MiB.
	MaxBytes int64
	// StallTimeout fails a body that delivers no byte for this long.
	// 0 means 20s.
	StallTimeout time.Duration
	// MinRate is the minimum average transfer rate in bytes/second,
	// enforced after the first 10 seconds of a body. 0 means 1,000 B/s;
	// negative disables it.
	MinRate int64
	// MaxConnsPerHost caps open connections to one host. 0 means 16.
	MaxConnsPerHost int
	// HideCharset removes the charset parameter from the Content-Type the
	// caller sees (keeping the original in OriginalContentTypeHeader).
	// colly re-encodes bodies by that parameter before its callbacks run;
	// newshound decides the charset itself, from the bytes as served.
	HideCharset bool
	// Base is the transport underneath (tests). nil means one built from
	// the options above.
	Base http.RoundTripper
	// Wrap, when not nil, wraps the transport underneath (Base or the
	// built one), e.g. to time requests for metrics.
	Wrap func(http.RoundTripper) http.RoundTripper
}

// NewTransport returns an http.RoundTripper that decompresses gzip and
// deflate bodies itself, under the same size cap as plain ones, and fails
// bodies that exceed the cap, stall, or crawl below the minimum rate.
func NewTransport(o TransportOptions) http.RoundTripper {
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.HeaderTimeout == 0 {
		o.HeaderTimeout = 15 * time.Second
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 10 << 20
	}
	if o.StallTimeout == 0 {
		o.StallTimeout = 20 * time.Second
	}
	if o.MinRate == 0 {
		o.MinRate = 1000
	}
	if o.MaxConnsPerHost == 0 {
		o.MaxConnsPerHost = 16
	}
	base := o.Base
	if base == nil {
		base = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   o.ConnectTimeout,
			ResponseHeaderTimeout: o.HeaderTimeout,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   o.MaxConnsPerHost,
			MaxConnsPerHost:       o.MaxConnsPerHost,
			IdleConnTimeout:       90 * time.Second,
			// We ask for and decode compression ourselves, under our cap.
			DisableCompression: true,
		}
	}
	if o.Wrap != nil {
		base = o.Wrap(base)
	}
	return &transport{o: o, base: base}
}

type transport struct {
	o    TransportOptions
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip, deflate")
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.o.MaxBytes && resp.Header.Get("Content-Encoding") == "" {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: content-length %d over %d", ErrTooLarge, resp.ContentLength, t.o.MaxBytes)
	}
	raw := newWatchedBody(resp.Body, t.o.StallTimeout, t.o.MinRate)
	var body io.ReadCloser = raw
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip", "x-gzip":
		body = &lazyDecoder{src: raw, open: func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) }}
	case "deflate":
		body = &lazyDecoder{src: raw, open: func(r io.Reader) (io.ReadCloser, error) { return flate.NewReader(r), nil }}
	}
	if body != io.ReadCloser(raw) {
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		resp.Uncompressed = true
	}
	resp.Body = &cappedBody{r: body, closer: raw, max: t.o.MaxBytes}
	if t.o.HideCharset {
		if ct := resp.Header.Get("Content-Type"); strings.Contains(strings.ToLower(ct), "charset") {
			resp.Header.Set(OriginalContentTypeHeader, ct)
			resp.Header.Set("Content-Type", strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
	}
	return resp, nil
}

// cappedBody fails, rather than truncates, a body longer than max.
type cappedBody struct {
	r      io.ReadCloser
	closer io.Closer
	max    int64
	n      int64
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.n > c.max {
		return 0, fmt.Errorf("%w: over %d bytes", ErrTooLarge, c.max)
	}
	if int64(len(p)) > c.max-c.n+1 {
		p = p[:c.max-c.n+1]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		return n, fmt.Errorf("%w: over %d bytes", ErrTooLarge, c.max)
	}
	return n, err
}

func (c *cappedBody) Close() error {
	c.r.Close()
	return c.closer.Close()
}

// lazyDecoder opens its decompressor on the first Read, so that a broken
// stream shows up as a read error rather than a transport failure.
type lazyDecoder struct {
	src  io.Reader
	open func(io.Reader) (io.ReadCloser, error)
	dec  io.ReadCloser
}

func (l *lazyDecoder) Read(p []byte) (int, error) {
	if l.dec == nil {
		d, err := l.open(l.src)
		if err != nil {
			return 0, fmt.Errorf("decompress: %w", err)
		}
		l.dec = d
	}
	return l.dec.Read(p)
}

func (l *lazyDecoder) Close() error {
	if l.dec != nil {
		return l.dec.Close()
	}
	return nil
}

// watchedBody closes a body that stalls or is too slow, turning the
// blocked Read into ErrStalled.
type watchedBody struct {
	body    io.ReadCloser
	minRate int64
	start   time.Time
	timer   *time.Timer
	stall   time.Duration

	mu      sync.Mutex
	n       int64
	tripped error
}

func newWatchedBody(body io.ReadCloser, stall time.Duration, minRate int64) *watchedBody {
	w := &watchedBody{body: body, minRate: minRate, start: time.Now(), stall: stall}
	w.timer = time.AfterFunc(stall, func() { w.trip(fmt.Errorf("%w: no data for %v", ErrStalled, stall)) })
	return w
}

func (w *watchedBody) trip(err error) {
	w.mu.Lock()
	if w.tripped == nil {
		w.tripped = err
	}
	w.mu.Unlock()
	w.body.Close()
}

func (w *watchedBody) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	w.mu.Lock()
	w.n += int64(n)
	tripped, total := w.tripped, w.n
	w.mu.Unlock()
	if tripped != nil {
		return n, tripped
	}
	if n > 0 {
		w.timer.Reset(w.stall)
	}
	if elapsed := time.Since(w.start); w.minRate > 0 && elapsed > 10*time.Second && err == nil {
		if rate := float64(total) / elapsed.Seconds(); rate < float64(w.minRate) {
			w.trip(fmt.Errorf("%w: %.0f B/s below %d B/s", ErrStalled, rate, w.minRate))
			return n, w.tripped
		}
	}
	return n, err
}

func (w *watchedBody) Close() error {
	w.timer.Stop()
	return w.body.Close()
}
