package date

import (
	"sort"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds the tree walk; deeper nodes are ignored.
const maxDepth = 400

// scope is what the walk knows about a node's ancestors.
type scope struct {
	// block is the innermost block the node is in whose dates are not the
	// article's (comments, related articles, sidebars, navigation); nil
	// when none.
	block  *block
	header bool // inside the article header, byline or meta line
	footer bool // inside a footer
	hidden bool // inside a hidden element
	// article is set inside <article> or role=article: an aside or
	// "sidebar" there holds the article's own details more often than
	// other stories.
	article  bool
	itemType string
}

// block is a part of the page marked as comments, related articles, a
// sidebar or navigation.
type block struct {
	kind string
	// main is set when the block turns out to hold the article itself (its
	// headline, body or publication date): unclosed <nav> elements and
	// "widget" classes on main columns are common.
	main bool
}

// excluded returns the kind of block that makes the node's dates not the
// article's, or "".
func (sc scope) excluded() string {
	if sc.block == nil || sc.block.main {
		return ""
	}
	return sc.block.kind
}

// segment is a run of the page's visible text.
type segment struct {
	start int
	node  *html.Node // the text node's parent element
	sc    scope
}

// element is an element read by the date rules.
type element struct {
	node *html.Node
	sc   scope
	pos  int // offset in the text stream where the element starts
}

// walkResult is what one walk over the tree collects.
type walkResult struct {
	stream   strings.Builder
	segments []segment
	times    []element // <time> elements
	itemprop []element // non-meta elements with itemprop=date*
	dateish  []element // elements whose class or id says date, byline, meta
	scripts  []*html.Node
	h1       int // stream offset of the headline, -1 when none
	h1InArt  bool
	classes  map[string]*classInfo
}

func walk(root *html.Node) *walkResult {
	w := &walkResult{h1: -1}
	w.visit(root, scope{}, 0, false)
	return w
}

func (w *walkResult) visit(n *html.Node, sc scope, depth int, inArticle bool) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		if sc.hidden || strings.TrimSpace(n.Data) == "" {
			return
		}
		w.segments = append(w.segments, segment{start: w.stream.Len(), node: n.Parent, sc: sc})
		w.stream.WriteString(n.Data)
		w.stream.WriteByte(' ')
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script:
			if n.FirstChild != nil && hasScriptDate(n.FirstChild.Data) {
				w.scripts = append(w.scripts, n)
			}
			return
		case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Select, atom.Button:
			return
		case atom.Head:
			// meta tags come from page.Meta; titles carry no dates
			return
		}
		if n.DataAtom == atom.Article || strings.EqualFold(page.Attr(n, "role"), "article") {
			inArticle = true
		}
		sc = w.classify(n, sc, inArticle)
		el := element{node: n, sc: sc, pos: w.stream.Len()}
		switch {
		case n.DataAtom == atom.Time:
			w.times = append(w.times, el)
		case n.DataAtom == atom.H1 && !isLogoHeading(n):
			if sc.block != nil && !sc.block.main {
				sc.block.main = true
			}
			if w.h1 < 0 || (inArticle && !w.h1InArt) {
				w.h1 = w.stream.Len()
				w.h1InArt = inArticle
			}
		}
		if ip := page.Attr(n, "itemprop"); ip != "" && n.DataAtom != atom.Meta && strings.Contains(strings.ToLower(ip), "date") {
			w.itemprop = append(w.itemprop, el)
		} else if n.DataAtom != atom.Time && w.classOf(n).dateish {
			w.dateish = append(w.dateish, el)
		}
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.visit(c, sc, depth+1, inArticle)
	}
}

