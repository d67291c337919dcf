package breadcrumbs

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const testURL = "https://www.example.com/world/europe/story-1.html"

func parse(t testing.TB, src string) *page.Page {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return page.New(root, testURL, time.Time{})
}

type testCase struct {
	name string
	html string
	want []Crumb
	rule string
}

func run(t *testing.T, cases []testCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, d := Extract(parse(t, tc.html))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("crumbs:\n got %#v\nwant %#v", got, tc.want)
			}
			if tc.want == nil {
				if d.Source != nil {
					t.Errorf("source = %+v, want none", d.Source)
				}
				return
			}
			if d.Source == nil || d.Source.Rule != tc.rule {
				t.Errorf("rule = %+v, want %q", d.Source, tc.rule)
			}
			if d.Field != "breadcrumbs" || d.Value != joinNames(tc.want) {
				t.Errorf("decision = %q %q", d.Field, d.Value)
			}
		})
	}
}

func TestJSONLD(t *testing.T) {
	run(t, []testCase{{
		name: "item as string, position order",
		html: `<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[
			{"@type":"ListItem","position":2,"name":"World","item":"/world/"},
			{"@type":"ListItem","position":1,"name":"Home","item":"https://www.example.com/"},
			{"@type":"ListItem","position":"3","name":"Europe &amp; more","item":"/world/europe/"}]}</script>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"World", "https://www.example.com/world/"}, {"Europe & more", "https://www.example.com/world/europe/"}},
		rule: "jsonld.BreadcrumbList",
	}, {
		name: "graph, item object with @id and name",
		html: `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},
			{"@type":"BreadcrumbList","itemListElement":[
			{"@type":"ListItem","position":1,"item":{"@id":"https://www.example.com/","name":"Start"}},
			{"@type":"ListItem","position":2,"item":{"url":"https://www.example.com/news/","name":"News &amp;amp; Views"}}]}]}</script>`,
		want: []Crumb{{"Start", "https://www.example.com/"}, {"News & Views", "https://www.example.com/news/"}},
		rule: "jsonld.BreadcrumbList",
	}, {
		name: "nested in WebPage.breadcrumb",
		html: `<script type="application/ld+json">{"@type":"WebPage","breadcrumb":{"@type":"BreadcrumbList","itemListElement":[
			{"@type":"ListItem","position":1,"name":"Home","item":"/"},{"@type":"ListItem","position":2,"name":"Sport"}]}}</script>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Sport", ""}},
		rule: "jsonld.BreadcrumbList",
	}, {
		name: "trailing comma read leniently",
		html: `<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[
			{"@type":"ListItem","position":1,"name":"Home","item":"/"},{"@type":"ListItem","position":2,"name":"Tech","item":"/tech/"},]}</script>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Tech", "https://www.example.com/tech/"}},
		rule: "jsonld.BreadcrumbList",
	}, {
		name: "invalid trail skipped for the next declared one",
		html: `<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home"}]}</script>
			<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[
			{"@type":"ListItem","position":1,"name":"Home","item":"/"},{"@type":"ListItem","position":2,"name":"Culture","item":"/culture"}]}</script>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Culture", "https://www.example.com/culture"}},
		rule: "jsonld.BreadcrumbList",
	}})
}

func TestMicrodata(t *testing.T) {
	run(t, []testCase{{
		name: "schema.org ListItems with nested item scope",
		html: `<ol itemscope itemtype="https://schema.org/BreadcrumbList">
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
			  <a itemprop="item" href="/"><span itemprop="name">Home</span></a><meta itemprop="position" content="1"></li> ›
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
			  <a itemscope itemtype="https://schema.org/WebPage" itemprop="item" itemid="/world/" href="/world/"><span itemprop="name">World</span></a>
			  <meta itemprop="position" content="2"></li>
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
			  <span itemprop="name">Story</span><meta itemprop="position" content="3">
			  <div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Not a crumb</span></div></li></ol>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"World", "https://www.example.com/world/"}, {"Story", ""}},
		rule: "microdata.BreadcrumbList",
	}, {
		name: "data-vocabulary Breadcrumb",
		html: `<div><span itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><a href="/" itemprop="url"><span itemprop="title">Home</span></a></span> &gt;
			<span itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><a href="/tech/" itemprop="url"><span itemprop="title">Tech</span></a></span></div>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Tech", "https://www.example.com/tech/"}},
		rule: "microdata.data-vocabulary.Breadcrumb",
	}})
}

