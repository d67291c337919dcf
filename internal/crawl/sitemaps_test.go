package crawl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <url>
    <loc> https://example.com/news/storm-hits-coast </loc>
    <lastmod>2024-05-07T10:15:00+02:00</lastmod>
    <image:image><image:loc>https://example.com/img/storm.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>The Example</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-05-07T08:00:00Z</news:publication_date>
      <news:title>Storm hits coast &amp; cuts power</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://example.com/news/budget</loc>
    <lastmod>2024-05-01</lastmod>
    <video:video><video:title>Not a title</video:title><video:content_loc>https://example.com/v.mp4</video:content_loc></video:video>
  </url>
  <url><lastmod>2024-05-01</lastmod></url>
  <url><loc>https://example.com/about</loc></url>
</urlset>`

const sitemapIndex = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap-news.xml</loc><lastmod>2024-05-07T10:00:00Z</lastmod></sitemap>
  <sitemap><loc>https://example.com/sitemap-2019.xml.gz</loc><lastmod>2019-12-31</lastmod></sitemap>
</sitemapindex>`

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseSitemap(t *testing.T) {
	sm, err := ParseSitemap(strings.NewReader(urlset))
	if err != nil {
		t.Fatal(err)
	}
	want := []SitemapEntry{
		{URL: "https://example.com/news/storm-hits-coast", Lastmod: date("2024-05-07T10:15:00+02:00"),
			Published: date("2024-05-07T08:00:00Z"), Title: "Storm hits coast & cuts power"},
		{URL: "https://example.com/news/budget", Lastmod: date("2024-05-01T00:00:00Z")},
		{URL: "https://example.com/about"},
	}
	if sm.Index || len(sm.Sitemaps) != 0 {
		t.Errorf("a urlset read as an index: %+v", sm)
	}
	if len(sm.URLs) != len(want) {
		t.Fatalf("got %d entries %+v, want %d", len(sm.URLs), sm.URLs, len(want))
	}
	for i := range want {
		g, w := sm.URLs[i], want[i]
		if g.URL != w.URL || !g.Lastmod.Equal(w.Lastmod) || !g.Published.Equal(w.Published) || g.Title != w.Title {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestParseSitemapIndex(t *testing.T) {
	sm, err := ParseSitemap(strings.NewReader(sitemapIndex))
	if err != nil {
		t.Fatal(err)
	}
	if !sm.Index || len(sm.URLs) != 0 || len(sm.Sitemaps) != 2 {
		t.Fatalf("index: %+v", sm)
	}
	if sm.Sitemaps[1].URL != "https://example.com/sitemap-2019.xml.gz" || sm.Sitemaps[1].Lastmod.Year() != 2019 {
		t.Errorf("child: %+v", sm.Sitemaps[1])
	}
	since := date("2024-01-01T00:00:00Z")
	if sm.Sitemaps[0].OlderThan(since) || !sm.Sitemaps[1].OlderThan(since) {
		t.Errorf("OlderThan on children")
	}
}

func TestParseSitemapVariants(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		urls    int
		wantErr error // nil: no error expected; errAny: any error
	}{
		{"no namespace", `<urlset><url><loc>https://a.example/1</loc></url></urlset>`, 1, nil},
		{"bom and blank lines", "\xEF\xBB\xBF\n\n" + `<urlset><url><loc>https://a.example/1</loc></url></urlset>`, 1, nil},
		{"upper-case elements", `<URLSET><URL><LOC>https://a.example/1</LOC></URL></URLSET>`, 1, nil},
		{"cdata loc", `<urlset><url><loc><![CDATA[https://a.example/1?a=1&b=2]]></loc></url></urlset>`, 1, nil},
		{"html entity", `<urlset><url><loc>https://a.example/caf&eacute;</loc></url></urlset>`, 1, nil},
		{"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.example/caf\xe9</loc></url></urlset>", 1, nil},
		{"text sitemap", "https://a.example/1\nhttps://a.example/2\n\n  https://a.example/3  \n", 3, nil},
		{"empty urlset", `<urlset/>`, 0, nil},
		{"html page", `<!DOCTYPE html><html><body>Not found</body></html>`, 0, errAny},
		{"html without doctype", `<html><body>Not found</body></html>`, 0, ErrNotSitemap},
		{"rss feed", `<rss version="2.0"><channel></channel></rss>`, 0, ErrNotSitemap},
		{"empty", "   ", 0, ErrNotSitemap},
		{"text garbage", "hello world\n", 0, ErrNotSitemap},
		{"broken xml", "<urlset>\n<url><loc>https://a.example/1</loc></url>\n<url><loc>https://a.example/2</url>\n</urlset>", 1, errAny},
		{"truncated xml", "<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.ex", 1, errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sm, err := ParseSitemap(strings.NewReader(tt.doc))
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if sm != nil && len(sm.URLs) != tt.urls {
				t.Errorf("%d urls %+v, want %d", len(sm.URLs), sm.URLs, tt.urls)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestParseSitemapBrokenXMLNamesLine(t *testing.T) {
	_, err := ParseSitemap(strings.NewReader("<urlset>\n<url>\n<loc>https://a.example/1</loc>\n</urlx>\n</urlset>"))
	if err == nil || !strings.Contains(err.Error(), "line 4") || !strings.HasPrefix(err.Error(), "parse sitemap") {
		t.Errorf("error %v should name the operation and line 4", err)
	}
}

func TestOpenSitemap(t *testing.T) {
	t.Run("gzipped", func(t *testing.T) {
		r, err := OpenSitemap(bytes.NewReader(gz(t, []byte(sitemapIndex))), 0)
		if err != nil {
			t.Fatal(err)
		}
		sm, err := ParseSitemap(r)
		if err != nil || len(sm.Sitemaps) != 2 {
			t.Fatalf("gzipped index: %+v %v", sm, err)
		}
	})
	t.Run("plain passes through", func(t *testing.T) {
		r, err := OpenSitemap(strings.NewReader(urlset), 0)
		if err != nil {
			t.Fatal(err)
		}
		sm, err := ParseSitemap(r)
		if err != nil || len(sm.URLs) != 3 {
			t.Fatalf("plain: %+v %v", sm, err)
		}
	})
	t.Run("gzip bomb refused", func(t *testing.T) {
		// 4 MiB of zeros compress to about 4 KiB: a 1000:1 bomb.
		bomb := gz(t, bytes.Repeat([]byte{0}, 4<<20))
		r, err := OpenSitemap(bytes.NewReader(bomb), 256<<10)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, r)
		if !errors.Is(err, ErrSitemapTooLarge) {
			t.Fatalf("read %d bytes, err %v; want ErrSitemapTooLarge", n, err)
		}
		if n > 256<<10+1 {
			t.Errorf("read %d bytes past the 256 KiB cap", n)
		}
	})
	t.Run("bomb wrapped as sitemap fails parse", func(t *testing.T) {
		doc := "<urlset>" + strings.Repeat("<url><loc>https://a.example/x</loc></url>", 100000) + "</urlset>"
		r, _ := OpenSitemap(bytes.NewReader(gz(t, []byte(doc))), 1<<20)
		_, err := ParseSitemap(r)
		if !errors.Is(err, ErrSitemapTooLarge) {
			t.Errorf("err = %v, want ErrSitemapTooLarge", err)
		}
	})
	t.Run("exactly the cap is fine", func(t *testing.T) {
		r, _ := OpenSitemap(bytes.NewReader(gz(t, bytes.Repeat([]byte("a"), 1000))), 1000)
		if n, err := io.Copy(io.Discard, r); err != nil || n != 1000 {
			t.Errorf("n=%d err=%v", n, err)
		}
	})
	t.Run("corrupt gzip", func(t *testing.T) {
		data := gz(t, []byte(urlset))
		data = data[:len(data)/2]
		r, err := OpenSitemap(bytes.NewReader(data), 0)
		if err == nil {
			_, err = ParseSitemap(r)
		}
		if err == nil {
			t.Error("a truncated gzip stream parsed without error")
		}
	})
}

// TestScanSitemapStreams checks that a large sitemap is processed in
// bounded memory: 60,000 entries (about 5.5 MB) stream through ScanSitemap
// without the heap growing with the document.
func TestScanSitemapStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("large sitemap")
	}
	const n = 60000
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range n {
			fmt.Fprintf(pw, "<url><loc>https://example.com/news/article-number-%d</loc><lastmod>2024-05-07</lastmod></url>\n", i)
		}
		io.WriteString(pw, `</urlset>`)
		pw.Close()
	}()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	count := 0
	peak := uint64(0)
	_, err := ScanSitemap(pr, func(e SitemapEntry, child bool) error {
		count++
		if count%20000 == 0 {
			runtime.GC() // live heap, not garbage awaiting collection
			runtime.ReadMemStats(&after)
			peak = max(peak, after.HeapAlloc)
		}
		return nil
	})
	if err != nil || count != n {
		t.Fatalf("count %d err %v", count, err)
	}
	if grown := int64(peak) - int64(before.HeapAlloc); grown > 2<<20 {
		t.Errorf("heap grew by %d MB while streaming", grown>>20)
	}
}

func TestScanSitemapStop(t *testing.T) {
	stop := errors.New("stop")
	seen := 0
	_, err := ScanSitemap(strings.NewReader(urlset), func(SitemapEntry, bool) error {
		seen++
		return stop
	})
	if !errors.Is(err, stop) || seen != 1 {
		t.Errorf("err %v after %d entries", err, seen)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-05-07T10:15:30+02:00", "2024-05-07T10:15:30+02:00"},
		{"2024-05-07T10:15:30.123Z", "2024-05-07T10:15:30.123Z"},
		{"2024-05-07T10:15+02:00", "2024-05-07T10:15:00+02:00"},
		{"2024-05-07T10:15:30+0200", "2024-05-07T10:15:30+02:00"},
		{"2024-05-07T10:15:30", "2024-05-07T10:15:30Z"},
		{"2024-05-07 10:15:30", "2024-05-07T10:15:30Z"},
		{"2024-05-07 10:15:30 +02:00", "2024-05-07T10:15:30+02:00"},
		{"2024-05-07", "2024-05-07T00:00:00Z"},
		{"2024-05", "2024-05-01T00:00:00Z"},
		{"2024", "2024-01-01T00:00:00Z"},
		{"Tue, 07 May 2024 10:15:30 +0200", "2024-05-07T10:15:30+02:00"},
		{"Tue, 7 May 2024 10:15:30 +0200", "2024-05-07T10:15:30+02:00"},
		{" 2024-05-07 ", "2024-05-07T00:00:00Z"},
		{"", ""},
		{"yesterday", ""},
		{"2024-13-45", ""},
	}
	for _, tt := range tests {
		got := ParseDate(tt.in)
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %v, want zero", tt.in, got)
			}
			continue
		}
		if w := date(strings.Replace(tt.want, ".123Z", "Z", 1)); !got.Truncate(time.Second).Equal(w) {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, w)
		}
	}
}

