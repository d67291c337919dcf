package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/store"
)

// corpus saves a small corpus with known sites, languages, dates and one
// duplicate, and returns the store and the ids by URL.
func corpus(t *testing.T) (*store.SQLite, map[string]int64) {
	t.Helper()
	s := open(t, store.Options{FTSBatch: -1})
	ctx := context.Background()
	ids := map[string]int64{}
	add := func(u, lang string, pub *time.Time, title, body string) {
		t.Helper()
		r := result(u, body)
		r.Article.Language = lang
		r.Article.Published = pub
		r.Article.Title = title
		saved, err := s.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ids[u] = saved.ArticleID
	}
	day := func(y int, m time.Month, d int) *time.Time {
		x := time.Date(y, m, d, 23, 30, 0, 0, time.FixedZone("", -5*3600)) // UTC: next day
		return &x
	}
	add("https://www.example.org/a", "en", day(2024, 3, 1), "Storm hits coast", text(1, 200))
	add("https://www.example.org/b", "en-GB", day(2024, 3, 2), "Harbour reopens", text(2, 200)+" storm")
	add("https://news.example.org/c", "fr", day(2024, 3, 3), "Tempête sur la côte", text(3, 200))
	add("https://other.test/d", "en", nil, "Undated piece", text(4, 200))
	add("https://other.test/e", "de", day(2024, 4, 1), "Sturm", text(5, 200))
	add("https://copy.test/a", "en", day(2024, 3, 1), "Storm hits coast (copy)", text(1, 200)) // duplicate of /a
	for i := range 20 {
		add(fmt.Sprintf("https://bulk.test/%d", i), "en", day(2024, 5, 1+i), fmt.Sprintf("Bulk %d", i), text(uint64(100+i), 200))
	}
	return s, ids
}

