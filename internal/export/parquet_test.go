package export

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/parquet-go/parquet-go"
)

// parquetRow mirrors the Parquet file of all fields, for reading it back.
type parquetRow struct {
	ID             int64          `parquet:"id"`
	URL            string         `parquet:"url"`
	CanonicalURL   string         `parquet:"canonical_url"`
	SiteName       string         `parquet:"site_name"`
	Title          string         `parquet:"title"`
	Authors        []string       `parquet:"authors,list"`
	Published      *time.Time     `parquet:"published,optional,timestamp(millisecond:utc)"`
	PublishedLocal *string        `parquet:"published_local,optional"`
	Modified       *time.Time     `parquet:"modified,optional,timestamp(millisecond:utc)"`
	ModifiedLocal  *string        `parquet:"modified_local,optional"`
	Language       string         `parquet:"language"`
	Description    string         `parquet:"description"`
	Section        string         `parquet:"section"`
	Breadcrumbs    []parquetCrumb `parquet:"breadcrumbs,list"`
	Tags           []string       `parquet:"tags,list"`
	Image          string         `parquet:"image"`
	Text           string         `parquet:"text"`
	WordCount      int64          `parquet:"word_count"`
	ContentHash    string         `parquet:"content_hash"`
	Site           string         `parquet:"site"`
	FetchedAt      time.Time      `parquet:"fetched_at,timestamp(millisecond:utc)"`
	Job            string         `parquet:"job"`
	DuplicateOf    *int64         `parquet:"duplicate_of,optional"`
}

func openParquet(t testing.TB, b []byte) *parquet.File {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// readParquet reads a file of all fields back into records, taking dates
// from their _local columns after checking them against the instants.
func readParquet(t testing.TB, b []byte) []*Record {
	t.Helper()
	rows, err := parquet.Read[parquetRow](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	for _, p := range rows {
		r := &Record{
			ID: p.ID,
			Article: extractors.Article{
				URL: p.URL, CanonicalURL: p.CanonicalURL, SiteName: p.SiteName, Title: p.Title,
				Authors: p.Authors, Language: p.Language, Description: p.Description,
				Section: p.Section, Tags: p.Tags, Image: p.Image, Text: p.Text,
				WordCount: int(p.WordCount), ContentHash: p.ContentHash,
				Breadcrumbs: []extractors.Crumb{},
			},
			Site: p.Site, FetchedAt: p.FetchedAt, Job: p.Job, DuplicateOf: p.DuplicateOf,
		}
		for _, c := range p.Breadcrumbs {
			r.Breadcrumbs = append(r.Breadcrumbs, extractors.Crumb{Name: c.Name, URL: c.URL})
		}
		r.Published = localDate(t, p.Published, p.PublishedLocal)
		r.Modified = localDate(t, p.Modified, p.ModifiedLocal)
		if r.Authors == nil {
			r.Authors = []string{}
		}
		if r.Tags == nil {
			r.Tags = []string{}
		}
		recs = append(recs, r)
	}
	return recs
}

// localDate checks that a date's instant and RFC 3339 text agree (to the
// millisecond) and returns the text's time.
func localDate(t testing.TB, instant *time.Time, local *string) *time.Time {
	t.Helper()
	if (instant == nil) != (local == nil) {
		t.Fatalf("instant %v and local %v disagree on null", instant, local)
	}
	if local == nil {
		return nil
	}
	d, err := time.Parse(time.RFC3339Nano, *local)
	if err != nil {
		t.Fatal(err)
	}
	if !instant.Equal(d.Truncate(time.Millisecond)) {
		t.Errorf("instant %v, local %v", instant, d)
	}
	return &d
}

func TestParquetRoundTrip(t *testing.T) {
	out := writeAll(t, NewParquet, Options{}, records())
	var wants []*Record
	for _, r := range records() {
		wants = append(wants, want(r))
	}
	equalRecords(t, readParquet(t, out), wants)
}

var update = flag.Bool("update", false, "update golden files")

// TestParquetSchema compares the file's schema with
// testdata/parquet-schema.txt (go test ./internal/export -update rewrites
// it; review the diff: a change of column type changes SchemaVersion).
func TestParquetSchema(t *testing.T) {
	f := openParquet(t, writeAll(t, NewParquet, Options{}, nil))
	if f.NumRows() != 0 {
		t.Errorf("%d rows, want 0", f.NumRows())
	}
	if v, ok := f.Lookup(SchemaVersionKey); !ok || v != strconv.Itoa(SchemaVersion) {
		t.Errorf("metadata %s = %q, %v; want %d", SchemaVersionKey, v, ok, SchemaVersion)
	}
	got := f.Schema().String() + "\n"
	golden := filepath.Join("testdata", "parquet-schema.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("schema changed:\n%s\nwant:\n%s", got, want)
	}
}

func TestParquetRowGroups(t *testing.T) {
	pool := corpus(50)
	tests := []struct {
		opts Options
		want int
	}{
		{Options{}, 1},
		{Options{RowGroupRows: 10}, 5},
		{Options{RowGroupRows: 7}, 8},
		{Options{RowGroupBytes: 1}, 50}, // every row is a group
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d rows %d bytes", tt.opts.RowGroupRows, tt.opts.RowGroupBytes), func(t *testing.T) {
			out := writeAll(t, NewParquet, tt.opts, pool)
			f := openParquet(t, out)
			if got := len(f.RowGroups()); got != tt.want {
				t.Errorf("%d row groups, want %d", got, tt.want)
			}
			got := readParquet(t, out)
			if len(got) != len(pool) || got[49].Text != pool[49].Text {
				t.Errorf("read back %d records", len(got))
			}
		})
	}
}
