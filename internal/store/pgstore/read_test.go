package pgstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// bothStores saves the same articles, in the same order, to a SQLite store
// and a PostgreSQL store, and returns a Corpus over each (SQLite first).
func bothStores(t *testing.T) (sqlite, pg store.Corpus) {
	t.Helper()
	dsn := newDB(t)
	ctx := context.Background()
	lite, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"), store.Options{Now: fixedNow, FTSBatch: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	ps := open(t, dsn, pgstore.Options{})
	for _, r := range corpusResults() {
		a, err := lite.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ps.Save(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Fatalf("%s: SQLite saved %+v, PostgreSQL %+v", r.URL, a, b)
		}
	}
	if _, err := lite.SyncFTS(ctx); err != nil {
		t.Fatal(err)
	}
	return lite.Reader(), ps.Reader()
}

// corpusResults are articles over three sites and languages, dated and
// undated, with an exact and a near duplicate and the tricky characters
// of the export tests.
func corpusResults() []store.Result {
	day := func(d int, zone int) *time.Time {
		t := time.Date(2026, 2, d, 23, 30, 0, 0, time.FixedZone("", zone*3600))
		return &t
	}
	var out []store.Result
	add := func(u, title, txt, lang string, pub *time.Time, job string) *store.Result {
		r := result(u, txt)
		r.Article.Title, r.Article.Language, r.Article.Published, r.Job = title, lang, pub, job
		r.FetchedAt = fixedNow().Add(time.Duration(len(out)) * time.Minute)
		out = append(out, r)
		return &out[len(out)-1]
	}
	add("https://www.example.org/news/storm", "Storm surge hits the coast", "The storm surge flooded the harbour. "+text(1, 200), "en", day(3, 1), "daily")
	add("https://example.org/news/flood", "Flood warnings", "Rivers rise; flood warnings for the coast. "+text(2, 150), "en-GB", day(4, -5), "")
	add("https://news.example.net/fr/1", "La tempête", "La tempête a frappé la côte. Storm. "+text(3, 120), "fr", day(4, 2), "daily")
	add("https://news.example.net/undated", "Undated harbour notes", "Harbour and harbourmaster notes. "+text(4, 80), "", nil, "")
	dup := add("https://mirror.example.com/storm", "Storm surge hits the coast (mirror)", out[0].Article.Text, "en", day(3, 1), "")
	dup.SimHash = out[0].SimHash
	near := strings.Fields(out[1].Article.Text)
	near[20] = "changed"
	add("https://mirror.example.com/flood", "Flood warnings (copy)", strings.Join(near, " "), "en", day(4, -5), "")
	tricky := add("https://www.example.org/news/1?a=1,b=2", `=HYPERLINK("http://evil.example","click")`,
		"First line, with a comma; \"quotes\" 🎉.\r\nSecond line عربي עברית.\n\nThird paragraph. "+text(5, 40), "ar", day(5, 5), "daily")
	tricky.Article.Authors = []string{"Jane | Doe", `Ali "Ben"`, "مريم"}
	tricky.Article.Breadcrumbs = []extractors.Crumb{{Name: "Home", URL: "https://www.example.org/"}, {Name: "A > B"}}
	tricky.Article.Tags = []string{"+tag", "@handle", "שלום"}
	tricky.Article.Description, tricky.Article.Section = "\t-1 tab first", "World > Europe"
	m := *tricky.Article.Published
	m = m.Add(time.Hour)
	tricky.Article.Modified = &m
	for i := range out {
		out[i].Outcome = frontier.Outcome{State: frontier.Done, Status: 200}
		out[i].Article.WordCount = len(strings.Fields(out[i].Article.Text))
		out[i].Article.ContentHash = contentHash(out[i].Article.Text)
		if out[i].SimHash == 0 || i != 4 {
			out[i].SimHash = simhash(out[i].Article.Text)
		}
	}
	return out
}

