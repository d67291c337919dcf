package testsite

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestFaults(t *testing.T) {
	s := New(Options{Faults: true, BigBytes: 300 << 10, BombBytes: 16 << 20, StallFor: 5 * time.Second})
	srv := httptest.NewServer(s)
	defer srv.Close()
	// No automatic decompression and no redirect following: the raw
	// responses are what is checked.
	noFollow := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	fetch := func(t *testing.T, c *http.Client, path string) (*http.Response, []byte, error) {
		t.Helper()
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}
	expected := map[string]ExpectedArticle{}
	for _, a := range s.ExpectedArticles() {
		if a.Via == ViaFaults {
			expected[a.Path] = a
		}
	}
	if len(expected) != 6 {
		t.Fatalf("%d fault articles, want 6", len(expected))
	}
	checkArticle := func(t *testing.T, path string, body []byte) {
		t.Helper()
		a, ok := expected[path]
		if !ok {
			t.Fatalf("%s is not an expected fault article", path)
		}
		if !bytes.Contains(body, []byte("<h1>"+a.Title+"</h1>")) || !bytes.Contains(body, []byte(`og:type" content="article"`)) {
			t.Errorf("%s: not the article %q", path, a.Title)
		}
	}

	urls := s.FaultURLs()
	home := get(t, s, "/faults/").Body.String()
	for p := range urls {
		if !strings.Contains(home, `href="`+p+`"`) {
			t.Errorf("/faults/ does not link %s", p)
		}
	}
	checked := map[string]bool{}
	check := func(path, outcome string, f func(t *testing.T)) {
		checked[path] = true
		if urls[path] != outcome {
			t.Errorf("FaultURLs()[%s] = %q, want %q", path, urls[path], outcome)
		}
		t.Run(strings.TrimPrefix(path, "/faults/"), f)
	}

	for _, code := range []int{500, 404, 410} {
		path := "/faults/" + strconv.Itoa(code) + ".html"
		check(path, "failed: http "+strconv.Itoa(code), func(t *testing.T) {
			for range 2 {
				resp, _, err := fetch(t, noFollow, path)
				if err != nil || resp.StatusCode != code {
					t.Fatalf("got %v %v, want %d", resp, err, code)
				}
			}
		})
	}
	for _, code := range []int{503, 429} {
		path := "/faults/" + strconv.Itoa(code) + "-once.html"
		check(path, OutcomeDoneRetry, func(t *testing.T) {
			resp, _, err := fetch(t, noFollow, path)
			if err != nil || resp.StatusCode != code || resp.Header.Get("Retry-After") != "1" {
				t.Fatalf("first: %v %v, want %d with Retry-After: 1", resp, err, code)
			}
			resp, body, err := fetch(t, noFollow, path)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("second: %v %v", resp, err)
			}
			checkArticle(t, path, body)
		})
	}
	check("/faults/redirect-1.html", OutcomeDoneRedirects, func(t *testing.T) {
		path, hops := "/faults/redirect-1.html", 0
		for ; hops < 5; hops++ {
			resp, _, err := fetch(t, noFollow, path)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode == 200 {
				break
			}
			path = resp.Header.Get("Location")
		}
		if hops != 3 || path != "/faults/redirected-article.html" {
			t.Fatalf("%d hops to %s", hops, path)
		}
		resp, body, err := fetch(t, http.DefaultClient, "/faults/redirect-1.html")
		if err != nil || resp.Request.URL.Path != path {
			t.Fatalf("%v %v", resp, err)
		}
		checkArticle(t, path, body)
	})
	check("/faults/loop-a.html", OutcomeRedirectLoop, func(t *testing.T) {
		_, _, err := fetch(t, http.DefaultClient, "/faults/loop-a.html")
		if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
			t.Fatalf("err %v, want a redirect loop", err)
		}
	})
	for _, path := range []string{"/faults/big-length.html", "/faults/big-chunked.html"} {
		check(path, OutcomeTooLarge, func(t *testing.T) {
			resp, body, err := fetch(t, noFollow, path)
			if err != nil || len(body) != 300<<10 {
				t.Fatalf("%d bytes, %v", len(body), err)
			}
			if withLength := strings.Contains(path, "length"); (resp.ContentLength == int64(len(body))) != withLength {
				t.Errorf("ContentLength %d", resp.ContentLength)
			}
			if !bytes.HasSuffix(body, []byte("</html>\n")) {
				t.Errorf("page not closed")
			}
		})
	}
	check("/faults/gzip-bomb.html", OutcomeTooLarge, func(t *testing.T) {
		resp, body, err := fetch(t, noFollow, "/faults/gzip-bomb.html")
		if err != nil || resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength != int64(len(body)) {
			t.Fatalf("%v %v", resp, err)
		}
		if len(body) > 200<<10 {
			t.Errorf("compressed body is %d bytes", len(body))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, zr)
		if err != nil || n < 16<<20 || n > 17<<20 {
			t.Errorf("decompressed %d bytes, %v", n, err)
		}
	})
	check("/faults/deep-nesting.html", OutcomeDone, func(t *testing.T) {
		_, body, err := fetch(t, noFollow, "/faults/deep-nesting.html")
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(body, []byte(`<div class="wrap">`)); n != faultDepth {
			t.Errorf("%d nested divs", n)
		}
		checkArticle(t, "/faults/deep-nesting.html", body)
	})
	for path, ctype := range map[string]string{"/faults/report.pdf": "application/pdf", "/faults/photo.png": "image/png"} {
		check(path, OutcomeNotHTML, func(t *testing.T) {
			resp, body, err := fetch(t, noFollow, path)
			if err != nil || resp.Header.Get("Content-Type") != ctype || http.DetectContentType(body) != ctype {
				t.Fatalf("%v %v, sniffed %s", resp, err, http.DetectContentType(body))
			}
		})
	}
	check("/faults/stall.html", OutcomeStalled, func(t *testing.T) {
		c := &http.Client{Timeout: 300 * time.Millisecond}
		_, body, err := fetch(t, c, "/faults/stall.html")
		if err == nil || len(body) == 0 {
			t.Fatalf("%d bytes, err %v: want some bytes, then a timeout", len(body), err)
		}
	})
	check("/faults/short-body.html", OutcomeShortBody, func(t *testing.T) {
		resp, body, err := fetch(t, noFollow, "/faults/short-body.html")
		if !errors.Is(err, io.ErrUnexpectedEOF) || resp.ContentLength != int64(3*len(body)) {
			t.Fatalf("%d of %d bytes, err %v", len(body), resp.ContentLength, err)
		}
	})
	check("/faults/reset.html", OutcomeConnectionReset, func(t *testing.T) {
		_, body, err := fetch(t, noFollow, "/faults/reset.html")
		if err == nil || !strings.Contains(err.Error(), "reset") {
			t.Fatalf("%d bytes, err %v: want a connection reset", len(body), err)
		}
	})
	check("/faults/late-charset.html", OutcomeDone, func(t *testing.T) {
		resp, body, err := fetch(t, noFollow, "/faults/late-charset.html")
		if err != nil || resp.Header.Get("Content-Type") != "text/html" {
			t.Fatalf("%v %v", resp, err)
		}
		if i := bytes.Index(body, []byte(`<meta charset="windows-1252">`)); i < 1024 {
			t.Errorf("meta charset at %d, want after 1024", i)
		}
		if utf8.Valid(body) {
			t.Errorf("body is valid UTF-8")
		}
		dec, _ := charmap.Windows1252.NewDecoder().Bytes(body)
		checkArticle(t, "/faults/late-charset.html", dec)
	})
	check("/faults/wrong-charset.html", OutcomeDone, func(t *testing.T) {
		resp, body, err := fetch(t, noFollow, "/faults/wrong-charset.html")
		if err != nil || resp.Header.Get("Content-Type") != "text/html; charset=iso-8859-1" {
			t.Fatalf("%v %v", resp, err)
		}
		if !utf8.Valid(body) || bytes.Contains(body, []byte("<meta charset")) {
			t.Errorf("want UTF-8 bytes and no <meta charset>")
		}
		checkArticle(t, "/faults/wrong-charset.html", body)
	})
	for p := range urls {
		if !checked[p] {
			t.Errorf("fault %s not tested", p)
		}
	}
}

