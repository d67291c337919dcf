package date

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors/charset"
	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// benchPages parses the golden pages of testdata/pages once.
func benchPages(b testing.TB) []*page.Page {
	b.Helper()
	paths, err := filepath.Glob("../../testdata/pages/*/page.html.gz")
	if err != nil || len(paths) == 0 {
		b.Skip("no golden pages")
	}
	fetch := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var pages []*page.Page
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		src, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		var meta struct {
			URL string `json:"url"`
		}
		if c, err := os.ReadFile(filepath.Join(filepath.Dir(p), "case.json")); err == nil {
			_ = json.Unmarshal(c, &meta)
		}
		utf8, _ := charset.Decode(src, "")
		root, err := html.Parse(bytes.NewReader(utf8))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page.New(root, meta.URL, fetch))
	}
	return pages
}

// BenchmarkExtract measures Extract over the golden pages; one operation
// is one page (parsing is outside the timer).
func BenchmarkExtract(b *testing.B) {
	pages := benchPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(pages[i%len(pages)])
	}
}

// BenchmarkWalk measures the tree walk alone over the golden pages.
func BenchmarkWalk(b *testing.B) {
	pages := benchPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		walk(pages[i%len(pages)].Root)
	}
}
