package extractors_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/cputime"
	"github.com/newshound/newshound/internal/testsite"
)

// testSitePage is one rendered page of the generated test site.
type testSitePage struct {
	url  string
	html []byte
}

// renderTestSite renders the article pages of a generated site and the
// first two listing pages of each section into memory.
func renderTestSite(tb testing.TB, articles int) []testSitePage {
	tb.Helper()
	site := testsite.New(testsite.Options{Articles: articles})
	var paths []string
	for _, a := range site.ExpectedArticles() {
		paths = append(paths, a.Path)
	}
	for _, sec := range site.Options().Sections {
		paths = append(paths, "/section/"+sec+"/", "/section/"+sec+"/page/2/")
	}
	pages := make([]testSitePage, 0, len(paths))
	for _, p := range paths {
		u := "http://news.example" + p
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if rec.Code != 200 {
			tb.Fatalf("%s: status %d", p, rec.Code)
		}
		pages = append(pages, testSitePage{url: u, html: rec.Body.Bytes()})
	}
	return pages
}

// BenchmarkExtractTestSite extracts 300 article pages and 14 section
// listing pages of the generated test site (decode, parse and all
// extractors), the pages a crawl of that site spends its extraction time
// on. Options are the crawler's: built-in site rules and a fetch time.
// One op is one page.
func BenchmarkExtractTestSite(b *testing.B) {
	pages := renderTestSite(b, 300)
	reg, err := extractors.LoadRegistry()
	if err != nil {
		b.Fatal(err)
	}
	// A day after the site's clock (testsite.Options.Now), so that every
	// article date is plausible.
	opts := extractors.Options{Registry: reg, FetchTime: time.Date(2025, 3, 15, 9, 30, 0, 0, time.UTC)}
	var size int64
	for _, p := range pages {
		size += int64(len(p.html))
	}
	b.SetBytes(size / int64(len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process(b)
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		if _, err := extractors.ExtractBytes(context.Background(), p.html, p.url, opts); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time (garbage collection included) is steadier than wall time
	// on a shared machine.
	b.ReportMetric(float64(cputime.Process(b)-cpu)/float64(b.N), "cpu-ns/op")
}
