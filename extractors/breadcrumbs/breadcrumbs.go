// Package breadcrumbs finds the page's breadcrumb trail.
package breadcrumbs

import (
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	// Name is the crumb's visible label.
	Name string `json:"name"`
	// URL is the crumb's absolute link; empty when it has none.
	URL string `json:"url,omitempty"`
}

// Extract returns the page's breadcrumb trail in page order (home and
// current-page crumbs included when the page shows them) and how it was found.
// PLACEHOLDER: replaced by the real implementation.
func Extract(p *page.Page) ([]Crumb, provenance.Decision) {
	return nil, provenance.Decision{Field: "breadcrumbs"}
}
