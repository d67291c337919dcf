package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/storetest"
)

func TestOpenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	for range 2 {
		s, err := store.Open(ctx, path, store.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		rows, err := s.ReadDB().QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		if got := strings.Join(names, ","); got != "0001_init.sql,0002_jobs_validators.sql,0003_simhash_bands_hash.sql,0004_simhash_bands_mark.sql" {
			t.Errorf("migrations = %q", got)
		}
		var mode string
		if err := s.ReadDB().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v", mode, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES ('9999_future.sql')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := store.Open(ctx, path, store.Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open = %v, want a newer-schema error", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, path := range []string{"", dir, filepath.Join(dir, "missing", "news.db")} {
		if s, err := store.Open(ctx, path, store.Options{}); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

func TestSaveSameKeyConcurrently(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	txt := text(1, 500)
	var wg sync.WaitGroup
	saved := make([]store.Saved, 20)
	errs := make([]error, 20)
	for i := range 20 {
		wg.Go(func() {
			r := result(fmt.Sprintf("https://example.org/a?v=%d", i), txt)
			r.ArticleKey = "https://example.org/a"
			saved[i], errs[i] = s.Save(ctx, r)
		})
	}
	wg.Wait()
	fresh := 0
	for i := range saved {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !saved[i].Existing {
			fresh++
		}
		if saved[i].ArticleID != saved[0].ArticleID || saved[i].DuplicateOf != 0 {
			t.Errorf("save %d = %+v, want article %d", i, saved[i], saved[0].ArticleID)
		}
	}
	if fresh != 1 {
		t.Errorf("%d saves stored the article, want 1", fresh)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 1 {
		t.Errorf("CountArticles = %d, %v; want 1", n, err)
	}
	// Every variant URL is done and points at the one article.
	var done int
	s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM urls WHERE state = 'done' AND article_id = ?`,
		saved[0].ArticleID).Scan(&done)
	if done != 20 {
		t.Errorf("%d urls done with the article, want 20", done)
	}
}

func TestSaveDuplicates(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	orig := text(7, 500)
	// A few words changed: a lightly edited copy.
	w := strings.Fields(orig)
	w[10], w[200], w[420] = "changed", "edited", "rewritten"
	edited := strings.Join(w, " ")
	if d := bits.OnesCount64(simhash(orig) ^ simhash(edited)); d > 3 {
		t.Fatalf("test texts: simhash distance %d > 3", d)
	}
	cases := []struct {
		name, url, text string
		dupOf           string // name of the case it duplicates, "" for none
	}{
		{"original", "https://example.org/news/1", orig, ""},
		{"same text elsewhere", "https://example.org/news/1-copy", orig, "original"},
		{"syndicated, edited", "https://other.example.net/wire/1", edited, "original"},
		{"copy of the edited copy", "https://third.example.com/1", edited, "original"},
		{"different text", "https://example.org/news/2", text(8, 500), ""},
		{"short texts are not compared by simhash", "https://example.org/news/3", "a b c", ""},
		{"another short text", "https://example.org/news/4", "a b d", ""},
	}
	ids := map[string]int64{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Save(ctx, result(c.url, c.text))
			if err != nil {
				t.Fatal(err)
			}
			if got.Existing || got.ArticleID == 0 {
				t.Fatalf("Save = %+v, want a new article", got)
			}
			ids[c.name] = got.ArticleID
			if want := ids[c.dupOf]; got.DuplicateOf != want {
				t.Errorf("DuplicateOf = %d, want %d (%s)", got.DuplicateOf, want, c.dupOf)
			}
			var stored sql.NullInt64
			s.ReadDB().QueryRowContext(ctx, `SELECT duplicate_of FROM articles WHERE id = ?`, got.ArticleID).Scan(&stored)
			if stored.Int64 != ids[c.dupOf] {
				t.Errorf("duplicate_of column = %v, want %d", stored, ids[c.dupOf])
			}
		})
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != len(cases) || c.Duplicates != 3 || c.URLs[frontier.Done] != len(cases) {
		t.Errorf("Counts = %+v", c)
	}
}

func TestSaveNearDuplicatesOff(t *testing.T) {
	s := open(t, store.Options{NearDistance: -1})
	ctx := context.Background()
	orig := text(7, 500)
	edited := strings.Replace(orig, strings.Fields(orig)[3], "changed", 1)
	s.Save(ctx, result("https://example.org/1", orig))
	got, err := s.Save(ctx, result("https://example.org/2", edited))
	if err != nil || got.DuplicateOf != 0 {
		t.Errorf("Save = %+v, %v; want no duplicate", got, err)
	}
}

func TestSaveStoresFieldsAndFrontier(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	f := s.Frontier()
	if _, err := f.Add(ctx, []frontier.Entry{{URL: "https://example.org/a", Host: "example.org"}}); err != nil {
		t.Fatal(err)
	}
	leases, err := f.Next(ctx, fixedNow(), 1, nil, 1<<20)
	if err != nil || len(leases) != 1 {
		t.Fatalf("Next = %v, %v", leases, err)
	}
	r := result("https://example.org/a", "Storm hits the coast with winds of 100 km/h", "https://example.org/b", "https://example.org/a")
	r.Article.Title = "Storm “hits” coast, 🌊 عاصفة"
	r.ETag, r.LastModified, r.Job = `"x1"`, "Wed, 04 Mar 2026 22:00:00 GMT", "daily"
	saved, err := s.Save(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	var title, authors, published, day, pubUTC, crumbs, fetched, etag, job, state string
	var articleID int64
	err = s.ReadDB().QueryRowContext(ctx, `SELECT a.title, a.authors, a.published, a.published_day, a.published_utc,
		a.breadcrumbs, a.fetched_at, a.etag, a.job, u.state, u.article_id
		FROM articles a JOIN urls u ON u.url = a.key WHERE a.id = ?`, saved.ArticleID).Scan(
		&title, &authors, &published, &day, &pubUTC, &crumbs, &fetched, &etag, &job, &state, &articleID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{r.Article.Title, `["Jane Doe"]`, "2026-03-04T23:30:00+01:00", "2026-03-04", "2026-03-04T22:30:00.000Z",
		`[{"name":"Home","url":"https://example.org/"}]`, "2026-03-05T12:00:00.000Z", `"x1"`, "daily", "done"}
	for i, got := range []string{title, authors, published, day, pubUTC, crumbs, fetched, etag, job, state} {
		if got != want[i] {
			t.Errorf("column %d = %q, want %q", i, got, want[i])
		}
	}
	if articleID != saved.ArticleID {
		t.Errorf("url article_id = %d, want %d", articleID, saved.ArticleID)
	}
	// The discovered link is queued once; the page itself stays done.
	c, _ := f.Counts(ctx)
	if c[frontier.Queued] != 1 || c[frontier.Done] != 1 || len(c) != 2 {
		t.Errorf("Counts = %v", c)
	}
	// Full-text search over title and text, once indexed.
	var hits int
	s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'winds'`).Scan(&hits)
	if hits != 0 {
		t.Errorf("FTS hits before SyncFTS = %d, want 0 (FTSBatch not reached)", hits)
	}
	if n, err := s.SyncFTS(ctx); err != nil || n != 1 {
		t.Errorf("SyncFTS = %d, %v; want 1", n, err)
	}
	if n, err := s.SyncFTS(ctx); err != nil || n != 0 {
		t.Errorf("second SyncFTS = %d, %v; want 0", n, err)
	}
	s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'winds coast'`).Scan(&hits)
	if hits != 1 {
		t.Errorf("FTS hits = %d, want 1", hits)
	}
	s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'title:storm'`).Scan(&hits)
	if hits != 1 {
		t.Errorf("FTS title hits = %d, want 1", hits)
	}
}

func TestFullTextIndexedInBatchesAndAtClose(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := store.Open(ctx, path, store.Options{FTSBatch: 10})
	if err != nil {
		t.Fatal(err)
	}
	hits := func(db *sql.DB) int {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'common'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := range 25 {
		if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/%d", i), fmt.Sprintf("common word%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if n := hits(s.ReadDB()); n != 20 {
		t.Errorf("%d indexed after 25 saves with FTSBatch 10, want 20", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := hits(s.ReadDB()); n != 25 {
		t.Errorf("%d indexed after Close, want 25", n)
	}
	var snippet string
	s.ReadDB().QueryRowContext(ctx, `SELECT snippet(articles_fts) FROM articles_fts WHERE articles_fts MATCH 'word7'`).Scan(&snippet)
	if snippet != "common <b>word7</b>" {
		t.Errorf("snippet = %q", snippet)
	}
}

func TestSaveWithoutArticle(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	r := store.Result{URL: "https://example.org/section/world",
		Outcome:    frontier.Outcome{State: frontier.Done, Status: 200, Reason: "not an article: index page"},
		Discovered: []frontier.Entry{{URL: "https://example.org/news/1"}, {URL: "https://example.org/news/2"}}}
	got, err := s.Save(ctx, r)
	if err != nil || got != (store.Saved{}) {
		t.Fatalf("Save = %+v, %v", got, err)
	}
	if n, _ := s.CountArticles(ctx); n != 0 {
		t.Errorf("%d articles stored", n)
	}
	c, _ := s.Frontier().Counts(ctx)
	if c[frontier.Done] != 1 || c[frontier.Queued] != 2 {
		t.Errorf("Counts = %v", c)
	}
	if _, err := s.Save(ctx, store.Result{}); err == nil {
		t.Error("Save without a URL succeeded")
	}
}

func TestWriteFailureIsIsolated(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range 50 {
		wg.Go(func() {
			errs[i] = s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, 'x')`, fmt.Sprint(i)); err != nil {
					return err
				}
				if i == 25 {
					return boom
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i == 25) != errors.Is(err, boom) || (i != 25 && err != nil) {
			t.Errorf("write %d: %v", i, err)
		}
	}
	var n int
	s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key GLOB '[0-9]*'`).Scan(&n)
	if n != 49 {
		t.Errorf("%d rows committed, want 49", n)
	}
}

func TestWriteCanceled(t *testing.T) {
	s := open(t, store.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Save(ctx, result("https://example.org/1", "x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Save = %v, want context.Canceled", err)
	}
}

func TestClose(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Saves racing Close either commit or get ErrClosed, never panic.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 200 {
		wg.Go(func() {
			_, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/%d", i), text(uint64(i), 50)))
			switch {
			case err == nil:
				mu.Lock()
				ok++
				mu.Unlock()
			case !errors.Is(err, store.ErrClosed):
				t.Error(err)
			}
		})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if _, err := s.Save(ctx, result("https://example.org/late", "x")); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Save after Close = %v", err)
	}
	if _, err := s.Frontier().Add(ctx, []frontier.Entry{{URL: "https://example.org/x"}}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Add after Close = %v", err)
	}
	s2, err := store.Open(ctx, s.Path(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, _ := s2.CountArticles(ctx); n != ok {
		t.Errorf("%d articles after reopen, %d Saves returned", n, ok)
	}
}

// TestNearDuplicates runs the backends' shared near-duplicate checks.
func TestNearDuplicates(t *testing.T) {
	storetest.NearDuplicates(t, open(t, store.Options{}), func(u, txt string) store.Result { return result(u, txt) })
}

// TestWriteFailureInOpenTransaction fails and panics writes in the middle
// of a transaction the writer keeps open: each is undone alone, the
// writes before and after it commit.
func TestWriteFailureInOpenTransaction(t *testing.T) {
	s := open(t, store.Options{BatchWait: time.Hour, MaxBatch: 5})
	ctx := context.Background()
	insert := func(key string, then func()) error {
		return s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, 'x')`, key); err != nil {
				return err
			}
			then()
			return nil
		})
	}
	boom := errors.New("boom")
	errs := make(chan error, 5)
	// Write returns only at the commit, after the fifth write: run each in
	// its own goroutine, in order.
	for i, then := range []func(){func() {}, func() { panic(boom) }, func() {}, func() {}, func() {}} {
		go func() { errs <- insert(fmt.Sprintf("k%d", i), then) }()
		time.Sleep(20 * time.Millisecond)
	}
	var failed int
	for range 5 {
		if err := <-errs; err != nil {
			failed++
			if !strings.Contains(err.Error(), "panicked: boom") {
				t.Errorf("write error = %v", err)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d writes failed, want 1", failed)
	}
	var keys string
	s.ReadDB().QueryRowContext(ctx, `SELECT group_concat(key, ',') FROM (SELECT key FROM meta WHERE key GLOB 'k*' ORDER BY key)`).Scan(&keys)
	if keys != "k0,k2,k3,k4" {
		t.Errorf("committed %q, want k0,k2,k3,k4", keys)
	}
}

// TestApplyReturnsBeforeCommit: Apply answers once its write has run in
// the open transaction; readers see it only after the commit, which a
// later Write waits for, and Close commits it too.
func TestApplyReturnsBeforeCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := store.Open(ctx, path, store.Options{BatchWait: time.Hour, MaxBatch: 3})
	if err != nil {
		t.Fatal(err)
	}
	insert := func(key string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, 'x')`, key)
			return err
		}
	}
	count := func() int {
		var n int
		if err := s.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key GLOB 'a*'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	done := make(chan error, 1)
	go func() { done <- s.Apply(ctx, insert("a1")) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Apply waited for the commit")
	}
	if n := count(); n != 0 {
		t.Errorf("readers see %d rows before the commit", n)
	}
	if err := s.Apply(ctx, insert("a2")); err != nil {
		t.Fatal(err)
	}
	// The third write fills the transaction (MaxBatch 3): commit.
	if err := s.Write(ctx, insert("a3")); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 3 {
		t.Errorf("readers see %d rows after the commit, want 3", n)
	}
	if err := s.Apply(ctx, insert("a4")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := count(); n != 4 {
		t.Errorf("%d rows after Close and reopen, want 4", n)
	}
}

// TestApplyGoesFirst: an Apply queued behind Writes runs before them.
func TestApplyGoesFirst(t *testing.T) {
	s := open(t, store.Options{})
	ctx := context.Background()
	var mu sync.Mutex
	var order []string
	record := func(name string, hold chan struct{}) func(context.Context, *sql.Tx) error {
		return func(context.Context, *sql.Tx) error {
			if hold != nil {
				<-hold
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			return nil
		}
	}
	hold, started := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			close(started)
			return record("first", hold)(ctx, tx)
		})
	})
	<-started // the writer is busy with it
	for i := range 5 {
		wg.Go(func() { s.Write(ctx, record(fmt.Sprintf("write%d", i), nil)) })
	}
	time.Sleep(50 * time.Millisecond) // let the Writes queue up
	wg.Go(func() { s.Apply(ctx, record("apply", nil)) })
	time.Sleep(50 * time.Millisecond)
	close(hold)
	wg.Wait()
	if len(order) != 7 || order[0] != "first" || order[1] != "apply" {
		t.Errorf("order = %v, want first, apply, then the writes", order)
	}
}
