package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
)

// newWriterFunc is the signature of every New<Format>.
type newWriterFunc func(io.Writer, Options) (Writer, error)

// formats lists every writer, by name.
var formats = []struct {
	name string
	new  newWriterFunc
}{
	{"jsonl", NewJSONL},
	{"json", NewJSON},
	{"csv", NewCSV},
	{"parquet", NewParquet},
}

func ptr[T any](v T) *T { return &v }

// records returns articles exercising every field and the awkward cases:
// quotes, commas, newlines, emoji, right-to-left text, separators inside
// list items, formula-looking cells, nulls and empty lists.
func records() []*Record {
	paris := time.FixedZone("", 3600)
	kolkata := time.FixedZone("", 5*3600+1800)
	return []*Record{
		{
			ID: 1,
			Article: extractors.Article{
				URL:          "https://www.example.org/news/1?a=1&b=2",
				CanonicalURL: "https://www.example.org/news/1",
				SiteName:     "The Example Times",
				Title:        `Storm "Ciarán" hits coast, <again> & again`,
				Authors:      []string{"Jane Doe", "Ali | Ben", `Back\slash`},
				Published:    ptr(time.Date(2024, 3, 5, 23, 30, 0, 0, paris)),
				Modified:     ptr(time.Date(2024, 3, 6, 9, 15, 30, 123456789, kolkata)),
				Language:     "en",
				Description:  "Winds of 100 km/h,\nthen rain.",
				Section:      "World",
				Breadcrumbs: []extractors.Crumb{
					{Name: "Home", URL: "https://www.example.org/"},
					{Name: "A > B", URL: ""},
					{Name: "Europe", URL: "https://www.example.org/world/europe|x"},
				},
				Tags:        []string{"weather", "storms 🌧"},
				Image:       "https://www.example.org/i/1.jpg",
				Text:        "First paragraph, with \"quotes\".\n\nSecond paragraph 🌍.\n\nمرحبا بالعالم",
				WordCount:   10,
				ContentHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			},
			Site:      "www.example.org",
			FetchedAt: time.Date(2024, 3, 5, 23, 2, 11, 482_000_000, paris),
			Job:       "daily",
		},
		{
			ID: 2,
			Article: extractors.Article{
				URL:   "https://news.example.net/2",
				Title: "=HYPERLINK(\"http://evil.example\",\"click\")",
				// nil lists, nil dates, empty strings
				Description: "-5 degrees",
				Section:     "+44",
				Text:        "@home\ttab",
				Authors:     []string{"'quoted"},
				Tags:        []string{"=1+1"},
			},
			Site:        "news.example.net",
			FetchedAt:   time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC),
			DuplicateOf: ptr(int64(1)),
		},
	}
}

// want is what a record reads back as: every format exports fetched_at in
// UTC and nil lists as empty.
func want(r *Record) *Record {
	c := *r
	c.FetchedAt = c.FetchedAt.UTC()
	for _, l := range []*[]string{&c.Authors, &c.Tags} {
		if *l == nil {
			*l = []string{}
		}
	}
	if c.Breadcrumbs == nil {
		c.Breadcrumbs = []extractors.Crumb{}
	}
	return &c
}

// writeAll writes recs with a new writer and returns the output.
func writeAll(t testing.TB, newW newWriterFunc, opts Options, recs []*Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := newW(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// equalRecords compares records by their JSON (time.Time values with
// different locations but equal instants and offsets compare equal).
func equalRecords(t *testing.T, got, want []*Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		g, _ := json.Marshal(got[i])
		w, _ := json.Marshal(want[i])
		if !bytes.Equal(g, w) {
			t.Errorf("record %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	out := writeAll(t, NewJSONL, Options{}, records())
	var got []*Record
	for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		got = append(got, &r)
	}
	var wants []*Record
	for _, r := range records() {
		wants = append(wants, want(r))
	}
	equalRecords(t, got, wants)
	if !strings.Contains(string(out), `<again> & again`) {
		t.Error("HTML characters escaped; want them as is")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 2} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			recs := records()[:n]
			out := writeAll(t, NewJSON, Options{}, recs)
			var got []*Record
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got == nil {
				t.Fatalf("got %q, want an array", out)
			}
			wants := []*Record{}
			for _, r := range recs {
				wants = append(wants, want(r))
			}
			equalRecords(t, got, wants)
		})
	}
	if out := writeAll(t, NewJSON, Options{}, nil); string(out) != "[]\n" {
		t.Errorf("zero rows: got %q, want %q", out, "[]\n")
	}
}

