package body

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/page"
)

// elem is one element of a flattened tree, with the text statistics of its
// subtree. Elements are stored in document (pre-) order, so the subtree of
// element i is the index range (i, end].
type elem struct {
	n      *html.Node
	parent int32 // index of the parent element, -1 for the root
	end    int32 // index of the last element in the subtree
	depth  int16
	hint   hint // class/id/role/tag hint of the element itself

	// inline is the text (in runes, white space excluded) whose nearest
	// block ancestor is this element: the element's own paragraph text.
	inline int32
	// inlineLink is the part of inline that sits inside links.
	inlineLink int32
	// commas counts commas (of any script) in inline text.
	commas int16
	// text and link are the subtree totals of inline and inlineLink.
	text, link int32
	// markers counts the declared-body elements in the subtree (the
	// element included).
	markers int16
	// hidden marks an element hidden by markup (it and its subtree are
	// skipped in every total).
	hidden bool
}

// flatDoc is a flattened tree: its elements in document order.
type flatDoc struct {
	elems []elem
}

// maxFlatElems bounds the work on pathological pages: elements past it are
// not recorded (their text still counts for their recorded ancestors).
const maxFlatElems = 60000

// flatten walks the tree under root once and records every element with
// its hints and text statistics. It does not modify the tree.
func flatten(root *html.Node) *flatDoc {
	d := &flatDoc{elems: make([]elem, 0, min(countElements(root), maxFlatElems))}
	w := flattener{d: d}
	w.walk(root, -1, -1, false, false, 0)
	// Subtree totals: children come after their parents in pre-order, so a
	// reverse sweep adds every element into its parent exactly once.
	for i := len(d.elems) - 1; i >= 0; i-- {
		e := &d.elems[i]
		e.text += e.inline
		e.link += e.inlineLink
		if e.hint.marker {
			e.markers++
		}
		if e.parent >= 0 && !e.hidden {
			p := &d.elems[e.parent]
			p.text += e.text
			p.link += e.link
			p.markers = min(p.markers+e.markers, 1<<14)
		}
	}
	return d
}

// countElements returns the number of elements under root (root
// included), an upper bound of what flatten records: its slice is
// allocated once, at the size the page needs.
func countElements(root *html.Node) int {
	n := 0
	for c := range root.Descendants() {
		if c.Type == html.ElementNode {
			n++
		}
	}
	if root.Type == html.ElementNode {
		n++
	}
	return n
}

type flattener struct {
	d *flatDoc
}

// walk records n's subtree. parent is the index of the nearest recorded
// ancestor element, block the index of the nearest block ancestor (which
// receives inline text), inLink whether n is inside a link.
func (w *flattener) walk(n *html.Node, parent, block int32, inLink, hidden bool, depth int) {
	switch n.Type {
	case html.TextNode:
		if block < 0 {
			return
		}
		cnt, commas := countText(n.Data)
		if cnt == 0 {
			return
		}
		e := &w.d.elems[block]
		if hidden && !e.hidden {
			return
		}
		e.inline += int32(cnt)
		if inLink {
			e.inlineLink += int32(cnt)
		}
		if int(e.commas)+commas < 1<<14 {
			e.commas += int16(commas)
		}
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Math,
			atom.Iframe, atom.Object, atom.Embed, atom.Canvas, atom.Head, atom.Select, atom.Textarea, atom.Video, atom.Audio:
			return
		}
		if len(w.d.elems) >= maxFlatElems || depth > 1000 {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, parent, block, inLink, hidden, depth+1)
			}
			return
		}
		idx := int32(len(w.d.elems))
		isHidden := hidden || page.IsHidden(n)
		w.d.elems = append(w.d.elems, elem{n: n, parent: parent, depth: int16(min(depth, 1<<14)), hint: classify(n), hidden: isHidden})
		childBlock := block
		if !page.IsInline(n.DataAtom) || block < 0 {
			childBlock = idx
		}
		link := inLink || n.DataAtom == atom.A
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, idx, childBlock, link, isHidden, depth+1)
		}
		w.d.elems[idx].end = int32(len(w.d.elems) - 1)
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, parent, block, inLink, hidden, depth+1)
		}
	}
}

// countText returns the number of non-space runes of s (a CJK character
// counts as two, as it carries about as much as two letters of an
// alphabetic script) and its number of commas.
func countText(s string) (n, commas int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\n', '\t', '\r', '\f':
				continue
			case ',':
				commas++
			}
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u00a0' || unicode.IsSpace(r):
			continue
		case r == '，' || r == '、' || r == '،':
			commas++
			n += 2
		case r >= 0x2E80 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF:
			n += 2
		default:
			n++
		}
	}
	return n, commas
}

// inside reports whether element i is in the subtree of element anc
// (or is anc).
func (d *flatDoc) inside(i, anc int32) bool {
	return i >= anc && i <= d.elems[anc].end
}

// linkDensity is the share of e's subtree text that sits inside links.
func (e *elem) linkDensity() float64 {
	if e.text == 0 {
		return 0
	}
	return float64(e.link) / float64(e.text)
}

// shortText returns the collapsed text of n, cut to at most limit bytes.
func shortText(n *html.Node, limit int) string {
	var b strings.Builder
	appendLimited(&b, n, limit*2)
	return page.Truncate(page.CollapseSpace(b.String()), limit)
}

func appendLimited(b *strings.Builder, n *html.Node, limit int) {
	if b.Len() >= limit {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendLimited(b, c, limit)
	}
	if n.Type == html.ElementNode && !page.IsInline(n.DataAtom) {
		b.WriteByte(' ')
	}
}
