package breadcrumbs

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// marked is an element marked as a breadcrumb container.
type marked struct {
	node  *html.Node
	how   string // the attribute that marks it: "aria-label", "class", ...
	order int
}

// markWords are substrings of class and id values that mark breadcrumbs, in
// several languages (lower case, ASCII folded where sites fold them).
var markWords = [...]string{
	"crumb", "crump", "bredcrum", "crums", "brotkr", "kruimel", "ariane", "miga",
	"briciol", "pathway", "youarehere", "you-are-here", "you_are_here", "sie-sind-hier",
	"drobeck", "okruszk", "navpath", "nav-path", "clickpath", "broodkruim",
}

// dataWords are substrings of data-* attribute values (analytics labels and
// the like) that mark breadcrumbs; only distinctive ones.
var dataWords = [...]string{"crumb", "bredcrum", "brotkr", "kruimel", "ariane", "drobeck"}

// labelWords are substrings of aria-label values that mark breadcrumbs.
var labelWords = [...]string{
	"crumb", "brotkr", "krümel", "kruimel", "ariane", "migas", "miga de pan",
	"briciol", "you are here", "sie sind hier", "vous êtes ici", "u bent hier",
	"navigationspfad", "pfadnavigation", "drobečk", "okruszk", "ruta de navegación",
	"percorso", "hierarchie", "jesteś tutaj", "estás en", "sei qui",
}

// markedBy says which attribute marks n as a breadcrumb container, or "".
func markedBy(n *html.Node) string {
	if v := strings.ToLower(page.Attr(n, "aria-label")); v != "" && containsAny(v, labelWords[:]) {
		return "aria-label"
	}
	if v := strings.ToLower(page.Attr(n, "role")); v != "" && strings.Contains(v, "crumb") {
		return "role"
	}
	if hasMarkWord(page.Attr(n, "id")) {
		return "id"
	}
	if hasMarkWord(page.Attr(n, "class")) {
		return "class"
	}
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-") && len(a.Val) < 200 && containsAny(strings.ToLower(a.Val), dataWords[:]) {
			return "data"
		}
	}
	return ""
}

