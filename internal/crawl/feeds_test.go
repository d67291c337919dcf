package crawl

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>The Example - World</title>
  <link>https://example.com/world</link>
  <item>
    <title>Storm hits coast</title>
    <link>https://example.com/world/storm-hits-coast?utm_source=rss</link>
    <pubDate>Tue, 07 May 2024 08:00:00 +0000</pubDate>
  </item>
  <item>
    <title>Relative link</title>
    <link>/world/relative</link>
    <pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>
  </item>
  <item>
    <title>Guid only</title>
    <guid isPermaLink="true">https://example.com/world/guid-only</guid>
  </item>
  <item>
    <title>Through FeedBurner</title>
    <link>https://feeds.feedburner.com/~r/example/~3/abc/</link>
    <feedburner:origLink>https://example.com/world/original</feedburner:origLink>
  </item>
  <item><title>No link at all</title><guid isPermaLink="false">tag:example.com,2024:1</guid></item>
  <item><title>Duplicate</title><link>https://example.com/world/storm-hits-coast?utm_source=rss</link></item>
</channel>
</rss>`

const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>RDF site</title><link>https://example.org/</link></channel>
  <item rdf:about="https://example.org/a">
    <title>First</title>
    <link>https://example.org/a</link>
    <dc:date>2024-05-07T08:00:00+02:00</dc:date>
  </item>
  <item rdf:about="https://example.org/b"><title>Second</title><link>https://example.org/b</link></item>
</rdf:RDF>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.net/blog/">
  <title>Atom blog</title>
  <entry>
    <title>Hello</title>
    <link rel="alternate" type="text/html" href="https://example.net/blog/hello"/>
    <link rel="edit" href="https://example.net/api/1"/>
    <id>urn:uuid:1</id>
    <published>2024-05-07T08:00:00Z</published>
    <updated>2024-05-08T09:00:00Z</updated>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="second"/>
    <id>urn:uuid:2</id>
    <updated>2024-05-06T09:00:00Z</updated>
  </entry>
</feed>`

