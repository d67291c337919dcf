package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/fetch"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/robots"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

// crawledDB is a database built by crawling the generated test site, shared
// by the tests of this file (read-only: tests that write copy it).
type crawledDB struct {
	once  sync.Once
	path  string
	site  *testsite.Site
	dir   string
	err   error
	total int // articles stored, duplicates included
	origs int // originals
}

// crawled builds the database on first use. Tests that change it work on
// a copy (copyDB).
func (c *crawledDB) get(t *testing.T) *crawledDB {
	t.Helper()
	if testing.Short() {
		t.Skip("crawls the generated site")
	}
	c.once.Do(func() {
		c.dir, c.err = os.MkdirTemp("", "newshound-export-test-")
		if c.err != nil {
			return
		}
		c.path = filepath.Join(c.dir, "crawl.db")
		c.site = testsite.New(testsite.Options{Articles: 80, Faults: true, Syndicated: 4})
		srv := httptest.NewServer(c.site)
		defer srv.Close()
		defer c.site.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		c.err = crawlSite(ctx, srv.URL, c.path)
		if c.err != nil {
			return
		}
		r, err := store.OpenReader(ctx, c.path)
		if err != nil {
			c.err = err
			return
		}
		defer r.Close()
		st, err := r.Stats(ctx, store.StatsOptions{})
		if err != nil {
			c.err = err
			return
		}
		c.total, c.origs = st.Articles, st.Originals
	})
	if c.err != nil {
		t.Fatalf("crawl the test site: %v", c.err)
	}
	return c
}

// testDB is the crawled database of this package's tests; TestMain
// removes it.
var testDB crawledDB

