// Package date finds an article's publication and modification dates.
package date

import (
	"time"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Result is the dates found on a page, each with its provenance.
type Result struct {
	// Published is the publication time in the page's own UTC offset; nil
	// when unknown. A date without a time of day is midnight in that offset.
	Published *time.Time
	// Modified is the last modification time, like Published.
	Modified *time.Time
	// PublishedDecision records how Published was decided.
	PublishedDecision provenance.Decision
	// ModifiedDecision records how Modified was decided.
	ModifiedDecision provenance.Decision
}

// Extract finds the publication and modification dates of p.
// PLACEHOLDER: replaced by the real implementation.
func Extract(p *page.Page) Result {
	return Result{
		PublishedDecision: provenance.Decision{Field: "published"},
		ModifiedDecision:  provenance.Decision{Field: "modified"},
	}
}
