package crawl

import (
	"testing"

	"github.com/newshound/newshound/internal/frontier"
)

func TestDiscoveryKind(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     frontier.Kind
	}{
		{"text/html; charset=utf-8", `<rss version="2.0">`, ""}, // declared HTML is a page
		{"application/rss+xml", `anything`, frontier.Feed},
		{"application/atom+xml; charset=utf-8", ``, frontier.Feed},
		{"application/feed+json", `{}`, frontier.Feed},
		{"application/json", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, frontier.Feed},
		{"application/json", `{"items": []}`, ""},
		{"application/xml", "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- generated -->\n<rss version=\"2.0\"><channel>", frontier.Feed},
		{"text/xml", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, frontier.Feed},
		{"text/xml", `<feed xmlns="http://www.w3.org/2005/Atom">`, frontier.Feed},
		{"", `<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, frontier.Sitemap},
		{"application/octet-stream", "  <sitemapindex>", frontier.Sitemap},
		{"application/xml", `<!DOCTYPE html><html><body>`, ""},
		{"application/xml", `<?xml version="1.0"`, ""}, // cut short
		{"application/xml", `<catalog><book/></catalog>`, ""},
		{"image/png", "\x89PNG\r\n", ""},
	} {
		if got := discoveryKind(mediaType(c.ct), []byte(c.body)); got != c.want {
			t.Errorf("discoveryKind(%q, %q) = %q, want %q", c.ct, c.body, got, c.want)
		}
	}
}