func TestFilterSince(t *testing.T) {
	since := date("2024-05-01T00:00:00Z")
	entries := []SitemapEntry{
		{URL: "new-published", Published: date("2024-05-02T00:00:00Z"), Lastmod: date("2024-05-03T00:00:00Z")},
		{URL: "old-published-recently-modified", Published: date("2024-01-02T00:00:00Z"), Lastmod: date("2024-05-03T00:00:00Z")},
		{URL: "old-lastmod", Lastmod: date("2024-04-01T00:00:00Z")},
		{URL: "new-lastmod", Lastmod: date("2024-05-01T00:00:00Z")},
		{URL: "no-dates"},
	}
	var got []string
	for _, e := range FilterSince(entries, since) {
		got = append(got, e.URL)
	}
	if strings.Join(got, " ") != "new-published new-lastmod no-dates" {
		t.Errorf("FilterSince = %q", got)
	}
	if (SitemapEntry{Lastmod: date("2000-01-01T00:00:00Z")}).OlderThan(time.Time{}) {
		t.Error("a zero since filters")
	}
}

func FuzzScanSitemap(f *testing.F) {
	f.Add([]byte(urlset))
	f.Add([]byte(sitemapIndex))
	f.Add([]byte("https://a.example/1\nhttps://a.example/2"))
	f.Add([]byte("<urlset><url><loc>x</loc><news:news><news:title>t</news:title></news:news></url></urlset>"))
	f.Add(gz(f, []byte(urlset)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := OpenSitemap(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		sm, err := ParseSitemap(r)
		if sm == nil {
			t.Fatalf("nil sitemap (err %v)", err)
		}
		for _, e := range append(sm.URLs, sm.Sitemaps...) {
			if e.URL == "" {
				t.Fatal("entry without URL")
			}
		}
	})
}