const jsonFeed = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON news",
  "home_page_url": "https://example.io/",
  "items": [
    {"id": "1", "url": "https://example.io/one", "title": "One", "date_published": "2024-05-07T08:00:00-05:00", "date_modified": "2024-05-07T09:00:00-05:00"},
    {"id": "2", "external_url": "https://other.example/x", "title": "External only"},
    {"id": "3", "title": "No url"}
  ]
}`

func TestParseFeed(t *testing.T) {
	type item struct {
		url, title string
		published  string // RFC 3339 or ""
		updated    string
	}
	tests := []struct {
		name, doc, feedURL, kind, title string
		items                           []item
	}{
		{"rss 2.0", rss2, "https://example.com/world/rss.xml", "rss", "The Example - World", []item{
			{"https://example.com/world/storm-hits-coast?utm_source=rss", "Storm hits coast", "2024-05-07T08:00:00Z", ""},
			{"https://example.com/world/relative", "Relative link", "2024-05-06T08:00:00Z", ""},
			{"https://example.com/world/guid-only", "Guid only", "", ""},
			{"https://example.com/world/original", "Through FeedBurner", "", ""},
		}},
		{"rss 1.0 rdf", rdf, "https://example.org/index.rdf", "rss", "RDF site", []item{
			{"https://example.org/a", "First", "2024-05-07T08:00:00+02:00", "2024-05-07T08:00:00+02:00"},
			{"https://example.org/b", "Second", "", ""},
		}},
		{"atom", atomFeed, "https://example.net/blog/atom.xml", "atom", "Atom blog", []item{
			{"https://example.net/blog/hello", "Hello", "2024-05-07T08:00:00Z", "2024-05-08T09:00:00Z"},
			{"https://example.net/blog/second", "Only updated", "2024-05-06T09:00:00Z", "2024-05-06T09:00:00Z"},
		}},
		{"json feed", jsonFeed, "https://example.io/feed.json", "json", "JSON news", []item{
			{"https://example.io/one", "One", "2024-05-07T08:00:00-05:00", "2024-05-07T09:00:00-05:00"},
			{"https://other.example/x", "External only", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFeed([]byte(tt.doc), tt.feedURL)
			if err != nil {
				t.Fatal(err)
			}
			if f.Kind != tt.kind || f.Title != tt.title {
				t.Errorf("kind %q title %q, want %q %q", f.Kind, f.Title, tt.kind, tt.title)
			}
			if len(f.Items) != len(tt.items) {
				t.Fatalf("%d items %+v, want %d", len(f.Items), f.Items, len(tt.items))
			}
			for i, w := range tt.items {
				g := f.Items[i]
				if g.URL != w.url || g.Title != w.title || !sameTime(g.Published, w.published) || !sameTime(g.Updated, w.updated) {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func sameTime(got time.Time, want string) bool {
	if want == "" {
		return got.IsZero()
	}
	return got.Equal(date(want))
}

func TestParseFeedErrors(t *testing.T) {
	for _, doc := range []string{"", "<html><body>hi</body></html>", "not a feed", `{"foo": 1}`, `<urlset></urlset>`} {
		if _, err := ParseFeed([]byte(doc), "https://example.com/feed"); err == nil {
			t.Errorf("ParseFeed(%q) succeeded", doc)
		}
	}
	_, err := ParseFeed([]byte("<html><body>hi</body></html>"), "https://example.com/feed")
	if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), "https://example.com/feed") {
		t.Errorf("error %v should wrap ErrNotFeed and name the feed", err)
	}
	if _, err := ParseFeed([]byte(`<rss version="2.0"><channel><item><title>x</ti`), ""); err == nil {
		t.Log("truncated RSS parsed leniently")
	}
}

func TestFeedItemOlderThan(t *testing.T) {
	since := date("2024-05-01T00:00:00Z")
	if !(FeedItem{Published: date("2024-04-01T00:00:00Z")}).OlderThan(since) ||
		(FeedItem{Published: date("2024-05-02T00:00:00Z")}).OlderThan(since) ||
		!(FeedItem{Updated: date("2024-04-01T00:00:00Z")}).OlderThan(since) ||
		(FeedItem{}).OlderThan(since) {
		t.Error("OlderThan")
	}
}

func TestDiscoverFeeds(t *testing.T) {
	const page = `<!doctype html><html><head>
<base href="/news/">
<link rel="alternate" type="application/rss+xml" title="All news" href="rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://example.com/atom.xml">
<link rel="Alternate Feed" type="application/feed+json; charset=utf-8" href="/feed.json">
<link rel="alternate" type="application/json" href="/feed2.json">
<link rel="alternate" hreflang="fr" href="https://example.com/fr/">
<link rel="stylesheet" type="text/css" href="/s.css">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
<link rel="alternate" type="application/rss+xml">
</head><body>
<link rel="alternate" type="application/rss+xml" href="/body-feed.xml">
<a href="/not-a-feed.xml" type="application/rss+xml">RSS</a>
</body></html>`
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	got := DiscoverFeeds(root, "https://example.com/world/storm")
	want := []FeedLink{
		{URL: "https://example.com/news/rss.xml", Type: "application/rss+xml", Title: "All news"},
		{URL: "https://example.com/atom.xml", Type: "application/atom+xml"},
		{URL: "https://example.com/feed.json", Type: "application/feed+json"},
		{URL: "https://example.com/feed2.json", Type: "application/json"},
		{URL: "https://example.com/body-feed.xml", Type: "application/rss+xml"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("feed %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{rss2, rdf, atomFeed, jsonFeed, `{"version":"https://jsonfeed.org/version/1","items":[{}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := ParseFeed(data, "https://example.com/feed")
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item URL %q", it.URL)
			}
		}
	})
}