func TestRDFa(t *testing.T) {
	run(t, []testCase{{
		name: "BreadcrumbList",
		html: `<ol vocab="https://schema.org/" typeof="BreadcrumbList">
			<li property="itemListElement" typeof="ListItem"><a property="item" typeof="WebPage" href="/"><span property="name">Home</span></a><meta property="position" content="1"></li>
			<li property="itemListElement" typeof="ListItem"><a property="item" typeof="WebPage" href="/books/"><span property="name">Books</span></a><meta property="position" content="2"></li></ol>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Books", "https://www.example.com/books/"}},
		rule: "rdfa.BreadcrumbList",
	}})
}

func TestDeclaredOrder(t *testing.T) {
	run(t, []testCase{{
		name: "first declared trail in document order wins",
		html: `<body><ol itemscope itemtype="https://schema.org/BreadcrumbList">
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/"><span itemprop="name">Home</span></a></li>
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/a/"><span itemprop="name">A</span></a></li></ol>
			<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"/"},{"@type":"ListItem","position":2,"name":"B","item":"/b/"}]}</script></body>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"A", "https://www.example.com/a/"}},
		rule: "microdata.BreadcrumbList",
	}})
}

func TestVisible(t *testing.T) {
	run(t, []testCase{{
		name: "nav aria-label with li items, hidden text and label dropped",
		html: `<nav aria-label="Breadcrumb"><span>You are here:</span><ol>
			<li><a href="/">Home</a> »</li><li><a href="/world/"><span class="sr-only">Section: </span>World</a> »</li>
			<li aria-current="page">Story</li></ol></nav><h1>Story</h1>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"World", "https://www.example.com/world/"}, {"Story", ""}},
		rule: "visible.nav[aria-label]",
	}, {
		name: "class in another language, drop-down lists skipped",
		html: `<div class="fil-ariane"><ul><li><a href="/">Accueil</a><ul><li><a href="/x">X</a></li></ul></li>
			<li><a href="/monde/">Monde</a></li></ul></div><h1>T</h1>`,
		want: []Crumb{{"Accueil", "https://www.example.com/"}, {"Monde", "https://www.example.com/monde/"}},
		rule: "visible.div[class]",
	}, {
		name: "links and separators without list",
		html: `<div id="brotkrumen">Sie sind hier: <a href="/">Startseite</a> &gt; <a href="/politik/">Politik</a> &gt; <span>Artikel</span></div>`,
		want: []Crumb{{"Startseite", "https://www.example.com/"}, {"Politik", "https://www.example.com/politik/"}, {"Artikel", ""}},
		rule: "visible.div[id]",
	}, {
		name: "leading heading dropped, heading in an item kept",
		html: `<div class="crumbs"><h2>Breadcrumb</h2><ul><li><a href="/">Home</a></li><li><a href="/tech/">Tech</a></li>
			<li><h1>The story</h1></li></ul></div>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Tech", "https://www.example.com/tech/"}, {"The story", ""}},
		rule: "visible.div[class]",
	}, {
		name: "site menu marked nowhere is not a trail",
		html: `<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul></nav><h1>T</h1>`,
		want: nil,
	}, {
		name: "page-wide class is not a trail",
		html: `<body class="has-breadcrumb"><ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul></body>`,
		want: nil,
	}, {
		name: "unmarked separator trail above the headline",
		html: `<header><div><a href="/">Accueil</a><span> / </span><a href="/international/">International</a><span> / </span><a href="/international/asie/">Asie</a></div><h1>Titre</h1></header>`,
		want: []Crumb{{"Accueil", "https://www.example.com/"}, {"International", "https://www.example.com/international/"}, {"Asie", "https://www.example.com/international/asie/"}},
		rule: "visible.separated",
	}, {
		name: "bare nav just above the headline",
		html: `<header><nav class="x"><a href="/news">News</a><a href="/news/uk">UK</a></nav><h1>Headline</h1></header>`,
		want: []Crumb{{"News", "https://www.example.com/news"}, {"UK", "https://www.example.com/news/uk"}},
		rule: "visible.nav-before-h1",
	}, {
		name: "analytics data attribute on the links",
		html: `<div><a data-track="Breadcrumbs click" href="/">Homepage</a><span>/</span><a data-track="Breadcrumbs click" href="/leagues/x">League</a></div><h1>T</h1>`,
		want: []Crumb{{"Homepage", "https://www.example.com/"}, {"League", "https://www.example.com/leagues/x"}},
		rule: "visible.div[data]",
	}, {
		name: "declared wins over visible",
		html: `<nav class="breadcrumb"><a href="/">Home</a> › <a href="/v/">Visible</a></nav>
			<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"/"},{"@type":"ListItem","position":2,"name":"Declared","item":"/d/"}]}</script>`,
		want: []Crumb{{"Home", "https://www.example.com/"}, {"Declared", "https://www.example.com/d/"}},
		rule: "jsonld.BreadcrumbList",
	}})
}