// TestJSONMatchesExtract checks that a record's exported object holds its
// Article exactly as `newshound extract` encodes it.
func TestJSONMatchesExtract(t *testing.T) {
	r := records()[0]
	var fromExport map[string]json.RawMessage
	if err := json.Unmarshal(writeAll(t, NewJSONL, Options{}, []*Record{r}), &fromExport); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Article); err != nil {
		t.Fatal(err)
	}
	var fromExtract map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &fromExtract); err != nil {
		t.Fatal(err)
	}
	for k, v := range fromExtract {
		if string(fromExport[k]) != string(v) {
			t.Errorf("%s: export %s, extract %s", k, fromExport[k], v)
		}
	}
}

// readCSV parses CSV output, undoing the formula guard and list encodings,
// into records.
func readCSV(t *testing.T, out []byte, guarded bool) []*Record {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	var recs []*Record
	for _, row := range rows[1:] {
		var r Record
		cell := map[string]string{}
		for i, h := range header {
			v := row[i]
			if guarded && strings.HasPrefix(v, "'") {
				v = v[1:]
			}
			cell[h] = v
		}
		r.ID, _ = strconv.ParseInt(cell["id"], 10, 64)
		r.URL, r.CanonicalURL, r.SiteName, r.Title = cell["url"], cell["canonical_url"], cell["site_name"], cell["title"]
		r.Authors = splitItems(cell["authors"], listSep, '|')
		r.Published, r.Modified = parseDate(t, cell["published"]), parseDate(t, cell["modified"])
		r.Language, r.Description, r.Section = cell["language"], cell["description"], cell["section"]
		names := splitItems(cell["breadcrumbs"], crumbSep, '>')
		urls := splitItems(cell["breadcrumb_urls"], listSep, '|')
		r.Breadcrumbs = []extractors.Crumb{}
		for i, n := range names {
			c := extractors.Crumb{Name: n}
			if i < len(urls) {
				c.URL = urls[i]
			}
			r.Breadcrumbs = append(r.Breadcrumbs, c)
		}
		r.Tags = splitItems(cell["tags"], listSep, '|')
		r.Image, r.Text, r.ContentHash = cell["image"], cell["text"], cell["content_hash"]
		r.WordCount, _ = strconv.Atoi(cell["word_count"])
		r.Site, r.Job = cell["site"], cell["job"]
		if d := parseDate(t, cell["fetched_at"]); d != nil {
			r.FetchedAt = *d
		}
		if d := cell["duplicate_of"]; d != "" {
			n, _ := strconv.ParseInt(d, 10, 64)
			r.DuplicateOf = &n
		}
		recs = append(recs, &r)
	}
	return recs
}

// splitItems undoes joinItems.
func splitItems(cell, sep string, esc byte) []string {
	items := []string{}
	if cell == "" {
		return items
	}
	for _, it := range strings.Split(cell, sep) {
		var b strings.Builder
		for i := 0; i < len(it); i++ {
			if it[i] == '\\' && i+1 < len(it) {
				i++
			}
			b.WriteByte(it[i])
		}
		items = append(items, b.String())
	}
	return items
}

