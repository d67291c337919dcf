package crawl

import (
	"context"
	"net/http"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newshound/newshound/internal/fetch"
)

// fetched is one response (or failure) as colly delivered it.
type fetched struct {
	// URL is the final URL after redirects.
	URL string
	// Status is the HTTP status; 0 when there was no response.
	Status int
	// Header is the response header; ContentType has the original
	// Content-Type (the transport hides its charset from colly).
	Header      http.Header
	ContentType string
	Body        []byte
	Err         error
	Elapsed     time.Duration
}

const resultKey = "newshound.result"

// collector wraps the one colly collector of a crawl. colly is used for
// what it does well (requests, redirects, callbacks); newshound's
// transport supplies the size, decompression and stall caps, and the
// frontier, not colly's visited set, decides what is fetched: revisits are
// allowed, colly's robots.txt handling is off (internal/robots does it),
// and colly never re-encodes bodies (the transport hides the charset).
type collector struct {
	c *colly.Collector
}

// newCollector builds the collector over client's transport. ctx bounds
// every request (cancel it to abort in-flight fetches).
func newCollector(ctx context.Context, client *fetch.Client, timeout time.Duration) *collector {
	c := colly.NewCollector(
		colly.UserAgent(client.UserAgent()),
		colly.AllowURLRevisit(),
		colly.IgnoreRobotsTxt(),
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(0), // the transport fails oversized bodies instead of truncating
		colly.StdlibContext(ctx),
	)
	c.WithTransport(client.Transport())
	c.SetRequestTimeout(timeout)
	c.SetRedirectHandler(client.CheckRedirect)
	c.DisableCookies()
	c.OnResponse(func(r *colly.Response) {
		r.Ctx.Put(resultKey, responseResult(r, nil))
	})
	c.OnError(func(r *colly.Response, err error) {
		r.Ctx.Put(resultKey, responseResult(r, err))
	})
	return &collector{c: c}
}

func responseResult(r *colly.Response, err error) *fetched {
	f := &fetched{Err: err}
	if r == nil {
		return f
	}
	f.Status = r.StatusCode
	f.Body = r.Body
	if r.Headers != nil {
		f.Header = *r.Headers
		f.ContentType = f.Header.Get(fetch.OriginalContentTypeHeader)
		if f.ContentType == "" {
			f.ContentType = f.Header.Get("Content-Type")
		}
	}
	if r.Request != nil && r.Request.URL != nil {
		f.URL = r.Request.URL.String()
	}
	return f
}

// get fetches url synchronously, as a conditional GET when etag or
// lastModified (the validators of an earlier response) are given. It is
// safe to call from many goroutines.
func (c *collector) get(url, etag, lastModified string) *fetched {
	start := time.Now()
	cctx := colly.NewContext()
	var hdr http.Header
	if etag != "" || lastModified != "" {
		hdr = http.Header{}
		if etag != "" {
			hdr.Set("If-None-Match", etag)
		}
		if lastModified != "" {
			hdr.Set("If-Modified-Since", lastModified)
		}
	}
	err := c.c.Request(http.MethodGet, url, nil, cctx, hdr)
	res, _ := cctx.GetAny(resultKey).(*fetched)
	if res == nil {
		res = &fetched{Err: err}
	}
	if res.Err == nil && err != nil {
		res.Err = err
	}
	if res.URL == "" {
		res.URL = url
	}
	res.Elapsed = time.Since(start)
	return res
}
