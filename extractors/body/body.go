// Package body finds an article's main text.
//
// Readability (codeberg.org/readeck/go-readability/v2) is given the page's
// parsed tree; it works on its own clone, so the shared tree stays
// untouched. The container it keeps is then cleaned of boilerplate that it
// lets through (share bars, "read more" and related-article lists, newsletter
// and cookie boxes) and rendered as plain text with a blank line between
// paragraphs.
//
// Files: body.go runs the passes; clean.go removes boilerplate from the kept
// container; text.go renders a container as plain text.
package body

import (
	"fmt"
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
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
			err = fmt.Errorf("body: readability failed: %v", r)
		}
	}()
	var u *url.URL
	if p.URL != nil {
		u = p.URL
	}
	parser := readability.NewParser()
	art, err := parser.ParseDocument(p.Root, u)
	if err != nil {
		return Result{Report: provenance.BodyReport{Method: "none", Notes: []string{err.Error()}}}, nil
	}
	res.Report.Method = "readability"
	if art.Node == nil {
		res.Report.Notes = append(res.Report.Notes, "readability found no content")
		return res, nil
	}
	res.Node = art.Node
	res.Report.Container = page.Describe(firstElement(art.Node))
	res.Report.Removed = clean(res.Node)
	res.Text = Text(res.Node)
	return res, nil
}

func firstElement(n *html.Node) *html.Node {
	for n != nil && n.Type != html.ElementNode {
		n = n.FirstChild
	}
	return n
}