// hasMarkWord reports whether v contains one of markWords, ignoring the
// case of ASCII letters. It runs on the class and id of every element, so
// it reads v once, trying only the words that start with each letter,
// instead of lower-casing v and searching it for every word.
func hasMarkWord(v string) bool {
	for i := 0; i < len(v); i++ {
		var words []string
		switch v[i] | 0x20 { // ASCII lower case (other bytes never match)
		case 'c':
			words = []string{"crumb", "crump", "crums", "clickpath"}
		case 'b':
			words = []string{"bredcrum", "brotkr", "briciol", "broodkruim"}
		case 'k':
			words = []string{"kruimel"}
		case 'a':
			words = []string{"ariane"}
		case 'm':
			words = []string{"miga"}
		case 'p':
			words = []string{"pathway"}
		case 'y':
			words = []string{"youarehere", "you-are-here", "you_are_here"}
		case 's':
			words = []string{"sie-sind-hier"}
		case 'd':
			words = []string{"drobeck"}
		case 'o':
			words = []string{"okruszk"}
		case 'n':
			words = []string{"navpath", "nav-path"}
		default:
			continue
		}
		for _, w := range words {
			if page.HasPrefixFold(v[i:], w) {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// hiddenClasses are class tokens that hide an element or keep it for screen
// readers only.
var hiddenClasses = map[string]bool{
	"sr-only": true, "visually-hidden": true, "visuallyhidden": true, "screen-reader-text": true,
	"screen-reader-only": true, "screenreader": true, "element-invisible": true, "hidden": true,
	"is-hidden": true, "u-hidden": true, "invisible": true, "hide": true, "sr-text": true,
	"a11y-hidden": true, "offscreen": true, "show-for-sr": true, "assistive-text": true,
	"visually-hidden-focusable": true, "sr-only-focusable": true, "u-visually-hidden": true,
}

// isHidden reports whether n itself is hidden: page.IsHidden or a class
// that hides it.
func isHidden(n *html.Node) bool {
	if page.IsHidden(n) {
		return true
	}
	switch n.DataAtom {
	case atom.Template, atom.Script, atom.Style, atom.Noscript:
		return true
	}
	cls := page.Attr(n, "class")
	if cls == "" {
		return false
	}
	dNone, dShow := false, false
	var buf [64]byte
	for start := 0; start < len(cls); {
		end := start
		for end < len(cls) && !page.IsASCIISpace(cls[end]) {
			end++
		}
		f := cls[start:end]
		start = end + 1
		if f == "" {
			continue
		}
		// Lower-case into buf: no allocation per element (the map index
		// and comparisons with string(c) do not allocate either).
		c := buf[:0]
		if len(f) > len(buf) {
			c = make([]byte, 0, len(f))
		}
		for i := 0; i < len(f); i++ {
			b := f[i]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			c = append(c, b)
		}
		if hiddenClasses[string(c)] {
			return true
		}
		if string(c) == "d-none" {
			dNone = true
		} else if bytes.HasPrefix(c, []byte("d-")) && (bytes.HasSuffix(c, []byte("-block")) || bytes.HasSuffix(c, []byte("-flex")) || bytes.HasSuffix(c, []byte("-inline"))) {
			dShow = true
		}
	}
	return dNone && !dShow
}

// isSep reports whether r separates crumbs wherever it appears.
func isSep(r rune) bool {
	switch r {
	case '»', '›', '≫', '❯', '→', '▸', '►', '▶', '⟩', '〉', '⇒', '➔', '➜', '❱', '⮞':
		return true
	}
	return false
}

// isSpacedSep reports whether r separates crumbs when it stands between
// spaces (so "AC/DC" stays whole).
func isSpacedSep(r rune) bool {
	switch r {
	case '>', '/', '|', '\\', '•', '·', '<', '«', '‹':
		return true
	}
	return isSep(r)
}

// isEdgeJunk reports whether r is trimmed from the ends of crumb names.
func isEdgeJunk(r rune) bool {
	switch r {
	case '-', '–', '—', '~', ':':
		return true
	}
	return unicode.IsSpace(r) || r == '\u00a0' || isSpacedSep(r) || unicode.Is(unicode.Co, r)
}

// trimSeps removes separators, punctuation-like symbols and spaces from both
// ends of s.
func trimSeps(s string) string {
	return strings.TrimFunc(s, isEdgeJunk)
}

// splitSeps splits loose text into crumb names at separators.
func splitSeps(s string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(s)
	flush := func() {
		if t := trimSeps(b.String()); t != "" {
			out = append(out, t)
		}
		b.Reset()
	}
	for i, r := range rs {
		spacedL := i == 0 || unicode.IsSpace(rs[i-1]) || rs[i-1] == '\u00a0'
		spacedR := i == len(rs)-1 || unicode.IsSpace(rs[i+1]) || rs[i+1] == '\u00a0'
		if isSep(r) || (isSpacedSep(r) && spacedL && spacedR) {
			flush()
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// hereLabels are "you are here" labels that precede a trail (lower case,
// without the colon).
var hereLabels = map[string]bool{
	"you are here": true, "sie sind hier": true, "vous êtes ici": true, "vous etes ici": true,
	"u bent hier": true, "estás en": true, "estás aquí": true, "está en": true, "sei qui": true,
	"jesteś tutaj": true, "du är här": true, "du er her": true, "olet tässä": true,
	"nacházíte se": true, "jste zde": true, "você está em": true, "você está aqui": true,
	"location": true, "current location": true, "path": true, "breadcrumb": true, "breadcrumbs": true,
	"navigation": true, "aktuelle seite": true, "standort": true, "pfad": true, "vous êtes ici ": true,
	"ви тут": true, "вы здесь": true, "bạn đang ở": true, "buradasınız": true,
}

// isLabel reports whether text is a "You are here:"-like label.
func isLabel(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	colon := strings.HasSuffix(t, ":")
	t = strings.TrimSpace(strings.TrimRight(t, ": "))
	if hereLabels[t] {
		return true
	}
	return colon && utf8.RuneCountInString(t) <= 25 && len(strings.Fields(t)) <= 4
}

// piece is one crumb candidate read from a container, with what it was
// read from.
type piece struct {
	Crumb
	link bool
}

// reading is what reading a container yields.
type reading struct {
	crumbs  []Crumb
	links   int  // links with text
	seps    int  // separators seen
	items   bool // read one crumb per <li>
	longest int  // the longest crumb name, in runes
}

// readContainer reads a trail from container c: one crumb per <li> when it
// has at least two, else one per link and per separated run of loose text.
func (s *scan) readContainer(c *html.Node) reading {
	var r reading
	lis := topItems(c)
	if len(lis) >= 2 {
		r.items = true
		for _, li := range lis {
			ps := s.pieces(li, &r)
			if len(ps) == 0 {
				continue
			}
			// One crumb per item: its first link's URL, its text.
			var names []string
			url := ""
			for _, p := range ps {
				names = append(names, p.Name)
				if url == "" && p.link {
					url = p.URL
				}
			}
			name := strings.Join(names, " ")
			if len(ps) > 1 {
				// A link plus loose text (e.g. a count): keep the link's text.
				for _, p := range ps {
					if p.link {
						name = p.Name
						break
					}
				}
			}
			r.crumbs = append(r.crumbs, Crumb{Name: name, URL: url})
		}
	} else {
		for _, p := range s.pieces(c, &r) {
			r.crumbs = append(r.crumbs, p.Crumb)
		}
	}
	for _, cr := range r.crumbs {
		r.longest = max(r.longest, utf8.RuneCountInString(cr.Name))
	}
	return r
}

// topItems returns the <li> elements of c that are not inside another <li>
// of c.
func topItems(c *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		for k := n.FirstChild; k != nil && depth < 64; k = k.NextSibling {
			if k.Type != html.ElementNode || isHidden(k) {
				continue
			}
			if k.DataAtom == atom.Li {
				out = append(out, k)
				continue
			}
			walk(k, depth+1)
		}
	}
	walk(c, 0)
	return out
}

// pieces reads the links and loose text runs of n in order, skipping
// hidden elements, headings' labels, nested lists (drop-downs) and
// separators.
func (s *scan) pieces(n *html.Node, r *reading) []piece {
	var out []piece
	var walk func(n *html.Node, depth int, nested bool)
	walk = func(n *html.Node, depth int, nested bool) {
		for k := n.FirstChild; k != nil && depth < 64; k = k.NextSibling {
			switch k.Type {
			case html.TextNode:
				for _, t := range splitSepsCount(k.Data, r) {
					if isLabel(t) {
						continue
					}
					out = append(out, piece{Crumb: Crumb{Name: cleanName(t)}})
				}
				continue
			case html.ElementNode:
			default:
				continue
			}
			if isHidden(k) {
				continue
			}
			switch k.DataAtom {
			case atom.Ul, atom.Ol, atom.Select, atom.Button, atom.Form, atom.Svg, atom.Img:
				if nested {
					continue
				}
				if k.DataAtom != atom.Ul && k.DataAtom != atom.Ol {
					continue
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				if !nested && len(out) == 0 && countLinks(k, 1) == 0 {
					continue // a heading that titles the trail ("Breadcrumb")
				}
			case atom.A:
				t := trimSeps(cleanName(page.Text(visibleCopyText(k))))
				if t == "" || isLabel(t) {
					continue
				}
				r.links++
				out = append(out, piece{Crumb: Crumb{Name: t, URL: s.res.resolve(page.Attr(k, "href"))}, link: true})
				continue
			}
			walk(k, depth+1, nested || k.DataAtom == atom.Li)
		}
	}
	walk(n, 0, n.DataAtom == atom.Li)
	return out
}

// visibleCopyText returns n itself when nothing below it is hidden, else a
// detached copy without the hidden parts (the page tree is never mutated).
func visibleCopyText(n *html.Node) *html.Node {
	hasHidden := false
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && isHidden(d) {
			hasHidden = true
			break
		}
	}
	if !hasHidden {
		return n
	}
	return cloneVisible(n, 0)
}

func cloneVisible(n *html.Node, depth int) *html.Node {
	c := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom}
	if depth > 32 {
		return c
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && isHidden(k) {
			continue
		}
		c.AppendChild(cloneVisible(k, depth+1))
	}
	return c
}

func splitSepsCount(text string, r *reading) []string {
	parts := splitSeps(text)
	if strings.TrimSpace(text) != "" {
		for _, ch := range text {
			if isSpacedSep(ch) {
				r.seps++
			}
		}
	}
	return parts
}

// visibleTrails reads every marked container as a candidate trail and,
// when none is usable, looks for unmarked separator-joined link trails.
func (s *scan) visibleTrails() []*trail {
	var out []*trail
	seen := map[*html.Node]bool{}
	ok := false
	for _, m := range s.marked {
		// A mark on a link or in a data attribute (analytics labels) marks
		// the crumb, not the trail: climb to the element holding the links.
		if m.how == "data" || m.node.DataAtom == atom.A {
			for i := 0; i < 3 && m.node.Parent != nil && countLinks(m.node, 2) < 2; i++ {
				m.node = m.node.Parent
			}
		}
		switch m.node.DataAtom {
		case atom.Html, atom.Body, atom.Main, atom.Article, atom.Head:
			continue // a page-wide class ("has-breadcrumb"), not the trail
		}
		if seen[m.node] {
			continue
		}
		seen[m.node] = true
		r := s.readContainer(m.node)
		t := &trail{
			crumbs: dropEmpty(r.crumbs),
			source: provenance.Source{Rule: "visible." + m.node.Data + "[" + m.how + "]", Node: page.Describe(m.node)},
			order:  m.order,
		}
		t.source.Raw = page.Truncate(t.value(), 200)
		s.scoreVisible(t, r, m)
		ok = ok || t.reason == ""
		out = append(out, t)
	}
	if !ok {
		out = append(out, s.separatedTrails()...)
	}
	return out
}

// maxContainerText is the most text (in bytes) a marked trail container may
// hold.
const maxContainerText = 1500

// textLen counts the bytes of visible-ish text below n, stopping at limit.
func textLen(n *html.Node, limit int) int {
	c := 0
	for d := range n.Descendants() {
		if d.Type == html.TextNode && d.Parent != nil && d.Parent.DataAtom != atom.Script && d.Parent.DataAtom != atom.Style {
			if c += len(strings.TrimSpace(d.Data)); c >= limit {
				break
			}
		}
	}
	return c
}

// countLinks counts the links with an href below n, stopping at limit.
func countLinks(n *html.Node, limit int) int {
	c := 0
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == atom.A && page.Attr(d, "href") != "" {
			if c++; c >= limit {
				break
			}
		}
	}
	return c
}

func dropEmpty(cs []Crumb) []Crumb {
	out := cs[:0:0]
	for _, c := range cs {
		if hasAlnum(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// scoreVisible scores a visible candidate (higher is better) or sets its
// rejection reason.
func (s *scan) scoreVisible(t *trail, r reading, m marked) {
	n := len(t.crumbs)
	switch {
	case n < 2:
		t.reason = "fewer than 2 crumbs"
		return
	case n > 12 || r.links > 14:
		t.reason = "too many links for a trail (a menu)"
		return
	case r.longest > 300:
		t.reason = "crumb text too long"
		return
	case textLen(m.node, maxContainerText+1) > maxContainerText:
		t.reason = "too much text for a trail"
		return
	}
	score := 1.0
	switch m.how {
	case "aria-label", "role":
		score += 0.5
	case "id":
		score += 0.3
	case "class":
		score += 0.2
	}
	score += s.nearHeadline(m.order)
	total := 0
	for _, c := range t.crumbs {
		total += utf8.RuneCountInString(c.Name)
	}
	if total/n > 40 {
		score -= 0.3 // crumbs are short section names, not headlines
	}
	if r.items || r.seps > 0 {
		score += 0.2
	}
	if r.links == 0 {
		score -= 0.5
	}
	if n > 8 {
		score -= 0.3
	}
	t.score = score
}

// pickVisible returns the best-scored valid visible trail; ties go to the
// first in document order.
func pickVisible(ts []*trail) *trail {
	var best *trail
	for _, t := range ts {
		if t.reason == "" && (best == nil || t.score > best.score) {
			best = t
		}
	}
	return best
}
