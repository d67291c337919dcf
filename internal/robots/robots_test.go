package robots

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// httpFetcher fetches with net/http, reading whole bodies (the Cache must
// cope with a body longer than it parses).
func httpFetcher(client *http.Client) Fetcher {
	return FetcherFunc(func(ctx context.Context, u string) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return 0, nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	})
}

// site serves a robots.txt from handler and counts its fetches.
type site struct {
	srv     *httptest.Server
	fetches atomic.Int32
}

func newSite(t *testing.T, handler func(w http.ResponseWriter, r *http.Request)) *site {
	t.Helper()
	s := &site{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		s.fetches.Add(1)
		handler(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func serve(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestCacheStatus(t *testing.T) {
	const rules = "User-agent: *\nDisallow: /private\n"
	big := strings.Repeat("# padding padding padding padding padding padding\n", 2<<20/50)
	tests := []struct {
		name    string
		handler func(http.ResponseWriter, *http.Request)
		path    string
		wantErr error // nil: allowed
		hits    int32 // server hits; 0 means 1
	}{
		{"200 allowed path", serve(200, rules), "/public", nil, 0},
		{"200 disallowed path", serve(200, rules), "/private/x", ErrDisallowed, 0},
		{"404 allows all", serve(404, rules), "/private/x", nil, 0},
		{"410 allows all", serve(410, ""), "/private", nil, 0},
		{"401 allows all", serve(401, ""), "/private", nil, 0},
		{"403 allows all", serve(403, ""), "/private", nil, 0},
		{"429 disallows all", serve(429, ""), "/public", ErrUnreachable, 0},
		{"500 disallows all", serve(500, rules), "/public", ErrUnreachable, 0},
		{"503 disallows all", serve(503, ""), "/public", ErrUnreachable, 0},
		{"html body allows all", serve(200, "<!doctype html>\n<html><head><title>Not found</title></head><body>Disallow: /</body></html>"), "/private", nil, 0},
		{"garbage allows all", serve(200, "\x89PNG\r\n\x1a\n\x00\x00binary"), "/private", nil, 0},
		{"2 MB body: rules in the first 500 KiB apply", serve(200, rules+big+"Disallow: /public\n"), "/private/x", ErrDisallowed, 0},
		{"2 MB body: rules past 500 KiB ignored", serve(200, rules+big+"Disallow: /public\n"), "/public", nil, 0},
		{"redirect to robots elsewhere", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("r") == "" {
				http.Redirect(w, r, "/robots.txt?r=1", http.StatusMovedPermanently)
				return
			}
			io.WriteString(w, rules)
		}, "/private", ErrDisallowed, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, tt.handler)
			c := New(httpFetcher(s.srv.Client()), Options{})
			err := c.Check(context.Background(), s.srv.URL+tt.path, ua)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Check(%s) = %v, want %v", tt.path, err, tt.wantErr)
			}
			ok, err := c.Allowed(context.Background(), s.srv.URL+tt.path, ua)
			if err != nil || ok != (tt.wantErr == nil) {
				t.Errorf("Allowed = %v, %v", ok, err)
			}
			if n := s.fetches.Load(); n != max(tt.hits, 1) {
				t.Errorf("robots.txt fetched %d times, want %d", n, max(tt.hits, 1))
			}
		})
	}
}

func TestCacheNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	client := srv.Client()
	srv.Close() // connection refused from now on
	c := New(httpFetcher(client), Options{})
	err := c.Check(context.Background(), addr+"/a", ua)
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("Check on a closed server = %v, want ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), "robots.txt") {
		t.Errorf("error does not name the file: %v", err)
	}
}

func TestCacheExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	var status atomic.Int32
	status.Store(200)
	s := newSite(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(int(status.Load()))
		io.WriteString(w, "User-agent: *\nDisallow: /private\n")
	})
	c := New(httpFetcher(s.srv.Client()), Options{Now: clock, Expiry: time.Hour, RetryAfter: time.Minute})
	ctx := context.Background()
	check := func(path string) error { return c.Check(ctx, s.srv.URL+path, ua) }

	if err := check("/private"); !errors.Is(err, ErrDisallowed) {
		t.Fatalf("first check: %v", err)
	}
	check("/a")
	advance(59 * time.Minute)
	check("/b")
	if n := s.fetches.Load(); n != 1 {
		t.Fatalf("fetched %d times within the expiry, want 1", n)
	}
	// Expired, and the server now fails: the good copy stays in force.
	status.Store(503)
	advance(2 * time.Minute)
	if err := check("/private"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("stale copy not used while unreachable: %v", err)
	}
	if err := check("/public"); err != nil {
		t.Errorf("stale copy not used while unreachable: %v", err)
	}
	if n := s.fetches.Load(); n != 2 {
		t.Fatalf("fetched %d times, want 2", n)
	}
	// The unreachable answer expires after RetryAfter, not Expiry.
	advance(61 * time.Second)
	check("/public")
	if n := s.fetches.Load(); n != 3 {
		t.Fatalf("fetched %d times after RetryAfter, want 3", n)
	}

	// A site never seen that fails: disallowed until it comes back.
	var down atomic.Bool
	down.Store(true)
	s2 := newSite(t, func(w http.ResponseWriter, _ *http.Request) {
		if down.Load() {
			w.WriteHeader(500)
			return
		}
		io.WriteString(w, "User-agent: *\nDisallow:\n")
	})
	if err := c.Check(ctx, s2.srv.URL+"/a", ua); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("5xx site: %v", err)
	}
	down.Store(false)
	if err := c.Check(ctx, s2.srv.URL+"/a", ua); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("5xx answer not cached until RetryAfter: %v", err)
	}
	advance(61 * time.Second)
	if err := c.Check(ctx, s2.srv.URL+"/a", ua); err != nil {
		t.Fatalf("site back: %v", err)
	}
}

