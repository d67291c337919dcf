// Package breadcrumbs finds the page's breadcrumb trail: the site's own
// section path to the page, such as "Home » World » Europe".
//
// Declared trails come first, in document order: schema.org BreadcrumbList
// in JSON-LD, microdata or RDFa, then the older data-vocabulary.org
// Breadcrumb microdata. When the page declares none, the visible trail is
// looked for: containers marked as breadcrumbs by class, id, aria-label or
// role (in many languages), then separator-joined link trails near the top of
// the page. The package does not decide the article's section and does not
// fetch anything; Extract is a pure function of the parsed page.
//
// Files: breadcrumbs.go holds Extract and the trail type; scan.go walks the
// tree once and collects what the rules read; jsonld.go reads JSON-LD;
// microdata.go reads microdata and RDFa; visible.go reads containers marked
// as breadcrumbs; separated.go finds unmarked separator-joined trails;
// clean.go cleans names and URLs.
package breadcrumbs

import (
	"strings"

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

// trail is one candidate trail with where it was found.
type trail struct {
	crumbs []Crumb
	source provenance.Source
	order  int     // document position of the declaring node
	score  float64 // visible trails only
	reason string  // why the trail is unusable; "" when valid
}

func (t *trail) value() string { return joinNames(t.crumbs) }

func joinNames(cs []Crumb) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, " » ")
}

// Extract returns the page's breadcrumb trail in page order (home and
// current-page crumbs included when the page shows them) and how it was found.
// It returns nil and a Decision without Source when the page has no trail.
// The tree is only read; Extract never panics on any tree page.New accepts.
func Extract(p *page.Page) (crumbs []Crumb, d provenance.Decision) {
	d.Field = "breadcrumbs"
	if p == nil || p.Root == nil {
		return nil, d
	}
	defer func() {
		if r := recover(); r != nil {
			crumbs = nil
			d = provenance.Decision{Field: "breadcrumbs", Notes: []string{"internal error while reading the page"}}
		}
	}()
	s := scanPage(p)
	declared := s.declaredTrails(p)
	if best := pickDeclared(declared); best != nil {
		return decide(&d, best, declared, "first valid declared trail in document order")
	}
	visible := s.visibleTrails()
	if best := pickVisible(visible); best != nil {
		return decide(&d, best, append(declared, visible...), "best visible trail")
	}
	// Last resort: a declared trail that failed validation, cleaned.
	if best := salvage(declared); best != nil {
		return decide(&d, best, append(declared, visible...), "declared trail with unusable crumbs dropped")
	}
	for _, t := range append(declared, visible...) {
		d.Rejected = append(d.Rejected, candidate(t))
	}
	return nil, d
}

// pickDeclared returns the first valid declared trail in document order.
func pickDeclared(ts []*trail) *trail {
	var best *trail
	for _, t := range ts {
		if t.reason == "" && (best == nil || t.order < best.order) {
			best = t
		}
	}
	return best
}

// salvage drops the unusable crumbs of the first declared trail that keeps
// at least two.
func salvage(ts []*trail) *trail {
	var best *trail
	for _, t := range ts {
		var kept []Crumb
		for _, c := range t.crumbs {
			if badName(c.Name) == "" {
				kept = append(kept, c)
			}
		}
		if len(kept) >= 2 && (best == nil || t.order < best.order) {
			best = &trail{crumbs: kept, source: t.source, order: t.order}
		}
	}
	return best
}

func decide(d *provenance.Decision, best *trail, all []*trail, why string) ([]Crumb, provenance.Decision) {
	src := best.source
	d.Value = best.value()
	d.Source = &src
	d.Confidence = 1
	if best.score > 0 {
		d.Confidence = min(1, best.score)
	}
	d.Notes = append(d.Notes, why)
	for _, t := range all {
		if t == best {
			continue
		}
		c := candidate(t)
		if c.Reason == "" {
			c.Reason = "lost to " + src.Rule + " at " + src.Node
		}
		d.Rejected = append(d.Rejected, c)
	}
	return best.crumbs, *d
}

func candidate(t *trail) provenance.Candidate {
	return provenance.Candidate{Value: t.value(), Source: t.source, Score: t.score, Reason: t.reason}
}