func TestMain(m *testing.M) {
	var err error
	if pg, err = clustertest.StartPostgres(); err != nil {
		fmt.Fprintln(os.Stderr, "cli tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	pg.Stop()
	if testDB.dir != "" {
		os.RemoveAll(testDB.dir)
	}
	os.Exit(code)
}

// crawlSite crawls srvURL with politeness off into dbPath and closes the
// store (the pattern of internal/crawl's e2e test).
func crawlSite(ctx context.Context, srvURL, dbPath string) error {
	st, err := store.Open(ctx, dbPath, store.Options{PerHost: 8})
	if err != nil {
		return err
	}
	client := fetch.New(fetch.Options{Timeout: 3 * time.Second, Transport: fetch.TransportOptions{
		MaxBytes: 1 << 20, StallTimeout: 400 * time.Millisecond, HideCharset: true}})
	rb := robots.New(crawl.RobotsFetcher(client), robots.Options{})
	cr, err := crawl.New(crawl.Options{Seeds: []string{srvURL + "/"}, Concurrency: 8, HostParallelism: 8,
		MaxAttempts: 2, Timeout: 3 * time.Second}, st.Frontier(), st, client, rb)
	if err != nil {
		st.Close()
		return err
	}
	if _, err := cr.Run(ctx); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

// runCtx runs the command tree with ctx.
func runCtx(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	root := NewRoot(Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	root.SetArgs(args)
	err = root.ExecuteContext(ctx)
	return out.String(), errb.String(), err
}

// jsonLines decodes JSON Lines into maps, keeping numbers exact.
func jsonLines(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// pqRow reads a few columns of an exported Parquet file.
type pqRow struct {
	ID          int64    `parquet:"id"`
	Title       string   `parquet:"title"`
	Authors     []string `parquet:"authors,list"`
	DuplicateOf *int64   `parquet:"duplicate_of,optional"`
}

func TestExportCrawledSite(t *testing.T) {
	db := testDB.get(t)
	if db.origs != len(db.site.ExpectedArticles()) || db.total <= db.origs {
		t.Fatalf("crawl stored %d articles, %d originals; want %d originals and some duplicates",
			db.total, db.origs, len(db.site.ExpectedArticles()))
	}
	var first []byte // the first backend's JSON Lines export: every backend gives the same bytes
	for _, b := range backends(t, db.path) {
		t.Run(b.name, func(t *testing.T) {
			first = exportCrawledSite(t, db, b, first)
		})
	}
}

// exportCrawledSite exports the crawled site from backend b in every
// format and with every option, checks the files, and returns the JSON
// Lines export, which must equal want unless want is nil.
func exportCrawledSite(t *testing.T, db *crawledDB, b backend, want []byte) []byte {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	export := func(t *testing.T, args ...string) []byte {
		t.Helper()
		_, stderr, err := runCtx(context.Background(), append(append([]string{"export"}, b.args...), args...)...)
		if err != nil {
			t.Fatalf("export %v: %v", args, err)
		}
		if !strings.HasPrefix(stderr, "export: ") {
			t.Errorf("summary %q", stderr)
		}
		i := slices.Index(args, "-o")
		b, err := os.ReadFile(args[i+1])
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	// JSON Lines: every original once, with extract's keys and the export's.
	all := export(t, "-o", out("all.jsonl"))
	if want != nil && !bytes.Equal(all, want) {
		t.Errorf("%s: the JSON Lines export differs from the first backend's", b.name)
	}
	recs := jsonLines(t, all)
	if len(recs) != db.origs {
		t.Fatalf("jsonl: %d records, want %d originals", len(recs), db.origs)
	}
	keys := articleKeys(t)
	titles := map[string]bool{}
	var ids []string
	for _, r := range recs {
		for _, k := range append(keys, "id", "site", "fetched_at", "job", "duplicate_of") {
			if _, ok := r[k]; !ok {
				t.Fatalf("record %v lacks key %q", r["id"], k)
			}
		}
		if r["duplicate_of"] != nil {
			t.Errorf("record %v is a duplicate, exported by default", r["id"])
		}
		titles[r["title"].(string)] = true
		ids = append(ids, r["id"].(json.Number).String())
	}
	for _, a := range db.site.ExpectedArticles() {
		if !titles[a.Title] {
			t.Errorf("expected article %q (%s) not exported", a.Title, a.Path)
		}
	}

	t.Run("json", func(t *testing.T) {
		var arr []map[string]any
		d := json.NewDecoder(bytes.NewReader(export(t, "-o", out("all.json"))))
		d.UseNumber()
		if err := d.Decode(&arr); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range arr {
			got = append(got, r["id"].(json.Number).String())
		}
		if !slices.Equal(got, ids) {
			t.Errorf("json ids differ from jsonl's")
		}
	})
	t.Run("csv", func(t *testing.T) {
		rows, err := csv.NewReader(bytes.NewReader(export(t, "-o", out("all.csv")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != db.origs+1 || rows[0][0] != "id" || !slices.Contains(rows[0], "breadcrumb_urls") {
			t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
		}
		for i, row := range rows[1:] {
			if row[0] != ids[i] {
				t.Fatalf("csv row %d id %s, want %s", i+1, row[0], ids[i])
			}
		}
	})
	t.Run("parquet", func(t *testing.T) {
		b := export(t, "-o", out("all.parquet"), "--include-duplicates")
		rows, err := parquet.Read[pqRow](bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		dups := 0
		for _, r := range rows {
			if r.DuplicateOf != nil {
				dups++
			}
		}
		if len(rows) != db.total || dups != db.total-db.origs || rows[0].Title == "" || len(rows[0].Authors) == 0 {
			t.Errorf("parquet: %d rows, %d duplicates, first %+v; want %d and %d", len(rows), dups, rows[0], db.total, db.total-db.origs)
		}
	})
	t.Run("include duplicates", func(t *testing.T) {
		all := jsonLines(t, export(t, "-o", out("dups.jsonl"), "--include-duplicates"))
		if len(all) != db.total {
			t.Fatalf("%d records, want %d", len(all), db.total)
		}
		byID := map[string]bool{}
		for _, r := range all {
			byID[r["id"].(json.Number).String()] = true
		}
		n := 0
		for _, r := range all {
			if d, ok := r["duplicate_of"].(json.Number); ok {
				n++
				if !byID[d.String()] || d.String() == r["id"].(json.Number).String() {
					t.Errorf("record %v: duplicate_of %v is not another exported article", r["id"], d)
				}
			}
		}
		if n != db.total-db.origs {
			t.Errorf("%d duplicates marked, want %d", n, db.total-db.origs)
		}
	})
	t.Run("fields", func(t *testing.T) {
		b := export(t, "-o", out("fields.jsonl"), "--fields", "title,url,id")
		line, _, _ := bytes.Cut(b, []byte("\n"))
		if !bytes.HasPrefix(line, []byte(`{"title":`)) || !bytes.Contains(line, []byte(`","url":"`)) ||
			!bytes.Contains(line, []byte(`,"id":`)) || bytes.Contains(line, []byte(`"text"`)) {
			t.Errorf("--fields title,url,id gave %s", line)
		}
		rows, err := csv.NewReader(bytes.NewReader(export(t, "-o", out("fields.csv"), "--fields", "url, breadcrumbs ,id"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], []string{"url", "breadcrumbs", "breadcrumb_urls", "id"}) {
			t.Errorf("csv header %v", rows[0])
		}
	})
	t.Run("filters", func(t *testing.T) {
		// A day: as many as the unfiltered export has on that day (the
		// page's own calendar day, the first 10 characters of published).
		day := recs[len(recs)/2]["published"].(string)[:10]
		want := 0
		for _, r := range recs {
			if p, ok := r["published"].(string); ok && p[:10] == day {
				want++
			}
		}
		month := day[:7]
		wantMonth := 0
		for _, r := range recs {
			if p, ok := r["published"].(string); ok && p[:7] == month {
				wantMonth++
			}
		}
		title := recs[0]["title"].(string)
		tests := []struct {
			args []string
			want int
		}{
			{[]string{"--since", day, "--until", day}, want},
			{[]string{"--since", month, "--until", month}, wantMonth},
			{[]string{"--site", "127.0.0.1"}, db.origs},
			{[]string{"--site", "elsewhere.example"}, 0},
			{[]string{"--lang", "en"}, db.origs},
			{[]string{"--lang", "fr"}, 0},
			{[]string{"--fetched-since", "2000-01-01"}, db.origs},
			{[]string{"--fetched-since", "1h"}, db.origs},
			{[]string{"--fetched-since", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, 0},
			{[]string{"--query", `"` + title + `"`, "--fields", "title"}, -1},
		}
		for i, tt := range tests {
			got := jsonLines(t, export(t, append([]string{"-o", out(fmt.Sprintf("f%d.jsonl", i))}, tt.args...)...))
			if tt.want >= 0 && len(got) != tt.want {
				t.Errorf("%v: %d records, want %d", tt.args, len(got), tt.want)
			}
			if tt.want < 0 && (len(got) == 0 || !slices.ContainsFunc(got, func(r map[string]any) bool { return r["title"] == title })) {
				t.Errorf("%v: %d records without the title searched", tt.args, len(got))
			}
		}
	})
	t.Run("stdout", func(t *testing.T) {
		stdout, _, err := runCtx(context.Background(), append(append([]string{"export"}, b.args...), "--format", "csv", "--fields", "id")...)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(stdout, "\r\n"); n != db.origs+1 {
			t.Errorf("csv on stdout: %d lines, want %d", n, db.origs+1)
		}
	})
	return all
}

// articleKeys returns the JSON keys of an extracted article (what
// `newshound extract` prints).
func articleKeys(t *testing.T) []string {
	t.Helper()
	b, err := json.Marshal(extractors.Article{})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		switch k {
		case "html", "markdown", "explanation":
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

func TestStatsCrawledSite(t *testing.T) {
	db := testDB.get(t)
	for _, b := range backends(t, db.path) {
		t.Run(b.name, func(t *testing.T) {
			stdout, _, err := runCtx(context.Background(), append([]string{"stats"}, b.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				"database   " + b.database + " (",
				fmt.Sprintf("articles   %d: %d originals, %d duplicates", db.total, db.origs, db.total-db.origs),
				"127.0.0.1", "originals by publication day", "en  ", "queue (URLs by state)", "failed URLs by reason", "skipped URLs by reason",
			} {
				if !strings.Contains(stdout, want) {
					t.Errorf("stats text lacks %q:\n%s", want, stdout)
				}
			}
			stdout, _, err = runCtx(context.Background(), append([]string{"stats", "--format", "json", "--days", "0"}, b.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			var st struct {
				store.Stats
				Database string `json:"database"`
				Bytes    int64  `json:"bytes"`
			}
			if err := json.Unmarshal([]byte(stdout), &st); err != nil {
				t.Fatal(err)
			}
			days := 0
			for _, d := range st.Days {
				days += d.Count
			}
			if st.Originals != db.origs || st.Duplicates != db.total-db.origs || days+st.Undated != db.origs ||
				len(st.Sites) != 1 || st.LastFetchedAt == nil || st.Database != b.database || st.Bytes == 0 {
				t.Errorf("stats json: %s", stdout)
			}
			if frontierKept := st.Queue[string(frontier.Done)] > 0 && len(st.Failed) > 0 && len(st.Skipped) > 0; frontierKept != b.frontier {
				t.Errorf("queue, failures and skips counted: %v, want %v: %s", frontierKept, b.frontier, stdout)
			}
		})
	}
}

func TestSearchCrawledSite(t *testing.T) {
	db := testDB.get(t)
	a := db.site.ExpectedArticles()[7]
	var word string
	for _, w := range strings.Fields(a.Title) {
		if len(w) > len(word) {
			word = w
		}
	}
	for _, b := range backends(t, db.path) {
		t.Run(b.name, func(t *testing.T) { searchCrawledSite(t, b, a.Title, word) })
	}
}

// searchCrawledSite searches backend b for word, which must find the
// article titled title, then for that title as a phrase.
func searchCrawledSite(t *testing.T, b backend, title, word string) {
	stdout, _, err := runCtx(context.Background(), append([]string{"search", "--format", "json", "--limit", "100", word}, b.args...)...)
	if err != nil {
		t.Fatal(err)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for i, h := range res.Hits {
		if h.Rank != i+1 || (i > 0 && h.Score > res.Hits[i-1].Score) {
			t.Errorf("hit %d: rank %d score %v after %v", i, h.Rank, h.Score, res.Hits[max(i-1, 0)].Score)
		}
		if h.Title == title {
			found = true
		}
		if h.Snippet == "" {
			t.Errorf("hit %q has no snippet", h.Title)
		}
	}
	if !found || res.Matches < 1 {
		t.Errorf("search %q: %d matches, %q not among the hits", word, res.Matches, title)
	}
	// The exact title as a phrase: that article first, in text output.
	stdout, _, err = runCtx(context.Background(), append([]string{"search", `"` + title + `"`, "--site", "127.0.0.1"}, b.args...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "1. "+title+"\n") || !strings.Contains(stdout, "**") || !strings.Contains(stdout, "match(es)") {
		t.Errorf("search for the title:\n%s", stdout)
	}
}

// countdownCtx is a context whose Err becomes context.Canceled after n
// calls: an interruption in the middle of an export, deterministically.
type countdownCtx struct {
	context.Context
	n    atomic.Int64
	done chan struct{}
	once sync.Once
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

func (c *countdownCtx) Done() <-chan struct{} { return c.done }

func TestExportInterrupted(t *testing.T) {
	db := testDB.get(t)
	for _, b := range backends(t, db.path) {
		for _, format := range []string{"jsonl", "json", "csv", "parquet"} {
			t.Run(b.name+"/"+format, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "out."+format)
				ctx := &countdownCtx{Context: context.Background(), done: make(chan struct{})}
				ctx.n.Store(40)
				_, _, err := runCtx(ctx, append([]string{"export", "-o", path}, b.args...)...)
				if err == nil || !strings.Contains(err.Error(), "interrupted") {
					t.Fatalf("err %v, want an interruption", err)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Errorf("left behind: %v", entries)
				}
			})
		}
	}
}

// TestExportDuringCrawlWrites: exports of the whole database run while a
// writer saves articles into it; the writer is never stalled and every
// export completes.
func TestExportDuringCrawlWrites(t *testing.T) {
	db := testDB.get(t)
	path := copyDB(t, db.path)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop := make(chan struct{})
	var saves, slowest atomic.Int64
	errc := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				errc <- nil
				return
			default:
			}
			u := fmt.Sprintf("https://writer.test/%d", i)
			t0 := time.Now()
			_, err := st.Save(ctx, store.Result{URL: u, Outcome: frontier.Outcome{State: frontier.Done, Status: 200},
				Article: &extractors.Article{URL: u, Title: "Concurrent " + u, Text: strings.Repeat("word ", 300), WordCount: 300,
					ContentHash: fmt.Sprint(i)}})
			if err != nil {
				errc <- err
				return
			}
			slowest.Store(max(slowest.Load(), int64(time.Since(t0))))
			saves.Add(1)
		}
	}()
	for i, format := range []string{"jsonl", "csv", "parquet", "json"} {
		before := saves.Load()
		_, stderr, err := runCtx(ctx, "export", "--db", path, "-o", filepath.Join(t.TempDir(), fmt.Sprintf("%d.%s", i, format)))
		if err != nil {
			t.Fatalf("export during writes: %v", err)
		}
		t.Logf("%s %d saves during the export", strings.TrimSpace(stderr), saves.Load()-before)
	}
	close(stop)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if saves.Load() == 0 || time.Duration(slowest.Load()) > 2*time.Second {
		t.Errorf("%d saves, slowest %v: the writer was stalled", saves.Load(), time.Duration(slowest.Load()))
	}
}

// copyDB copies a closed database file into a fresh folder.
func copyDB(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// trickyArticle has what breaks naive exporters: quotes, commas, line
// breaks, a formula, emoji, right-to-left text, separators inside list
// items and a date in a non-UTC offset.
func trickyArticle() *extractors.Article {
	pub := time.Date(2024, 3, 5, 23, 45, 0, 0, time.FixedZone("", 5*3600+1800))
	return &extractors.Article{
		URL: "https://www.example.org/news/1?a=1,b=2", CanonicalURL: "https://www.example.org/news/1",
		SiteName: `The "Example" Times, Ltd.`, Title: `=HYPERLINK("http://evil.example","click")`,
		Authors: []string{"Jane | Doe", `Ali "Ben"`, "مريم"}, Published: &pub, Language: "ar",
		Description: "\t-1 tab first", Section: "World > Europe",
		Breadcrumbs: []extractors.Crumb{{Name: "Home", URL: "https://www.example.org/"}, {Name: "A > B"}},
		Tags:        []string{"+tag", "@handle", "שלום"}, Image: "https://www.example.org/i/1.jpg",
		Text:      "First line, with a comma; \"quotes\" 🎉.\r\nSecond line عربي עברית.\n\nThird paragraph.",
		WordCount: 14, ContentHash: "abc123",
	}
}

func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tricky.db")
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := trickyArticle()
	fetched := time.Date(2024, 3, 6, 1, 2, 3, 456e6, time.UTC)
	if _, err := st.Save(ctx, store.Result{URL: a.URL, Outcome: frontier.Outcome{State: frontier.Done, Status: 200},
		Article: a, FetchedAt: fetched, Job: "daily"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, b := range backends(t, path) {
		t.Run(b.name, func(t *testing.T) { exportRoundTrip(t, b, a, fetched) })
	}
}

// exportRoundTrip exports the tricky article a from backend b in every
// format and checks every field comes back.
func exportRoundTrip(t *testing.T, b backend, a *extractors.Article, fetched time.Time) {
	ctx := context.Background()
	dir := t.TempDir()
	n := 0
	exp := func(args ...string) []byte {
		t.Helper()
		n++
		o := filepath.Join(dir, fmt.Sprintf("out%d", n))
		if _, _, err := runCtx(ctx, append(append([]string{"export", "-o", o}, b.args...), args...)...); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	t.Run("jsonl", func(t *testing.T) {
		var got struct {
			extractors.Article
			ID          int64     `json:"id"`
			Site        string    `json:"site"`
			FetchedAt   time.Time `json:"fetched_at"`
			Job         string    `json:"job"`
			DuplicateOf *int64    `json:"duplicate_of"`
		}
		b := exp("--format", "jsonl")
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		want := *a
		if got.Published.Format(time.RFC3339) != "2024-03-05T23:45:00+05:30" {
			t.Errorf("published %v, want the page's offset", got.Published)
		}
		got.Published, want.Published = nil, nil
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(got.Article)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("article changed:\n got %s\nwant %s", gotJSON, wantJSON)
		}
		if got.ID != 1 || got.Site != "www.example.org" || !got.FetchedAt.Equal(fetched) || got.Job != "daily" || got.DuplicateOf != nil {
			t.Errorf("export fields %+v", got)
		}
		if bytes.IndexByte(b, 0) >= 0 {
			t.Error("NUL in output")
		}
	})
	t.Run("csv", func(t *testing.T) {
		for _, guard := range []bool{true, false} {
			args := []string{"--format", "csv", "--bom"}
			if !guard {
				args = append(args, "--no-formula-guard")
			}
			b := exp(args...)
			if !bytes.HasPrefix(b, []byte("\uFEFFid,")) {
				t.Errorf("no BOM: %q", b[:10])
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			cell := map[string]string{}
			for i, h := range rows[0] {
				cell[h] = rows[1][i]
			}
			q := ""
			if guard {
				q = "'"
			}
			for k, want := range map[string]string{
				"title":           q + a.Title,
				"description":     q + a.Description,
				"tags":            q + `+tag | @handle | שלום`,
				"authors":         `Jane \| Doe | Ali "Ben" | مريم`,
				"breadcrumbs":     `Home > A \> B`,
				"breadcrumb_urls": "https://www.example.org/ | ",
				"text":            strings.ReplaceAll(a.Text, "\r\n", "\n"),
				"published":       "2024-03-05T23:45:00+05:30",
				"modified":        "",
				"fetched_at":      "2024-03-06T01:02:03.456Z",
				"duplicate_of":    "",
				"site_name":       a.SiteName,
			} {
				if cell[k] != want {
					t.Errorf("guard %v: %s = %q, want %q", guard, k, cell[k], want)
				}
			}
		}
	})
	t.Run("parquet", func(t *testing.T) {
		b := exp("--format", "parquet")
		rows, err := parquet.Read[pqRow](bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Title != a.Title || !slices.Equal(rows[0].Authors, a.Authors) {
			t.Errorf("parquet rows %+v", rows)
		}
	})
}

// failingWriter fails once it has taken max bytes, like a full disk.
type failingWriter struct{ n, max int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.max {
		return 0, fmt.Errorf("write /dev/stdout: no space left on device")
	}
	w.n += len(p)
	return len(p), nil
}

func TestExportBadInput(t *testing.T) {
	db := testDB.get(t)
	before, err := os.ReadFile(db.path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte(strings.Repeat("hello\n", 200)), 0o644)
	out := filepath.Join(dir, "out", "x.jsonl")
	os.Mkdir(filepath.Join(dir, "out"), 0o755)
	missing := filepath.Join(dir, "missing.db")
	type badInput struct {
		name string
		args []string
		want string
	}
	// SQLite files that are not databases.
	tests := []badInput{
		{"missing db", []string{"export", "--db", missing, "-o", out}, "does not exist"},
		{"missing db stats", []string{"stats", "--db", missing}, "does not exist"},
		{"missing db search", []string{"search", "--db", missing, "storm"}, "does not exist"},
		{"not a database", []string{"export", "--db", notDB, "-o", out}, "not a SQLite database"},
		{"db is a directory", []string{"stats", "--db", dir}, "is a directory"},
	}
	for _, b := range backends(t, db.path) {
		for _, tt := range []badInput{
			{"bad since", []string{"export", "--db", db.path, "-o", out, "--since", "2024-13-45"}, `invalid --since "2024-13-45"`},
			{"bad until", []string{"search", "--db", db.path, "x", "--until", "yesterday"}, `invalid --until "yesterday"`},
			{"until before since", []string{"export", "--db", db.path, "-o", out, "--since", "2024-05", "--until", "2024-04-30"}, "is before --since"},
			{"bad fetched-since", []string{"export", "--db", db.path, "-o", out, "--fetched-since", "last week"}, `invalid --fetched-since "last week"`},
			{"unknown field", []string{"export", "--db", db.path, "-o", out, "--fields", "title,body"}, `unknown field "body"`},
			{"repeated field", []string{"export", "--db", db.path, "-o", out, "--fields", "title,title"}, `field "title" selected twice`},
			{"unknown format", []string{"export", "--db", db.path, "-o", out, "--format", "xlsx"}, `unknown --format "xlsx"`},
			{"unknown stats format", []string{"stats", "--db", db.path, "--format", "yaml"}, `unknown --format "yaml"`},
			{"fts syntax", []string{"export", "--db", db.path, "-o", out, "--query", "storm AND"}, "invalid full-text query"},
			{"fts syntax search", []string{"search", "--db", db.path, `"storm`, "OR"}, "invalid full-text query"},
			{"output is a directory", []string{"export", "--db", db.path, "-o", dir}, "is a directory"},
			{"output folder missing", []string{"export", "--db", db.path, "-o", filepath.Join(dir, "nope", "x.csv")}, "no such file or directory"},
			{"bad limit", []string{"search", "--db", db.path, "x", "--limit", "0"}, "invalid --limit"},
		} {
			// The same bad input on each backend: --db FILE becomes its
			// corpus flags.
			args := slices.Clone(tt.args)
			if k := slices.Index(args, "--db"); k >= 0 {
				args = slices.Concat(args[:k], b.args, args[k+2:])
			}
			tests = append(tests, badInput{b.name + "/" + tt.name, args, tt.want})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCtx(context.Background(), tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line containing %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) != 0 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a missing database was created: %v", err)
	}

	t.Run("full disk", func(t *testing.T) {
		for _, format := range []string{"jsonl", "csv", "parquet"} {
			root := NewRoot(Env{Stdin: strings.NewReader(""), Stdout: &failingWriter{max: 10000}, Stderr: io.Discard})
			root.SetArgs([]string{"export", "--db", db.path, "--format", format})
			if err := root.ExecuteContext(context.Background()); err == nil || !strings.Contains(err.Error(), "no space left") {
				t.Errorf("%s: error %v, want the writer's", format, err)
			}
		}
	})
	if os.Geteuid() != 0 {
		t.Run("unwritable folder", func(t *testing.T) {
			ro := filepath.Join(dir, "ro")
			os.Mkdir(ro, 0o555)
			_, _, err := runCtx(context.Background(), "export", "--db", db.path, "-o", filepath.Join(ro, "x.csv"))
			if err == nil || !strings.Contains(err.Error(), "permission denied") {
				t.Errorf("error %v", err)
			}
		})
	}
	after, err := os.ReadFile(db.path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
}
