package meta

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// parse builds a page from an inline snippet.
func parse(t testing.TB, src, pageURL string) *page.Page {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return page.New(root, pageURL, time.Time{})
}

func decision(r Result, field string) string {
	for _, d := range r.Decisions {
		if d.Field == field && d.Source != nil {
			return d.Source.Rule
		}
	}
	return ""
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, html, url, want, rule string
	}{
		{"h1 confirmed by og:title",
			`<html><head><title>Big storm hits coast | Daily News</title><meta property="og:title" content="Big storm hits coast"></head><body><h1>Big storm hits coast</h1></body></html>`,
			"https://dailynews.example/a", "Big storm hits coast", "visible.h1"},
		{"site suffix stripped by og:site_name",
			`<html><head><title>Big storm hits coast | Daily News</title><meta property="og:site_name" content="Daily News"></head><body><p>x</p></body></html>`,
			"https://example.org/a", "Big storm hits coast", "html.title"},
		{"site prefix stripped by host",
			`<html><head><title>Example Times - Big storm hits coast</title></head><body></body></html>`,
			"https://www.exampletimes.com/a", "Big storm hits coast", "html.title"},
		{"no blind cut at the last dash",
			`<html><head><title>Minions - a painting guide</title></head><body></body></html>`,
			"https://other.example/a", "Minions - a painting guide", "html.title"},
		{"logo h1, post title in h2",
			`<html><head><meta property="og:title" content="How I fixed my bike"><meta property="og:site_name" content="Tom's Blog"></head><body><header><h1 class="site-title"><a href="/">Tom's Blog</a></h1></header><article><h2 class="entry-title">How I fixed my bike</h2></article></body></html>`,
			"https://tom.example/bike", "How I fixed my bike", "visible.h2"},
		{"kicker span removed",
			`<html><head><meta property="og:title" content="Klimaschutz: Bohren, bis es heiß wird"></head><body><h1><span class="article-heading__kicker">Klimaschutz</span> <span class="article-heading__title">Bohren, bis es heiß wird</span></h1></body></html>`,
			"https://zeit.example/a", "Bohren, bis es heiß wird", "visible.h1"},
		{"hidden heading skipped",
			`<html><head><meta property="og:title" content="Real headline here"></head><body><h1 style="display:none">Real headline here (hidden copy)</h1><div hidden><h1>Real headline here</h1></div><h1 class="headline">Real headline here</h1></body></html>`,
			"", "Real headline here", "visible.h1"},
		{"soft hyphens and zero-width characters",
			"<html><head><meta property=\"og:title\" content=\"Donaudampfschifffahrt today\"></head><body><h1>Donau\u00addampf\u200bschifffahrt today</h1></body></html>",
			"", "Donaudampfschifffahrt today", "visible.h1"},
		{"itemprop headline",
			`<html><head><title>Portal</title><meta property="og:title" content="Council votes on budget"></head><body><div itemprop="headline">Council votes on budget</div></body></html>`,
			"", "Council votes on budget", "visible.itemprop"},
		{"first article h1 without metadata",
			`<html><body><article><h1>Local team wins the cup</h1><p>text</p></article></body></html>`,
			"", "Local team wins the cup", "visible.h1"},
		{"JSON-LD headline",
			`<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Rates rise again"}</script></head><body><nav><h2>Menu</h2></nav></body></html>`,
			"", "Rates rise again", "jsonld.headline"},
		{"empty page", `<html></html>`, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(parse(t, tt.html, tt.url), "")
			if r.Title != tt.want {
				t.Errorf("title = %q, want %q", r.Title, tt.want)
			}
			if got := decision(r, "title"); got != tt.rule {
				t.Errorf("rule = %q, want %q", got, tt.rule)
			}
		})
	}
}

