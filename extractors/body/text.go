package body

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/page"
)

// Text renders n as plain text: block elements (paragraphs, headings, list
// items, quotes, table rows, ...) become paragraphs separated by a blank
// line, <br> becomes a line break, and white space inside a paragraph is
// collapsed.
func Text(n *html.Node) string {
	w := textWriter{}
	w.walk(n)
	w.flush()
	return strings.Join(w.paras, "\n\n")
}

// textOf renders the parts as Text does, leaving out the dropped nodes.
func textOf(parts []*html.Node, drop map[*html.Node]bool) string {
	w := textWriter{drop: drop}
	for _, p := range parts {
		w.walk(p)
		w.flush()
	}
	return strings.Join(w.paras, "\n\n")
}

type textWriter struct {
	drop map[*html.Node]bool // nodes left out

	paras []string
	line  strings.Builder // current line's raw text
	lines []string        // finished lines of the current paragraph
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.line.WriteString(n.Data)
		return
	case html.ElementNode:
		if w.drop[n] {
			return
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Iframe, atom.Svg, atom.Button, atom.Select, atom.Textarea:
			return
		case atom.Br:
			w.endLine()
			return
		case atom.Img:
			return
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.DataAtom)
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			w.line.WriteByte('\t')
		}
	}
	if block {
		w.flush()
	} else if n.Type == html.ElementNode && !page.IsInline(n.DataAtom) {
		w.line.WriteByte(' ')
	}
}

func (w *textWriter) endLine() {
	if s := collapseSpace(w.line.String()); s != "" {
		w.lines = append(w.lines, s)
	}
	w.line.Reset()
}

func (w *textWriter) flush() {
	w.endLine()
	if len(w.lines) > 0 {
		w.paras = append(w.paras, strings.Join(w.lines, "\n"))
		w.lines = w.lines[:0]
	}
}

// isBlock reports whether elements of type a start and end a paragraph.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre,
		atom.Table, atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Aside, atom.Nav, atom.Figure, atom.Figcaption, atom.Hr, atom.Main,
		atom.Address, atom.Details, atom.Summary, atom.Form, atom.Fieldset, atom.Center,
		atom.Caption, atom.Thead, atom.Tbody, atom.Tfoot, atom.Body, atom.Html:
		return true
	}
	return false
}

// collapseSpace is page.CollapseSpaceKeepSoftHyphens.
func collapseSpace(s string) string { return page.CollapseSpaceKeepSoftHyphens(s) }
