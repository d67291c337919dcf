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
	// text is limitedText(node, maxDateishText), read once by the first
	// rule that needs it (see dateishText).
	text     string
	textRead bool
}

// maxDateishText bounds the text of a date element that the rules read.
const maxDateishText = 160

// dateishText returns the text of w.dateish[i], reading it once.
func (w *walkResult) dateishText(i int) string {
	el := &w.dateish[i]
	if !el.textRead {
		el.text, el.textRead = limitedText(el.node, maxDateishText), true
	}
	return el.text
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
	// ink counts the visible text's bytes other than white space.
	ink     int
	classes classCache
}

func walk(root *html.Node) *walkResult {
	// Sized for a short article; longer pages grow them.
	w := &walkResult{h1: -1, segments: make([]segment, 0, 128)}
	w.stream.Grow(4 << 10)
	w.visit(root, scope{}, 0, false)
	return w
}

func (w *walkResult) visit(n *html.Node, sc scope, depth int, inArticle bool) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		if sc.hidden {
			return
		}
		ink := inkBytes(n.Data)
		if ink == 0 || ink <= 12 && strings.TrimSpace(n.Data) == "" {
			return // white space (only Unicode spaces take the second test)
		}
		w.segments = append(w.segments, segment{start: w.stream.Len(), node: n.Parent, sc: sc})
		w.ink += ink
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
			// Meta tags come from page.Meta and titles carry no dates;
			// only the head's scripts are read, for JSON-LD that did
			// not decode.
			w.headScripts(n)
			return
		}
		na := readAttrs(n)
		if n.DataAtom == atom.Article || strings.EqualFold(na.role, "article") {
			inArticle = true
		}
		ci := w.classInfoOf(na)
		sc = w.classify(n, na, ci, sc, inArticle)
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
		if na.itemprop != "" && n.DataAtom != atom.Meta && containsFold(na.itemprop, "date") {
			w.itemprop = append(w.itemprop, el)
		} else if n.DataAtom != atom.Time && ci.dateish {
			w.dateish = append(w.dateish, el)
		}
		start := w.ink
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.visit(c, sc, depth+1, inArticle)
		}
		// An article body ("entry-content", itemprop=articleBody) inside a
		// block marks the block as the article's own (unclosed <nav>,
		// "widget" main columns), unless it is a teaser's short excerpt.
		if sc.block != nil && !sc.block.main && w.ink-start >= minBodyText &&
			(ci.mainBody || strings.EqualFold(na.itemprop, "articleBody")) {
			sc.block.main = true
		}
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.visit(c, sc, depth+1, inArticle)
		}
	}
}

// headScripts adds the JSON-LD scripts among head's children:
// page.JSONLD skips a script that does not decode (a stray brace), and
// scriptCandidates reads its keys instead (it skips those that decoded
// before searching their text). Other head scripts are left out: their
// state objects date other stories.
func (w *walkResult) headScripts(head *html.Node) {
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Script && c.FirstChild != nil &&
			containsFold(page.Attr(c, "type"), "ld+json") {
			w.scripts = append(w.scripts, c)
		}
	}
}

// minBodyText is the visible text an article body holds at least, in
// bytes other than white space; teasers' excerpts are shorter.
const minBodyText = 1000

// inkBytes counts the bytes of s that are not ASCII white space.
func inkBytes(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			n++
		}
	}
	return n
}

// classify updates the scope for element n, whose attributes are na and
// whose class and id say ci; inArticle says n is in or is an <article>
// element.
func (w *walkResult) classify(n *html.Node, na nodeAttrs, ci classInfo, sc scope, inArticle bool) scope {
	if na.hidden {
		sc.hidden = true
	}
	sc.article = inArticle
	if na.itemscope {
		sc.itemType = strings.ToLower(na.itemtype)
		if strings.Contains(sc.itemType, "comment") && sc.block == nil {
			sc.block = &block{kind: "comments"}
		}
	}
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
		} else if sc.block == nil && !strings.EqualFold(na.role, "main") {
			// A <header> outside any article before the headline is
			// the site's masthead: its dates are "today" widgets and
			// edition dates. It turns main when it holds the headline.
			sc.block = &block{kind: "site header"}
		}
	}
	if ci.empty {
		return sc
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

// hasScriptDate reports whether a script's text may hold a date key that
// scriptCandidates reads ("datePublished", "publishedDate", "published_at").
func hasScriptDate(text string) bool {
	if len(text) > maxScriptScan {
		text = text[:maxScriptScan]
	}
	// "ublish" and "ublication" in one pass over "ubli"
	for rest := text; ; {
		i := strings.Index(rest, "ubli")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		if strings.HasPrefix(rest, "sh") || strings.HasPrefix(rest, "cation") {
			return true
		}
	}
	return strings.Contains(text, "dateModified")
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

// containsFold reports whether s holds the lower-case ASCII substr in any
// case.
func containsFold(s, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(substr)], substr) {
			return true
		}
	}
	return false
}
