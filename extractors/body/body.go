// Package body finds an article's main text.
//
// A fast pass flattens the page's tree once (flat.go), scores its blocks
// by paragraph text, commas, link density, tag and class/id hints
// (hints.go, score.go) and picks a container, preferring the page's
// declared body (itemprop=articleBody, class "article-body", ...) when it
// agrees with the scorer. When the pass is unsure, readability
// (codeberg.org/readeck/go-readability/v2, which works on its own clone) is
// asked for a second opinion and the two are compared (opinion.go). The
// kept container is then cleaned of boilerplate (clean.go: share bars,
// related-link lists, newsletter, cookie and comment boxes, captions,
// "advertisement" labels), copied into a detached tree (copy.go) and
// rendered as plain text with a blank line between paragraphs (text.go).
// The page's tree is never modified.
//
// Files: body.go runs the passes; flat.go flattens a tree with text
// statistics; hints.go reads tags, class, id and role; score.go is the
// fast block scorer; split.go joins bodies split into sibling sections of
// one shape; lead.go finds the lead before the body; opinion.go runs
// readability and compares; clean.go removes boilerplate, with the
// boilerplate phrases (prompts, credits, labels) in phrases.go; copy.go
// detaches the result; text.go renders text.
package body

import (
	"fmt"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Result is the main text of a page.
type Result struct {
	// Node is the cleaned body container, in a tree detached from the page's
	// (safe to render or mutate); nil when no body was found.
	Node *html.Node
	// Text is the body as plain text, paragraphs separated by a blank line.
	Text string
	// Report records how the body was chosen and what was removed.
	Report provenance.BodyReport
}

// Extract finds the main text of p. It never mutates p's tree. An error is
// returned only when the body pass itself failed (for example a panic
// inside a library on a pathological page); the caller can still use the
// page's metadata.
func Extract(p *page.Page) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{Report: provenance.BodyReport{Method: "none"}}
			err = fmt.Errorf("body: extraction failed: %v", r)
		}
	}()
	d := flatten(p.Root)
	c := choose(d)
	fast := fastCandidate(d, c)
	if c.sure {
		return fast.result("blocks", c.why), nil
	}
	second := readabilityCandidate(p)
	return pick(fast, second, c.why), nil
}

// candidate is one pass's body: its parts in the source tree, the dropped
// nodes, the rendered text.
type candidate struct {
	parts   []*html.Node
	drop    map[*html.Node]bool
	removed []provenance.Removal
	text    string
	notes   []string
}

// fastCandidate cleans and renders the fast pass's pick.
func fastCandidate(d *flatDoc, c choice) candidate {
	if len(c.parts) == 0 {
		return candidate{notes: []string{"block scorer found no paragraphs"}}
	}
	cl := newCleaner(d)
	parts := make([]*html.Node, len(c.parts))
	for i, idx := range c.parts {
		cl.clean(idx)
		parts[i] = d.elems[idx].n
	}
	return candidate{parts: parts, drop: cl.drop, removed: cl.removed, text: textOf(parts, cl.drop)}
}

// result turns a candidate into the package's Result.
func (c candidate) result(method, why string) Result {
	r := Result{Text: c.text}
	r.Report.Method = method
	r.Report.Notes = append(r.Report.Notes, c.notes...)
	if why != "" {
		r.Report.Notes = append(r.Report.Notes, why)
	}
	if len(c.parts) == 0 {
		return r
	}
	r.Node = detach(c.parts, c.drop)
	r.Report.Container = page.Describe(firstElement(c.parts[0]))
	if len(c.parts) > 1 {
		r.Report.Container += fmt.Sprintf(" (+%d siblings)", len(c.parts)-1)
	}
	r.Report.Removed = c.removed
	return r
}

func firstElement(n *html.Node) *html.Node {
	for n != nil && n.Type != html.ElementNode {
		n = n.FirstChild
	}
	return n
}
