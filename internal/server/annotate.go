package server

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
)

// The attributes the annotation pass adds to the page's elements; the
// sanitiser lets exactly these through and the frame's stylesheet draws
// them.
const (
	attrKept      = "data-newshound"           // "kept" on a kept text block
	attrContainer = "data-newshound-container" // the body container
	attrRemoved   = "data-newshound-removed"   // the removal's reason
)

// Marks counts what the annotation pass located on the page. The body pass
// reports its choices by description (the container as `div.article-body`,
// at most three examples per removal reason), not by node, so the pass
// finds them again by matching: these numbers say how well it did.
type Marks struct {
	// Container is true when the kept container was located.
	Container bool `json:"container"`
	// Kept and KeptTotal count the kept body's text blocks located on the
	// page, of all of them.
	Kept      int `json:"kept"`
	KeptTotal int `json:"kept_total"`
	// Removed and RemovedTotal count the removed blocks located, of all
	// the blocks the body pass removed.
	Removed      int `json:"removed"`
	RemovedTotal int `json:"removed_total"`
}

// annotateInPlace marks, in root (the page's parsed tree, which it
// mutates: pass a tree nobody else reads), the blocks the body pass kept
// and removed, and makes links and images absolute against pageURL.
//
// How nodes are found again (an approximation; extractors/body reports
// descriptions, not nodes):
//   - Kept: the cleaned body HTML (a.HTML) is cut into text blocks (the
//     innermost block elements: p, h1-h6, li, blockquote, pre, td, ...);
//     each block of the page whose whitespace-collapsed text equals one of
//     them is marked kept, each kept text used as often as it occurs. The
//     search runs inside the container when found, else over the page.
//   - Container: the element whose description (page.Describe: tag, id,
//     two classes) equals Report.Container and that holds most kept
//     blocks; with "(+N siblings)" its parent is searched, then the whole
//     page for the blocks not found there. Readability's
//     container (div#readability-page-1) is not on the page: the deepest
//     element holding every kept block is taken instead.
//   - Removed: each example ("div.ad.inline: Advertisement text…") names
//     a description and the start of the text; the first unmarked element
//     in the container with both is marked with the reason (failing that,
//     the innermost element whose text starts so, as readability rewrites
//     tags and classes). When a reason
//     removed more blocks than it gave examples, further elements with the
//     same description are marked, but only for descriptions with a class
//     or id (a bare "p" would be a guess), up to the reported count.
//
// Blocks that a cleaning step edited inside (a paragraph that lost an
// inline ad) no longer match and stay unmarked; Marks says how many.
func annotateInPlace(root *html.Node, a *extractors.Article, pageURL string) Marks {
	var m Marks
	body := findBody(root)
	if body == nil {
		return m
	}
	absolutise(body, pageURL)
	if a.Explanation == nil {
		return m
	}
	kept := keptTexts(a.HTML)
	for _, n := range kept {
		m.KeptTotal += n
	}
	for _, r := range a.Explanation.Body.Removed {
		m.RemovedTotal += r.Count
	}

	scope, container := findContainer(body, a.Explanation.Body.Container, kept)
	if container != nil {
		setAttr(container, attrContainer, a.Explanation.Body.Container)
		m.Container = true
	}
	left := make(map[string]int, len(kept))
	for k, v := range kept {
		left[k] = v
	}
	m.Kept = markKept(scope, left)
	if scope != body && m.Kept < m.KeptTotal {
		// A body of several parts need not be siblings on the page (a lead
		// paragraph above the article): look for the rest everywhere.
		m.Kept += markKept(body, left)
	}
	if container == nil {
		if c := deepestHolder(body); c != nil {
			setAttr(c, attrContainer, a.Explanation.Body.Container)
			m.Container = true
			scope = c
		}
	}
	if target := anchorTarget(body); target != nil {
		setAttr(target, "id", anchorID)
	}
	scopes := []*html.Node{scope}
	if scope != body {
		scopes = append(scopes, body)
	}
	for _, r := range a.Explanation.Body.Removed {
		m.Removed += markRemoved(scopes, r)
	}
	return m
}

// anchorID is the id given to the container (or the first kept block), so
// that the frame's URL can scroll to the body: /debug/{id}/frame#newshound-body.
const anchorID = "newshound-body"

// anchorTarget returns the marked container, else the first kept block.
func anchorTarget(body *html.Node) *html.Node {
	var first *html.Node
	for n := range body.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if hasAttr(n, attrContainer) {
			return n
		}
		if first == nil && hasAttr(n, attrKept) {
			first = n
		}
	}
	return first
}

// blockTags are the elements that make a text block.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Td: true, atom.Th: true, atom.Dd: true,
	atom.Dt: true, atom.Figcaption: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Table: true, atom.Tr: true, atom.Figure: true, atom.Main: true, atom.Form: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Caption: true,
}

// leafBlocks calls f on every block element under n (n included) that
// holds no other block element, in document order.
func leafBlocks(n *html.Node, f func(*html.Node)) bool {
	if n.Type == html.ElementNode && skipContent(n.DataAtom) {
		return false
	}
	hasBlock := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if leafBlocks(c, f) {
			hasBlock = true
		}
	}
	isBlock := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if isBlock && !hasBlock {
		f(n)
	}
	return isBlock || hasBlock
}

func skipContent(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head:
		return true
	}
	return false
}

// textOf is n's visible text, whitespace collapsed, with a space after
// each block element (as extractors/body's examples are written).
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipContent(n.DataAtom) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && !page.IsInline(n.DataAtom) {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return page.CollapseSpace(b.String())
}

