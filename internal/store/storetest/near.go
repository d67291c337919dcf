package storetest

import (
	"context"
	"testing"

	"github.com/newshound/newshound/internal/store"
)

// NearDuplicates checks a backend's near-duplicate marking: two SimHashes
// that agree only in the last two of the six bands (distance 4) are found
// (every band is indexed and looked up); a close fingerprint alone is not
// enough, the texts must share their shingles; and an article whose close
// fingerprint was not confirmed is an original whose own copies are
// found. result builds the backend's Result for an article at u with text
// txt; st is a new, empty store.
func NearDuplicates(t *testing.T, st store.Store, result func(u, txt string) store.Result) {
	t.Helper()
	ctx := context.Background()
	save := func(r store.Result) store.Saved {
		t.Helper()
		saved, err := st.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	a := result("https://example.org/a", Text(11, 300))
	b := result("https://example.net/b", "Updated: "+Text(11, 300))
	a.SimHash = 0x0123456789abcdef
	// Flip one bit in each of the first four bands (bits 0, 11, 22, 33).
	b.SimHash = a.SimHash ^ (1 | 1<<11 | 1<<22 | 1<<33)
	first, second := save(a), save(b)
	if second.DuplicateOf != first.ArticleID {
		t.Errorf("duplicate_of = %d, want %d (hashes share only bands 5 and 6)", second.DuplicateOf, first.ArticleID)
	}
	c := result("https://example.com/c", Text(12, 300)) // a different text
	c.SimHash = a.SimHash ^ 1<<40                       // with a fingerprint one bit away
	third := save(c)
	if third.DuplicateOf != 0 {
		t.Errorf("a different text with a close fingerprint was marked a duplicate of %d", third.DuplicateOf)
	}
	d := result("https://example.com/d", "Corrected: "+Text(12, 300)) // a copy of c
	d.SimHash = c.SimHash ^ 1<<50                                     // close to a and to c
	if fourth := save(d); fourth.DuplicateOf != third.ArticleID {
		t.Errorf("copy of the unconfirmed original: duplicate_of = %d, want %d", fourth.DuplicateOf, third.ArticleID)
	}
}
