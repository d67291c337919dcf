package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
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

// runEnvCtx runs the command tree with ctx and the environment variables
// vars.
func runEnvCtx(ctx context.Context, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	root := NewRoot(Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }})
	root.SetArgs(args)
	err = root.ExecuteContext(ctx)
	return out.String(), errb.String(), err
}

// TestPostgresBadInput: a PostgreSQL corpus that cannot be read gives a
// one-line error naming the database without its password, quickly, and
// no panic.
func TestPostgresBadInput(t *testing.T) {
	ctx := context.Background()
	url := pg.NewDatabaseURL(t) // skips without a server
	newer := pg.NewDatabaseURL(t)
	s, err := pgstore.Open(ctx, newer, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ('9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	missing := strings.Replace(url, "/newshound_test_", "/no_such_db_", 1)
	unreachable := "postgres://reader:s3cret@127.0.0.1:1/news"
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unreachable export", []string{"export", "--store", unreachable}, "postgres://reader:xxxxx@127.0.0.1:1/news: connect"},
		{"unreachable stats", []string{"stats", "--store", unreachable}, "postgres://reader:xxxxx@127.0.0.1:1/news: connect"},
		{"unreachable search", []string{"search", "--store", unreachable, "storm"}, "postgres://reader:xxxxx@127.0.0.1:1/news: connect"},
		{"no such database", []string{"export", "--store", missing}, "does not exist"},
		{"not a newshound database", []string{"stats", "--store", url}, "not a newshound database"},
		{"newer schema", []string{"export", "--store", newer}, "migration 9999_future.sql, unknown to this program: its schema is newer"},
		{"not a postgres URL", []string{"export", "--store", "mysql://u:s3cret@db/news"}, "want a postgres:// or postgresql:// URL"},
		{"unparsable URL", []string{"export", "--store", "postgres://u:s3cret@db:port/news"}, "cannot parse the connection string"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := runCtx(ctx, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line containing %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error shows the password: %v", err)
			}
			if d := time.Since(start); d > pgstore.DefaultConnectTimeout+time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestStoreLocation: --store beats NEWSHOUND_STORE, which beats the --db
// default, and an explicit --db beats the variable.
func TestStoreLocation(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "news.db")
	lite, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := trickyArticle()
	if _, err := lite.Save(ctx, store.Result{URL: a.URL, Article: a, Outcome: frontier.Outcome{State: frontier.Done}}); err != nil {
		t.Fatal(err)
	}
	lite.Close()
	url := copyToPostgres(t, path) // skips without a server
	bad := "postgres://u:s3cret@127.0.0.1:1/news"
	env := map[string]string{StoreEnv: url}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string // the database stats reports, or an error
	}{
		{"env", env, nil, pgstore.Redact(url)},
		{"explicit --db beats env", map[string]string{StoreEnv: bad}, []string{"--db", path}, path},
		{"--store beats env", map[string]string{StoreEnv: bad}, []string{"--store", url}, pgstore.Redact(url)},
		{"bad env", map[string]string{StoreEnv: bad}, nil, "postgres://u:xxxxx@127.0.0.1:1/news: connect"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, _, err := runEnvCtx(ctx, c.env, append([]string{"stats", "--format", "json"}, c.args...)...)
			got := ""
			if err != nil {
				got = "error: " + err.Error()
			} else {
				var st statsJSON
				if err := json.Unmarshal([]byte(stdout), &st); err != nil {
					t.Fatal(err)
				}
				got = st.Database
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestStatsFrontier shows the crawl queue of a Redis frontier beside a
// PostgreSQL corpus: URLs by state and due URLs by host.
func TestStatsFrontier(t *testing.T) {
	ctx := context.Background()
	rurl := clustertest.StartRedis(t)
	url := pg.NewDatabaseURL(t)
	s, err := pgstore.Open(ctx, url, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fr, err := redisfrontier.Open(ctx, rurl, redisfrontier.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	var entries []frontier.Entry
	for i := range 5 {
		entries = append(entries, frontier.Entry{URL: fmt.Sprintf("https://a.example/%d", i)})
	}
	entries = append(entries, frontier.Entry{URL: "https://b.example/1"})
	if _, err := fr.Add(ctx, entries); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := runEnvCtx(ctx, map[string]string{FrontierEnv: rurl}, "stats", "--store", url, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var st statsJSON
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Queue["queued"] != 6 || st.Queue["done"] != 0 || len(st.Queue) != 5 ||
		st.QueueByHost["a.example"] != 5 || st.QueueByHost["b.example"] != 1 || st.Frontier == "" {
		t.Errorf("stats json: %s", stdout)
	}
	stdout, _, err = runCtx(ctx, "stats", "--store", url, "--frontier", rurl)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"queued 6, inflight 0", "queued URLs due by host", "a.example  5"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stats lacks %q:\n%s", want, stdout)
		}
	}
	if _, _, err := runCtx(ctx, "stats", "--store", url, "--frontier", "redis://127.0.0.1:1/0"); err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("unreachable frontier: %v", err)
	}
	if _, _, err := runCtx(ctx, "stats", "--store", url, "--frontier", "/tmp/x.db"); err == nil || !strings.Contains(err.Error(), "want a redis://") {
		t.Errorf("not a Redis URL: %v", err)
	}
}
