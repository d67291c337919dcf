package crawl

import (
	"bytes"
	"slices"

	"github.com/newshound/newshound/internal/frontier"
)

// discoveryKind tells a feed or a sitemap fetched as a page by its media
// type (as mediaType returns it) and, for XML and undeclared types, its root element: frontier.Feed,
// frontier.Sitemap, or "" for anything else. A plain <a> link to a feed
// or sitemap queues it as a page when it is found before the
// <link rel=alternate> or robots.txt line that names it, and a page that
// is really a feed would be skipped as "not html" and its items missed.
func discoveryKind(ct string, body []byte) frontier.Kind {
	switch {
	case ct == "text/html" || ct == "application/xhtml+xml" || ct == "text/plain":
		return ""
	case ct == "application/json": // a feed only when it says so
		if bytes.Contains(body[:min(len(body), 4096)], []byte("jsonfeed.org/version")) {
			return frontier.Feed
		}
		return ""
	case slices.Contains(feedTypes[:], ct):
		return frontier.Feed
	}
	switch rootElement(body) {
	case "rss", "RDF", "feed":
		return frontier.Feed
	case "urlset", "sitemapindex":
		return frontier.Sitemap
	}
	return ""
}

// rootElement returns the local name of the first element of an XML
// document (after a byte order mark, the XML declaration, processing
// instructions, comments and a doctype), looking at its first 4 KiB; ""
// when there is none there.
func rootElement(doc []byte) string {
	b := doc[:min(len(doc), 4096)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return ""
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return ""
			}
			b = b[i+3:]
		case bytes.HasPrefix(b, []byte("<!")):
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return ""
			}
			b = b[i+1:]
		case bytes.HasPrefix(b, []byte("<")):
			name := b[1:]
			if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
				name = name[:i]
			} else {
				return ""
			}
			if i := bytes.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return string(name)
		default:
			return ""
		}
	}
}
