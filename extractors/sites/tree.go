package sites

import (
	"slices"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/page"
)

// Prepared holds the trees extraction reads for a page under a rule with
// body or remove selectors.
type Prepared struct {
	// Root is the tree every extractor reads: a deep clone of the page's
	// tree without the elements matching the remove selectors (the page's
	// own tree when the rule removes nothing).
	Root *html.Node
	// Body is the tree the body pass reads: a new document whose <body>
	// holds clones of the elements matching the body selectors, in
	// document order. nil when the rule has no body selectors or they
	// matched nothing; the body pass then reads Root.
	Body *html.Node
	// Removed counts the elements dropped by remove selectors.
	Removed int
	// Kept describes the elements kept by body selectors
	// ("div.story-body").
	Kept []string
}

// Prepare applies the rule's remove and body selectors to root. root is
// never modified: the tree is cloned first, and only when the rule has
// remove selectors.
func (r *Rule) Prepare(root *html.Node) Prepared {
	out := Prepared{Root: root}
	if len(r.remove) > 0 {
		out.Root = Clone(root)
		var drop []*html.Node
		for _, s := range r.remove {
			drop = append(drop, cascadia.QueryAll(out.Root, s.sel)...)
		}
		for _, n := range drop {
			if n.Parent != nil && attached(n, out.Root) {
				n.Parent.RemoveChild(n)
				out.Removed++
			}
		}
	}
	if len(r.body) == 0 {
		return out
	}
	var kept []*html.Node
	for _, s := range r.body {
		kept = append(kept, cascadia.QueryAll(out.Root, s.sel)...)
	}
	kept = outermost(kept)
	if len(kept) == 0 {
		return out
	}
	doc := &html.Node{Type: html.DocumentNode}
	htm := &html.Node{Type: html.ElementNode, DataAtom: atom.Html, Data: "html"}
	if orig := findElement(out.Root, atom.Html); orig != nil {
		htm.Attr = slices.Clone(orig.Attr)
	}
	body := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	doc.AppendChild(htm)
	htm.AppendChild(&html.Node{Type: html.ElementNode, DataAtom: atom.Head, Data: "head"})
	htm.AppendChild(body)
	for _, n := range kept {
		body.AppendChild(Clone(n))
		out.Kept = append(out.Kept, page.Describe(n))
	}
	out.Body = doc
	return out
}

// Clone returns a deep copy of n and its descendants, detached from n's
// tree.
func Clone(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: slices.Clone(n.Attr)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(Clone(ch))
	}
	return c
}

// attached reports whether n is still in the tree under root (an ancestor
// removed earlier detaches it).
func attached(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// outermost returns the nodes of ns in document order, without duplicates
// and without nodes inside another node of ns.
func outermost(ns []*html.Node) []*html.Node {
	set := make(map[*html.Node]bool, len(ns))
	for _, n := range ns {
		set[n] = true
	}
	var out []*html.Node
	for _, n := range ns {
		inner := false
		for a := n.Parent; a != nil; a = a.Parent {
			if set[a] {
				inner = true
				break
			}
		}
		if !inner && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) < 2 {
		return out
	}
	// Document order: number the elements once.
	order := map[*html.Node]int{}
	i := 0
	top := out[0]
	for top.Parent != nil {
		top = top.Parent
	}
	for n := range top.Descendants() {
		if set[n] {
			order[n] = i
			i++
		}
	}
	slices.SortFunc(out, func(a, b *html.Node) int { return order[a] - order[b] })
	return out
}

func findElement(root *html.Node, a atom.Atom) *html.Node {
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == a {
			return n
		}
	}
	return nil
}