func TestStripSite(t *testing.T) {
	site := siteNames{names: []string{"Daily News"}, squashed: []string{"dailynews"}, hostLabels: []string{"dailynews"}, host: "dailynews"}
	tests := []struct{ in, want string }{
		{"Storm | Daily News", "Storm"},
		{"Daily News » Storm hits", "Storm hits"},
		{"Storm – Weather – Daily News", "Storm – Weather"},
		{"Daily News", "Daily News"},
		{"Storm: what now", "Storm: what now"},
	}
	for _, tt := range tests {
		if got := stripSite(tt.in, site); got != tt.want {
			t.Errorf("stripSite(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAuthors(t *testing.T) {
	tests := []struct {
		name, html string
		want       []string
		rule       string
	}{
		{"JSON-LD list of persons, organization skipped",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Organization","name":"Daily News"},"John Smith"]}</script>`,
			[]string{"Jane Roe", "John Smith"}, "jsonld.author"},
		{"JSON-LD @id reference",
			`<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"#p1"}},{"@type":"Person","@id":"#p1","name":"Doris Schuppe"}]}</script>`,
			[]string{"Doris Schuppe"}, "jsonld.author"},
		{"meta author with By and and",
			`<meta name="author" content="By Anna Berg and Tim Holt">`,
			[]string{"Anna Berg", "Tim Holt"}, "meta.author"},
		{"article:author URL ignored, byline used",
			`<meta property="article:author" content="https://facebook.com/x"><div class="byline">Von Heike Buchter, Staff Writer | 12.10.2019</div>`,
			[]string{"Heike Buchter"}, "class.byline"},
		{"rel=author user name",
			`<span class="vcard"><a rel="author" href="/author/g">gizzmo</a></span>`,
			[]string{"gizzmo"}, "rel.author"},
		{"e-mail and handle removed, deduplicated",
			`<div itemprop="author">Par Marie Curie (marie@example.org) @mcurie</div><div itemprop="author">Marie Curie</div>`,
			[]string{"Marie Curie"}, "itemprop.author"},
		{"text byline",
			`<article><p><i>von Daniela Obers</i></p></article>`,
			[]string{"Daniela Obers"}, "text.byline"},
		{"site name is no author",
			`<meta property="og:site_name" content="Daily News"><meta name="author" content="Daily News">`,
			nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(parse(t, "<html><head></head><body>"+tt.html+"</body></html>", "https://dailynews.example/a"), "")
			if !slices.Equal(r.Authors, tt.want) {
				t.Errorf("authors = %q, want %q", r.Authors, tt.want)
			}
			if got := decision(r, "authors"); got != tt.rule {
				t.Errorf("rule = %q, want %q", got, tt.rule)
			}
		})
	}
}

func TestCleanAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"By John Smith", []string{"John Smith"}},
		{"Por María López y Juan Pérez", []string{"María López", "Juan Pérez"}},
		{"Jane Doe, Senior Reporter", []string{"Jane Doe"}},
		{"Walter von Aachen", []string{"Walter von Aachen"}},
		{"Erstellt von Andri Bryner", []string{"Andri Bryner"}},
		{"Grant Tinsley, PhD", []string{"Grant Tinsley"}},
		{"Updated 12:30 PM", nil},
		{"share on twitter", nil},
	}
	for _, tt := range tests {
		got := cleanAuthors(tt.in, siteNames{}, "", true)
		if !slices.Equal(got, tt.want) {
			t.Errorf("cleanAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const englishText = "The city council voted on Tuesday to approve the new budget, which includes more money for schools, roads and public transport. The mayor said the decision was a good day for everyone who lives and works in the city."
const germanText = "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, der mehr Geld für Schulen, Straßen und den öffentlichen Nahverkehr vorsieht. Der Bürgermeister sprach von einem guten Tag für alle, die in der Stadt leben und arbeiten."

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, html, body, want, rule string
	}{
		{"html lang normalised", `<html lang="en_us"><body></body></html>`, "", "en-US", "html.lang"},
		{"og:locale", `<html><head><meta property="og:locale" content="pt_BR"></head></html>`, "", "pt-BR", "meta.og:locale"},
		{"JSON-LD inLanguage", `<html><head><script type="application/ld+json">{"@type":"Article","inLanguage":"fr-FR"}</script></head></html>`, "", "fr-FR", "jsonld.inLanguage"},
		{"declaration agreeing with text", `<html lang="de-AT"></html>`, germanText, "de-AT", "html.lang"},
		{"declaration overruled by text", `<html lang="en"></html>`, germanText, "de", "detect.body"},
		{"second declaration agrees", `<html lang="en"><head><meta http-equiv="content-language" content="de-CH"></head></html>`, germanText, "de-CH", "meta.content-language"},
		{"detected when undeclared", `<html></html>`, englishText, "en", "detect.body"},
		{"nothing", `<html></html>`, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(parse(t, tt.html, ""), tt.body)
			if r.Language != tt.want {
				t.Errorf("language = %q, want %q", r.Language, tt.want)
			}
			if got := decision(r, "language"); got != tt.rule {
				t.Errorf("rule = %q, want %q", got, tt.rule)
			}
		})
	}
}

