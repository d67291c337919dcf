// Package meta finds an article's title, authors, language, site name,
// description, section, tags, image and canonical URL from one parsed page.
// It reads the shared page (tree, <meta> tags, JSON-LD) and never mutates
// it, does no I/O and keeps no state between pages: Extract is a pure
// function. Every field comes with a provenance.Decision naming the rule,
// node and raw value that won and the candidates that lost.
//
// Files: meta.go runs the fields in order; scan.go walks the visible tree
// once for headings and bylines; title.go scores visible headings against
// metadata titles; site.go finds the site name and the evidence used to
// strip it; authors.go reads and cleans author names; language.go decides
// the language; words.go confirms a declared language cheaply by its script
// or function words; fields.go has the simple fields (description, section,
// tags, image, canonical URL); text.go has string helpers and the title
// separators.
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
// (used for language detection); it may be empty. A nil page yields an
// empty Result.
func Extract(p *page.Page, bodyText string) Result {
	var r Result
	if p == nil || p.Root == nil {
		return r
	}
	sc := scanPage(p)
	siteName, site, siteD := findSite(p)
	var d provenance.Decision
	r.Title, d = findTitle(p, &sc, site, siteName)
	r.Decisions = append(r.Decisions, d)
	r.SiteName = siteName
	r.Decisions = append(r.Decisions, siteD)
	r.Authors, d = findAuthors(p, &sc, site, siteName)
	r.Decisions = append(r.Decisions, d)
	r.Description, d = findDescription(p)
	r.Decisions = append(r.Decisions, d)
	r.Language, d = findLanguage(p, bodyText, r.Title+"\n"+r.Description)
	r.Decisions = append(r.Decisions, d)
	r.Section, d = findSection(p)
	r.Decisions = append(r.Decisions, d)
	r.Tags, d = findTags(p)
	r.Decisions = append(r.Decisions, d)
	r.Image, d = findImage(p)
	r.Decisions = append(r.Decisions, d)
	r.CanonicalURL, d = findCanonical(p)
	r.Decisions = append(r.Decisions, d)
	return r
}