func TestCacheConcurrentCallersShareOneFetch(t *testing.T) {
	release := make(chan struct{})
	s := newSite(t, func(w http.ResponseWriter, _ *http.Request) {
		<-release
		io.WriteString(w, "User-agent: *\nDisallow: /private\n")
	})
	c := New(httpFetcher(s.srv.Client()), Options{})
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			path := "/public"
			if i%2 == 1 {
				path = "/private"
			}
			errs[i] = c.Check(context.Background(), s.srv.URL+path, ua)
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	for i, err := range errs {
		if (i%2 == 1) != errors.Is(err, ErrDisallowed) {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if got := s.fetches.Load(); got != 1 {
		t.Errorf("robots.txt fetched %d times by %d concurrent callers, want 1", got, n)
	}
}

func TestCacheCallerCancel(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := New(httpFetcher(s.srv.Client()), Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.Check(ctx, s.srv.URL+"/a", ua)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Check with an expired context = %v", err)
	}
	if errors.Is(err, ErrUnreachable) || errors.Is(err, ErrDisallowed) {
		t.Fatalf("a cancelled caller must not be told the site is unreachable: %v", err)
	}
}

func TestCacheCrawlDelayAndSitemaps(t *testing.T) {
	s := newSite(t, serve(200, "User-agent: *\nCrawl-delay: 2\n\nUser-agent: newshound\nCrawl-delay: 5\n\nUser-agent: slowbot\nCrawl-delay: 3600\n\nSitemap: /sitemap_index.xml\nSitemap: https://cdn.example.com/news.xml.gz\n"))
	c := New(httpFetcher(s.srv.Client()), Options{MaxCrawlDelay: time.Minute})
	ctx := context.Background()
	if d := c.CrawlDelay(ctx, s.srv.URL, ua); d != 5*time.Second {
		t.Errorf("CrawlDelay(newshound) = %v, want 5s", d)
	}
	if d := c.CrawlDelay(ctx, s.srv.URL+"/any/page", "otherbot/1.0"); d != 2*time.Second {
		t.Errorf("CrawlDelay(otherbot) = %v, want 2s", d)
	}
	if d := c.CrawlDelay(ctx, s.srv.URL, "slowbot"); d != time.Minute {
		t.Errorf("CrawlDelay(slowbot) = %v, want the 1m cap", d)
	}
	got := c.Sitemaps(ctx, s.srv.URL)
	want := []string{s.srv.URL + "/sitemap_index.xml", "https://cdn.example.com/news.xml.gz"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Sitemaps = %q, want %q", got, want)
	}
	if n := s.fetches.Load(); n != 1 {
		t.Errorf("fetched %d times, want 1", n)
	}
	// Unreachable: no delay, no sitemaps, no panic.
	dead := New(FetcherFunc(func(context.Context, string) (int, []byte, error) { return 503, nil, nil }), Options{})
	if d, sm := dead.CrawlDelay(ctx, "example.com", ua), dead.Sitemaps(ctx, "example.com"); d != 0 || sm != nil {
		t.Errorf("unreachable: %v %q", d, sm)
	}
}

func TestCacheOrigins(t *testing.T) {
	var got []string
	var mu sync.Mutex
	c := New(FetcherFunc(func(_ context.Context, u string) (int, []byte, error) {
		mu.Lock()
		got = append(got, u)
		mu.Unlock()
		return 404, nil, nil
	}), Options{})
	ctx := context.Background()
	for _, u := range []string{
		"https://Example.com/a", "https://example.com:443/b", "http://example.com/c",
		"http://example.com:8080/d", "https://[::1]/e", "https://[::1]:8443/f",
	} {
		if err := c.Check(ctx, u, ua); err != nil {
			t.Errorf("Check(%s): %v", u, err)
		}
	}
	want := "https://example.com/robots.txt http://example.com/robots.txt http://example.com:8080/robots.txt https://[::1]/robots.txt https://[::1]:8443/robots.txt"
	if strings.Join(got, " ") != want {
		t.Errorf("fetched\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	for _, bad := range []string{"mailto:a@b.c", "/relative", "https://", "::"} {
		if err := c.Check(ctx, bad, ua); err == nil || errors.Is(err, ErrDisallowed) {
			t.Errorf("Check(%q) = %v, want an invalid-URL error", bad, err)
		}
	}
}

func TestCacheEviction(t *testing.T) {
	c := New(FetcherFunc(func(context.Context, string) (int, []byte, error) { return 404, nil, nil }), Options{MaxOrigins: 10})
	for i := range 100 {
		c.Check(context.Background(), "https://h"+strings.Repeat("x", i)+".example/", ua)
	}
	c.mu.Lock()
	n := len(c.entries)
	c.mu.Unlock()
	if n > 10 {
		t.Errorf("%d origins cached, bound 10", n)
	}
}
