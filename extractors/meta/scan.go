package meta

import (
	"regexp"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bounds on what one walk collects, so that huge pages stay cheap.
const (
	maxHeadings = 60
	maxBylines  = 40
)

// region flags where in the page layout a node sits.
type region uint8

const (
	inChrome  region = 1 << iota // header, nav, footer, aside, menus, sidebars
	inComment                    // comments, related or teaser lists
	inArticle                    // <article>, [itemtype*=Article], main
)

// heading is a visible element that may be the headline.
type heading struct {
	node   *html.Node
	kind   string // "h1", "h2", "itemprop", "class"
	region region
	order  int // position among collected headings
	logo   bool
}

// bylineNode is an element that may name the authors.
type bylineNode struct {
	node   *html.Node
	rule   string // "itemprop.author", "rel.author", "class.byline", "class.author"
	region region
}

// scan is what one walk over the visible tree collects.
type scan struct {
	headings []heading
	bylines  []bylineNode
}

// chromeWords are class/id words of page chrome.
var chromeWords = []string{"nav", "navbar", "navigation", "menu", "footer", "sidebar", "aside", "breadcrumb", "breadcrumbs", "widget", "cookie", "modal", "popup", "newsletter", "share", "social"}

// headerWords are class/id words of the page header, chrome unless inside
// the article.
var headerWords = []string{"header", "masthead", "topbar", "banner", "logo", "brand", "branding"}

// articleWords mark an element as part of the article itself.
var articleWords = []string{"article", "entry", "post", "story", "content", "main"}

// commentWords are class/id words of comments and teaser lists.
var commentWords = []string{"comment", "comments", "related", "teasers", "recommended", "promo", "trending", "popular", "outbrain", "taboola"}

// headlineWords are class words of headline elements.
var headlineWords = []string{"headline", "title", "heading", "headline1"}

// scanPage walks the document once, skipping hidden subtrees, scripts and
// styles, and collects heading and byline candidates.
func scanPage(p *page.Page) scan {
	var s scan
	if p == nil || p.Root == nil {
		return s
	}
	var walk func(n *html.Node, r region, depth int)
	walk = func(n *html.Node, r region, depth int) {
		if depth > 256 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Head, atom.Select, atom.Button, atom.Form:
				if n.DataAtom != atom.Form {
					return
				}
			}
			if page.IsHidden(n) {
				return
			}
			if hiddenClass(page.Attr(n, "class")) {
				return
			}
			cls := newClassID(n)
			switch n.DataAtom {
			case atom.Nav, atom.Footer, atom.Aside, atom.Menu:
				r |= inChrome
			case atom.Header:
				if r&inArticle == 0 && !cls.has(gArticle) {
					r |= inChrome
				}
			case atom.Article, atom.Main:
				r |= inArticle
			}
			switch page.Attr(n, "role") {
			case "navigation", "contentinfo", "complementary":
				r |= inChrome
			case "banner":
				if r&inArticle == 0 {
					r |= inChrome
				}
			case "main":
				r |= inArticle
			}
			// Layout classes on the document, body, main and article
			// elements ("has-sidebar", "menu-open") say nothing of where a
			// node sits.
			switch n.DataAtom {
			case atom.Html, atom.Body, atom.Main, atom.Article:
			default:
				if cls.has(gChrome) {
					r |= inChrome
				} else if cls.has(gHeader) && r&inArticle == 0 && !cls.has(gArticle) {
					r |= inChrome
				}
				if cls.has(gComment) {
					r |= inComment
				}
			}
			if strings.Contains(page.Attr(n, "itemtype"), "Article") || strings.Contains(page.Attr(n, "itemtype"), "BlogPosting") {
				r |= inArticle
			}
			s.visit(n, r, cls)
		}
		if n.Type == html.TextNode && len(s.bylines) < maxBylines && textByline(n.Data) {
			if n.Parent != nil {
				s.bylines = append(s.bylines, bylineNode{node: n.Parent, rule: "text.byline", region: r})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, r, depth+1)
		}
	}
	walk(p.Root, 0, 0)
	return s
}

func (s *scan) visit(n *html.Node, r region, cls classID) {
	ip := strings.ToLower(page.Attr(n, "itemprop"))
	if len(s.headings) < maxHeadings {
		kind := ""
		switch {
		case n.DataAtom == atom.Meta || n.DataAtom == atom.Link:
		case strings.Contains(ip, "headline"):
			kind = "itemprop"
		case n.DataAtom == atom.H1:
			kind = "h1"
		case n.DataAtom == atom.H2:
			kind = "h2"
		case cls.class&gHeadline != 0 && cls.class&(gHeadlineHome|gHeadlineWord) != 0:
			if n.DataAtom != atom.A && n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Article {
				kind = "class"
			}
		}
		if kind != "" {
			s.headings = append(s.headings, heading{node: n, kind: kind, region: r, order: len(s.headings), logo: isLogo(n, cls)})
		}
	}
	if len(s.bylines) < maxBylines {
		rule := ""
		switch {
		case strings.Contains(ip, "author") || strings.Contains(ip, "creator"):
			if n.DataAtom != atom.Meta && n.DataAtom != atom.Link {
				rule = "itemprop.author"
			}
		case strings.Contains(strings.ToLower(page.Attr(n, "rel")), "author") && n.DataAtom == atom.A:
			rule = "rel.author"
		case cls.has(gByline):
			rule = "class.byline"
		case cls.has(gAuthor):
			rule = "class.author"
		}
		if rule != "" {
			s.bylines = append(s.bylines, bylineNode{node: n, rule: rule, region: r})
		}
	}
}

