package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
	"github.com/newshound/newshound/internal/store/storetest"
)

// query runs one single-value query on s's pool.
func query[T any](t *testing.T, s *pgstore.PG, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := s.Pool().QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// TestSaveOnceAcrossPools races 20 goroutines saving one article through
// two stores (two pools: two processes as far as the server can tell):
// one row, one Saved that is not Existing, every caller the same id.
func TestSaveOnceAcrossPools(t *testing.T) {
	dsn := newDB(t)
	stores := []*pgstore.PG{open(t, dsn, pgstore.Options{}), open(t, dsn, pgstore.Options{})}
	r := result("https://example.org/news/1", text(1, 300))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		saved []store.Saved
	)
	for g := range 20 {
		wg.Go(func() {
			sv, err := stores[g%2].Save(context.Background(), r)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			saved = append(saved, sv)
			mu.Unlock()
		})
	}
	wg.Wait()
	fresh := 0
	for _, sv := range saved {
		if !sv.Existing {
			fresh++
		}
		if sv.ArticleID != saved[0].ArticleID || sv.ArticleID == 0 {
			t.Errorf("saved %+v, want id %d", sv, saved[0].ArticleID)
		}
	}
	if fresh != 1 || len(saved) != 20 {
		t.Errorf("%d of %d Saves stored the article, want 1 of 20", fresh, len(saved))
	}
	if n := query[int64](t, stores[0], `SELECT count(*) FROM articles`); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
}

// TestDuplicates marks exact and near duplicates, and only those.
func TestDuplicates(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{})
	ctx := context.Background()
	orig := text(7, 400)
	w := strings.Fields(orig)
	w[100], w[300] = "changed", "edited"
	edited := strings.Join(w, " ")
	if d := bits.OnesCount64(simhash(orig) ^ simhash(edited)); d > 3 {
		t.Fatalf("test texts: simhash distance %d > 3", d)
	}
	first, err := s.Save(ctx, result("https://example.org/news/0", orig))
	if err != nil {
		t.Fatal(err)
	}
	if first.DuplicateOf != 0 || first.Existing {
		t.Fatalf("original: %+v", first)
	}
	for _, c := range []struct {
		name, url, text string
		dup             bool
	}{
		{"same text elsewhere", "https://example.org/news/1", orig, true},
		{"near-identical text", "https://example.org/news/2", edited, true},
		{"different text", "https://example.org/news/3", text(8, 400), false},
		{"short texts are not compared by simhash", "https://example.org/news/4", "a b c", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sv, err := s.Save(ctx, result(c.url, c.text))
			if err != nil {
				t.Fatal(err)
			}
			want := int64(0)
			if c.dup {
				want = first.ArticleID
			}
			if sv.DuplicateOf != want || sv.Existing || sv.ArticleID == 0 {
				t.Errorf("saved %+v, want duplicate_of %d", sv, want)
			}
			got := query[*int64](t, s, `SELECT duplicate_of FROM articles WHERE id = $1`, sv.ArticleID)
			if (got == nil) != !c.dup || (got != nil && *got != want) {
				t.Errorf("duplicate_of column %v, want %d", got, want)
			}
		})
	}
	// Saving a stored key again reports it, with its duplicate_of.
	sv, err := s.Save(ctx, result("https://example.org/news/1", orig))
	if err != nil {
		t.Fatal(err)
	}
	if !sv.Existing || sv.DuplicateOf != first.ArticleID {
		t.Errorf("again: %+v", sv)
	}
}