// keptTexts counts the texts of the kept body's blocks.
func keptTexts(bodyHTML string) map[string]int {
	out := map[string]int{}
	if bodyHTML == "" {
		return out
	}
	doc, err := html.Parse(strings.NewReader(bodyHTML))
	if err != nil {
		return out
	}
	leafBlocks(doc, func(n *html.Node) {
		if t := textOf(n); t != "" {
			out[t]++
		}
	})
	return out
}

// findContainer returns where to look for kept blocks and the container
// element, nil when the description matches no element on the page.
func findContainer(body *html.Node, desc string, kept map[string]int) (scope, container *html.Node) {
	base, hasSiblings := splitSiblings(strings.TrimSpace(desc))
	best, bestScore := (*html.Node)(nil), -1
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || page.Describe(n) != base {
			continue
		}
		where := n
		if hasSiblings && n.Parent != nil {
			where = n.Parent
		}
		score := 0
		leafBlocks(where, func(b *html.Node) {
			if kept[textOf(b)] > 0 {
				score++
			}
		})
		if score > bestScore {
			best, bestScore = n, score
		}
	}
	if best == nil || (bestScore == 0 && len(kept) > 0) {
		return body, nil
	}
	if hasSiblings && best.Parent != nil {
		return best.Parent, best
	}
	return best, best
}

// splitSiblings cuts " (+N siblings)" off a container description.
func splitSiblings(desc string) (string, bool) {
	if i := strings.Index(desc, " (+"); i >= 0 && strings.HasSuffix(desc, "siblings)") {
		return desc[:i], true
	}
	return desc, false
}

// markKept marks the blocks under scope whose text is left to find, each
// as often as left counts it (decrementing), and returns how many it
// marked.
func markKept(scope *html.Node, left map[string]int) int {
	n := 0
	leafBlocks(scope, func(b *html.Node) {
		t := textOf(b)
		if t != "" && left[t] > 0 {
			left[t]--
			setAttr(b, attrKept, "kept")
			n++
		}
	})
	return n
}

// deepestHolder returns the deepest element that holds every kept block,
// nil when none is marked.
func deepestHolder(body *html.Node) *html.Node {
	var marked []*html.Node
	for n := range body.Descendants() {
		if n.Type == html.ElementNode && hasAttr(n, attrKept) {
			marked = append(marked, n)
		}
	}
	if len(marked) == 0 {
		return nil
	}
	holder := marked[0].Parent
	for _, m := range marked[1:] {
		for holder != nil && !contains(holder, m) {
			holder = holder.Parent
		}
	}
	if holder == nil || holder == body {
		return nil
	}
	return holder
}

func contains(anc, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == anc {
			return true
		}
	}
	return false
}

// markRemoved marks the elements of one removal reason, looking in each
// scope in turn (the container, then the page), and returns how many it
// marked.
func markRemoved(scopes []*html.Node, r extractors.Removal) int {
	marked := 0
	var descs []string // descriptions specific enough to mark more blocks by
	for _, ex := range r.Examples {
		desc, text := splitExample(ex)
		if strings.ContainsAny(desc, ".#") {
			descs = append(descs, desc)
		}
		for _, scope := range scopes {
			if n := findRemoved(scope, desc, text); n != nil {
				setAttr(n, attrRemoved, r.Reason)
				marked++
				break
			}
		}
	}
	for _, desc := range descs {
		for n := range scopes[0].Descendants() {
			if marked >= r.Count {
				return marked
			}
			if markable(n) && page.Describe(n) == desc {
				setAttr(n, attrRemoved, r.Reason)
				marked++
			}
		}
	}
	return marked
}

// findRemoved returns the first markable element under scope with the
// description desc whose text starts with text. Failing that (readability
// rewrites the tags and classes of what it keeps, so its descriptions may
// not be on the page), it returns the innermost markable element whose
// text starts with text, when text is long enough to say something.
func findRemoved(scope *html.Node, desc, text string) *html.Node {
	for n := range scope.Descendants() {
		if markable(n) && page.Describe(n) == desc && (text == "" || strings.HasPrefix(textOf(n), text)) {
			return n
		}
	}
	if len(text) < 12 {
		return nil
	}
	var best *html.Node
	bestLen := 0
	for n := range scope.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if t := textOf(n); strings.HasPrefix(t, text) && (best == nil || len(t) < bestLen) && markable(n) {
			best, bestLen = n, len(t)
		}
	}
	return best
}

// markable says whether n may be marked removed: an element not marked
// yet, neither inside a removed block nor holding a kept one.
func markable(n *html.Node) bool {
	if n.Type != html.ElementNode || hasAttr(n, attrRemoved) || hasAttr(n, attrKept) {
		return false
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if hasAttr(p, attrRemoved) {
			return false
		}
	}
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && hasAttr(d, attrKept) {
			return false
		}
	}
	return true
}

// splitExample cuts a removal example, "desc: text…" or "desc", into the
// element description and the start of its text (without the ellipsis).
func splitExample(ex string) (desc, text string) {
	desc, text, ok := strings.Cut(ex, ": ")
	if !ok || strings.ContainsAny(desc, " ") && !strings.Contains(desc, "[") {
		return ex, ""
	}
	return desc, strings.TrimSuffix(text, "…")
}

// absolutise rewrites the href and src attributes under n against base,
// so that the page's images and links work when the page is served from
// the debugger's own path.
func absolutise(n *html.Node, base string) {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return
	}
	for d := range n.Descendants() {
		if d.Type != html.ElementNode {
			continue
		}
		for i, at := range d.Attr {
			if at.Namespace != "" || (at.Key != "href" && at.Key != "src") {
				continue
			}
			if u, err := b.Parse(strings.TrimSpace(at.Val)); err == nil {
				d.Attr[i].Val = u.String()
			}
		}
	}
}

func findBody(root *html.Node) *html.Node {
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return n
		}
	}
	return nil
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Namespace == "" && n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}
