package date

import (
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

func mustPage(t testing.TB, src, u string, fetch time.Time) *page.Page {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return page.New(root, u, fetch)
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func TestExtractRules(t *testing.T) {
	tests := []struct {
		name      string
		html      string
		url       string
		fetch     time.Time
		published string // YYYY-MM-DD or ""
		rule      string
		modified  string
	}{
		{
			name: "jsonld article beats other types",
			html: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
				{"@type":"WebSite","datePublished":"2001-01-01"},
				{"@type":"NewsArticle","datePublished":"2019-11-19T10:00:00+01:00","dateModified":"2019-11-20T08:00:00+01:00"}]}</script></head><body></body></html>`,
			published: "2019-11-19", rule: "jsonld.datePublished", modified: "2019-11-20",
		},
		{
			name:      "jsonld array",
			html:      `<script type="application/ld+json">[{"@type":"BlogPosting","datePublished":"2018-03-04"}]</script>`,
			published: "2018-03-04", rule: "jsonld.datePublished",
		},
		{
			name:      "jsonld comment rejected",
			html:      `<script type="application/ld+json">{"@type":"Comment","datePublished":"2018-03-04"}</script><p>x</p>`,
			published: "",
		},
		{
			name:      "opengraph published",
			html:      `<head><meta property="article:published_time" content="2020-05-06T07:08:09-04:00"><meta property="og:updated_time" content="2021-01-01T00:00:00Z"></head>`,
			published: "2020-05-06", rule: "meta.article:published_time", modified: "2021-01-01",
		},
		{
			name:      "dublin core",
			html:      `<head><meta name="DC.date.issued" content="2015-02-03"></head>`,
			published: "2015-02-03", rule: "meta.dc.date.issued",
		},
		{
			name:      "parsely and sailthru",
			html:      `<head><meta name="sailthru.date" content="2016-07-08 10:00:00"></head>`,
			published: "2016-07-08", rule: "meta.sailthru.date",
		},
		{
			name:      "microdata on span",
			html:      `<article><h1>T</h1><span itemprop="datePublished" content="2017-04-15">15 April</span></article>`,
			published: "2017-04-15", rule: "microdata.datePublished",
		},
		{
			name: "time in header beats time in related list",
			html: `<article><header><h1>Title</h1><time datetime="2019-02-03T10:00:00+01:00">3 Feb</time></header><p>Text</p></article>
				<div class="related-articles"><time datetime="2019-05-05">5 May</time></div>`,
			published: "2019-02-03", rule: "time[datetime]",
		},
		{
			name:      "time in comments only",
			html:      `<h1>T</h1><div id="comments"><time datetime="2019-05-05">5 May</time></div>`,
			published: "",
		},
		{
			name:      "url path",
			html:      `<h1>T</h1><p>no date</p>`,
			url:       "https://example.com/2019/11/19/some-story",
			published: "2019-11-19", rule: "url.path",
		},
		{
			name:      "url slug number is not a day",
			html:      `<h1>T</h1><p>no date</p>`,
			url:       "https://example.com/2023/10/3-fragen-an",
			published: "",
		},
		{
			name:      "german byline beats updated meta",
			html:      `<head><meta property="og:updated_time" content="2021-06-01T00:00:00Z"></head><body><h1>Titel</h1><p>Erschienen am 12.11.2021</p></body>`,
			published: "2021-11-12", rule: "visible.byline", modified: "2021-06-01",
		},
		{
			name:      "english byline",
			html:      `<h1>Title</h1><div class="byline">By Jane Doe. Published April 15, 2017</div>`,
			published: "2017-04-15", rule: "visible.byline",
		},
		{
			name:      "japanese date near title",
			html:      `<html lang="ja"><body><h1>見出し</h1><p class="date">2017年4月15日</p></body></html>`,
			published: "2017-04-15",
		},
		{
			name:      "us order from lang",
			html:      `<html lang="en-US"><body><h1>T</h1><span class="date">04/05/2017</span></body></html>`,
			published: "2017-04-05",
		},
		{
			name:      "day first by default",
			html:      `<html lang="fr"><body><h1>T</h1><span class="date">04/05/2017</span></body></html>`,
			published: "2017-05-04",
		},
		{
			name:      "relative date against fetch time",
			html:      `<h1>T</h1><p>3 hours ago</p>`,
			fetch:     time.Date(2020, 3, 4, 12, 0, 0, 0, time.UTC),
			published: "2020-03-04", rule: "visible.relative",
		},
		{
			name:      "relative date in German",
			html:      `<h1>Titel</h1><p>Das ist ein Text, der hat viel. Aktualisiert vor 3 Stunden</p>`,
			fetch:     time.Date(2020, 3, 4, 2, 0, 0, 0, time.UTC),
			published: "2020-03-03", rule: "visible.relative",
		},
		{
			name:      "relative date in French after other words",
			html:      `<h1>Titre</h1><p>Il a fait ça. Publié il y a 2 jours</p>`,
			fetch:     time.Date(2020, 3, 4, 12, 0, 0, 0, time.UTC),
			published: "2020-03-02", rule: "visible.relative",
		},
		{
			name:      "future date rejected",
			html:      `<head><meta property="article:published_time" content="2030-01-01"></head>`,
			fetch:     time.Date(2020, 3, 4, 12, 0, 0, 0, time.UTC),
			published: "",
		},
		{
			name:      "before 1995 rejected",
			html:      `<head><meta property="article:published_time" content="1990-01-01"></head>`,
			published: "",
		},
		{
			name:      "copyright year is no date",
			html:      `<h1>T</h1><footer>© 2019 Example</footer>`,
			published: "",
		},
		{
			name: "aside inside the article is its meta column",
			html: `<article><h1>T</h1><aside class="meta"><time datetime="2022-01-21">21.01.2022</time></aside><p>Text</p></article>
				<aside><span class="date">05.05.2022</span></aside>`,
			published: "2022-01-21",
		},
		{
			name: "sidebar class inside the article is no sidebar",
			html: `<article><div class="sidebar"><p class="time"><time datetime="2022-01-28">28. Januar 2022</time></p></div><h1>T</h1><p>Text</p></article>
				<div class="sidebar"><span class="date">05.05.2022</span></div>`,
			published: "2022-01-28",
		},
		{
			name:      "aside outside the article is a sidebar",
			html:      `<h1>T</h1><p>Text</p><aside><time datetime="2022-01-21">21.01.2022</time></aside>`,
			published: "",
		},
		{
			name: "today widget in the site header",
			html: `<head><meta name="date" content="2017-05-01T17:05:00+0200"></head><body><header><a href="/">Logo</a><span class="date">Mittwoch, 26.02.2020</span></header>
				<main><article><h1>Title</h1><p>Text</p></article></main></body>`,
			published: "2017-05-01", rule: "meta.date",
		},
		{
			name:      "header holding the headline is the article's",
			html:      `<header><h1>Title</h1><span class="date">26.02.2020</span></header><p>Text</p>`,
			published: "2020-02-26",
		},
		{
			name: "url day one off does not beat a daytime UTC value",
			html: `<head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-07-09T10:04:04Z"}</script></head><body><h1>T</h1></body>`,
			url:  "https://example.com/politics/2020/07/08/story/", published: "2020-07-09",
		},
		{
			name: "url day one off beats a UTC value near midnight",
			html: `<head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-07-09T02:04:04Z"}</script></head><body><h1>T</h1></body>`,
			url:  "https://example.com/politics/2020/07/08/story/", published: "2020-07-08",
		},
		{
			name: "visible local time of the UTC instant gives the day",
			html: `<head><meta property="article:published_time" content="2022-05-04T03:37:37+00:00"></head><body><h1>T</h1>
				<div class="post-meta"><span class="post-date">3 May, 2022, 11:37 pm</span></div><p>Text</p></body>`,
			published: "2022-05-03",
		},
		{
			name: "visible time that is not the same instant keeps the UTC day",
			html: `<head><meta property="article:published_time" content="2022-05-04T03:37:37+00:00"></head><body><h1>T</h1>
				<div class="post-meta"><span class="post-date">3 May, 2022, 11:12 pm</span></div><p>Text</p></body>`,
			published: "2022-05-04",
		},
		{
			name: "logo heading in the site header is no headline",
			html: `<head><meta name="date" content="2017-05-01T17:05:00+0200"></head><body><header><h1><a href="/" title="Site"></a></h1><span class="date">Mittwoch, 26.02.2020</span></header>
				<div><h1>Title</h1><p>Text</p></div></body>`,
			published: "2017-05-01",
		},
		{
			name:      "publishedDate in a page state script",
			html:      `<h1>T</h1><script type="application/json">{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-04T20:39:47Z"}</script><p>Text</p>`,
			published: "2016-11-04", rule: "script.publishedDate",
		},
		{
			name:      "only the first state date of a kind counts",
			html:      `<h1>T</h1><script>{"story":{"published_at":"2019-03-04T10:00:00Z"},"related":[{"published_at":"2019-05-06T10:00:00Z"},{"published_at":"2019-05-06T11:00:00Z"}]}</script>`,
			published: "2019-03-04",
		},
		{
			name: "article header date beats a generic date meta",
			html: `<head><meta name="dcterms.date" content="2022-01-21T09:43+01:00"></head><body><article><h1>T</h1>
				<div class="article-meta"><time class="date-display-single" datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div><p>Text</p></article></body>`,
			published: "2022-01-25",
		},
		{
			name: "teaser excerpt does not make a sidebar the article",
			html: `<article><h1>T</h1><p class="publication"><time datetime="2019-06-28T13:49:45Z">28 juin 2019</time></p><p>Text</p></article>
				<div class="sidebar"><article class="hentry"><div class="entry-content"><p>Short excerpt</p><time datetime="2019-09-22T07:30:29Z">22 sept.</time></div></article></div>`,
			published: "2019-06-28",
		},
		{
			name:      "modified stands in when nothing else",
			html:      `<head><meta property="article:modified_time" content="2019-01-02"></head>`,
			published: "2019-01-02", rule: "meta.article:modified_time", modified: "2019-01-02",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(mustPage(t, tc.html, tc.url, tc.fetch))
			if got := day(r.Published); got != tc.published {
				t.Fatalf("published = %q, want %q (%+v)", got, tc.published, r.PublishedDecision)
			}
			if tc.rule != "" && r.PublishedDecision.Source.Rule != tc.rule {
				t.Errorf("rule = %q, want %q", r.PublishedDecision.Source.Rule, tc.rule)
			}
			if tc.modified != "" && day(r.Modified) != tc.modified {
				t.Errorf("modified = %q, want %q", day(r.Modified), tc.modified)
			}
			if r.Published != nil && r.PublishedDecision.Value != r.Published.Format(time.RFC3339) {
				t.Errorf("decision value %q does not match %v", r.PublishedDecision.Value, r.Published)
			}
		})
	}
}

