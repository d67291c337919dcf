package pgstore_test

import (
	"context"
	"github.com/newshound/newshound/internal/store/storetest"
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

// text, simhash and contentHash are the shared generated data.
var (
	text        = storetest.Text
	simhash     = storetest.SimHash
	contentHash = storetest.ContentHash
)

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
