// Package fetch is the HTTP client every newshound path uses to get a page:
// timeouts, a body size cap that fails an oversized page instead of
// truncating it, a redirect limit with loop detection, and the user agent.
// Charset decoding is left to extractors/charset, which the extractor calls
// with the Content-Type returned here.
//
// A non-2xx response is not an error: Get returns it, and the caller decides
// what a 404 means. An error means there was no usable response.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// DefaultUserAgent identifies newshound to the sites it fetches.
const DefaultUserAgent = "newshound/0.1 (+https://github.com/newshound/newshound)"

// ErrTooLarge is returned when a body exceeds Options.MaxBytes.
var ErrTooLarge = errors.New("fetch: body too large")

// ErrRedirectLoop is returned when a redirect chain revisits a URL or is
// longer than Options.MaxRedirects.
var ErrRedirectLoop = errors.New("fetch: redirect loop or too many redirects")

// Options configure a Client. The zero value is usable.
type Options struct {
	// UserAgent is sent with every request. "" means DefaultUserAgent.
	UserAgent string
	// Timeout bounds a whole request, body included. 0 means 30s.
	Timeout time.Duration
	// MaxRedirects is the longest redirect chain followed. 0 means 10.
	MaxRedirects int
	// Transport holds the connection, size and rate settings
	// (see TransportOptions); its MaxBytes is the body cap.
	Transport TransportOptions
}

// Response is a fetched page.
type Response struct {
	// URL is the final URL after redirects.
	URL string
	// Status is the HTTP status code.
	Status int
	// Header is the response header.
	Header http.Header
	// Body is the whole (decompressed) body.
	Body []byte
	// Elapsed is the time from sending the request to reading the body.
	Elapsed time.Duration
}

// ContentType returns the response's Content-Type header as the server
// sent it.
func (r *Response) ContentType() string {
	if ct := r.Header.Get(OriginalContentTypeHeader); ct != "" {
		return ct
	}
	return r.Header.Get("Content-Type")
}

// Client fetches pages. Create one per process and share it.
type Client struct {
	opts      Options
	transport http.RoundTripper
	http      *http.Client
}

// New returns a Client for opts.
func New(opts Options) *Client {
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = 10
	}
	c := &Client{opts: opts, transport: NewTransport(opts.Transport)}
	c.http = &http.Client{Transport: c.transport, Timeout: opts.Timeout, CheckRedirect: c.CheckRedirect}
	return c
}

// Transport returns the client's round tripper, for libraries (colly)
// that make their own http.Client.
func (c *Client) Transport() http.RoundTripper { return c.transport }

// UserAgent returns the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.opts.UserAgent }

// CheckRedirect is the client's redirect policy, usable as an
// http.Client.CheckRedirect: at most Options.MaxRedirects hops, and never
// back to a URL already in the chain.
func (c *Client) CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.opts.MaxRedirects {
		return fmt.Errorf("%w: more than %d", ErrRedirectLoop, c.opts.MaxRedirects)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: back to %s", ErrRedirectLoop, req.URL)
		}
	}
	return nil
}

// Get fetches rawURL. Bodies over Options.MaxBytes fail with ErrTooLarge,
// whether or not the server announced the length.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", rawURL, err)
	}
	return &Response{
		URL:     resp.Request.URL.String(),
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    body,
		Elapsed: time.Since(start),
	}, nil
}
