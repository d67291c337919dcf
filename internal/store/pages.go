package store

import "github.com/newshound/newshound/internal/export"

// Pages is the page-at-a-time walk that the export cursors of every store
// backend share: the records of the current page, then the next page
// fetched when this one is used up. The zero value is ready; Page may be
// given a capacity to reuse.
type Pages struct {
	// Page holds the current page; a fetch refills it (empty at the end).
	Page []export.Record
	// Done says no page follows the current one (a fetch found fewer
	// records than a page holds).
	Done bool
	i    int
}

// Advance moves to the next record, calling fetch to refill Page when the
// current page is used up. It reports whether there is a record, and
// fetch's error.
func (p *Pages) Advance(fetch func() error) (bool, error) {
	if p.i+1 < len(p.Page) {
		p.i++
		return true, nil
	}
	if p.Done {
		return false, nil
	}
	if err := fetch(); err != nil {
		return false, err
	}
	if len(p.Page) == 0 {
		p.Done = true
		return false, nil
	}
	p.i = 0
	return true, nil
}

// Current returns the current record, valid until the next Advance; nil
// before the first or after the last.
func (p *Pages) Current() *export.Record {
	if p.i < len(p.Page) {
		return &p.Page[p.i]
	}
	return nil
}
