package body

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// detach returns a new tree holding copies of parts without the dropped
// nodes: the part itself when there is one, else a <div> wrapping them.
// The source tree is not modified.
func detach(parts []*html.Node, drop map[*html.Node]bool) *html.Node {
	if len(parts) == 1 {
		return copyTree(parts[0], drop)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, p := range parts {
		root.AppendChild(copyTree(p, drop))
	}
	return root
}

// copyTree deep-copies n, leaving out dropped descendants, scripts and
// styles.
func copyTree(n *html.Node, drop map[*html.Node]bool) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	if len(n.Attr) > 0 {
		c.Attr = append([]html.Attribute(nil), n.Attr...)
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if drop[k] {
			continue
		}
		if k.Type == html.ElementNode {
			switch k.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				continue
			}
		}
		if k.Type == html.CommentNode {
			continue
		}
		c.AppendChild(copyTree(k, drop))
	}
	return c
}