func TestIsLogoHeading(t *testing.T) {
	tests := []struct {
		html string
		want bool
	}{
		{`<h1><a href="/" class="menulogo"></a></h1>`, true},
		{`<h1><a href="/">Site name</a></h1>`, true},
		{`<h1 class="site-logo">Site</h1>`, true},
		{`<h1><span class="overline">Kicker</span> The headline</h1>`, false},
		{`<h1><a href="/2020/story">The headline</a></h1>`, false},
	}
	for _, tc := range tests {
		root, err := html.Parse(strings.NewReader(tc.html))
		if err != nil {
			t.Fatal(err)
		}
		var h1 *html.Node
		for n := range root.Descendants() {
			if n.Type == html.ElementNode && n.Data == "h1" {
				h1 = n
				break
			}
		}
		if got := isLogoHeading(h1); got != tc.want {
			t.Errorf("isLogoHeading(%s) = %v, want %v", tc.html, got, tc.want)
		}
	}
}

func TestVisibleDayMarkupTime(t *testing.T) {
	r := Extract(mustPage(t, `<head><meta property="article:published_time" content="2022-05-03T22:08:20-04:00"></head>
		<body><h1>T</h1><div class="date-publish">Publicado el 03/05/2022 a las 22h03</div><p>Text</p></body>`, "", time.Time{}))
	if r.Published == nil || r.Published.Format(time.RFC3339) != "2022-05-03T22:08:20-04:00" {
		t.Errorf("published = %v, want the meta value with its offset", r.Published)
	}
}

