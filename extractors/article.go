package extractors

import (
	"time"

	"github.com/newshound/newshound/extractors/breadcrumbs"
	"github.com/newshound/newshound/extractors/provenance"
)

// Article is one extracted article. Its JSON form is newshound's stable
// schema, shared by `newshound extract` and `newshound export`: keys never
// change meaning, unknown dates are null, unknown strings are "", and lists
// are [] when empty.
type Article struct {
	// URL is the address the page was fetched from (or given with --url).
	URL string `json:"url"`
	// CanonicalURL is the page's declared canonical address (<link
	// rel=canonical>, og:url), absolute; "" when none.
	CanonicalURL string `json:"canonical_url"`
	// SiteName is the publication's name (og:site_name, JSON-LD publisher).
	SiteName string `json:"site_name"`
	// Title is the article's headline, without the site name.
	Title string `json:"title"`
	// Authors are the people who wrote the article, cleaned of "By",
	// roles and handles; never a site name.
	Authors []string `json:"authors"`
	// Published is the publication time, RFC 3339 in the page's own UTC
	// offset (the calendar day is never shifted); null when unknown. A
	// date without a time of day is midnight.
	Published *time.Time `json:"published"`
	// Modified is the last modification time, like Published.
	Modified *time.Time `json:"modified"`
	// Language is the article's language as a BCP 47 tag ("en", "pt-BR").
	Language string `json:"language"`
	// Description is the page's summary (meta description, og:description).
	Description string `json:"description"`
	// Section is the site section the article belongs to
	// (article:section, JSON-LD articleSection).
	Section string `json:"section"`
	// Breadcrumbs is the site's own section path, in page order, home and
	// current page included when the page shows them.
	Breadcrumbs []Crumb `json:"breadcrumbs"`
	// Tags are the article's keywords and tags.
	Tags []string `json:"tags"`
	// Image is the article's lead image, absolute.
	Image string `json:"image"`
	// Text is the main body as plain text, paragraphs separated by a blank
	// line.
	Text string `json:"text"`
	// WordCount counts the words of Text; each CJK character counts as one.
	WordCount int `json:"word_count"`
	// ContentHash is the hex SHA-256 of Text after case folding and
	// whitespace normalisation: equal bodies have equal hashes.
	ContentHash string `json:"content_hash"`
	// HTML is the cleaned body as HTML; only with Options.WithHTML.
	HTML string `json:"html,omitempty"`
	// Markdown is the cleaned body as Markdown; only with
	// Options.WithMarkdown.
	Markdown string `json:"markdown,omitempty"`
	// Explanation records where every field came from; only with
	// Options.Explain.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Crumb is one step of a breadcrumb trail: {name, url}.
type Crumb = breadcrumbs.Crumb

// Provenance types, defined in the logic-free provenance package so that the
// extractor subpackages can record them without importing this package.
type (
	// Source says where a value was read.
	Source = provenance.Source
	// Candidate is one value considered for a field.
	Candidate = provenance.Candidate
	// Decision records how one field was decided.
	Decision = provenance.Decision
	// Removal counts body blocks removed for one reason.
	Removal = provenance.Removal
	// BodyReport records how the body was chosen.
	BodyReport = provenance.BodyReport
	// Explanation is the full provenance of one extraction.
	Explanation = provenance.Explanation
)
