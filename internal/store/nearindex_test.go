package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// nearPair returns an original and a lightly edited copy whose SimHashes
// differ in one bit of each of the first four bands: they share only
// bands 5 and 6, so the copy is found through the bands table or the
// in-memory list, whichever holds the original.
func nearPair(n int) (store.Result, store.Result) {
	a := result("https://example.org/a"+itoa(n), text(uint64(100+n), 300))
	b := result("https://example.net/b"+itoa(n), "Updated: "+text(uint64(100+n), 300))
	a.SimHash = 0x0123456789abcdef + uint64(n)<<58
	b.SimHash = a.SimHash ^ (1 | 1<<11 | 1<<22 | 1<<33)
	return a, b
}

func itoa(n int) string { return string(rune('0' + n)) }

// TestNearDuplicatesAcrossBandsBatches: an original is found by its copy
// while its bands wait in memory, after Close has written them to
// simhash_bands, and after a crash lost them (Open indexes what the mark
// says is missing).
func TestNearDuplicatesAcrossBandsBatches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	reopen := func(s *store.SQLite) *store.SQLite {
		t.Helper()
		if s != nil {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		s, err := store.Open(ctx, path, store.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	save := func(s *store.SQLite, r store.Result) store.Saved {
		t.Helper()
		saved, err := s.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	bands := func(s *store.SQLite) int {
		t.Helper()
		var n int
		if err := s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM simhash_bands`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	s := reopen(nil)
	a0, b0 := nearPair(0)
	orig := save(s, a0)
	if got := save(s, b0); got.DuplicateOf != orig.ArticleID {
		t.Errorf("in memory: duplicate_of = %d, want %d", got.DuplicateOf, orig.ArticleID)
	}
	a1, b1 := nearPair(1)
	orig1 := save(s, a1)

	s = reopen(s) // Close indexes both originals (not the copy)
	if n := bands(s); n != 2*store.SimHashBands {
		t.Fatalf("after Close: %d band rows, want %d", n, 2*store.SimHashBands)
	}
	if got := save(s, b1); got.DuplicateOf != orig1.ArticleID {
		t.Errorf("from simhash_bands: duplicate_of = %d, want %d", got.DuplicateOf, orig1.ArticleID)
	}

	// A crash after the commit, before the batch: no bands, mark behind.
	a2, b2 := nearPair(2)
	orig2 := save(s, a2)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(nil)
	if _, err := s.WriteDB().ExecContext(ctx, `DELETE FROM simhash_bands WHERE article_id = ?`, orig2.ArticleID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteDB().ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'bands_indexed'`, orig2.ArticleID-1); err != nil {
		t.Fatal(err)
	}
	s = reopen(s)
	if n := bands(s); n != 3*store.SimHashBands {
		t.Fatalf("after reopening: %d band rows, want %d", n, 3*store.SimHashBands)
	}
	if got := save(s, b2); got.DuplicateOf != orig2.ArticleID {
		t.Errorf("after recovery: duplicate_of = %d, want %d", got.DuplicateOf, orig2.ArticleID)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestNearDuplicateOfRolledBackSave: a Save that fails after inserting its
// article leaves no trace in the near-duplicate lookup (its id is reused
// by the next article).
func TestNearDuplicateOfRolledBackSave(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	a, b := nearPair(3)
	bad := a
	bad.Discovered = []frontier.Entry{{URL: ""}} // fails after the article's insert
	if _, err := s.Save(ctx, bad); err == nil {
		t.Fatal("Save with a discovered entry without URL succeeded")
	}
	saved, err := s.Save(ctx, b)
	if err != nil {
		t.Fatalf("Save after a failed Save: %v", err)
	}
	if saved.DuplicateOf != 0 {
		t.Errorf("marked a duplicate of %d, an article that was rolled back", saved.DuplicateOf)
	}
}

// TestBandKeysInSQL: the band keys the batch computes in SQL are BandKeys,
// for SimHashes with and without the high (sign) bit.
func TestBandKeysInSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := store.Open(ctx, path, store.Options{Now: fixedNow, NearDistance: 1})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[int64][store.SimHashBands]int64{}
	for i := range 64 {
		r := result(fmt.Sprintf("https://example.org/k%d", i), text(uint64(1000+i), 60))
		r.SimHash = rng.Uint64()
		if i%2 == 0 {
			r.SimHash |= 1 << 63
		}
		saved, err := s.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if saved.DuplicateOf == 0 {
			want[saved.ArticleID] = store.BandKeys(r.SimHash)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open2(t, path)
	rows, err := s.ReadDB().QueryContext(ctx, `SELECT article_id, bkey FROM simhash_bands ORDER BY article_id, bkey`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64][]int64{}
	for rows.Next() {
		var id, k int64
		if err := rows.Scan(&id, &k); err != nil {
			t.Fatal(err)
		}
		got[id] = append(got[id], k)
	}
	if len(got) != len(want) {
		t.Fatalf("%d articles indexed, want %d", len(got), len(want))
	}
	for id, keys := range want {
		w := keys[:]
		slices.Sort(w)
		if !slices.Equal(got[id], w) {
			t.Errorf("article %d: band keys %v, want %v", id, got[id], w)
		}
	}
}

// open2 opens the store at path and closes it at the end of the test.
func open2(t *testing.T, path string) *store.SQLite {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
