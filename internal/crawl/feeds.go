package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNotFeed is returned by ParseFeed for a document that is not an RSS,
// Atom or JSON feed.
var ErrNotFeed = errors.New("crawl: not a feed")

// Feed is a parsed RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document.
type Feed struct {
	// Kind is "rss", "atom" or "json".
	Kind string
	// Title is the feed's title.
	Title string
	// Items are the feed's entries that have a link, in feed order.
	Items []FeedItem
}

// FeedItem is one feed entry.
type FeedItem struct {
	// URL is the entry's page, absolute: FeedBurner's feedburner:origLink
	// when present, else the link (Atom rel=alternate, JSON url, else
	// JSON external_url), else an RSS guid that is a URL.
	URL string
	// Title is the entry's title.
	Title string
	// Published is the publication date (pubDate, dc:date, published,
	// date_published); zero when absent. An Atom entry with only
	// <updated> gets that date here too (gofeed's translation), which
	// keeps OlderThan right: an update is never before publication.
	Published time.Time
	// Updated is the modification date (atom:updated, dc:date,
	// date_modified); zero when absent.
	Updated time.Time
}

// OlderThan reports whether the item is known to be older than since, for
// --since: its publication date, or without one its update date, is before
// since. An item without dates is never older.
func (it FeedItem) OlderThan(since time.Time) bool {
	return olderThan(it.Published, it.Updated, since)
}

// ParseFeed parses a feed in any of the four formats with
// github.com/mmcdole/gofeed. feedURL, the feed's own address, resolves
// relative item links; it may be empty. Entries without a usable http(s)
// link are dropped. The caller bounds data's size (the fetch client's cap).
func ParseFeed(data []byte, feedURL string) (feed *Feed, err error) {
	defer func() {
		// gofeed is a third-party parser fed hostile input: a panic in it
		// must cost this feed only.
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("parse feed %s: parser panic: %v", feedURL, r)
		}
	}()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("parse feed %s: %w", feedURL, ErrNotFeed)
		}
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}
	if f.FeedType == "json" && !bytes.Contains(data, []byte("jsonfeed.org/version")) {
		// Any JSON object "parses"; a JSON Feed names its version URL.
		return nil, fmt.Errorf("parse feed %s: %w: json without a jsonfeed.org version", feedURL, ErrNotFeed)
	}
	base, _ := url.Parse(feedURL)
	out := &Feed{Kind: f.FeedType, Title: strings.TrimSpace(f.Title)}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := itemLink(it, base)
		if link == "" || seen[link] {
			continue
		}
		seen[link] = true
		fi := FeedItem{URL: link, Title: strings.TrimSpace(it.Title)}
		if it.PublishedParsed != nil {
			fi.Published = *it.PublishedParsed
		}
		if it.UpdatedParsed != nil {
			fi.Updated = *it.UpdatedParsed
		}
		out.Items = append(out.Items, fi)
	}
	return out, nil
}

// itemLink picks an item's page URL, absolute, or "".
func itemLink(it *gofeed.Item, base *url.URL) string {
	var cands []string
	if fb, ok := it.Extensions["feedburner"]; ok {
		for _, e := range fb["origLink"] {
			cands = append(cands, e.Value)
		}
	}
	cands = append(cands, it.Link)
	cands = append(cands, it.Links...)
	if strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://") {
		cands = append(cands, it.GUID)
	}
	for _, c := range cands {
		if u := absHTTP(base, c); u != "" {
			return u
		}
	}
	return ""
}

// absHTTP resolves ref against base (which may be nil) and returns it if
// the result is an absolute http(s) URL, without its fragment and with its
// host in lower case; else "". Full canonicalisation is dedup's job.
func absHTTP(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// FeedLink is a feed a page announces with <link rel=alternate>.
type FeedLink struct {
	// URL is the feed's address, absolute.
	URL string
	// Type is the declared media type: "application/rss+xml",
	// "application/atom+xml" or "application/feed+json" (or
	// "application/json").
	Type string
	// Title is the link's title attribute.
	Title string
}

// feedTypes are the media types of feeds in <link rel=alternate>.
var feedTypes = [...]string{
	"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/json", "application/x.atom+xml", "application/x-atom+xml",
	"application/x-rss+xml", "text/xml+rss",
}

// DiscoverFeeds returns the feeds a parsed page announces: <link> elements
// (in head or body) whose rel includes "alternate" and whose type is a
// feed type, in page order, each once, resolved against the page's <base
// href> and pageURL. "application/json" counts only with rel=alternate, as
// JSON Feed recommends. The tree is not modified.
func DiscoverFeeds(root *html.Node, pageURL string) []FeedLink {
	base := BaseURL(root, pageURL)
	var out []FeedLink
	seen := map[string]bool{}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Link {
			continue
		}
		typ, ok := feedType(n)
		if !ok {
			continue
		}
		u := absHTTP(base, attr(n, "href"))
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, FeedLink{URL: u, Type: typ, Title: strings.TrimSpace(attr(n, "title"))})
	}
	return out
}

// feedType returns the media type of a <link> that announces a feed
// (rel includes "alternate", the type is a feed's), or false.
func feedType(n *html.Node) (string, bool) {
	if !hasToken(attr(n, "rel"), "alternate") {
		return "", false
	}
	typ := strings.ToLower(strings.TrimSpace(attr(n, "type")))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	return typ, isFeedType(typ)
}

func isFeedType(t string) bool {
	for _, f := range feedTypes {
		if t == f {
			return true
		}
	}
	return false
}
