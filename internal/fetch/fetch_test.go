package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestClientFaults(t *testing.T) {
	bomb := gzipped(t, bytes.Repeat([]byte("a"), 50<<20)) // 50 MiB of 'a' in ~50 KiB
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<p>caf\xe9</p>"))
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipped(t, []byte("<p>compressed</p>")))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/big-cl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		w.Write(bytes.Repeat([]byte("x"), 5000))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 10; i++ {
			w.Write(bytes.Repeat([]byte("x"), 500))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte("only a little"))
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("start"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := New(Options{Transport: TransportOptions{MaxBytes: 4096, StallTimeout: 300 * time.Millisecond, HideCharset: true}})
	ctx := context.Background()

	resp, err := c.Get(ctx, srv.URL+"/ok")
	if err != nil || resp.Status != 200 || resp.ContentType() != "text/html; charset=iso-8859-1" || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("ok: err=%v ct=%q hidden=%q", err, resp.ContentType(), resp.Header.Get("Content-Type"))
	}
	if resp, err := c.Get(ctx, srv.URL+"/gzip"); err != nil || string(resp.Body) != "<p>compressed</p>" {
		t.Errorf("gzip: err=%v body=%q", err, resp.Body)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{"/bomb", ErrTooLarge},
		{"/big-cl", ErrTooLarge},
		{"/big-chunked", ErrTooLarge},
		{"/stall", ErrStalled},
		{"/loop", ErrRedirectLoop},
	} {
		start := time.Now()
		_, err := c.Get(ctx, srv.URL+tc.path)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.path, err, tc.want)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s took %v", tc.path, time.Since(start))
		}
	}
	for _, path := range []string{"/short", "/reset"} {
		_, err := c.Get(ctx, srv.URL+path)
		if err == nil {
			t.Errorf("%s: want an error", path)
		} else if !Retryable(0, err) {
			t.Errorf("%s: %v should be retryable", path, err)
		}
	}
	if _, err := c.Get(ctx, "http://127.0.0.1:1/refused"); err == nil || !Retryable(0, err) {
		t.Errorf("refused: err = %v, want a retryable error", err)
	}
}

func TestRetryPolicy(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		status int
		err    error
		want   bool
	}{
		{503, nil, true}, {429, nil, true}, {500, nil, true}, {408, nil, true},
		{404, nil, false}, {410, nil, false}, {200, nil, false},
		{0, ErrTooLarge, false}, {0, ErrRedirectLoop, false}, {0, ErrStalled, true},
	} {
		if got := Retryable(tc.status, tc.err); got != tc.want {
			t.Errorf("Retryable(%d, %v) = %v", tc.status, tc.err, got)
		}
	}
	if d := ParseRetryAfter("120", now); d != 2*time.Minute {
		t.Errorf("Retry-After seconds = %v", d)
	}
	if d := ParseRetryAfter(now.Add(time.Hour).Format(http.TimeFormat), now); d != time.Hour {
		t.Errorf("Retry-After date = %v", d)
	}
	if d := ParseRetryAfter("soon", now); d != 0 {
		t.Errorf("bad Retry-After = %v", d)
	}
	for attempt := 1; attempt <= 20; attempt++ {
		at := Backoff(now, attempt, "", time.Second, time.Minute)
		if d := at.Sub(now); d < 750*time.Millisecond || d > time.Minute {
			t.Errorf("attempt %d: backoff %v out of bounds", attempt, d)
		}
	}
	if at := Backoff(now, 1, "30", time.Second, time.Hour); at.Sub(now) != 30*time.Second {
		t.Errorf("Retry-After should win: %v", at.Sub(now))
	}
	if strings.Contains(DefaultUserAgent, " ") == false {
		t.Errorf("user agent should name a contact: %q", DefaultUserAgent)
	}
}
