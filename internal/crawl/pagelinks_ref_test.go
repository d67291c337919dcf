package crawl

import (
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/frontier"
)

// pageLinksRef is pageLinks as it was first written, over DiscoverFeeds,
// ExtractLinks and uncached canonicalisation: the reference pageLinks
// must agree with. recent is the crawler's recent-URL filter (its own, so
// that the two runs see the same history).
func (c *Crawler) pageLinksRef(n *html.Node, pageURL string, l frontier.Lease, now time.Time, recent *recentURLs) []frontier.Entry {
	var out []frontier.Entry
	seen := make(map[string]bool)
	add := func(raw string, kind frontier.Kind, prio, depth int, source string) {
		key, err := dedup.Canonical(raw, canonOptions)
		if err != nil || seen[key] {
			return
		}
		host := hostOf(key)
		seen[key] = true
		if ok, _ := c.scope.admit(key, host, depth, &c.opts); !ok {
			return
		}
		if recent.seen(key) {
			return
		}
		e := frontier.Entry{URL: key, Host: host, Kind: kind, Depth: depth, Priority: prio, Source: source, Parent: l.URL, Job: c.opts.Job}
		if kind == frontier.Page {
			if k := NonHTMLKind(key); k != "" && k != "xml" { // .xml links are fetched and sniffed
				e.Skip = "not html: " + k
			} else if score, why := TrapScore(key, now); score >= TrapThreshold {
				e.Skip = "trap: " + why
			}
		}
		out = append(out, e)
	}
	for _, f := range DiscoverFeeds(n, pageURL) {
		add(f.URL, frontier.Feed, prioFeed, l.Depth, "feed-link")
	}
	for _, link := range ExtractLinks(n, pageURL, LinkOptions{SkipText: true}) {
		add(link.URL, frontier.Page, prioLink, l.Depth+1, "link")
	}
	return out
}
