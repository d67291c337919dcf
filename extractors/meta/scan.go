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
			cls := classID{class: page.Attr(n, "class"), id: page.Attr(n, "id")}
			if hiddenClass(cls.class) {
				return
			}
			switch n.DataAtom {
			case atom.Nav, atom.Footer, atom.Aside, atom.Menu:
				r |= inChrome
			case atom.Header:
				if r&inArticle == 0 && !cls.has(articleWords...) {
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
				if cls.has(chromeWords...) {
					r |= inChrome
				} else if cls.has(headerWords...) && r&inArticle == 0 && !cls.has(articleWords...) {
					r |= inChrome
				}
				if cls.has(commentWords...) {
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
		case hasClassWord(cls.class, headlineWords...) && (hasClassWord(cls.class, "entry", "article", "post", "story", "page", "content", "main") || hasClassWord(cls.class, "headline")):
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
		case cls.has("byline", "byl", "dateline", "autor", "auteur", "autore", "writer"):
			rule = "class.byline"
		case cls.has("author", "authors", "author-name", "authorname"):
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
	if cls.has("logo", "brand", "branding", "site", "sitename", "blog") && !cls.has("entry", "post", "article") {
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

// classID holds an element's class and id attributes, which the layout
// rules read together.
type classID struct{ class, id string }

// has reports whether the class or the id contains one of words (see
// hasClassWord).
func (c classID) has(words ...string) bool {
	return hasClassWord(c.class, words...) || hasClassWord(c.id, words...)
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
