package pgstore_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// fixedNow is the injected clock of the tests.
func fixedNow() time.Time { return time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC) }

// open opens a store on dsn and closes it at the end of the test.
func open(t testing.TB, dsn string, opts pgstore.Options) *pgstore.PG {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	s, err := pgstore.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// words is the vocabulary of generated texts.
var words = func() []string {
	var w []string
	for i := range 3000 {
		w = append(w, fmt.Sprintf("w%dx%c", i, 'a'+rune(i%26)))
	}
	return w
}()

// text returns a deterministic text of n words from seed.
func text(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.IntN(len(words))]
	}
	return strings.Join(out, " ")
}

// simhash is a plain 64-bit SimHash over lower-cased words (the real one
// lives in internal/dedup), as in the SQLite store's tests.
func simhash(s string) uint64 {
	var v [64]int
	for _, w := range strings.Fields(strings.ToLower(s)) {
		h := fnv.New64a()
		h.Write([]byte(w))
		x := h.Sum64()
		for b := range 64 {
			if x>>b&1 == 1 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// contentHash stands in for the extractor's hash: any stable string.
func contentHash(s string) string {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(s)))
	return fmt.Sprintf("%016x", h.Sum64())
}

// result builds a Result for an article at u with body txt.
func result(u, txt string) store.Result {
	pub := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("", 3600))
	return store.Result{
		URL:     u,
		Outcome: frontier.Outcome{State: frontier.Done, Status: 200},
		Article: &extractors.Article{
			URL: u, CanonicalURL: u, SiteName: "Example", Title: "Title of " + u,
			Authors: []string{"Jane Doe"}, Published: &pub, Language: "en",
			Breadcrumbs: []extractors.Crumb{{Name: "Home", URL: "https://example.org/"}},
			Tags:        []string{"news"}, Text: txt, WordCount: len(strings.Fields(txt)),
			ContentHash: contentHash(txt),
		},
		SimHash:         simhash(txt),
		IsArticleReason: "json-ld NewsArticle",
		FetchedAt:       fixedNow(),
	}
}