// TestStallReleases checks the stall handler returns when its client goes
// away, and that closing the server leaves no goroutine behind.
func TestStallReleases(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New(Options{Faults: true}) // StallFor 1 minute: only the client can end it
	srv := httptest.NewServer(s)
	tr := &http.Transport{}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/faults/stall.html", nil)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		t.Fatal(err)
	}
	if n := s.stalling.Load(); n != 1 {
		t.Fatalf("%d stalling handlers, want 1", n)
	}
	cancel()
	resp.Body.Close()
	waitFor(t, func() bool { return s.stalling.Load() == 0 }, "stall handler to return")
	tr.CloseIdleConnections()
	srv.Close()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before }, "goroutines to end")
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("timed out waiting for %s; goroutines:\n%s", what, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestStallClose checks Site.Close ends a stall whose client keeps
// waiting, so that the test server's Close does not block.
func TestStallClose(t *testing.T) {
	s := New(Options{Faults: true})
	srv := httptest.NewServer(s)
	resp, err := http.Get(srv.URL + "/faults/stall.html")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	waitFor(t, func() bool { return s.stalling.Load() == 1 }, "stall handler to start")
	s.Close()
	waitFor(t, func() bool { return s.stalling.Load() == 0 }, "stall handler to return")
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Errorf("body after Close: %v", err)
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("server Close took %v", d)
	}
}
