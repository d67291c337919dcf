// Package meta finds an article's title, authors, language, site name,
// description, section, tags, image and canonical URL.
package meta

import (
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Result is the metadata found on a page.
type Result struct {
	Title        string
	Authors      []string
	Language     string // BCP 47, e.g. "en", "pt-BR"
	SiteName     string
	Description  string
	Section      string
	Tags         []string
	Image        string // absolute URL
	CanonicalURL string // absolute URL
	// Decisions holds one decision per field above, keyed by the Article
	// JSON name ("title", "authors", "language", "site_name", ...).
	Decisions []provenance.Decision
}

// Extract finds the metadata of p. bodyText is the extracted main text
// (used for language detection); it may be empty.
// PLACEHOLDER: replaced by the real implementation.
func Extract(p *page.Page, bodyText string) Result {
	var r Result
	if s := p.Doc.Find("title").First().Text(); s != "" {
		r.Title = page.CollapseSpace(s)
	}
	r.Language = p.Lang
	return r
}