func TestExtractKeepsOffset(t *testing.T) {
	r := Extract(mustPage(t, `<meta property="article:published_time" content="2019-11-19T23:30:00-05:00">`, "", time.Time{}))
	if r.Published == nil {
		t.Fatal("no date")
	}
	if got := r.Published.Format(time.RFC3339); got != "2019-11-19T23:30:00-05:00" {
		t.Errorf("got %s", got)
	}
}

func TestExtractNil(t *testing.T) {
	if r := Extract(nil); r.Published != nil {
		t.Error("date from nil page")
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		o    order
		want string // RFC 3339, "" for no date
	}{
		{"2019-11-19", orderDMY, "2019-11-19T00:00:00Z"},
		{"2019-11-19T10:20:30+01:00", orderDMY, "2019-11-19T10:20:30+01:00"},
		{"2019-11-19T10:20:30.123Z", orderDMY, "2019-11-19T10:20:30Z"},
		{"2019-11-19 10:20:30 +0530", orderDMY, "2019-11-19T10:20:30+05:30"},
		{"20191119", orderDMY, "2019-11-19T00:00:00Z"},
		{"1574156400", orderDMY, "2019-11-19T09:40:00Z"},
		{"Tue, 19 Nov 2019 10:00:00 GMT", orderDMY, "2019-11-19T10:00:00Z"},
		{"15 April 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"15. April 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"April 15, 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"April 15th, 2017 at 3:30 pm", orderDMY, "2017-04-15T15:30:00Z"},
		{"15 de abril de 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"15 avril 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"15 aprile 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"15 april 2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"15. März 2017", orderDMY, "2017-03-15T00:00:00Z"},
		{"15 março 2017", orderDMY, "2017-03-15T00:00:00Z"},
		{"15 марта 2017", orderDMY, "2017-03-15T00:00:00Z"},
		{"2017年4月15日", orderDMY, "2017-04-15T00:00:00Z"},
		{"2017년 4월 15일", orderDMY, "2017-04-15T00:00:00Z"},
		{"15/04/2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"04/15/2017", orderDMY, "2017-04-15T00:00:00Z"},
		{"04/05/2017", orderMDY, "2017-04-05T00:00:00Z"},
		{"04/05/2017", orderDMY, "2017-05-04T00:00:00Z"},
		{"12.11.2021", orderMDY, "2021-11-12T00:00:00Z"},
		{"12.11.2021, 14:05 Uhr", orderDMY, "2021-11-12T14:05:00Z"},
		{"31.02.2021", orderDMY, ""},
		{"1.2.3.4", orderDMY, ""},
		{"version 2.10.2019x", orderDMY, "2019-10-02T00:00:00Z"},
		{"no date here", orderDMY, ""},
		{"2019", orderDMY, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, ok := parseValue(tc.in, tc.o, true)
			got := ""
			if ok {
				got = p.t.Format(time.RFC3339)
			}
			if got != tc.want {
				t.Errorf("parseValue(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct {
		u    string
		want string
		full bool
	}{
		{"https://x.com/2019/11/19/story", "2019-11-19", true},
		{"https://x.com/news/2019-11-19-story", "2019-11-19", true},
		{"https://x.com/news/story_20191119.html", "2019-11-19", true},
		{"https://x.com/2023/10/3-fragen", "2023-10-01", false},
		{"https://x.com/2019/11/", "2019-11-01", false},
		{"https://x.com/id/123456789", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.u, func(t *testing.T) {
			p := mustPage(t, "", tc.u, time.Time{})
			d, _, full, ok := urlDate(p.URL)
			got := ""
			if ok {
				got = d.Format("2006-01-02")
			}
			if got != tc.want || (ok && full != tc.full) {
				t.Errorf("urlDate(%s) = %s full=%v, want %s full=%v", tc.u, got, full, tc.want, tc.full)
			}
		})
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"2019-11-19T10:20:30+01:00", "15. April 2017", "April 15th, 2017 at 3:30 pm",
		"2017年4月15日", "04/05/2017 10:00", "1574156400", "Tue, 19 Nov 2019 10:00:00 GMT+2", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []order{orderDMY, orderMDY} {
			p, ok := parseValue(s, o, true)
			if ok && (p.t.Year() < 1000 || p.t.Year() > 9999) && len(s) != 10 && len(s) != 13 {
				t.Errorf("parseValue(%q) year %d", s, p.t.Year())
			}
			for _, q := range scan(s, o, 0) {
				if q.start < 0 || q.end > len(s)+40 || q.start > q.end {
					t.Errorf("scan(%q) bad span %d..%d", s, q.start, q.end)
				}
			}
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add(`<html lang="en"><head><meta property="article:published_time" content="2019-11-19"></head><body><h1>T</h1><p class="date">Published 3 hours ago</p></body></html>`, "https://x.com/2019/11/19/a")
	f.Add(`<script type="application/ld+json">{"@graph":[{"@type":"Article","datePublished":["2019-01-01",3]}]}</script>`, "")
	f.Add(`<div class="comments"><time datetime="2019-05-05">x</time></div><h1>t</h1>© 2019`, "http://x/2023/10/3-x")
	fetch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, src, u string) {
		root, err := html.Parse(strings.NewReader(src))
		if err != nil {
			return
		}
		for _, ft := range []time.Time{{}, fetch} {
			r := Extract(page.New(root, u, ft))
			hi := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
			if !ft.IsZero() {
				hi = ft.Add(24 * time.Hour)
			}
			for _, d := range []*time.Time{r.Published, r.Modified} {
				if d != nil && (d.Year() < 1995 || d.After(hi)) {
					t.Errorf("date %v out of bounds", d)
				}
			}
		}
	})
}