// TestNearDuplicateRace commits 20 near-identical articles (distinct keys,
// one word changed each) at once through two stores: exactly one is the
// original and every other points at it.
func TestNearDuplicateRace(t *testing.T) {
	dsn := newDB(t)
	stores := []*pgstore.PG{open(t, dsn, pgstore.Options{}), open(t, dsn, pgstore.Options{})}
	base := strings.Fields(text(11, 400))
	var wg sync.WaitGroup
	for g := range 20 {
		wg.Go(func() {
			w := slices.Clone(base)
			w[g*10] = fmt.Sprintf("edit%d", g)
			r := result(fmt.Sprintf("https://example.org/news/%d", g), strings.Join(w, " "))
			if _, err := stores[g%2].Save(context.Background(), r); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s := stores[0]
	if n := query[int64](t, s, `SELECT count(*) FROM articles`); n != 20 {
		t.Fatalf("%d rows, want 20", n)
	}
	if n := query[int64](t, s, `SELECT count(*) FROM articles WHERE duplicate_of IS NULL`); n != 1 {
		t.Errorf("%d originals, want 1", n)
	}
	if n := query[int64](t, s, `SELECT count(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of
		WHERE o.duplicate_of IS NULL`); n != 19 {
		t.Errorf("%d duplicates point at the original, want 19", n)
	}
}

// TestColumns stores the Article's fields as the SQLite store does.
func TestColumns(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{})
	r := result("https://Example.org/news/1", "some words here")
	sv, err := s.Save(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	var site, authors, crumbs, tags, published, day, utc, fetched string
	var modified *string
	if err := s.Pool().QueryRow(context.Background(), `SELECT site, authors, breadcrumbs, tags, published,
		published_day, published_utc, modified, fetched_at FROM articles WHERE id = $1`, sv.ArticleID).
		Scan(&site, &authors, &crumbs, &tags, &published, &day, &utc, &modified, &fetched); err != nil {
		t.Fatal(err)
	}
	got := []string{site, authors, crumbs, tags, published, day, utc, fetched}
	want := []string{"example.org", `["Jane Doe"]`, `[{"name":"Home","url":"https://example.org/"}]`, `["news"]`,
		"2026-03-04T23:30:00+01:00", "2026-03-04", "2026-03-04T22:30:00.000Z", "2026-03-05T12:00:00.000Z"}
	if !slices.Equal(got, want) || modified != nil {
		t.Errorf("columns\n got %q, modified %v\nwant %q, modified nil", got, modified, want)
	}
}

// TestFullText finds articles by words of title or text through the
// generated tsvector column and its GIN index.
func TestFullText(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{})
	ctx := context.Background()
	for i, txt := range []string{"The tornado hit the town", "Elections were held on Sunday"} {
		if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/news/%d", i), txt)); err != nil {
			t.Fatal(err)
		}
	}
	keys := func(q string) []string {
		rows, err := s.Pool().Query(ctx, `SELECT key FROM articles
			WHERE tsv @@ websearch_to_tsquery('simple', $1) ORDER BY id`, q)
		if err != nil {
			t.Fatal(err)
		}
		k, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	if got := keys("tornado"); !slices.Equal(got, []string{"https://example.org/news/0"}) {
		t.Errorf("tornado: %q", got)
	}
	if got := keys("title"); len(got) != 2 { // from the titles
		t.Errorf("title: %q", got)
	}
	if n := query[int64](t, s, `SELECT count(*) FROM pg_indexes WHERE indexname = 'articles_tsv'
		AND indexdef LIKE '%USING gin%'`); n != 1 {
		t.Error("no GIN index on tsv")
	}
}

// TestMigrations runs migrations once when stores open at the same time,
// records them, and refuses a database whose schema is newer.
func TestMigrations(t *testing.T) {
	dsn := newDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := pgstore.Open(ctx, dsn, pgstore.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s := open(t, dsn, pgstore.Options{})
	rows, err := s.Pool().Query(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 2 || !slices.Equal(names[:2], []string{"0001_init.sql", "0002_jobs.sql"}) {
		t.Errorf("schema_migrations: %q", names)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ('9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	if s2, err := pgstore.Open(ctx, dsn, pgstore.Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		if s2 != nil {
			s2.Close()
		}
		t.Errorf("newer schema: err = %v", err)
	}
}

// TestCancelledContext: a Save whose context has ended stores nothing.
func TestCancelledContext(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Save(ctx, result("https://example.org/news/1", "a b c")); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := query[int64](t, s, `SELECT count(*) FROM articles`); n != 0 {
		t.Errorf("%d rows, want 0", n)
	}
	if _, err := pgstore.Open(ctx, newDB(t), pgstore.Options{}); err == nil {
		t.Error("Open with a cancelled context succeeded")
	}
}

// TestClose commits queued Saves, then refuses more; a second Close is a
// no-op.
func TestClose(t *testing.T) {
	dsn := newDB(t)
	ctx := context.Background()
	s, err := pgstore.Open(ctx, dsn, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/news/%d", i), text(uint64(i), 50))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Save(ctx, result("https://example.org/x", "a")); !errors.Is(err, pgstore.ErrClosed) {
		t.Errorf("Save after Close: %v, want ErrClosed", err)
	}
	s2 := open(t, dsn, pgstore.Options{})
	if n := query[int64](t, s2, `SELECT count(*) FROM articles`); n != 50 {
		t.Errorf("%d rows after Close, want 50", n)
	}
}

// TestNoCredentialsInErrors: a failed Open names the server, never the
// password.
func TestNoCredentialsInErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{
		"postgres://newshound:s3cretpw@127.0.0.1:1/news?connect_timeout=2",
		"host=127.0.0.1 port=1 user=newshound password=s3cretpw connect_timeout=2",
		"postgres://newshound:s3cretpw@127.0.0.1:notaport/news",
	} {
		_, err := pgstore.Open(ctx, dsn, pgstore.Options{})
		if err == nil {
			t.Fatalf("%s: no error", pgstore.Redact(dsn))
		}
		if strings.Contains(err.Error(), "s3cretpw") {
			t.Errorf("error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error does not name the server: %v", err)
		}
	}
}

// TestNoArticle: a Result without an article stores nothing and is no
// error; one without a URL is.
func TestNoArticle(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{})
	if sv, err := s.Save(context.Background(), store.Result{URL: "https://example.org/"}); err != nil || sv != (store.Saved{}) {
		t.Errorf("no article: %+v, %v", sv, err)
	}
	if _, err := s.Save(context.Background(), store.Result{}); err == nil {
		t.Error("no URL: no error")
	}
}

// TestBadSaveFailsAlone: a Save PostgreSQL refuses (a NUL byte in text)
// fails alone; the Saves batched with it are stored.
func TestBadSaveFailsAlone(t *testing.T) {
	s := open(t, newDB(t), pgstore.Options{Writers: 1, BatchWait: 20 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() {
			r := result(fmt.Sprintf("https://example.org/news/%d", i), text(uint64(i), 30))
			if i == 3 {
				r.Article.Title = "bad\x00title"
			}
			_, errs[i] = s.Save(context.Background(), r)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 3) {
			t.Errorf("save %d: %v", i, err)
		}
	}
	if n := query[int64](t, s, `SELECT count(*) FROM articles`); n != 9 {
		t.Errorf("%d rows, want 9", n)
	}
}

// TestNearDuplicates runs the backends' shared near-duplicate checks.
func TestNearDuplicates(t *testing.T) {
	storetest.NearDuplicates(t, open(t, newDB(t), pgstore.Options{}), result)
}