func TestNoTrail(t *testing.T) {
	got, d := Extract(parse(t, `<p>Nothing here</p>`))
	if got != nil || d.Source != nil || d.Field != "breadcrumbs" {
		t.Errorf("got %v %+v", got, d)
	}
	if got, _ := Extract(nil); got != nil {
		t.Errorf("nil page: %v", got)
	}
}

func TestSplitSeps(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Home » News » World", []string{"Home", "News", "World"}},
		{"AC/DC / Music", []string{"AC/DC", "Music"}},
		{"23.01.2022 - Title", []string{"23.01.2022 - Title"}},
		{" > ", nil},
	} {
		if got := splitSeps(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitSeps(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`<nav aria-label="breadcrumb"><ol><li><a href="/">Home</a></li><li>X</li></ol></nav>`,
		`<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"position":1,"item":{"@id":"/"}}]}</script>`,
		`<div itemscope itemtype="http://schema.org/BreadcrumbList"><span itemprop="itemListElement"><a itemprop="item" href="::">x</a></span></div>`,
		`<div typeof="schema:BreadcrumbList"><span property="itemListElement" typeof="ListItem"><span property="name" content="A"></span></span></div>`,
		`<div><a href="/">A</a> / <a href="/b">B</a> / c</div><h1>t</h1>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		root, err := html.Parse(strings.NewReader(src))
		if err != nil {
			return
		}
		p := page.New(root, testURL, time.Time{})
		a, da := Extract(p)
		b, db := Extract(p)
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(da, db) {
			t.Fatalf("not deterministic")
		}
	})
}

func TestIsHiddenClass(t *testing.T) {
	tests := []struct {
		class string
		want  bool
	}{
		{"", false},
		{"SR-Only", true},
		{"nav  hidden", true},
		{"d-none", true},
		{"d-none d-md-block", false},
		{"D-NONE\tD-LG-FLEX", false},
		{"hidden-xs", false},
		{strings.Repeat("x", 70) + " visually-hidden", true},
		{"d-" + strings.Repeat("x", 70) + "-block d-none", false},
	}
	for _, tt := range tests {
		n := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div, Attr: []html.Attribute{{Key: "class", Val: tt.class}}}
		if got := isHidden(n); got != tt.want {
			t.Errorf("isHidden(class=%q) = %v, want %v", tt.class, got, tt.want)
		}
	}
}

func TestHopeless(t *testing.T) {
	link := token{kind: tokLink, c: Crumb{Name: "News"}}
	sep := token{kind: tokSep}
	text := token{kind: tokText, c: Crumb{Name: "Story"}}
	label := token{kind: tokText, c: Crumb{Name: "You are here:"}}
	many := []token{label}
	for range maxCrumbs {
		many = append(many, link, sep)
	}
	tests := []struct {
		name string
		toks []token
		want bool
	}{
		{"empty", nil, false},
		{"trail so far", []token{link, sep, link}, false},
		{"text last", []token{link, sep, text}, false},
		{"text before more", []token{link, sep, text, sep}, true},
		{"leading label", []token{label, link, sep, link}, false},
		{"leading text", []token{text, link}, true},
		{"label and ten crumbs", many, false},
		{"eleven crumbs", append(many[1:len(many):len(many)], link), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := hopeless(tt.toks, 0); got != tt.want {
				t.Errorf("hopeless = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHasMarkWord(t *testing.T) {
	// hasMarkWord must agree with searching the lower-cased value for every
	// mark word, for each word and for values without one.
	values := []string{"", "nav", "article-body col-md-8", "site-footer", "Breadcrumbs", "c-crumbtrail", "x"}
	for _, w := range markWords {
		values = append(values, w, strings.ToUpper(w), "pre-"+w+"-post", "x"+w[:len(w)-1])
	}
	for _, v := range values {
		if got, want := hasMarkWord(v), containsAny(strings.ToLower(v), markWords[:]); got != want {
			t.Errorf("hasMarkWord(%q) = %v, want %v", v, got, want)
		}
	}
}
