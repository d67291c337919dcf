// Package provenance holds the types that record where every extracted value
// came from: the rule that produced it, the node, attribute and raw text it
// read, and the candidates that lost. It contains no logic, so that every
// extractor package (body, date, meta, breadcrumbs, sites) can import it
// without importing the extractors package itself; extractors re-exports the
// types under the same names.
package provenance

// Source says where a value was read.
type Source struct {
	// Rule names the extraction rule, e.g. "jsonld.datePublished",
	// "meta.og:title", "visible.h1", "url.path".
	Rule string `json:"rule"`
	// Node is a short CSS-like description of the element read, e.g.
	// `meta[property="og:title"]` or `h1.headline`; empty when not from a node.
	Node string `json:"node,omitempty"`
	// Attr is the attribute read, empty when the element's text was read.
	Attr string `json:"attr,omitempty"`
	// Raw is the value as found on the page, before cleaning (truncated).
	Raw string `json:"raw,omitempty"`
}

// Candidate is one value considered for a field.
type Candidate struct {
	// Value is the cleaned value the candidate offered.
	Value string `json:"value"`
	// Source says where the candidate was read.
	Source Source `json:"source"`
	// Score is the rule's confidence or score, when the rule computes one.
	Score float64 `json:"score,omitempty"`
	// Reason explains why the candidate lost (or, for a winner, why it won).
	Reason string `json:"reason,omitempty"`
}

// Decision records how one field of an article was decided.
type Decision struct {
	// Field is the Article JSON key, e.g. "title" or "published".
	Field string `json:"field"`
	// Value is the winning value as text; empty when nothing was found.
	Value string `json:"value,omitempty"`
	// Source is where the winning value came from; nil when nothing was found.
	Source *Source `json:"source,omitempty"`
	// Confidence is the winner's confidence in [0,1], when the rule gives one.
	Confidence float64 `json:"confidence,omitempty"`
	// Rejected lists the candidates that lost, with their reasons.
	Rejected []Candidate `json:"rejected,omitempty"`
	// Notes are free-form remarks (e.g. "day/month order from lang=de").
	Notes []string `json:"notes,omitempty"`
}

// Removal counts the blocks of one kind that the body pass removed.
type Removal struct {
	// Reason names why the blocks were dropped, e.g. "boilerplate class",
	// "high link density", "hidden".
	Reason string `json:"reason"`
	// Count is how many blocks were dropped for this reason.
	Count int `json:"count"`
	// Examples are short excerpts of dropped blocks (at most a few).
	Examples []string `json:"examples,omitempty"`
}

// BodyReport records how the main text was chosen.
type BodyReport struct {
	// Method names the pass whose result was kept, e.g. "readability" or
	// "blocks".
	Method string `json:"method"`
	// Container describes the element kept as the article body.
	Container string `json:"container,omitempty"`
	// Removed lists what was dropped from the body, grouped by reason.
	Removed []Removal `json:"removed,omitempty"`
	// Notes are free-form remarks about the choice.
	Notes []string `json:"notes,omitempty"`
}

// Explanation is the full provenance of one extraction.
type Explanation struct {
	// Charset is the character encoding the page was decoded from, and why.
	Charset string `json:"charset,omitempty"`
	// Fields holds one decision per Article field that was looked for.
	Fields []Decision `json:"fields"`
	// Body reports the body pass.
	Body BodyReport `json:"body"`
}

// Field returns the decision for the named field, or nil.
func (e *Explanation) Field(name string) *Decision {
	for i := range e.Fields {
		if e.Fields[i].Field == name {
			return &e.Fields[i]
		}
	}
	return nil
}