// ids drains a cursor and returns the ids in order.
func cursorIDs(t *testing.T, cur export.Cursor) []int64 {
	t.Helper()
	var out []int64
	for cur.Next() {
		out = append(out, cur.Record().ID)
	}
	if err := cur.Err(); err != nil {
		t.Fatal(err)
	}
	if err := cur.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCursorFilters(t *testing.T) {
	s, ids := corpus(t)
	ctx := context.Background()
	if _, err := s.SyncFTS(ctx); err != nil {
		t.Fatal(err)
	}
	r := s.Reader()
	id := func(us ...string) []int64 {
		var out []int64
		for _, u := range us {
			out = append(out, ids[u])
		}
		slices.Sort(out)
		return out
	}
	bulk := func() []string {
		var out []string
		for i := range 20 {
			out = append(out, fmt.Sprintf("https://bulk.test/%d", i))
		}
		return out
	}
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	all := append([]string{"https://www.example.org/a", "https://www.example.org/b", "https://news.example.org/c",
		"https://other.test/d", "https://other.test/e"}, bulk()...)
	tests := []struct {
		name string
		f    store.Filter
		want []int64
	}{
		{"all originals", store.Filter{}, id(all...)},
		{"with duplicates", store.Filter{IncludeDuplicates: true}, id(append(all, "https://copy.test/a")...)},
		{"site and subdomains", store.Filter{Sites: []string{"example.org"}}, id("https://www.example.org/a", "https://www.example.org/b", "https://news.example.org/c")},
		{"exact host", store.Filter{Sites: []string{"news.example.org", "OTHER.test"}}, id("https://news.example.org/c", "https://other.test/d", "https://other.test/e")},
		{"site LIKE wildcards are literal", store.Filter{Sites: []string{"%.org"}}, nil},
		{"page's own day", store.Filter{Since: d("2024-03-01"), Until: d("2024-03-01")}, id("https://www.example.org/a")},
		{"since drops undated", store.Filter{Since: d("2024-03-02"), Until: d("2024-04-30")}, id("https://www.example.org/b", "https://news.example.org/c", "https://other.test/e")},
		{"language and subtags", store.Filter{Languages: []string{"EN"}, Until: d("2024-04-30")}, id("https://www.example.org/a", "https://www.example.org/b")},
		{"languages", store.Filter{Languages: []string{"fr", "de"}}, id("https://news.example.org/c", "https://other.test/e")},
		{"fetched since (all fetched at fixedNow)", store.Filter{FetchedSince: fixedNow()}, id(all...)},
		{"fetched since later", store.Filter{FetchedSince: fixedNow().Add(time.Millisecond)}, nil},
		{"query", store.Filter{Query: "storm"}, id("https://www.example.org/a", "https://www.example.org/b")},
		{"query with duplicates", store.Filter{Query: "storm", IncludeDuplicates: true}, id("https://www.example.org/a", "https://www.example.org/b", "https://copy.test/a")},
		{"query and site", store.Filter{Query: "title:storm", Sites: []string{"copy.test"}, IncludeDuplicates: true}, id("https://copy.test/a")},
	}
	for _, tt := range tests {
		for _, size := range []int{0, 1, 3} {
			t.Run(fmt.Sprintf("%s/page%d", tt.name, size), func(t *testing.T) {
				got := cursorIDs(t, r.Cursor(ctx, store.CursorOptions{Filter: tt.f, PageSize: size}))
				if !slices.Equal(got, tt.want) {
					t.Errorf("ids %v, want %v", got, tt.want)
				}
			})
		}
	}
}

func TestCursorRecord(t *testing.T) {
	s, ids := corpus(t)
	ctx := context.Background()
	cur := s.Reader().Cursor(ctx, store.CursorOptions{Filter: store.Filter{Sites: []string{"copy.test"}, IncludeDuplicates: true}})
	if !cur.Next() {
		t.Fatal(cur.Err())
	}
	rec := cur.Record()
	want := result("https://copy.test/a", text(1, 200)).Article
	if rec.ID != ids["https://copy.test/a"] || rec.DuplicateOf == nil || *rec.DuplicateOf != ids["https://www.example.org/a"] {
		t.Errorf("id %d duplicate_of %v, want %d and %d", rec.ID, rec.DuplicateOf, ids["https://copy.test/a"], ids["https://www.example.org/a"])
	}
	if rec.Site != "copy.test" || !rec.FetchedAt.Equal(fixedNow()) || rec.Text != want.Text ||
		!slices.Equal(rec.Authors, want.Authors) || !slices.Equal(rec.Tags, want.Tags) ||
		len(rec.Breadcrumbs) != 1 || rec.Breadcrumbs[0] != want.Breadcrumbs[0] || rec.WordCount != 200 {
		t.Errorf("record %+v", rec)
	}
	if rec.Published == nil || rec.Published.Format(time.RFC3339) != "2024-03-01T23:30:00-05:00" {
		t.Errorf("published %v, want the page's offset kept", rec.Published)
	}
	cur.Close()

	// Only the chosen fields' columns are read.
	cur = s.Reader().Cursor(ctx, store.CursorOptions{Fields: []string{"title"}})
	if !cur.Next() {
		t.Fatal(cur.Err())
	}
	if rec := cur.Record(); rec.Title == "" || rec.Text != "" || rec.ID == 0 {
		t.Errorf("fields=title read %+v", rec)
	}
	cur.Close()
}

// TestCursorSnapshot: articles stored after the cursor started are not
// exported, even across pages.
func TestCursorSnapshot(t *testing.T) {
	s, _ := corpus(t)
	ctx := context.Background()
	cur := s.Reader().Cursor(ctx, store.CursorOptions{PageSize: 2})
	n := 0
	for cur.Next() {
		if n == 0 {
			if _, err := s.Save(ctx, result("https://late.test/x", text(999, 50))); err != nil {
				t.Fatal(err)
			}
		}
		n++
	}
	if err := cur.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 25 {
		t.Errorf("%d records, want the 25 originals stored when the export started", n)
	}
}

func TestCursorCancelled(t *testing.T) {
	s, _ := corpus(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cur := s.Reader().Cursor(ctx, store.CursorOptions{PageSize: 2})
	n := 0
	for cur.Next() {
		if n++; n == 3 {
			cancel()
		}
	}
	if !errors.Is(cur.Err(), context.Canceled) || n != 4 {
		t.Errorf("after cancel: %d records, err %v; want 4 (the page read) and context.Canceled", n, cur.Err())
	}
}

func TestOpenReaderErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A database of a newer newshound: one more migration recorded.
	newer := filepath.Join(dir, "newer.db")
	s, err := store.Open(ctx, newer, store.Options{})
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
	empty := write("empty.db", "") // a valid, empty SQLite database
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "missing.db"), "no such database"},
		{"directory", dir, "is a directory"},
		{"text file", write("notes.txt", strings.Repeat("not a database\n", 100)), "not a SQLite database"},
		{"empty file", empty, "not a newshound database"},
		{"newer schema", newer, "schema is newer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			r, err := store.OpenReader(ctx, tt.path)
			if err == nil {
				r.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line containing %q", err, tt.want)
			}
			after, _ := os.ReadFile(tt.path)
			if string(before) != string(after) {
				t.Error("the file changed")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReader created the missing database: %v", err)
	}
}