// classify updates the scope for element n; inArticle says n is in or is
// an <article> element.
func (w *walkResult) classify(n *html.Node, sc scope, inArticle bool) scope {
	if page.IsHidden(n) {
		sc.hidden = true
	}
	sc.article = inArticle
	if _, ok := page.AttrOK(n, "itemscope"); ok {
		sc.itemType = strings.ToLower(page.Attr(n, "itemtype"))
		if strings.Contains(sc.itemType, "comment") && sc.block == nil {
			sc.block = &block{kind: "comments"}
		}
	}
	ci := w.classOf(n)
	switch n.DataAtom {
	case atom.Aside:
		// An aside inside the article is mostly its meta column (date,
		// author, share buttons); elsewhere it is a sidebar.
		if sc.block == nil && !inArticle {
			sc.block = &block{kind: "sidebar"}
		}
	case atom.Nav:
		if sc.block == nil {
			sc.block = &block{kind: "navigation"}
		}
	case atom.Footer:
		sc.footer = true
	case atom.Header:
		if inArticle || w.h1 >= 0 || ci.articleHeader {
			sc.header = true
		} else if sc.block == nil && !strings.EqualFold(page.Attr(n, "role"), "main") {
			// A <header> outside any article before the headline is
			// the site's masthead: its dates are "today" widgets and
			// edition dates. It turns main when it holds the headline.
			sc.block = &block{kind: "site header"}
		}
	}
	if ci.empty {
		return sc
	}
	if sc.block != nil && !sc.block.main && (ci.mainBody || strings.EqualFold(page.Attr(n, "itemprop"), "articleBody")) {
		sc.block.main = true
	}
	if sc.block == nil && isContainer(n.DataAtom) {
		if ci.kind != "" && !(ci.kind == "sidebar" && inArticle) {
			sc.block = &block{kind: ci.kind}
		}
	}
	if ci.header {
		sc.header = true
	}
	if ci.footer {
		sc.footer = true
	}
	return sc
}

// classInfo is what an element's class and id say; pages repeat a few
// class names on many elements, so each value is read once per walk.
type classInfo struct {
	empty         bool   // no class and no id
	mainBody      bool   // the article body ("entry-content", "article-body")
	kind          string // excludedKind: comments, related articles, ...
	header        bool   // byline, article meta or article header
	footer        bool
	dateish       bool // isDateishClass
	articleHeader bool // isArticleHeader
}

// classOf returns what n's class and id say. Every rule reads words or
// substrings without spaces, so the class and the id are read apart and
// their findings joined.
func (w *walkResult) classOf(n *html.Node) classInfo {
	c, id := w.attrInfo(page.Attr(n, "class")), w.attrInfo(page.Attr(n, "id"))
	ci := classInfo{
		empty:         c.empty && id.empty,
		mainBody:      c.mainBody || id.mainBody,
		kind:          c.kind,
		header:        c.header || id.header,
		footer:        c.footer || id.footer,
		dateish:       c.dateish || id.dateish,
		articleHeader: c.articleHeader || id.articleHeader,
	}
	if kindRank(id.kind) < kindRank(c.kind) {
		ci.kind = id.kind
	}
	return ci
}

// attrInfo returns the classInfo of one class or id value.
func (w *walkResult) attrInfo(v string) *classInfo {
	if ci, ok := w.classes[v]; ok {
		return ci
	}
	ci := &classInfo{}
	cls := strings.ToLower(v)
	if strings.TrimSpace(cls) == "" {
		ci.empty = true
	} else {
		ci.mainBody = hasPrefixToken(cls, "hentry", "entrycontent", "postbody", "articlebody",
			"postcontent", "articlecontent", "storybody")
		ci.kind = excludedKind(cls)
		ci.header = containsAny(cls, "byline", "dateline", "article-meta", "entry-meta", "post-meta", "postmeta",
			"article-info", "post-info", "article__meta", "meta-info", "subline", "article-header",
			"entry-header", "post-header", "article__header", "articleheader", "story-header",
			"author", "head-meta", "article-date", "post-date", "entry-date", "publish")
		ci.footer = strings.Contains(cls, "footer")
		ci.dateish = isDateishClass(cls)
		ci.articleHeader = isArticleHeader(cls)
	}
	if w.classes == nil {
		w.classes = map[string]*classInfo{}
	}
	w.classes[v] = ci
	return ci
}

// kindRank orders excludedKind's kinds as it tests them; "" comes last.
func kindRank(kind string) int {
	switch kind {
	case "comments":
		return 0
	case "related articles":
		return 1
	case "sidebar":
		return 2
	case "navigation":
		return 3
	}
	return 4
}

// hasScriptDate reports whether a script's text may hold a date key that
// scriptCandidates reads ("datePublished", "publishedDate", "published_at").
func hasScriptDate(text string) bool {
	if len(text) > maxScriptScan {
		text = text[:maxScriptScan]
	}
	for _, needle := range scriptKeyNeedles {
		if strings.Contains(text, needle) {
			return true
		}
	}
	return false
}

// isLogoHeading reports whether the <h1> n is the site's logo rather than
// a headline: it has no text, or its link goes to the home page or is
// marked as the logo.
func isLogoHeading(n *html.Node) bool {
	if limitedText(n, 300) == "" {
		return true
	}
	for c := range n.Descendants() {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.A && (page.Attr(c, "href") == "/" || strings.Contains(strings.ToLower(page.Attr(c, "class")), "logo")) {
			return true
		}
		if strings.Contains(strings.ToLower(page.Attr(c, "class")+" "+page.Attr(c, "id")), "logo") {
			return true
		}
	}
	return strings.Contains(strings.ToLower(page.Attr(n, "class")+" "+page.Attr(n, "id")), "logo")
}

