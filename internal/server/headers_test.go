package server_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/server"
)

// TestSecurityHeaders: every page carries the strict CSP and friends, and
// none has inline scripts or styles (which that CSP would block anyway).
func TestSecurityHeaders(t *testing.T) {
	st := openStore(t)
	seed(t, st)
	_, base := newServer(t, st, server.Options{})
	for _, p := range []string{"/", "/debug", "/articles", "/articles?q=storm", "/articles/1", "/articles/999", "/healthz", "/metrics", "/static/style.css", "/nowhere"} {
		t.Run(p, func(t *testing.T) {
			resp, body := get(t, base+p)
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") || strings.Contains(csp, "script-src") {
				t.Errorf("CSP %q allows scripts or inline code", csp)
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				for _, bad := range []string{"<script", " style=", "<style"} {
					if strings.Contains(body, bad) {
						t.Errorf("page has %q", bad)
					}
				}
			}
		})
	}
	if resp, _ := get(t, base+"/static/style.css"); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet served as %q", resp.Header.Get("Content-Type"))
	}
}

// TestUploadLimits: an upload over MaxUpload is refused with 413, plain or
// gzip-compressed (a small .gz that inflates past the cap), and a request
// body over the limit is refused before it is read.
func TestUploadLimits(t *testing.T) {
	_, base := newServer(t, nil, server.Options{MaxUpload: 64 << 10})
	big := bytes.Repeat([]byte("<p>words words words</p>\n"), 8<<10) // 200 KiB
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(big)
	zw.Close()
	if gz.Len() > 64<<10 {
		t.Fatalf("compressed test page too big: %d", gz.Len())
	}
	for _, c := range []struct {
		name, path string
		file       []byte
	}{
		{"debugger, plain", "/debug", big},
		{"api, plain", "/api/extract", big},
		{"api, gzip bomb", "/api/extract", gz.Bytes()},
		{"debugger, gzip bomb", "/debug", gz.Bytes()},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := postPage(t, noRedirects, base+c.path, "", "page.html", c.file)
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("status %d, want 413: %.200s", resp.StatusCode, body)
			}
		})
	}
	t.Run("under the limit", func(t *testing.T) {
		small := []byte("<html><body><article><p>" + strings.Repeat("A short page with a paragraph. ", 20) + "</p></article></body></html>")
		if resp, body := postPage(t, noRedirects, base+"/api/extract", "", "p.html", small); resp.StatusCode != 200 {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
}

// TestRequestChecks: cross-site POSTs (CSRF) and, on a loopback server,
// foreign Host headers (DNS rebinding) are refused.
func TestRequestChecks(t *testing.T) {
	_, base := newServer(t, nil, server.Options{})
	req, _ := http.NewRequest("POST", base+"/api/extract", strings.NewReader("url=https://example.org/"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", resp.StatusCode)
	}

	req, _ = http.NewRequest("GET", base+"/articles", nil)
	req.Host = "attacker.example"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host: status %d, want 403", resp.StatusCode)
	}
	req.Host = "localhost:8080"
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("Host localhost: status %d", resp.StatusCode)
	}
}
