package server_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/server"
	"github.com/newshound/newshound/internal/store"
)

// fixedNow is the injected clock of the tests.
func fixedNow() time.Time { return time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC) }

// openStore opens a store in a fresh file under t.TempDir and closes it at
// the end of the test.
func openStore(t *testing.T) *store.SQLite {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "news.db"), store.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// newServer starts the server over st (a fresh store when nil) with opts
// and returns its base URL.
func newServer(t *testing.T, st *store.SQLite, opts server.Options) (*server.Server, string) {
	t.Helper()
	if st == nil {
		st = openStore(t)
	}
	opts.Store = st
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	s, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts.URL
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches u and returns the response and its body.
func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// postPage posts a multipart form with the url field and, when file is
// not nil, the file field.
func postPage(t *testing.T, client *http.Client, u, pageURL, fileName string, file []byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("url", pageURL)
	if file != nil {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	resp, err := client.Post(u, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// postForm posts url-encoded fields.
func postForm(t *testing.T, u string, fields map[string]string) (*http.Response, string) {
	t.Helper()
	var parts []string
	for k, v := range fields {
		parts = append(parts, k+"="+url.QueryEscape(v))
	}
	resp, err := noRedirects.Post(u, "application/x-www-form-urlencoded", strings.NewReader(strings.Join(parts, "&")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// goldenPage reads a golden page (gzip-compressed, as stored).
func goldenPage(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pages", name, "page.html.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
