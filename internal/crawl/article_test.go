package crawl

import (
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
)

// pageWith builds a parsed page from head markup.
func pageWith(t *testing.T, head, pageURL string) *page.Page {
	t.Helper()
	return page.New(parse(t, "<html><head>"+head+"</head><body><p>x</p></body></html>"), pageURL, time.Time{})
}

func TestIsArticle(t *testing.T) {
	published := time.Date(2024, 5, 7, 8, 0, 0, 0, time.UTC)
	art := func(words int, dated bool) *extractors.Article {
		a := &extractors.Article{WordCount: words}
		if dated {
			a.Published = &published
		}
		return a
	}
	const (
		newsArticle = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm"}</script>`
		yoastGraph  = `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":"WebPage"},{"@type":["Article","BlogPosting"]},{"@type":"BreadcrumbList"}]}</script>`
		collection  = `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":"CollectionPage"},{"@type":"BreadcrumbList"}]}</script>`
		teaserList  = `<script type="application/ld+json">[{"@type":"NewsArticle","headline":"a"},{"@type":"NewsArticle","headline":"b"},{"@type":"NewsArticle","headline":"c"}]</script>`
		ogArticle   = `<meta property="og:type" content="article">`
		ogWebsite   = `<meta property="og:type" content="website">`
		ogProfile   = `<meta property="og:type" content="profile">`
	)
	tests := []struct {
		name   string
		head   string // "" and noPage: p is nil
		noPage bool
		url    string
		a      *extractors.Article
		want   bool
		reason string // substring of the reason
	}{
		{"jsonld NewsArticle", newsArticle, false, "https://e.com/world/storm", art(400, true), true, "jsonld NewsArticle"},
		{"yoast graph article", yoastGraph, false, "https://e.com/2024/05/storm", art(400, true), true, "jsonld Article"},
		{"og:type article", ogArticle, false, "https://e.com/world/storm", art(300, false), true, "og:type article"},
		{"declared but empty", newsArticle, false, "https://e.com/world/storm", art(10, true), false, "too short: 10 words"},
		{"declared short brief", newsArticle, false, "https://e.com/world/storm", art(60, true), true, "jsonld"},
		{"home page", newsArticle, false, "https://e.com/", art(900, true), false, "home page"},
		{"home index file", "", true, "https://e.com/index.html", art(900, true), false, "home page"},
		{"collection page", collection, false, "https://e.com/world", art(900, true), false, "jsonld CollectionPage"},
		{"teaser list", teaserList, false, "https://e.com/world", art(900, true), false, "jsonld lists 3 articles"},
		{"og profile", ogProfile, false, "https://e.com/people/jane", art(500, false), false, "og:type profile"},
		{"tag url with og article", ogArticle, false, "https://e.com/tag/storm", art(900, true), false, "listing url /tag/"},
		{"tag url with jsonld article", newsArticle, false, "https://e.com/tag/storm", art(900, true), true, "jsonld"},
		{"category url", ogWebsite, false, "https://e.com/category/world/europe", art(900, true), false, "listing url /category/"},
		{"author url", "", false, "https://e.com/author/jane-doe", art(900, true), false, "listing url /author/"},
		{"topic with article slug", "", false, "https://e.com/topics/climate/storm-hits-the-coast-hard", art(400, true), true, "dated"},
		{"pagination path", ogWebsite, false, "https://e.com/world/page/2", art(900, true), false, "pagination url (page 2)"},
		{"pagination query", "", false, "https://e.com/world?page=3", art(900, true), false, "pagination url (page 3)"},
		{"search", "", false, "https://e.com/?s=storm", art(900, true), false, "search url"},
		{"undeclared dated long", ogWebsite, false, "https://e.com/world/storm", art(400, true), true, "400 words, dated"},
		{"undeclared date url", "", true, "https://e.com/world/2024/05/07/storm", art(400, false), true, "date in url"},
		{"undeclared slug url", "", true, "https://e.com/world/storm-hits-the-coast", art(400, false), true, "slug in url"},
		{"undeclared id url", "", true, "https://e.com/world/story-1234567", art(400, false), true, "id in url"},
		{"undeclared section", ogWebsite, false, "https://e.com/world", art(900, false), false, "no article signal"},
		{"undeclared short", "", true, "https://e.com/world/2024/05/07/storm", art(80, true), false, "too short: 80 words"},
		{"nil article", "", true, "https://e.com/world/2024/05/07/storm", nil, false, "too short: 0 words"},
		{"bad url", "", true, "::", art(400, true), false, "bad url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p *page.Page
			if !tt.noPage {
				p = pageWith(t, tt.head, tt.url)
			}
			got, reason := IsArticle(tt.a, p, tt.url)
			if got != tt.want || !strings.Contains(reason, tt.reason) {
				t.Errorf("IsArticle(%s) = %v %q, want %v %q", tt.url, got, reason, tt.want, tt.reason)
			}
		})
	}
}

func TestArticleCheckOptions(t *testing.T) {
	a := &extractors.Article{WordCount: 100}
	if ok, _ := IsArticle(a, nil, "https://e.com/world/2024/05/07/storm"); ok {
		t.Error("100 words is an article with the defaults")
	}
	if ok, why := (ArticleCheck{MinWords: 50}).IsArticle(a, nil, "https://e.com/world/2024/05/07/storm"); !ok {
		t.Errorf("MinWords 50: %s", why)
	}
}

// TestIsArticleOnExtractedPages runs the real extractor on small pages.
func TestIsArticleOnExtractedPages(t *testing.T) {
	body := strings.Repeat("<p>The storm hit the coast on Tuesday night, flooding homes and cutting power to thousands of residents across the region.</p>\n", 20)
	tests := []struct {
		name, url, html string
		want            bool
	}{
		{"article", "https://e.com/world/2024/05/07/storm-hits-coast", `<html><head><title>Storm hits coast</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Storm hits coast","datePublished":"2024-05-07T08:00:00Z"}</script>
</head><body><article><h1>Storm hits coast</h1>` + body + `</article></body></html>`, true},
		{"section", "https://e.com/world", `<html><head><title>World</title><meta property="og:type" content="website"></head><body>
<ul>` + strings.Repeat(`<li><a href="/world/x">A headline about something</a></li>`, 30) + `</ul></body></html>`, false},
		{"tag page", "https://e.com/tag/storms", `<html><head><title>Storms</title>
<script type="application/ld+json">{"@type":"CollectionPage","name":"Storms"}</script></head><body>` + body + `</body></html>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := parse(t, tt.html)
			a, err := extractors.ExtractNode(t.Context(), root, tt.url, extractors.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := page.New(root, tt.url, time.Time{})
			got, why := IsArticle(a, p, tt.url)
			if got != tt.want {
				t.Errorf("IsArticle = %v (%s), want %v; %d words", got, why, tt.want, a.WordCount)
			}
		})
	}
}