func parseDate(t *testing.T, s string) *time.Time {
	t.Helper()
	if s == "" {
		return nil
	}
	d, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

func TestCSVRoundTrip(t *testing.T) {
	for _, guarded := range []bool{true, false} {
		t.Run(fmt.Sprintf("guard=%v", guarded), func(t *testing.T) {
			out := writeAll(t, NewCSV, Options{NoFormulaGuard: !guarded}, records())
			var wants []*Record
			for _, r := range records() {
				wants = append(wants, want(r))
			}
			equalRecords(t, readCSV(t, out, guarded), wants)
		})
	}
}

func TestCSVHeaderAndCRLF(t *testing.T) {
	out := string(writeAll(t, NewCSV, Options{}, nil))
	wantHeader := "id,url,canonical_url,site_name,title,authors,published,modified,language,description,section,breadcrumbs,breadcrumb_urls,tags,image,text,word_count,content_hash,site,fetched_at,job,duplicate_of\r\n"
	if out != wantHeader {
		t.Errorf("zero rows: got %q, want %q", out, wantHeader)
	}
	out = string(writeAll(t, NewCSV, Options{Fields: []string{"id", "description"}}, records()[:1]))
	if want := "id,description\r\n1,\"Winds of 100 km/h,\r\nthen rain.\"\r\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestCSVFormulaGuard(t *testing.T) {
	tests := []struct {
		in, guarded string
	}{
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+44 20", "'+44 20"},
		{"-5 degrees", "'-5 degrees"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcell", "'\tcell"},
		{"\rcell", "'\ncell"}, // CR becomes LF after guarding
		{"'quoted", "''quoted"},
		{"plain = fine", "plain = fine"},
		{"", ""},
		{"２=fullwidth digit", "２=fullwidth digit"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r := &Record{Article: extractors.Article{Title: tt.in}}
			for _, guard := range []bool{true, false} {
				out := writeAll(t, NewCSV, Options{Fields: []string{"title"}, NoFormulaGuard: !guard}, []*Record{r})
				rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				want := tt.guarded
				if !guard {
					want = strings.ReplaceAll(tt.in, "\r", "\n")
				}
				if got := rows[1][0]; got != want {
					t.Errorf("guard=%v: got %q, want %q", guard, got, want)
				}
			}
		})
	}
}

func TestCSVBOM(t *testing.T) {
	for _, withBOM := range []bool{true, false} {
		out := writeAll(t, NewCSV, Options{Fields: []string{"title"}, BOM: withBOM}, records()[:1])
		if got := bytes.HasPrefix(out, []byte("\xEF\xBB\xBFtitle\r\n")); got != withBOM {
			t.Errorf("BOM=%v: output starts %q", withBOM, out[:8])
		}
		if !withBOM && !bytes.HasPrefix(out, []byte("title\r\n")) {
			t.Errorf("no BOM: output starts %q", out[:8])
		}
	}
}

func TestFieldSelection(t *testing.T) {
	opts := Options{Fields: []string{"title", "id", " published"}}
	r := records()[0]
	t.Run("jsonl", func(t *testing.T) {
		got := string(writeAll(t, NewJSONL, opts, []*Record{r}))
		want := `{"title":"Storm \"Ciarán\" hits coast, <again> & again","id":1,"published":"2024-03-05T23:30:00+01:00"}` + "\n"
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("csv", func(t *testing.T) {
		got := string(writeAll(t, NewCSV, opts, []*Record{r}))
		want := "title,id,published\r\n\"Storm \"\"Ciarán\"\" hits coast, <again> & again\",1,2024-03-05T23:30:00+01:00\r\n"
		if got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("parquet", func(t *testing.T) {
		f := openParquet(t, writeAll(t, NewParquet, opts, []*Record{r}))
		var names []string
		for _, c := range f.Schema().Fields() {
			names = append(names, c.Name())
		}
		if got, want := strings.Join(names, ","), "title,id,published,published_local"; got != want {
			t.Errorf("columns %s, want %s", got, want)
		}
	})
}

func TestFieldErrors(t *testing.T) {
	tests := []struct {
		fields []string
		want   string
	}{
		{[]string{"title", "nope"}, `export: unknown field "nope" (valid fields: id, url, canonical_url,`},
		{[]string{"html"}, `unknown field "html"`},
		{[]string{"explanation"}, `unknown field "explanation"`},
		{[]string{"markdown"}, `unknown field "markdown"`},
		{[]string{"title", "title"}, `export: field "title" selected twice`},
		{[]string{""}, `unknown field ""`},
	}
	for _, tt := range tests {
		for _, f := range formats {
			t.Run(f.name+"/"+strings.Join(tt.fields, ","), func(t *testing.T) {
				w, err := f.new(io.Discard, Options{Fields: tt.fields})
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("got %v, %v; want error containing %q", w, err, tt.want)
				}
			})
		}
	}
}

// TestSchemaMatchesRecord checks that the schema and Record agree: every
// JSON key of Article but html, markdown and explanation is a field, and
// every field is a JSON key of Record.
func TestSchemaMatchesRecord(t *testing.T) {
	keys := recordFields()
	names := map[string]bool{}
	for _, f := range Schema() {
		names[f.Name] = true
		if _, ok := keys[f.Name]; !ok {
			t.Errorf("field %s is no JSON key of Record", f.Name)
		}
		if f.JSON == "" || f.CSV == "" || f.Parquet == "" || f.Meaning == "" {
			t.Errorf("field %s is not fully described: %+v", f.Name, f)
		}
	}
	at := reflect.TypeFor[extractors.Article]()
	for i := range at.NumField() {
		key, _, _ := cutComma(at.Field(i).Tag.Get("json"))
		switch key {
		case "html", "markdown", "explanation":
			if names[key] {
				t.Errorf("%s must never be exported", key)
			}
		default:
			if !names[key] {
				t.Errorf("Article key %s is not exported", key)
			}
		}
	}
	if len(names) != len(keys)-3 {
		t.Errorf("schema has %d fields, Record %d JSON keys (3 never exported)", len(names), len(keys))
	}
}

func TestSchemaIsACopy(t *testing.T) {
	s := Schema()
	s[0].Name = "changed"
	if Schema()[0].Name != "id" {
		t.Error("Schema returned the table itself")
	}
}

func TestInvalidUTF8(t *testing.T) {
	bad := "ok\xffbad\xc3(" // an invalid byte and a truncated sequence
	r := &Record{
		Article: extractors.Article{
			Title:       bad,
			Authors:     []string{bad},
			Breadcrumbs: []extractors.Crumb{{Name: bad, URL: bad}},
		},
	}
	wantTitle := "ok\uFFFDbad\uFFFD("
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			out := writeAll(t, f.new, Options{}, []*Record{r})
			if f.name != "parquet" && !utf8Valid(out) {
				t.Fatalf("invalid UTF-8 in output: %q", out)
			}
			var title string
			switch f.name {
			case "jsonl":
				var got Record
				json.Unmarshal(out, &got)
				title = got.Title
			case "json":
				var got []Record
				json.Unmarshal(out, &got)
				title = got[0].Title
			case "csv":
				title = readCSV(t, out, true)[0].Title
			case "parquet":
				got := readParquet(t, out)
				title = got[0].Title
				if got[0].Authors[0] != wantTitle || got[0].Breadcrumbs[0].Name != wantTitle {
					t.Errorf("lists not cleaned: %+v", got[0])
				}
			}
			if title != wantTitle {
				t.Errorf("title %q, want %q", title, wantTitle)
			}
		})
	}
}

func TestNoNUL(t *testing.T) {
	r := &Record{Article: extractors.Article{Title: "a\x00b", Tags: []string{"\x00"}}}
	for _, f := range formats[:3] { // Parquet is binary
		t.Run(f.name, func(t *testing.T) {
			if out := writeAll(t, f.new, Options{}, []*Record{r}); bytes.IndexByte(out, 0) >= 0 {
				t.Errorf("NUL in output: %q", out)
			}
		})
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "?") == string(b) }

func TestHugeText(t *testing.T) {
	huge := strings.Repeat("Ünïcödé words, \"quoted\", and\nnew lines. ", 200_000) // ~8 MB
	r := &Record{ID: 7, Article: extractors.Article{Text: huge}}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			out := writeAll(t, f.new, Options{Fields: []string{"id", "text"}}, []*Record{r, r})
			var got string
			switch f.name {
			case "jsonl":
				var rec Record
				json.Unmarshal(out[:bytes.IndexByte(out, '\n')], &rec)
				got = rec.Text
			case "json":
				var recs []Record
				json.Unmarshal(out, &recs)
				got = recs[1].Text
			case "csv":
				got = readCSV(t, out, true)[1].Text
			case "parquet":
				got = readParquet(t, out)[1].Text
			}
			if got != huge {
				t.Errorf("text of %d bytes came back as %d bytes", len(huge), len(got))
			}
		})
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestStickyError(t *testing.T) {
	recs := records()
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			w, err := f.new(&failWriter{n: 100}, Options{RowGroupRows: 1})
			if err != nil {
				t.Fatal(err)
			}
			var first error
			for i := 0; i < 2000; i++ {
				if err := w.Write(recs[i%2]); err != nil {
					if first == nil {
						first = err
					} else if err != first {
						t.Fatalf("write %d: error %v, want the sticky %v", i, err, first)
					}
				}
			}
			err = w.Close()
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("Close: %v, want %v", err, errDiskFull)
			}
			if first != nil && err != first {
				t.Errorf("Close: %v, want the sticky %v", err, first)
			}
			if err2 := w.Close(); err2 != err {
				t.Errorf("second Close: %v, want %v", err2, err)
			}
			if err := w.Write(recs[0]); !errors.Is(err, errDiskFull) {
				t.Errorf("Write after Close: %v, want the sticky error", err)
			}
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			w, err := f.new(io.Discard, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(records()[0]); err == nil {
				t.Error("Write after Close succeeded")
			}
		})
	}
}
