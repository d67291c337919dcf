package breadcrumbs

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Unmarked trails: an element whose children are links joined by separator
// text ("Home » News » World", "Accueil / International"), optionally led by
// a "You are here:" label and ended by the current page as plain text; or a
// <nav> of a few bare links just above the headline.

type tokKind int

const (
	tokLink tokKind = iota
	tokSep
	tokText
	tokOther
)

type token struct {
	kind tokKind
	c    Crumb
}

// maxTrailText is the most text (in runes) an unmarked trail may hold.
const maxTrailText = 300

// maxChildText bounds (in runes) the text of a non-link child of a trail.
const maxChildText = 200

// separatedTrails reads the blocks scanPage collected as unmarked trails.
func (s *scan) separatedTrails() []*trail {
	var out []*trail
	for _, b := range s.blocks {
		if t := s.separatedTrail(b.node, b.order); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// isTrailBlock reports whether elements of type a may hold an unmarked
// trail.
func isTrailBlock(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.P, atom.Nav, atom.Span, atom.Header, atom.Section, atom.Small, atom.Td, atom.Li, atom.Ol, atom.Ul:
		return true
	}
	return false
}

// separatedTrail reads n as an unmarked trail, or returns nil.
func (s *scan) separatedTrail(n *html.Node, order int) *trail {
	if s.h1 != nil && (order < s.h1Order-400 || order > s.h1Order+40) {
		return nil // far from the headline: a footer or side menu
	}
	toks, ok := s.tokens(n)
	if !ok {
		return nil
	}
	var crumbs []Crumb
	links, seps, text := 0, 0, 0
	labelled := false
	lastSep := true // a separator (or the start) precedes the next crumb
	for i, t := range toks {
		switch t.kind {
		case tokSep:
			seps++
			lastSep = true
			continue
		case tokText:
			if i == 0 && isLabel(t.c.Name) {
				labelled = true
				continue
			}
			// Plain text only as the current page, after a separator, last.
			if i != len(toks)-1 || len(crumbs) == 0 {
				return nil
			}
		case tokLink:
			links++
		}
		if !lastSep && len(crumbs) > 0 {
			if n.DataAtom != atom.Nav {
				return nil
			}
		}
		lastSep = false
		text += utf8.RuneCountInString(t.c.Name)
		crumbs = append(crumbs, t.c)
	}
	if links < 2 || len(crumbs) > maxCrumbs || text > maxTrailText {
		return nil
	}
	t := &trail{crumbs: crumbs, order: order, score: 0.5}
	rule := "visible.separated"
	if seps >= len(crumbs)-1 && !labelled && !s.isHomeURL(crumbs[0].URL) && toks[len(toks)-1].kind != tokText {
		// Links joined by separators that neither start at the home page nor
		// end at the current page are a list (tags, categories, a menu).
		return nil
	}
	if seps < len(crumbs)-1 {
		// Bare links: only a <nav> of a few short links right above the
		// headline reads as a trail.
		if n.DataAtom != atom.Nav || len(crumbs) > 4 || s.h1 == nil || s.h1Order-order > 12 || s.h1Order < order {
			return nil
		}
		rule = "visible.nav-before-h1"
		t.score = 0.4
	}
	t.source = provenance.Source{Rule: rule, Node: page.Describe(n), Raw: page.Truncate(t.value(), 200)}
	t.score += s.nearHeadline(order)
	return t
}

// nearHeadline is a bonus for an element at document position order close
// to the first <h1>: trails sit just above the headline (or just below).
func (s *scan) nearHeadline(order int) float64 {
	if s.h1 == nil {
		return 0
	}
	d := s.h1Order - order
	switch {
	case d >= 0 && d < 80:
		return 0.4
	case d < 0 && d > -40:
		return 0.2
	case d >= 0 && d < 400:
		return 0.1
	}
	return 0
}

// tokens reads n's children as links, separators and text; ok is false when
// a child is something else (a block of other content).
func (s *scan) tokens(n *html.Node) ([]token, bool) {
	var out []token
	checked := 0
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		var no bool
		if no, checked = hopeless(out, checked); no {
			return nil, false // menus and lists stop here, unread
		}
		switch k.Type {
		case html.TextNode:
			out = appendTextTokens(out, k.Data)
			continue
		case html.ElementNode:
		default:
			continue
		}
		if isHidden(k) {
			continue
		}
		switch k.DataAtom {
		case atom.Br, atom.Img, atom.Svg, atom.I:
			continue
		case atom.A:
			name := trimSeps(cleanName(page.Text(k)))
			if name == "" {
				if page.Attr(k, "href") == "" || len(out) == 0 {
					continue // an icon link (home) is fine only when first
				}
				return nil, false
			}
			out = append(out, token{kind: tokLink, c: Crumb{Name: name, URL: s.res.resolve(page.Attr(k, "href"))}})
			continue
		}
		// A child with much text (over 4*maxChildText bytes is at least
		// maxChildText runes) fails below unless it is one link or only
		// separators; its whole text is built only when the prefix cannot
		// tell.
		text, complete := page.TextPrefix(k, 4*maxChildText)
		if !complete {
			if trimSeps(text) != "" && onlyLink(k) == nil {
				return nil, false
			}
			text = page.Text(k)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if trimSeps(text) == "" {
			out = append(out, token{kind: tokSep})
			continue
		}
		if a := onlyLink(k); a != nil {
			name := trimSeps(cleanName(page.Text(a)))
			if name == trimSeps(cleanName(text)) {
				out = append(out, token{kind: tokLink, c: Crumb{Name: name, URL: s.res.resolve(page.Attr(a, "href"))}})
				continue
			}
		}
		switch k.DataAtom {
		case atom.Span, atom.Strong, atom.B, atom.Em, atom.Small, atom.Li, atom.H1, atom.H2, atom.H3, atom.Div, atom.P:
			if countLinks(k, 1) == 0 && utf8.RuneCountInString(text) < maxChildText {
				out = appendTextTokens(out, text)
				continue
			}
		}
		return nil, false
	}
	return out, true
}

// maxCrumbs is the most crumbs an unmarked trail may have.
const maxCrumbs = 10

// hopeless reports whether toks, the tokens of a block's first children,
// can no longer make a trail in separatedTrail whatever follows: plain text
// followed by more tokens (unless it is a leading label), or more crumbs
// than a trail holds. Tokens before checked were judged by an earlier call;
// it returns the new checked.
func hopeless(toks []token, checked int) (bool, int) {
	// The last token may still end the trail as the current page.
	for ; checked < len(toks)-1; checked++ {
		if toks[checked].kind == tokText && (checked > 0 || !isLabel(toks[checked].c.Name)) {
			return true, checked
		}
	}
	if len(toks) <= maxCrumbs {
		return false, checked
	}
	crumbs := 0
	for i, t := range toks {
		if t.kind != tokSep && !(i == 0 && t.kind == tokText && isLabel(t.c.Name)) {
			crumbs++
		}
	}
	return crumbs > maxCrumbs, checked
}

// appendTextTokens splits loose text into separator and text tokens.
func appendTextTokens(out []token, text string) []token {
	if strings.TrimSpace(text) == "" {
		return out // white space between elements: no token
	}
	rs := []rune(text)
	var b strings.Builder
	flush := func() {
		if t := trimSeps(cleanName(b.String())); t != "" {
			out = append(out, token{kind: tokText, c: Crumb{Name: t}})
		}
		b.Reset()
	}
	for i, r := range rs {
		spacedL := i == 0 || isSpace(rs[i-1])
		spacedR := i == len(rs)-1 || isSpace(rs[i+1])
		if isSep(r) || (isSpacedSep(r) && spacedL && spacedR) {
			flush()
			if len(out) == 0 || out[len(out)-1].kind != tokSep {
				out = append(out, token{kind: tokSep})
			}
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' }

// onlyLink returns the one link below n when n holds exactly one (within a
// small subtree), else nil.
func onlyLink(n *html.Node) *html.Node {
	var a *html.Node
	seen := 0
	for d := range n.Descendants() {
		if seen++; seen > 40 {
			return nil
		}
		if d.Type == html.ElementNode && d.DataAtom == atom.A {
			if a != nil {
				return nil
			}
			a = d
		}
	}
	return a
}

// isHomeURL reports whether ref points to a site root: the page's host (or
// no host) and a path of "/", "/index.*", "/home" or a language code.
func (s *scan) isHomeURL(ref string) bool {
	if ref == "" {
		return false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return false
	}
	if s.res.base != nil && u.Host != "" && !strings.EqualFold(strings.TrimPrefix(u.Hostname(), "www."), strings.TrimPrefix(s.res.base.Hostname(), "www.")) {
		return false
	}
	path := strings.ToLower(strings.Trim(u.Path, "/"))
	switch {
	case path == "", path == "home", strings.HasPrefix(path, "index."):
		return true
	case len(path) == 2 || (len(path) == 5 && (path[2] == '-' || path[2] == '_')):
		return true
	}
	return false
}
