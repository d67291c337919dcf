package cli

import (
	"context"
	"database/sql"
	"testing"

	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// pg is the PostgreSQL server of this package's tests (see
// clustertest.StartPostgres; TestMain starts it). Without one, the tests
// run on SQLite only.
var pg *clustertest.Postgres

// backend is a corpus the reading commands are tested on: the same
// articles in a SQLite file or a PostgreSQL database.
type backend struct {
	name string
	// args select the corpus on the command line: --db FILE or --store URL.
	args []string
	// frontier says the store keeps the crawl frontier (SQLite): its stats
	// count URLs by state and reason.
	frontier bool
	// database is what stats prints as the database.
	database string
}

// backends returns the SQLite file at path and, when a PostgreSQL server
// is available, a PostgreSQL database holding the same articles (saved
// through pgstore.Save in the same order, so with the same ids), dropped
// at the end of t.
func backends(t *testing.T, path string) []backend {
	t.Helper()
	out := []backend{{name: "sqlite", args: []string{"--db", path}, frontier: true, database: path}}
	if pg == nil || pg.DSN == "" {
		t.Log("no PostgreSQL server: testing SQLite only")
		return out
	}
	url := copyToPostgres(t, path)
	return append(out, backend{name: "postgres", args: []string{"--store", url}, database: pgstore.Redact(url)})
}

// copyToPostgres saves every article of the SQLite database at path, in
// id order, into a new PostgreSQL database with pgstore.Save, checks each
// keeps its id, and returns the database's URL.
func copyToPostgres(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	url := pg.NewDatabaseURL(t)
	lite, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	ps, err := pgstore.Open(ctx, url, pgstore.Options{Writers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	cur := lite.Reader().Cursor(ctx, store.CursorOptions{Filter: store.Filter{IncludeDuplicates: true}})
	defer cur.Close()
	for cur.Next() {
		rec := cur.Record()
		r := resultOf(t, lite.ReadDB(), rec)
		saved, err := ps.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if saved.ArticleID != rec.ID {
			t.Fatalf("article %d saved as %d in PostgreSQL", rec.ID, saved.ArticleID)
		}
	}
	if err := cur.Err(); err != nil {
		t.Fatal(err)
	}
	return url
}

// resultOf rebuilds the crawl Result that stored rec, with the columns an
// export does not show (key, SimHash, reason, validators).
func resultOf(t *testing.T, db *sql.DB, rec *export.Record) store.Result {
	t.Helper()
	r := store.Result{Outcome: frontier.Outcome{State: frontier.Done, Status: 200}, FetchedAt: rec.FetchedAt, Job: rec.Job}
	a := rec.Article
	r.Article = &a
	var simhash int64
	if err := db.QueryRow(`SELECT key, simhash, is_article_reason, etag, last_modified FROM articles WHERE id = ?`, rec.ID).
		Scan(&r.ArticleKey, &simhash, &r.IsArticleReason, &r.ETag, &r.LastModified); err != nil {
		t.Fatal(err)
	}
	r.URL, r.SimHash = r.ArticleKey, uint64(simhash)
	return r
}
