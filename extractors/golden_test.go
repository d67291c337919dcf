package extractors_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/cputime"
)

var update = flag.Bool("update", false, "update golden files")

// goldenFetchTime is the fetch time golden pages are extracted with, so
// that date plausibility checks do not depend on the day the test runs.
var goldenFetchTime = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

type goldenCase struct {
	name string
	dir  string
	url  string
	page []byte
}

func loadGolden(t testing.TB) []goldenCase {
	t.Helper()
	dirs, err := filepath.Glob("../testdata/pages/*/page.html.gz")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden pages found: %v", err)
	}
	var cases []goldenCase
	for _, p := range dirs {
		dir := filepath.Dir(p)
		var meta struct {
			URL string `json:"url"`
		}
		b, err := os.ReadFile(filepath.Join(dir, "case.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &meta); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		cases = append(cases, goldenCase{name: filepath.Base(dir), dir: dir, url: meta.URL, page: gunzip(t, p)})
	}
	return cases
}

func gunzip(t testing.TB, path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGolden extracts every page under testdata/pages and compares the
// article with want.json. Run `go test ./extractors -run Golden -update`
// to rewrite the files, and review the diff.
func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.name, func(t *testing.T) {
			a, err := extractors.ExtractBytes(context.Background(), c.page, c.url, extractors.Options{FetchTime: goldenFetchTime})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			wantPath := filepath.Join(c.dir, "want.json")
			if *update {
				if err := os.WriteFile(wantPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("article differs from %s:\n%s", wantPath, diffFields(t, want, got))
			}
		})
	}
}

// diffFields lists the top-level JSON keys whose values differ.
func diffFields(t *testing.T, want, got []byte) string {
	var w, g map[string]any
	if json.Unmarshal(want, &w) != nil || json.Unmarshal(got, &g) != nil {
		return string(got)
	}
	var out bytes.Buffer
	for k, gv := range g {
		wb, _ := json.Marshal(w[k])
		gb, _ := json.Marshal(gv)
		if !bytes.Equal(wb, gb) {
			out.WriteString(k + ":\n  want " + trunc(string(wb)) + "\n  got  " + trunc(string(gb)) + "\n")
		}
	}
	return out.String()
}

func trunc(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// BenchmarkExtract extracts every golden page once per iteration (decode,
// parse and all extractors).
func BenchmarkExtract(b *testing.B) {
	cases := loadGolden(b)
	var size int64
	for _, c := range cases {
		size += int64(len(c.page))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process(b)
	for i := 0; i < b.N; i++ {
		for _, c := range cases {
			if _, err := extractors.ExtractBytes(context.Background(), c.page, c.url, extractors.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(cases))/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(cputime.Process(b)-cpu)/float64(b.N), "cpu-ns/op")
}
