package date

import (
	"testing"
	"time"
)

// sameTime reports whether two results' times are the same instant in the
// same offset (or both nil).
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(*b) && oa == ob && a.Location().String() == b.Location().String()
}

// TestDatesMatchesExtract checks that Dates, which skips the provenance,
// finds what Extract finds on the golden pages, with and without a fetch
// time.
func TestDatesMatchesExtract(t *testing.T) {
	for i, p := range benchPages(t) {
		for _, ft := range []time.Time{p.FetchTime, {}} {
			p.FetchTime = ft
			want, got := Extract(p), Dates(p)
			if !sameTime(got.Published, want.Published) || !sameTime(got.Modified, want.Modified) {
				t.Errorf("page %d (%v): Dates = %v %v, Extract = %v %v", i, p.URL, got.Published, got.Modified,
					want.Published, want.Modified)
			}
		}
	}
}
