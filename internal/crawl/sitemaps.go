package crawl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// ErrSitemapTooLarge is returned when a sitemap decompresses to more than
// the allowed size: the sitemap is refused, never parsed truncated.
var ErrSitemapTooLarge = errors.New("crawl: sitemap too large")

// ErrNotSitemap is returned for a document that is neither an XML sitemap
// (<urlset>, <sitemapindex>) nor a plain-text list of URLs, such as an
// HTML page served at /sitemap.xml.
var ErrNotSitemap = errors.New("crawl: not a sitemap")

// DefaultMaxSitemapBytes is the decompressed size above which a sitemap is
// refused when no other limit is given: the sitemaps.org limit of 50 MB
// plus room for sloppy producers.
const DefaultMaxSitemapBytes = 64 << 20

// maxLocBytes bounds one <loc>, <lastmod> or <news:title> value; longer
// values are dropped (a URL is never that long).
const maxLocBytes = 8 << 10

// SitemapEntry is one <url> of a sitemap, or one <sitemap> of a sitemap
// index (then only URL and Lastmod are set).
type SitemapEntry struct {
	// URL is the <loc>, whitespace-trimmed, as written.
	URL string
	// Lastmod is <lastmod>; zero when absent or unreadable.
	Lastmod time.Time
	// Published is Google News' <news:publication_date>; zero when absent.
	Published time.Time
	// Title is Google News' <news:title>; "" when absent.
	Title string
}

// Sitemap is a parsed sitemap or sitemap index.
type Sitemap struct {
	// Index is true for a <sitemapindex>.
	Index bool
	// URLs are the page entries of a <urlset> (or a text sitemap).
	URLs []SitemapEntry
	// Sitemaps are the child sitemaps of a <sitemapindex>.
	Sitemaps []SitemapEntry
}

// OpenSitemap returns a reader of the decompressed sitemap in r: r itself
// for a plain sitemap, a gunzipping reader for gzip data (recognised by its
// magic bytes, whatever the URL or Content-Type say: .xml.gz files are
// often served without Content-Encoding). Reading more than maxBytes
// decompressed bytes fails with ErrSitemapTooLarge (a gzip bomb is refused,
// not truncated). maxBytes 0 means DefaultMaxSitemapBytes.
func OpenSitemap(r io.Reader, maxBytes int64) (io.Reader, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxSitemapBytes
	}
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read sitemap: %w", err)
	}
	var src io.Reader = br
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gunzip sitemap: %w", err)
		}
		src = zr
	}
	return &capReader{r: src, left: maxBytes}, nil
}

// capReader fails with ErrSitemapTooLarge once more than left bytes have
// been read.
type capReader struct {
	r    io.Reader
	left int64
}

// Read reads from the underlying reader, failing past the cap.
func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrSitemapTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, ErrSitemapTooLarge
	}
	return n, err
}

// ParseSitemap reads a whole sitemap, sitemap index or text sitemap
// (decompressed: see OpenSitemap) into memory. It streams the XML, so its
// memory is that of the entries it returns; use ScanSitemap to process a
// huge sitemap entry by entry. On an error after some entries (broken XML
// half-way), the entries read so far are returned with the error.
func ParseSitemap(r io.Reader) (*Sitemap, error) {
	sm := &Sitemap{}
	index, err := ScanSitemap(r, func(e SitemapEntry, child bool) error {
		if child {
			sm.Sitemaps = append(sm.Sitemaps, e)
		} else {
			sm.URLs = append(sm.URLs, e)
		}
		return nil
	})
	sm.Index = index
	return sm, err
}