func TestNormalizeLang(t *testing.T) {
	for in, want := range map[string]string{
		"EN": "en", "en_gb": "en-GB", "zh-hans-cn": "zh-Hans-CN", "es-419": "es-419",
		"x-default": "", "": "", "de-DE, en": "de-DE", "ger": "de", "http://x": "",
	} {
		if got := normalizeLang(in); got != want {
			t.Errorf("normalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimpleFields(t *testing.T) {
	src := `<html><head>
<link rel="canonical" href="/news/a?x=1">
<meta property="og:url" content="https://other.example/og">
<meta property="og:site_name" content="Daily News">
<meta name="description" content="  A short   summary. ">
<meta property="article:section" content="Politics">
<meta property="article:tag" content="Budget"><meta property="article:tag" content="City">
<meta name="keywords" content="budget, schools; Roads">
<meta name="twitter:image" content="/img/t.jpg">
<script type="application/ld+json">{"@type":"NewsArticle","image":{"@type":"ImageObject","url":"/img/lead.jpg"},"keywords":["Schools","Transport"],"articleSection":["Local"]}</script>
</head><body></body></html>`
	r := Extract(parse(t, src, "https://dailynews.example/news/a"), "")
	checks := []struct{ field, got, want string }{
		{"canonical_url", r.CanonicalURL, "https://dailynews.example/news/a?x=1"},
		{"site_name", r.SiteName, "Daily News"},
		{"description", r.Description, "A short summary."},
		{"section", r.Section, "Politics"},
		{"image", r.Image, "https://dailynews.example/img/lead.jpg"},
		{"tags", strings.Join(r.Tags, "|"), "Budget|City|schools|Roads|Transport"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	fields := map[string]bool{}
	for _, d := range r.Decisions {
		fields[d.Field] = true
	}
	for _, f := range []string{"title", "authors", "language", "site_name", "description", "section", "tags", "image", "canonical_url"} {
		if !fields[f] {
			t.Errorf("no decision for %s", f)
		}
	}
}

func TestExtractNil(t *testing.T) {
	if r := Extract(nil, "text"); r.Title != "" || r.Decisions != nil {
		t.Errorf("Extract(nil) = %+v", r)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(`<html lang="en"><head><title>A | B</title><meta property="og:title" content="A"></head><body><h1>A</h1><div class="byline">By X Y</div></body></html>`, "body text")
	f.Add(`<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"a"}},{"@id":"a","author":{"@id":"a"}}]}</script>`, "")
	f.Add("<h1>\xff\xfe bad utf8 \u00ad</h1><meta name=author content='\xc3'>", germanText)
	f.Fuzz(func(t *testing.T, src, body string) {
		root, err := html.Parse(strings.NewReader(src))
		if err != nil {
			return
		}
		r := Extract(page.New(root, "https://example.com/a", time.Time{}), body)
		for _, s := range append([]string{r.Title, r.Language, r.SiteName, r.Description, r.Section, r.Image, r.CanonicalURL}, append(r.Authors, r.Tags...)...) {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8: %q", s)
			}
		}
	})
}
