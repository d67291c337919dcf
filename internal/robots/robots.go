// Package robots answers "may this crawler fetch this URL?" from each
// site's robots.txt, per RFC 9309, with a per-origin cache. It does not
// fetch by itself: the caller hands it a Fetcher (newshound's fetch client
// in production, anything in tests). It does not enforce delays either: it
// reports a site's Crawl-delay and the crawler's politeness gate applies it.
//
// Files: robots.go holds the Cache (expiry, shared fetches, the status code
// rules); parse.go parses robots.txt and matches paths (Rules); storage.go
// the Storage that shares answers between processes (redisrobots is one).
//
// Status codes follow RFC 9309 section 2.3.1: 2xx is parsed (the first
// 500 KiB; an HTML page or garbage allows everything), a 3xx left over by
// the fetcher and 4xx allow everything, 429, 5xx and network errors
// disallow everything until a shorter retry expiry, except that a good copy
// fetched earlier stays in force while the file is unreachable (section
// 2.4).
package robots

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// ErrDisallowed is returned by Check for a URL that robots.txt disallows.
var ErrDisallowed = errors.New("robots: disallowed")

// ErrUnreachable is returned by Check while a site's robots.txt cannot be
// fetched (429, 5xx, network error): the URL must not be fetched now, but
// may be once robots.txt is back. Retry after Options.RetryAfter.
var ErrUnreachable = errors.New("robots: robots.txt unreachable")

// Fetcher gets a robots.txt file. It follows redirects (RFC 9309 asks for
// at least five). status is the final HTTP status; err is non-nil only when
// there is no response at all (DNS, refused, reset, timeout). body may be
// cut at any size of at least Options.MaxBytes: the Cache parses only the
// first MaxBytes, so a fetcher should truncate a long file rather than fail.
type Fetcher interface {
	Get(ctx context.Context, url string) (status int, body []byte, err error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, url string) (int, []byte, error)

// Get calls f.
func (f FetcherFunc) Get(ctx context.Context, url string) (int, []byte, error) {
	return f(ctx, url)
}

// Options configure a Cache. The zero value is ready to use.
type Options struct {
	// Expiry is how long a fetched robots.txt (or a 4xx answer) is used
	// before it is fetched again. 0 means 24h, RFC 9309's upper bound.
	Expiry time.Duration
	// RetryAfter is how long an unreachable robots.txt (429, 5xx, network
	// error) disallows the site before it is fetched again. 0 means 10m.
	RetryAfter time.Duration
	// MaxBytes is how much of a robots.txt is parsed; the rest is ignored
	// (RFC 9309 requires at least 500 KiB). 0 means 500 KiB.
	MaxBytes int
	// MaxCrawlDelay caps the Crawl-delay a site may ask for. 0 means 60s.
	MaxCrawlDelay time.Duration
	// MaxOrigins bounds the number of cached origins; past it, expired
	// entries and then random ones are evicted. 0 means 10,000.
	MaxOrigins int
	// Storage, when not nil, shares fetched robots.txt answers with other
	// processes (see Storage): a missing or expired answer is looked up
	// there before it is fetched, and stored there once fetched. nil
	// keeps answers in this Cache only.
	Storage Storage
	// Now is the clock. nil means time.Now.
	Now func() time.Time
}

func (o Options) expiry() time.Duration     { return orDefault(o.Expiry, 24*time.Hour) }
func (o Options) retryAfter() time.Duration { return orDefault(o.RetryAfter, 10*time.Minute) }
func (o Options) maxCrawlDelay() time.Duration {
	return orDefault(o.MaxCrawlDelay, 60*time.Second)
}

func (o Options) maxBytes() int {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return 500 << 10
}

func (o Options) maxOrigins() int {
	if o.MaxOrigins > 0 {
		return o.MaxOrigins
	}
	return 10000
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Cache holds the robots.txt rules of every origin (scheme, host, port)
// seen. It is safe for concurrent use; concurrent callers for one origin
// share one fetch. Create it with New; keep one per crawl.
type Cache struct {
	fetcher Fetcher
	opts    Options

	mu      sync.Mutex
	entries map[string]*entry
	calls   map[string]*call
}

// entry is the cached answer for one origin.
type entry struct {
	rules       *Rules
	expires     time.Time
	unreachable bool   // rules are DisallowAll because robots.txt could not be fetched
	why         string // status or error, for error messages
}

// call is one fetch of a robots.txt, shared by its waiters.
type call struct {
	done    chan struct{}
	entry   *entry
	err     error
	waiters int
	cancel  context.CancelFunc
}

// New returns an empty Cache that fetches robots.txt files with f.
func New(f Fetcher, opts Options) *Cache {
	return &Cache{fetcher: f, opts: opts, entries: map[string]*entry{}, calls: map[string]*call{}}
}

// Check returns nil when robots.txt allows userAgent to fetch rawURL, an
// error wrapping ErrDisallowed when it does not, and one wrapping
// ErrUnreachable when the site's robots.txt cannot be fetched now. Other
// errors are an invalid URL or ctx's error. userAgent is the full
// User-Agent header; its product token ("newshound") selects the groups.
func (c *Cache) Check(ctx context.Context, rawURL, userAgent string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("robots check %s: %w", rawURL, err)
	}
	origin, err := originOf(u)
	if err != nil {
		return fmt.Errorf("robots check %s: %w", rawURL, err)
	}
	e, err := c.rules(ctx, origin)
	if err != nil {
		return fmt.Errorf("robots check %s: %w", rawURL, err)
	}
	if e.unreachable {
		return fmt.Errorf("%w: %s/robots.txt: %s", ErrUnreachable, origin, e.why)
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.rules.Allowed(path, userAgent) {
		return fmt.Errorf("%w: %s for %q", ErrDisallowed, rawURL, productToken(userAgent))
	}
	return nil
}

// Allowed reports whether userAgent may fetch rawURL now: false when
// robots.txt disallows it or cannot be fetched (use Check to tell the two
// apart). The error is an invalid URL or ctx's error.
func (c *Cache) Allowed(ctx context.Context, rawURL, userAgent string) (bool, error) {
	err := c.Check(ctx, rawURL, userAgent)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrDisallowed), errors.Is(err, ErrUnreachable):
		return false, nil
	}
	return false, err
}