// TestReaderWhileWriting: an export cursor and a search on their own
// read-only connections run while the writer saves, and neither side
// stalls the other.
func TestReaderWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 1000 {
		if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/%d", i), text(uint64(i), 150))); err != nil {
			t.Fatal(err)
		}
	}
	r, err := store.OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	stop := make(chan struct{})
	var saves, slowest atomic.Int64
	done := make(chan error, 1)
	go func() {
		for i := 1000; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			t0 := time.Now()
			if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/%d", i), text(uint64(i), 150))); err != nil {
				done <- err
				return
			}
			if d := int64(time.Since(t0)); d > slowest.Load() {
				slowest.Store(d)
			}
			saves.Add(1)
		}
	}()
	for round := range 3 {
		cur := r.Cursor(ctx, store.CursorOptions{PageSize: 50})
		n, err := export.Run(ctx, cur, discard{})
		if err != nil {
			t.Fatal(err)
		}
		if n < 1000 {
			t.Errorf("round %d: exported %d, want at least the 1000 stored before", round, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if saves.Load() == 0 {
		t.Error("no save completed while exporting")
	}
	if d := time.Duration(slowest.Load()); d > 2*time.Second {
		t.Errorf("slowest save during the exports took %v", d)
	}
	t.Logf("%d saves during 3 exports; slowest %v", saves.Load(), time.Duration(slowest.Load()))
}

// discard is an export.Writer that writes nothing.
type discard struct{}

func (discard) Write(*export.Record) error { return nil }
func (discard) Close() error               { return nil }

func TestSearch(t *testing.T) {
	s, ids := corpus(t)
	ctx := context.Background()
	r := s.Reader()
	// Not indexed yet (FTSBatch -1): SyncFTS first.
	if n, err := r.FTSPending(ctx); err != nil || n != 26 {
		t.Fatalf("FTSPending = %d, %v; want 26", n, err)
	}
	if n, err := r.SyncFTS(ctx); err != nil || n != 26 {
		t.Fatalf("SyncFTS = %d, %v; want 26", n, err)
	}
	res, err := r.Search(ctx, store.SearchOptions{Query: "storm"})
	if err != nil {
		t.Fatal(err)
	}
	// Title match (a) ranks above a text-only match (b); the copy is a
	// duplicate, left out.
	if res.Matches != 2 || len(res.Hits) != 2 || res.Hits[0].Record.ID != ids["https://www.example.org/a"] ||
		res.Hits[1].Record.ID != ids["https://www.example.org/b"] {
		t.Fatalf("hits %+v", res)
	}
	h := res.Hits[0]
	if h.Rank != 1 || h.Score <= res.Hits[1].Score || h.Record.Title != "Storm hits coast" {
		t.Errorf("first hit %+v", h)
	}
	if b := res.Hits[1]; !strings.Contains(b.Snippet, store.SnippetStart+"storm"+store.SnippetEnd) {
		t.Errorf("snippet %q lacks the marked word", b.Snippet)
	}
	res, err = r.Search(ctx, store.SearchOptions{Query: "storm", Limit: 1, Filter: store.Filter{IncludeDuplicates: true}})
	if err != nil || res.Matches != 3 || len(res.Hits) != 1 {
		t.Errorf("limit 1 with duplicates: %+v, %v", res, err)
	}
	res, err = r.Search(ctx, store.SearchOptions{Query: "storm", Filter: store.Filter{Languages: []string{"en-gb"}}})
	if err != nil || res.Matches != 1 || res.Hits[0].Record.ID != ids["https://www.example.org/b"] {
		t.Errorf("filtered: %+v, %v", res, err)
	}
	res, err = r.Search(ctx, store.SearchOptions{Query: "nosuchword"})
	if err != nil || res.Matches != 0 || res.Hits == nil {
		t.Errorf("no match: %+v, %v", res, err)
	}
	for _, q := range []string{`"unclosed`, "storm AND", "(storm", "OR storm", ""} {
		if err := r.CheckQuery(ctx, q); q != `"unclosed` && !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("CheckQuery(%q) = %v, want ErrBadQuery", q, err)
		}
		if _, err := r.Search(ctx, store.SearchOptions{Query: q}); q != `"unclosed` && !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%q) = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestStats(t *testing.T) {
	s, _ := corpus(t)
	ctx := context.Background()
	st, err := s.Reader().Stats(ctx, store.StatsOptions{Days: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 26 || st.Originals != 25 || st.Duplicates != 1 || st.Undated != 1 || st.Unindexed != 26 {
		t.Errorf("totals %+v", st)
	}
	if len(st.Days) != 3 || st.Days[0].Key != "2024-05-18" || st.Days[2].Key != "2024-05-20" {
		t.Errorf("days %+v, want the last 3, oldest first", st.Days)
	}
	if st.Sites[0].Site != "bulk.test" || st.Sites[0].Originals != 20 {
		t.Errorf("sites %+v", st.Sites)
	}
	if st.Languages[0] != (store.Count{Key: "en", Count: 22}) {
		t.Errorf("languages %+v", st.Languages)
	}
	if st.LastFetchedAt == nil || !st.LastFetchedAt.Equal(fixedNow()) {
		t.Errorf("last fetched %v", st.LastFetchedAt)
	}
	if st.Queue["done"] != 26 || len(st.Queue) != 5 {
		t.Errorf("queue %v", st.Queue)
	}
}

func TestReasonKind(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "(none)",
		"http 404":                           "http 404",
		"gave up after 3 attempts: http 503": "gave up after N attempts: http 503",
		"robots.txt":                         "robots.txt",
		"redirect to https://x.test/a?b=1 off site": "redirect to URL off site",
		"text 80 words < 150":                       "text N words < N",
	} {
		if got := store.ReasonKind(in); got != want {
			t.Errorf("ReasonKind(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReaderSyncFTS: a Reader of its own (another process, in real use)
// indexes the articles the writer has not indexed yet, then finds them.
func TestReaderSyncFTS(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.Options{Now: fixedNow, FTSBatch: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r1 := result("https://example.org/1", text(1, 100))
	r1.Article.Title = "Zeppelin lands"
	for _, r := range []store.Result{r1, result("https://example.org/2", text(2, 100))} {
		if _, err := s.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	r, err := store.OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if res, err := r.Search(ctx, store.SearchOptions{Query: "zeppelin"}); err != nil || res.Matches != 0 {
		t.Fatalf("before indexing: %+v, %v; want no match", res, err)
	}
	if n, err := r.SyncFTS(ctx); err != nil || n != 2 {
		t.Fatalf("SyncFTS = %d, %v; want 2", n, err)
	}
	if n, err := r.SyncFTS(ctx); err != nil || n != 0 {
		t.Fatalf("second SyncFTS = %d, %v; want 0", n, err)
	}
	res, err := r.Search(ctx, store.SearchOptions{Query: "zeppelin"})
	if err != nil || res.Matches != 1 || res.Hits[0].Snippet != store.SnippetStart+"Zeppelin"+store.SnippetEnd+" lands" {
		t.Fatalf("after indexing: %+v, %v", res, err)
	}
	// The writer goes on, and its own sync at Close finds nothing left.
	if _, err := s.Save(ctx, result("https://example.org/3", text(3, 100))); err != nil {
		t.Fatal(err)
	}
}
