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
	"net"
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
	// ConnectTimeout bounds dialing. 0 means 10s.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers. 0 means 15s.
	HeaderTimeout time.Duration
	// MaxBytes is the largest (decompressed) body accepted. 0 means 10 MiB.
	MaxBytes int64
	// MaxRedirects is the longest redirect chain followed. 0 means 10.
	MaxRedirects int
	// Transport overrides the HTTP transport (tests). nil means a
	// transport built from the options above.
	Transport http.RoundTripper
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

// ContentType returns the response's Content-Type header.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// Client fetches pages. Create one per process and share it.
type Client struct {
	opts Options
	http *http.Client
}

// New returns a Client for opts.
func New(opts Options) *Client {
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.ConnectTimeout == 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	if opts.HeaderTimeout == 0 {
		opts.HeaderTimeout = 15 * time.Second
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = 10 << 20
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = 10
	}
	tr := opts.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   opts.ConnectTimeout,
			ResponseHeaderTimeout: opts.HeaderTimeout,
			MaxIdleConnsPerHost:   16,
			IdleConnTimeout:       90 * time.Second,
		}
	}
	c := &Client{opts: opts}
	c.http = &http.Client{
		Transport: tr,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return ErrRedirectLoop
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return ErrRedirectLoop
				}
			}
			return nil
		},
	}
	return c
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
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w: content-length %d over %d", rawURL, ErrTooLarge, resp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", rawURL, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w: over %d bytes", rawURL, ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:     resp.Request.URL.String(),
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    body,
		Elapsed: time.Since(start),
	}, nil
}