// CrawlDelay returns the Crawl-delay robots.txt asks of userAgent on host
// (capped at Options.MaxCrawlDelay), or 0 when it asks none or cannot be
// fetched. host is an origin ("https://example.com:8443"), any URL on it,
// or a bare host name, taken as https.
func (c *Cache) CrawlDelay(ctx context.Context, host, userAgent string) time.Duration {
	e := c.entryFor(ctx, host)
	if e == nil || e.unreachable {
		return 0
	}
	d, ok := e.rules.CrawlDelay(userAgent)
	if !ok {
		return 0
	}
	return min(d, c.opts.maxCrawlDelay())
}

// Sitemaps returns the absolute sitemap URLs host's robots.txt lists
// (relative ones resolved against the origin), or nil. host is as for
// CrawlDelay.
func (c *Cache) Sitemaps(ctx context.Context, host string) []string {
	e := c.entryFor(ctx, host)
	if e == nil {
		return nil
	}
	base, _ := url.Parse(hostOrigin(host) + "/robots.txt")
	var out []string
	for _, s := range e.rules.Sitemaps() {
		if ref, err := url.Parse(s); err == nil && base != nil {
			out = append(out, base.ResolveReference(ref).String())
		}
	}
	return out
}

func (c *Cache) entryFor(ctx context.Context, host string) *entry {
	u, err := url.Parse(hostOrigin(host))
	if err != nil {
		return nil
	}
	origin, err := originOf(u)
	if err != nil {
		return nil
	}
	e, err := c.rules(ctx, origin)
	if err != nil {
		return nil
	}
	return e
}

// hostOrigin turns a bare host into an https origin; URLs pass through.
func hostOrigin(host string) string {
	host = strings.TrimSpace(host)
	if strings.Contains(host, "://") {
		return host
	}
	return "https://" + host
}

// originOf returns u's origin: lower-case scheme and host, and the port
// unless it is the scheme's default.
func originOf(u *url.URL) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("not an http(s) url: scheme %q", u.Scheme)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", errors.New("no host")
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		host = net.JoinHostPort(host, port) // brackets an IPv6 address
	case strings.Contains(host, ":"):
		host = "[" + host + "]"
	}
	return scheme + "://" + host, nil
}