// ScanSitemap streams a sitemap (decompressed: see OpenSitemap), calling
// fn for each entry in document order; child is true for the <sitemap>
// entries of a sitemap index. It reports whether the document was an
// index. An error from fn stops the scan and is returned as is.
//
// Accepted: <urlset> and <sitemapindex> in any namespace (or none), with
// <loc>, <lastmod> and Google News' <news:publication_date> and
// <news:title>; image, video and other extensions are skipped (their
// <image:loc> is not a page). Entries without a <loc> are dropped. A
// document that does not start with "<" is read as a text sitemap: one URL
// a line. An XML declaration naming a non-UTF-8 encoding is honoured.
// Broken XML fails with an error naming the line.
func ScanSitemap(r io.Reader, fn func(e SitemapEntry, child bool) error) (index bool, err error) {
	br := bufio.NewReader(r)
	first, err := firstByte(br)
	if err != nil {
		return false, err
	}
	if first != '<' {
		return false, scanTextSitemap(br, fn)
	}
	dec := xml.NewDecoder(br)
	dec.CharsetReader = charset.NewReaderLabel
	dec.Entity = xml.HTMLEntity

	var (
		stack []string // local names of open elements
		entry SitemapEntry
		text  strings.Builder
		long  bool // text overflowed maxLocBytes
		root  string
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if root == "" {
				return false, fmt.Errorf("%w: no root element", ErrNotSitemap)
			}
			return index, nil
		}
		if err != nil {
			return index, fmt.Errorf("parse sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				switch name {
				case "urlset":
				case "sitemapindex":
					index = true
				default:
					return false, fmt.Errorf("%w: root element <%s>", ErrNotSitemap, t.Name.Local)
				}
			}
			stack = append(stack, name)
			if len(stack) == 2 && (name == "url" || name == "sitemap") {
				entry = SitemapEntry{}
			}
			text.Reset()
			long = false
		case xml.CharData:
			if text.Len()+len(t) > maxLocBytes {
				long = true
			} else if !long {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			value := strings.TrimSpace(text.String())
			if long {
				value = ""
			}
			text.Reset()
			long = false
			switch {
			case len(stack) == 1 && (name == "url" || name == "sitemap"):
				if entry.URL == "" {
					continue
				}
				if err := fn(entry, name == "sitemap"); err != nil {
					return index, err
				}
			case len(stack) == 2 && name == "loc":
				entry.URL = value
			case len(stack) == 2 && name == "lastmod":
				entry.Lastmod = ParseDate(value)
			case len(stack) == 3 && stack[2] == "news" && name == "publication_date":
				entry.Published = ParseDate(value)
			case len(stack) == 3 && stack[2] == "news" && name == "title":
				entry.Title = value
			}
		}
	}
}

// firstByte returns the first byte of r that is not whitespace or a
// byte order mark, without consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, fmt.Errorf("%w: empty document", ErrNotSitemap)
			}
			return 0, fmt.Errorf("read sitemap: %w", err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.Discard(1)
		case 0xEF: // UTF-8 BOM
			if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
				br.Discard(3)
				continue
			}
			return b[0], nil
		default:
			return b[0], nil
		}
	}
}

// scanTextSitemap reads a text sitemap: one absolute http(s) URL a line.
// A line that is not a URL means the document is something else.
func scanTextSitemap(br *bufio.Reader, fn func(SitemapEntry, bool) error) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), maxLocBytes)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		lower := strings.ToLower(line)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			if n == 0 {
				return fmt.Errorf("%w: text sitemap line %q", ErrNotSitemap, truncateString(line, 40))
			}
			continue
		}
		n++
		if err := fn(SitemapEntry{URL: line}, false); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read text sitemap: %w", err)
	}
	return nil
}

// ParseDate reads the dates of sitemaps and feeds: W3C datetime (full or
// reduced to a date, month or year, with or without seconds and fractions,
// with "Z" or an offset), a space instead of "T", a missing zone (taken as
// UTC), "+0000" offsets, and RFC 1123/822 dates. It returns the zero time
// for anything else.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// dateLayouts are tried in order by ParseDate.
var dateLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"2006",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC850,
	time.ANSIC,
}

// OlderThan reports whether the entry is known to be older than since,
// for --since: its publication date is before since, or, without one, its
// lastmod is (a page not modified since then was not published since
// then). An entry without dates, or a zero since, is never older. For a
// child sitemap it means the whole file can be skipped.
func (e SitemapEntry) OlderThan(since time.Time) bool {
	return olderThan(e.Published, e.Lastmod, since)
}

// olderThan is the --since rule shared by sitemaps and feeds.
func olderThan(published, modified, since time.Time) bool {
	switch {
	case since.IsZero():
		return false
	case !published.IsZero():
		return published.Before(since)
	case !modified.IsZero():
		return modified.Before(since)
	}
	return false
}

// FilterSince returns the entries that are not OlderThan since, in order.
// It reuses entries' storage.
func FilterSince(entries []SitemapEntry, since time.Time) []SitemapEntry {
	out := entries[:0]
	for _, e := range entries {
		if !e.OlderThan(since) {
			out = append(out, e)
		}
	}
	return out
}

// truncateString cuts s to at most n bytes at a rune boundary.
func truncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