// bylineStart matches text that opens a byline: "By", "Von", "Par", "Por"
// followed by a capitalised word.
var bylineStart = regexp.MustCompile(`^\s*(?:(?:[Tt]ext|[Ee]rstellt|[Vv]erfasst|[Gg]eschrieben|[Ww]ritten|[Pp]osted|[Gg]espeichert)\s+)?(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Pp]or|POR|PAR)\s*:?\s+\p{Lu}`)

// textByline reports whether a text node reads like a byline.
func textByline(t string) bool {
	if len(t) > 120 || len(t) < 5 {
		return false
	}
	// A cheap look at the first word before the regexp.
	t = strings.TrimLeft(t, " \t\r\n")
	end := strings.IndexAny(t, " :\t\n")
	if end < 0 {
		return false
	}
	switch strings.ToLower(t[:end]) {
	case "by", "von", "par", "por", "text", "erstellt", "verfasst", "geschrieben", "written", "posted", "gespeichert":
		return bylineStart.MatchString(t)
	}
	return false
}

// isLogo reports whether a heading looks like the site's logo or name: a
// logo class, or a single link to the site root.
func isLogo(n *html.Node, cls classID) bool {
	if cls.has(gLogo) && !cls.has(gNotLogo) {
		return true
	}
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			href := strings.TrimSpace(page.Attr(c, "href"))
			if href == "/" || href == "./" || strings.HasSuffix(strings.TrimSuffix(href, "/"), "://"+hostOf(href)) {
				return true
			}
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Img && hasClassWord(page.Attr(c, "class")+" "+page.Attr(c, "alt"), "logo") {
			return true
		}
	}
	return false
}

// hiddenClass reports whether a class attribute hides its element from
// sighted readers (screen-reader-only text, utility "hidden" classes).
func hiddenClass(class string) bool {
	for start := 0; start < len(class); {
		end := start
		for end < len(class) && !isSpaceByte(class[end]) {
			end++
		}
		switch f := class[start:end]; {
		case f == "":
		case asciiEqualFold(f, "hidden"), asciiEqualFold(f, "hide"), asciiEqualFold(f, "d-none"),
			asciiEqualFold(f, "sr-only"), asciiEqualFold(f, "visually-hidden"), asciiEqualFold(f, "visuallyhidden"),
			asciiEqualFold(f, "screen-reader-text"), asciiEqualFold(f, "screen-reader-only"),
			asciiEqualFold(f, "element-invisible"), asciiEqualFold(f, "invisible"),
			asciiEqualFold(f, "u-hidden"), asciiEqualFold(f, "is-hidden"):
			return true
		}
		start = end + 1
	}
	return false
}

// isSpaceByte reports whether c is ASCII white space, which separates the
// tokens of a class attribute.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// classID holds which word groups (wordGroup bits) an element's class and
// id attributes contain, found in one pass over each attribute.
type classID struct{ class, id wordGroup }

func newClassID(n *html.Node) classID {
	return classID{class: groupsOf(page.Attr(n, "class")), id: groupsOf(page.Attr(n, "id"))}
}

// has reports whether the class or the id contains a word of one of the
// groups g.
func (c classID) has(g wordGroup) bool { return (c.class|c.id)&g != 0 }

// wordGroup is a set of the class/id word lists the layout rules read.
type wordGroup uint16

const (
	gChrome       wordGroup = 1 << iota // chromeWords
	gHeader                             // headerWords
	gArticle                            // articleWords
	gComment                            // commentWords
	gHeadline                           // headlineWords
	gHeadlineHome                       // words that place a headline class in the article
	gHeadlineWord                       // "headline" itself
	gByline                             // byline classes
	gAuthor                             // author classes
	gLogo                               // logo and site-name classes
	gNotLogo                            // words that keep a heading from being a logo
)

// groupWords are the word lists behind each wordGroup bit.
var groupWords = [...]struct {
	group wordGroup
	words []string
}{
	{gChrome, chromeWords},
	{gHeader, headerWords},
	{gArticle, articleWords},
	{gComment, commentWords},
	{gHeadline, headlineWords},
	{gHeadlineHome, []string{"entry", "article", "post", "story", "page", "content", "main"}},
	{gHeadlineWord, []string{"headline"}},
	{gByline, []string{"byline", "byl", "dateline", "autor", "auteur", "autore", "writer"}},
	{gAuthor, []string{"author", "authors", "author-name", "authorname"}},
	{gLogo, []string{"logo", "brand", "branding", "site", "sitename", "blog"}},
	{gNotLogo, []string{"entry", "post", "article"}},
}

// wordGroups maps each word of groupWords to its groups. Built once from
// groupWords; read-only.
var wordGroups = indexGroupWords()

func indexGroupWords() map[string]wordGroup {
	m := map[string]wordGroup{}
	for _, g := range groupWords {
		for _, w := range g.words {
			m[w] |= g.group
		}
	}
	return m
}

// maxGroupWord is the longest word groupWords may hold.
const maxGroupWord = 16

// groupsOf returns the groups of the words in a class or id value, split
// and compared as hasClassWord does. It does not allocate.
func groupsOf(v string) wordGroup {
	var g wordGroup
	var buf [maxGroupWord]byte
	for start := 0; start < len(v); {
		end := start
		for end < len(v) && !isClassSep(v[end]) {
			end++
		}
		if f := v[start:end]; f != "" && len(f) <= len(buf) {
			b := buf[:len(f)]
			for i := 0; i < len(f); i++ {
				b[i] = lowerASCII(f[i])
			}
			g |= wordGroups[string(b)]
		}
		start = end + 1
	}
	return g
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hostOf returns the host part of an absolute URL, or "".
func hostOf(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return "\x00"
	}
	rest := u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}