// rules returns origin's cached entry, fetching robots.txt when it is
// missing or expired. Concurrent callers share one fetch; a caller whose
// ctx ends stops waiting, and the fetch is cancelled when no caller waits.
func (c *Cache) rules(ctx context.Context, origin string) (*entry, error) {
	c.mu.Lock()
	prev := c.entries[origin]
	if prev != nil && c.opts.now().Before(prev.expires) {
		c.mu.Unlock()
		return prev, nil
	}
	cl := c.calls[origin]
	if cl != nil {
		cl.waiters++
	} else {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		cl = &call{done: make(chan struct{}), waiters: 1, cancel: cancel}
		c.calls[origin] = cl
		go c.fetch(fctx, origin, prev, cl)
	}
	c.mu.Unlock()

	select {
	case <-cl.done:
		return cl.entry, cl.err
	case <-ctx.Done():
		c.mu.Lock()
		cl.waiters--
		if cl.waiters == 0 {
			cl.cancel()
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// fetch gets origin's robots.txt (from Options.Storage when it has a
// live answer), stores the resulting entry and wakes the call's waiters.
func (c *Cache) fetch(ctx context.Context, origin string, prev *entry, cl *call) {
	defer cl.cancel()
	var e *entry
	now := c.opts.now()
	if a, ok := c.load(ctx, origin, now); ok {
		e = c.entryOf(a, prev, now)
	} else {
		status, body, err := c.fetcher.Get(ctx, origin+"/robots.txt")
		now = c.opts.now()
		if err != nil && ctx.Err() != nil {
			// Every waiter left: nothing learnt about the site.
			cl.err = fmt.Errorf("fetch %s/robots.txt: %w", origin, err)
		} else {
			a := Answer{Status: status, Body: truncate(body, c.opts.maxBytes())}
			if err != nil {
				a.Status, a.Err = 0, err.Error()
			}
			e = c.entryOf(a, prev, now)
			a.Expires = e.expires
			c.store(ctx, origin, a)
		}
	}
	c.mu.Lock()
	delete(c.calls, origin)
	if e != nil {
		c.entries[origin] = e
		c.evict(now)
	}
	cl.entry = e
	c.mu.Unlock()
	close(cl.done)
}

// entryOf turns a robots.txt answer into a cache entry, per RFC 9309.
func (c *Cache) entryOf(a Answer, prev *entry, now time.Time) *entry {
	var e *entry
	switch status := a.Status; {
	case a.Err != "":
		e = c.unreachable(prev, now, a.Err)
	case status >= 200 && status < 300:
		e = &entry{rules: Parse(truncate(a.Body, c.opts.maxBytes())), expires: now.Add(c.opts.expiry())}
	case status >= 300 && status < 500 && status != 429:
		e = &entry{rules: AllowAll(), expires: now.Add(c.opts.expiry()), why: fmt.Sprintf("status %d", status)}
	default: // 429, 5xx, 1xx and nonsense
		e = c.unreachable(prev, now, fmt.Sprintf("status %d", status))
	}
	if !a.Expires.IsZero() && a.Expires.Before(e.expires) {
		e.expires = a.Expires // an answer shared by another process expires when it does there
	}
	return e
}

// unreachable is the entry for a robots.txt that could not be fetched: the
// previous good copy if there is one, else disallow all; either way fetched
// again after RetryAfter.
func (c *Cache) unreachable(prev *entry, now time.Time, why string) *entry {
	exp := now.Add(c.opts.retryAfter())
	if prev != nil && !prev.unreachable {
		return &entry{rules: prev.rules, expires: exp, why: prev.why}
	}
	return &entry{rules: DisallowAll(), expires: exp, unreachable: true, why: why}
}

// evict keeps the cache within MaxOrigins: expired entries go first, then
// random ones (Go's map order) down to 90% of the bound. c.mu is held.
func (c *Cache) evict(now time.Time) {
	max := c.opts.maxOrigins()
	if len(c.entries) <= max {
		return
	}
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	for k := range c.entries {
		if len(c.entries) <= max*9/10 {
			break
		}
		delete(c.entries, k)
	}
}

// truncate cuts body to at most n bytes, at the end of a line when there is
// one, so that a rule is never read half.
func truncate(body []byte, n int) []byte {
	if len(body) <= n {
		return body
	}
	body = body[:n]
	if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
		return body[:i+1]
	}
	return body
}