// isArticleHeader reports whether cls (class and id, lower-case) marks a
// <header> as the article's own.
func isArticleHeader(cls string) bool {
	return containsAny(cls, "article", "entry", "post", "story", "content", "title", "headline", "single")
}

// isContainer reports whether a is a block that can hold comments or a
// list of related articles (not a link or span labelled "comments").
func isContainer(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Section, atom.Aside, atom.Ul, atom.Ol, atom.Li, atom.Article,
		atom.Footer, atom.Nav, atom.Form, atom.Dl, atom.Table, atom.Td, atom.Header, 0:
		return true
	}
	return false
}

// excludedKind names the kind of block that cls (class and id, lower-case)
// marks as not the article's own, or "".
func excludedKind(cls string) string {
	switch {
	case hasPrefixToken(cls, "comment", "disqus", "reply", "respond", "kommentar", "commentaire", "comentario"):
		return "comments"
	case hasPrefixToken(cls, "related", "recommend", "morefrom", "morestories", "readmore",
		"alsoread", "popular", "trending", "mostread", "mostpopular", "further", "weitere",
		"similar", "outbrain", "taboola", "nextarticle", "teaserlist", "relacionad", "correlat", "lire"):
		return "related articles"
	case hasPrefixToken(cls, "sidebar", "widget", "rail", "marginal", "aside"):
		return "sidebar"
	case hasToken(cls, "nav", "menu", "navbar", "navigation", "breadcrumb", "breadcrumbs", "pagination"):
		return "navigation"
	}
	return ""
}

// hasPrefixToken reports whether a token of s (split at spaces, hyphens
// and underscores; the first part of a word also counts joined to the
// rest, so "more-from" gives "morefrom" and "entry-content" gives
// "entrycontent") starts with one of the prefixes, which have no
// separators.
func hasPrefixToken(s string, prefixes ...string) bool {
	// A token's prefix is a substring of s without its separators: most
	// class names fail this cheap test.
	st := s
	if strings.ContainsAny(s, "-_") {
		st = strings.Map(func(r rune) rune {
			if r == '-' || r == '_' {
				return -1
			}
			return r
		}, s)
	}
	if !containsAny(st, prefixes...) {
		return false
	}
	fields := strings.Fields(s)
	for _, f := range fields {
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '_' })
		if len(parts) > 1 && hasToken(parts[0]+" "+parts[1], "tag", "tags", "category", "cat", "topic", "label", "format", "type") {
			continue // WordPress-like taxonomy classes: "post_tag-kommentar"
		}
		joined := strings.Join(parts, "")
		for i, p := range parts {
			for _, x := range prefixes {
				if strings.HasPrefix(p, x) || (i == 0 && strings.HasPrefix(joined, x)) {
					return true
				}
			}
		}
	}
	return false
}

// isDateishClass reports whether cls (class and id, lower-case) says the
// element holds a date or a byline.
func isDateishClass(cls string) bool {
	return containsAny(cls, "date", "datum", "time", "publish", "posted", "fecha", "byline",
		"dateline", "meta", "submitted", "created", "updated", "modified", "parution", "subline",
		"stamp", "zeit", "info", "author", "data")
}

// textAt returns the segment holding stream offset i.
func (w *walkResult) textAt(i int) (segment, bool) {
	k := sort.Search(len(w.segments), func(j int) bool { return w.segments[j].start > i }) - 1
	if k < 0 {
		return segment{}, false
	}
	return w.segments[k], true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// hasToken reports whether s, split at spaces, hyphens and underscores,
// has one of the tokens.
func hasToken(s string, tokens ...string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		for _, t := range tokens {
			if f == t {
				return true
			}
		}
	}
	return false
}

// limitedText returns the text of n, collapsed, or "" when it is longer
// than max bytes.
func limitedText(n *html.Node, max int) string {
	var b strings.Builder
	var rec func(*html.Node, int) bool
	rec = func(n *html.Node, depth int) bool {
		if depth > 40 {
			return true
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
			return b.Len() <= 4*max
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !rec(c, depth+1) {
				return false
			}
		}
		return true
	}
	if !rec(n, 0) {
		return ""
	}
	s := page.CollapseSpace(b.String())
	if len(s) > max {
		return ""
	}
	return s
}