// exportJSON returns the JSON Lines export of a cursor.
func exportJSON(t *testing.T, cur export.Cursor) string {
	t.Helper()
	var b strings.Builder
	w, err := export.NewJSONL(&b, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Run(context.Background(), cur, w); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCursorSameAsSQLite exports the same articles from both stores with
// every filter, field selection and page size: byte-identical output.
func TestCursorSameAsSQLite(t *testing.T) {
	lite, pg := bothStores(t)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		opts  store.CursorOptions
		count int
	}{
		{"all", store.CursorOptions{}, 5},
		{"duplicates", store.CursorOptions{Filter: store.Filter{IncludeDuplicates: true}}, 7},
		{"page of 2", store.CursorOptions{PageSize: 2, Filter: store.Filter{IncludeDuplicates: true}}, 7},
		{"site", store.CursorOptions{Filter: store.Filter{Sites: []string{"example.org"}}}, 3},
		{"site exact", store.CursorOptions{Filter: store.Filter{Sites: []string{"NEWS.example.net"}}}, 2},
		{"since until", store.CursorOptions{Filter: store.Filter{Since: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC)}}, 2},
		{"fetched since", store.CursorOptions{Filter: store.Filter{FetchedSince: fixedNow().Add(150 * time.Second), IncludeDuplicates: true}}, 4},
		{"lang", store.CursorOptions{Filter: store.Filter{Languages: []string{"EN"}}}, 2},
		{"lang fr,ar", store.CursorOptions{Filter: store.Filter{Languages: []string{"fr", "ar"}}}, 2},
		{"query", store.CursorOptions{Filter: store.Filter{Query: "storm coast"}}, 1},
		{"query phrase dups", store.CursorOptions{Filter: store.Filter{Query: `"storm surge"`, IncludeDuplicates: true}}, 2},
		{"query prefix or", store.CursorOptions{Filter: store.Filter{Query: "harbo* OR tempête"}}, 3},
		{"query not", store.CursorOptions{Filter: store.Filter{Query: "coast NOT flood"}}, 1},
		{"fields", store.CursorOptions{Fields: []string{"title", "id", "published", "duplicate_of"}, Filter: store.Filter{IncludeDuplicates: true}}, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := exportJSON(t, lite.Cursor(ctx, c.opts))
			got := exportJSON(t, pg.Cursor(ctx, c.opts))
			if n := strings.Count(want, "\n"); n != c.count {
				t.Errorf("SQLite exported %d, want %d", n, c.count)
			}
			if got != want {
				t.Errorf("PostgreSQL export differs:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestSearchSameAsSQLite runs the same queries on both stores: the same
// matches and hits (scores differ: BM25 against ts_rank_cd), snippets
// marking a matched word.
func TestSearchSameAsSQLite(t *testing.T) {
	lite, pg := bothStores(t)
	ctx := context.Background()
	for _, q := range []string{"storm", "storm coast", `"storm surge"`, "harbo*", "flood OR tempête", "coast NOT flood", "nothingmatches"} {
		for _, flt := range []store.Filter{{}, {IncludeDuplicates: true}, {Sites: []string{"example.org"}}} {
			opts := store.SearchOptions{Query: q, Filter: flt}
			want, err := lite.Search(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pg.Search(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			ids := func(r *store.SearchResult) []int64 {
				var out []int64
				for _, h := range r.Hits {
					out = append(out, h.Record.ID)
				}
				slices.Sort(out)
				return out
			}
			if got.Matches != want.Matches || !slices.Equal(ids(got), ids(want)) {
				t.Errorf("%q %+v: PostgreSQL %d matches %v, SQLite %d %v", q, flt, got.Matches, ids(got), want.Matches, ids(want))
			}
			for i, h := range got.Hits {
				if h.Rank != i+1 || (i > 0 && h.Score > got.Hits[i-1].Score) || !strings.Contains(h.Snippet, store.SnippetStart) {
					t.Errorf("%q: hit %d rank %d score %v snippet %q", q, i, h.Rank, h.Score, h.Snippet)
				}
				var w *store.Hit
				for j := range want.Hits {
					if want.Hits[j].Record.ID == h.Record.ID {
						w = &want.Hits[j]
					}
				}
				if w == nil {
					continue
				}
				a, _ := json.Marshal(h.Record)
				b, _ := json.Marshal(w.Record)
				if string(a) != string(b) {
					t.Errorf("%q: record %s, want %s", q, a, b)
				}
			}
		}
	}
	// "-word" excludes the word on PostgreSQL, as the search help says.
	// (SQLite's FTS4, built with the enhanced query syntax, reads "-flood"
	// as "flood": a known difference.)
	res, err := pg.Search(ctx, store.SearchOptions{Query: "coast -flood"})
	if err != nil || res.Matches != 1 || res.Hits[0].Record.Title != "Storm surge hits the coast" {
		t.Errorf("coast -flood: %+v %v", res, err)
	}
	// The exact title as a phrase comes first on both.
	for _, c := range []store.Corpus{lite, pg} {
		res, err := c.Search(ctx, store.SearchOptions{Query: `"storm surge hits the coast"`, Limit: 1})
		if err != nil || res.Matches != 1 || res.Hits[0].Record.Title != "Storm surge hits the coast" {
			t.Errorf("%T: phrase search %+v %v", c, res, err)
		}
	}
}

// TestBadQueries: both stores refuse the same malformed queries with
// ErrBadQuery; PostgreSQL also refuses what it cannot translate.
func TestBadQueries(t *testing.T) {
	lite, pg := bothStores(t)
	ctx := context.Background()
	for _, q := range []string{"storm AND", `"storm OR`, "OR storm", "storm OR", "(storm", "storm)"} {
		for _, c := range []store.Corpus{lite, pg} {
			if err := c.CheckQuery(ctx, q); !errors.Is(err, store.ErrBadQuery) {
				t.Errorf("%T CheckQuery(%q) = %v, want ErrBadQuery", c, q, err)
			}
		}
		if _, err := pg.Search(ctx, store.SearchOptions{Query: q}); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%q) = %v", q, err)
		}
	}
	for _, q := range []string{"storm NEAR coast", "title:storm", "   "} {
		if err := pg.CheckQuery(ctx, q); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("PostgreSQL CheckQuery(%q) = %v, want ErrBadQuery", q, err)
		}
	}
	for _, q := range []string{"storm", "o'clock", `back\slash`, "(a OR b) c", "-", "&|!"} {
		if err := pg.CheckQuery(ctx, q); err != nil {
			t.Errorf("CheckQuery(%q) = %v", q, err)
		}
	}
	cur := pg.Cursor(ctx, store.CursorOptions{Filter: store.Filter{Query: "storm AND"}})
	if cur.Next() || !errors.Is(cur.Err(), store.ErrBadQuery) {
		t.Errorf("cursor with a bad query: %v", cur.Err())
	}
	cur.Close()
}

func TestTSQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"storm coast", "'storm' & 'coast'"},
		{`"storm surge" harbo*`, "'storm surge' & 'harbo':*"},
		{"storm OR flood", "'storm' | 'flood'"},
		{"storm NOT flood", "'storm' & ! 'flood'"},
		{"storm -flood", "'storm' & ! 'flood'"},
		{"(a OR b) c", "( 'a' | 'b' ) & 'c'"},
		{"a AND b", "'a' & 'b'"},
		{"it's", "'it''s'"},
		{"or and not", "'or' & 'and' & 'not'"},
	} {
		got, err := pgstore.TSQuery(c.in)
		if err != nil || got != c.want {
			t.Errorf("TSQuery(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestStatsSameAsSQLite: the same statistics of the articles. The
// frontier parts differ by design (PostgreSQL keeps none), so they are
// compared apart.
func TestStatsSameAsSQLite(t *testing.T) {
	lite, pg := bothStores(t)
	ctx := context.Background()
	for _, days := range []int{0, 1} {
		want, err := lite.Stats(ctx, store.StatsOptions{Days: days})
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.Stats(ctx, store.StatsOptions{Days: days})
		if err != nil {
			t.Fatal(err)
		}
		if want.Queue["done"] == 0 || want.LastActivityAt == nil {
			t.Errorf("SQLite frontier not counted: %+v", want)
		}
		if got.Queue["done"] != 0 || got.LastActivityAt != nil || len(got.Failed) != 0 || got.Unindexed != 0 || len(got.Queue) != 5 {
			t.Errorf("PostgreSQL frontier stats %+v", got)
		}
		want.Queue, want.LastActivityAt, want.Failed, want.Skipped = got.Queue, nil, got.Failed, got.Skipped
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			t.Errorf("days %d: PostgreSQL stats\n%s\nSQLite\n%s", days, a, b)
		}
		if days == 1 && len(got.Days) != 1 {
			t.Errorf("--days 1 gave %v", got.Days)
		}
	}
}

// TestJobsSameAsSQLite records the same job runs in both stores.
func TestJobsSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := store.Open(ctx, filepath.Join(t.TempDir(), "jobs.db"), store.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := open(t, newDB(t), pgstore.Options{})
	t0 := fixedNow()
	for _, rec := range []store.JobRecorder{lite, pg} {
		if _, err := rec.Job(ctx, "daily"); !errors.Is(err, store.ErrNoJob) {
			t.Errorf("%T: unknown job: %v", rec, err)
		}
		steps := []func() error{
			func() error { return rec.RecordJobStart(ctx, "daily", t0) },
			func() error {
				return rec.RecordJobEnd(ctx, "daily", t0.Add(time.Minute), "ok", map[string]int{"articles": 3})
			},
			func() error { return rec.RecordJobStart(ctx, "daily", t0.Add(time.Hour)) },
			func() error {
				return rec.RecordJobEnd(ctx, "daily", t0.Add(time.Hour+time.Second), "error: boom", map[string]int{"articles": 0})
			},
			func() error {
				return rec.RecordJobEnd(ctx, "daily", t0.Add(2*time.Hour), "skipped: previous run still going", nil)
			},
		}
		for _, s := range steps {
			if err := s(); err != nil {
				t.Fatal(err)
			}
		}
	}
	want, err := lite.Job(ctx, "daily")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pg.Job(ctx, "daily")
	if err != nil {
		t.Fatal(err)
	}
	if !want.LastSuccess.Equal(t0.Add(time.Minute)) || want.LastStatus != "skipped: previous run still going" || string(want.Summary) != `{"articles":0}` {
		t.Errorf("SQLite job %+v", want)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("PostgreSQL job %s, SQLite %s", a, b)
	}
	jobs, err := pg.Reader().Jobs(ctx)
	if err != nil || len(jobs) != 1 || jobs[0].Name != "daily" {
		t.Errorf("Jobs: %+v %v", jobs, err)
	}
}
