package store_test

import (
	"context"
	"github.com/newshound/newshound/internal/store/storetest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// fixedNow is the injected clock of the tests.
func fixedNow() time.Time { return time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC) }

// open opens a store in a fresh file under t.TempDir and closes it at the
// end of the test.
func open(t testing.TB, opts store.Options) *store.SQLite {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "news.db"), opts)
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

// text, simhash and contentHash are the shared generated data.
var (
	text        = storetest.Text
	simhash     = storetest.SimHash
	contentHash = storetest.ContentHash
)

// result builds a Result for an article at u with body txt.
func result(u, txt string, discovered ...string) store.Result {
	pub := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("", 3600))
	r := store.Result{
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
	for _, d := range discovered {
		r.Discovered = append(r.Discovered, frontier.Entry{URL: d, Kind: frontier.Page, Source: "link", Parent: u})
	}
	return r
}
