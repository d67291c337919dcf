package testsite

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// get serves path from s in-process, with Host example.test.
func get(t testing.TB, s *Site, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", "http://example.test"+path, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func TestPaths(t *testing.T) {
	s := New(Options{PerPage: 5, Faults: true, Traps: true, Syndicated: 3, CrawlDelay: 1500 * time.Millisecond})
	exp := s.ExpectedArticles()
	var anArticle, sitemapOnly string
	for _, a := range exp {
		if a.Via == ViaAll && anArticle == "" {
			anArticle = a.Path
		}
		if a.Via == ViaSitemap && sitemapOnly == "" {
			sitemapOnly = a.Path
		}
	}
	tests := []struct {
		path, ctype string
		status      int
		contains    []string
	}{
		{"/", "text/html", 200, []string{`og:type" content="website"`, `type="application/rss+xml"`, `href="/atom.xml"`, `href="/private/"`, `href="/faults/"`, `href="/trending/"`, `href="/partners/"`, `href="/calendar/2025/03/"`}},
		{"/robots.txt", "text/plain", 200, []string{"User-agent: *\n", "Disallow: /private/\n", "Crawl-delay: 1.5\n", "Sitemap: http://example.test/sitemap_index.xml\n"}},
		{"/sitemap_index.xml", "application/xml", 200, []string{"<sitemapindex", "/sitemaps/articles-1.xml.gz</loc><lastmod>", "/sitemaps/news.xml"}},
		{"/sitemap.xml", "application/xml", 200, []string{"<sitemapindex"}},
		{"/sitemaps/articles-1.xml.gz", "application/x-gzip", 200, nil},
		{"/sitemaps/articles-2.xml.gz", "text/html", 404, nil},
		{"/sitemaps/news.xml", "application/xml", 200, []string{"<news:publication_date>", "<news:title>"}},
		{"/feed.xml", "application/rss+xml", 200, []string{`<rss version="2.0"`}},
		{"/atom.xml", "application/atom+xml", 200, []string{`<feed xmlns="http://www.w3.org/2005/Atom">`}},
		{"/feed.json", "application/feed+json", 200, []string{`"version":"https://jsonfeed.org/version/1.1"`}},
		{"/section/world/", "text/html", 200, []string{`og:type" content="website"`, `"@type":"CollectionPage"`, `href="/section/world/page/2/"`}},
		{"/section/world/page/2/", "text/html", 200, []string{`rel="prev" href="/section/world/"`}},
		{"/section/world/page/1/", "text/html", 404, nil},
		{"/section/world/page/99/", "text/html", 404, nil},
		{"/section/nowhere/", "text/html", 404, nil},
		{"/tag/climate/", "text/html", 200, []string{`"@type":"CollectionPage"`}},
		{anArticle, "text/html", 200, []string{`og:type" content="article"`, `"@type":"NewsArticle"`, `"@type":"BreadcrumbList"`, `<link rel="canonical" href="http://example.test` + anArticle + `">`, "&raquo;", "<article", `rel="amphtml"`, "?print=1"}},
		{sitemapOnly, "text/html", 200, []string{`og:type" content="article"`}},
		{anArticle + "?utm_source=x&utm_medium=y", "text/html", 200, []string{`<link rel="canonical" href="http://example.test` + anArticle + `">`}},
		{anArticle + "?print=1", "text/html", 200, []string{`<link rel="canonical" href="http://example.test` + anArticle + `">`}},
		{anArticle + "/", "text/html", 200, []string{`<link rel="canonical" href="http://example.test` + anArticle + `">`}},
		{anArticle + ";jsessionid=ABC123", "text/html", 200, []string{`<link rel="canonical" href="http://example.test` + anArticle + `">`}},
		{"/amp" + anArticle, "text/html", 200, []string{"<html amp", `<link rel="canonical" href="http://example.test` + anArticle + `">`}},
		{strings.Replace(anArticle, ".html", "x.html", 1), "text/html", 404, nil},
		{"/calendar/2025/03/", "text/html", 200, []string{`href="/calendar/2025/02/"`, `href="/calendar/2025/04/"`}},
		{"/calendar/9999/12/", "text/html", 200, []string{`href="/calendar/9999/11/"`}},
		{"/calendar/2025/13/", "text/html", 404, nil},
		{"/trending/", "text/html", 200, []string{"utm_source=twitter&amp;utm_medium=social", ";jsessionid=", "/amp/news/"}},
		{"/partners/", "text/html", 200, []string{`href="/partner/1.html"`, `href="/partner/3.html"`}},
		{"/partner/1.html", "text/html", 200, []string{`og:type" content="article"`, "Partner Wire"}},
		{"/partner/4.html", "text/html", 404, nil},
		{"/private/", "text/html", 200, nil},
		{"/faults/", "text/html", 200, []string{`href="/faults/500.html"`, `href="/faults/stall.html"`}},
		{"/faults/nothing.html", "text/html", 404, nil},
		{"/nowhere", "text/html", 404, nil},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			rec := get(t, s, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, tc.ctype)
			}
			if cl := rec.Header().Get("Content-Length"); cl == "" {
				t.Errorf("no Content-Length")
			}
			body := rec.Body.String()
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			if tc.path == anArticle && strings.Contains(body, sitemapOnly) {
				t.Errorf("article links a sitemap-only article")
			}
		})
	}
	// Article canonical page for the canonical URL does not link the
	// private area.
	if strings.Contains(get(t, s, anArticle).Body.String(), "/private/") {
		t.Error("article page links /private/")
	}
}

func TestOptionsOff(t *testing.T) {
	s := New(Options{})
	a := s.ExpectedArticles()[0].Path
	for _, p := range []string{"/faults/", "/faults/500.html", "/calendar/2025/03/", "/trending/", "/amp" + a, a + "/", a + ";jsessionid=X", "/partners/", "/partner/1.html"} {
		if code := get(t, s, p).Code; code != 404 {
			t.Errorf("%s: status %d without the option, want 404", p, code)
		}
	}
	home := get(t, s, "/").Body.String()
	for _, p := range []string{"/faults/", "/trending/", "/calendar/", "/partners/", "utm_", "fbclid"} {
		if strings.Contains(home, p) {
			t.Errorf("home links %s without the option", p)
		}
	}
	if got := get(t, s, a+"?print=1").Body.String(); strings.Contains(got, "<html amp") || !strings.Contains(got, "<nav class=\"sections\">") {
		t.Errorf("?print=1 without Traps is not the main page")
	}
	if s.FaultURLs() != nil {
		t.Error("FaultURLs without Faults")
	}
	if p, v := s.Variants(); p != "" || v != nil {
		t.Error("Variants without Traps")
	}
	if len(s.ExpectedArticles()) != 200 {
		t.Errorf("%d expected articles, want 200", len(s.ExpectedArticles()))
	}
}

func TestRobotsModes(t *testing.T) {
	tests := []struct {
		mode       RobotsMode
		status     int
		ctype      string
		size       int // 0: don't check
		disallowed []string
	}{
		{RobotsNormal, 200, "text/plain", 0, []string{"/private/", "/search"}},
		{Robots5xx, 503, "text/plain", 0, []string{"/"}},
		{RobotsHTML, 200, "text/html", 0, nil},
		{RobotsHuge, 200, "text/plain", 2 << 20, []string{"/private/", "/search"}},
		{RobotsMissing, 404, "text/plain", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.mode.String(), func(t *testing.T) {
			s := New(Options{RobotsMode: tc.mode})
			rec := get(t, s, "/robots.txt")
			if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.ctype) {
				t.Fatalf("status %d %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			if tc.size > 0 {
				if rec.Body.Len() != tc.size {
					t.Errorf("size %d, want %d", rec.Body.Len(), tc.size)
				}
				if i := strings.Index(rec.Body.String(), "Sitemap:"); i < 0 || i > 1024 {
					t.Errorf("rules not at the start")
				}
			}
			if got := s.Disallowed(); strings.Join(got, ",") != strings.Join(tc.disallowed, ",") {
				t.Errorf("Disallowed() = %v, want %v", got, tc.disallowed)
			}
			if tc.mode == RobotsNormal && strings.Contains(rec.Body.String(), "Crawl-delay") {
				t.Error("Crawl-delay without CrawlDelay")
			}
		})
	}
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// discovered runs the three discovery routes over s in-process and returns,
// for every path found, the routes that found it ("links", "sitemap",
// "feed"). Links are followed breadth-first from "/" over every page the
// site serves, except /private/, /search and query/fragment variants.
func discovered(t *testing.T, s *Site) map[string]map[string]bool {
	t.Helper()
	found := map[string]map[string]bool{}
	mark := func(p, via string) {
		if found[p] == nil {
			found[p] = map[string]bool{}
		}
		found[p][via] = true
	}
	const origin = "http://example.test"

	// Sitemaps.
	var index struct {
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(get(t, s, "/sitemap_index.xml").Body.Bytes(), &index); err != nil {
		t.Fatalf("sitemap index: %v", err)
	}
	type urlset struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
			News    struct {
				Date  string `xml:"publication_date"`
				Title string `xml:"title"`
			} `xml:"news"`
		} `xml:"url"`
	}
	var sawNews bool
	for _, sm := range index.Sitemaps {
		rec := get(t, s, strings.TrimPrefix(sm.Loc, origin))
		body := rec.Body.Bytes()
		if strings.HasSuffix(sm.Loc, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", sm.Loc, err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", sm.Loc, err)
			}
		}
		var us urlset
		if err := xml.Unmarshal(body, &us); err != nil {
			t.Fatalf("%s: %v", sm.Loc, err)
		}
		for _, u := range us.URLs {
			if _, err := time.Parse(time.RFC3339, u.Lastmod); err != nil {
				t.Errorf("%s: lastmod %q", u.Loc, u.Lastmod)
			}
			if strings.HasSuffix(sm.Loc, "news.xml") {
				sawNews = true
				if _, err := time.Parse(time.RFC3339, u.News.Date); err != nil || u.News.Title == "" {
					t.Errorf("%s: news entry %+v", u.Loc, u.News)
				}
			}
			mark(strings.TrimPrefix(u.Loc, origin), "sitemap")
		}
	}
	if !sawNews {
		t.Error("news sitemap is empty")
	}

	// Feeds.
	var rss struct {
		Items []struct {
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(get(t, s, "/feed.xml").Body.Bytes(), &rss); err != nil {
		t.Fatalf("rss: %v", err)
	}
	var atom struct {
		Entries []struct {
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(get(t, s, "/atom.xml").Body.Bytes(), &atom); err != nil {
		t.Fatalf("atom: %v", err)
	}
	var jf struct {
		Version string `json:"version"`
		Items   []struct {
			URL  string    `json:"url"`
			Date time.Time `json:"date_published"`
		} `json:"items"`
	}
	if err := json.Unmarshal(get(t, s, "/feed.json").Body.Bytes(), &jf); err != nil {
		t.Fatalf("json feed: %v", err)
	}
	if len(rss.Items) != len(atom.Entries) || len(rss.Items) != len(jf.Items) || len(rss.Items) == 0 {
		t.Fatalf("feeds differ: rss %d, atom %d, json %d", len(rss.Items), len(atom.Entries), len(jf.Items))
	}
	for i := range rss.Items {
		if rss.Items[i].Link != atom.Entries[i].Link.Href || rss.Items[i].Link != jf.Items[i].URL {
			t.Errorf("feed item %d differs", i)
		}
		if _, err := time.Parse(time.RFC1123Z, rss.Items[i].PubDate); err != nil {
			t.Errorf("pubDate %q", rss.Items[i].PubDate)
		}
		mark(strings.TrimPrefix(rss.Items[i].Link, origin), "feed")
	}

	// Links.
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		rec := get(t, s, p)
		if rec.Code != 200 {
			t.Errorf("link to %s: status %d", p, rec.Code)
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			h := m[1]
			if strings.HasPrefix(h, origin) {
				h = h[len(origin):]
			}
			if !strings.HasPrefix(h, "/") || strings.ContainsAny(h, "?#;") || strings.HasSuffix(h, ".xml") || strings.HasSuffix(h, ".json") ||
				strings.HasPrefix(h, "/private/") || strings.HasPrefix(h, "/search") || strings.HasPrefix(h, "/faults/") {
				continue
			}
			if strings.HasPrefix(h, "/news/") {
				mark(h, "links")
			}
			if !seen[h] {
				seen[h] = true
				queue = append(queue, h)
			}
		}
	}
	return found
}

func TestDiscoveryCoversExpected(t *testing.T) {
	s := New(Options{Articles: 300, SitemapURLs: 100, PerPage: 15, FeedItems: 30})
	found := discovered(t, s)
	exp := s.ExpectedArticles()
	counts := map[Via]int{}
	for _, a := range exp {
		counts[a.Via]++
		routes := found[a.Path]
		var want []string
		switch a.Via {
		case ViaAll:
			want = []string{"links", "sitemap"}
		case ViaLinks:
			want = []string{"links"}
		case ViaSitemap:
			want = []string{"sitemap"}
		case ViaFeed:
			want = []string{"feed"}
		}
		for _, r := range want {
			if !routes[r] {
				t.Errorf("%s (%s): not found via %s (found via %v)", a.Path, a.Via, r, routes)
			}
		}
		if a.Via != ViaAll && len(routes) != 1 {
			t.Errorf("%s (%s): found via %v", a.Path, a.Via, routes)
		}
		delete(found, a.Path)
	}
	for p := range found {
		t.Errorf("discovered %s, not an expected article", p)
	}
	for _, v := range []Via{ViaAll, ViaLinks, ViaSitemap, ViaFeed} {
		if counts[v] == 0 {
			t.Errorf("no %s articles", v)
		}
	}
	if n := len(s.SitemapPaths()); n < 3 {
		t.Errorf("%d sitemap files, want several", n)
	}
	t.Logf("articles by route: %v", counts)
}

func TestArticlePages(t *testing.T) {
	s := New(Options{Articles: 60, Faults: true, Syndicated: 2})
	type ld struct {
		Type          string `json:"@type"`
		Headline      string `json:"headline"`
		DatePublished string `json:"datePublished"`
		Author        struct {
			Name string `json:"name"`
		} `json:"author"`
		Items []struct {
			Name string `json:"name"`
		} `json:"itemListElement"`
	}
	ldRE := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)
	paraRE := regexp.MustCompile(`<p>[^<]*</p>`)
	for _, a := range s.ExpectedArticles() {
		if a.Via == ViaFaults {
			continue // checked in TestFaults
		}
		rec := get(t, s, a.Path)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", a.Path, rec.Code)
		}
		if !strings.Contains(body, "<title>"+a.Title+" | ") || !strings.Contains(body, "<h1>"+a.Title+"</h1>") {
			t.Errorf("%s: title %q missing", a.Path, a.Title)
		}
		var article, crumbs ld
		for _, m := range ldRE.FindAllStringSubmatch(body, -1) {
			var v ld
			if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
				t.Fatalf("%s: JSON-LD: %v", a.Path, err)
			}
			switch v.Type {
			case "NewsArticle":
				article = v
			case "BreadcrumbList":
				crumbs = v
			}
		}
		if article.Headline != a.Title || article.DatePublished != a.Published.Format(time.RFC3339) || article.Author.Name != a.Author {
			t.Errorf("%s: JSON-LD %+v, want %q %v %q", a.Path, article, a.Title, a.Published, a.Author)
		}
		if len(crumbs.Items) != 2 || crumbs.Items[0].Name != "Home" || !strings.EqualFold(crumbs.Items[1].Name, a.Section) {
			t.Errorf("%s: breadcrumbs %+v", a.Path, crumbs.Items)
		}
		art := body[strings.Index(body, "<article"):strings.Index(body, "</article>")]
		if n := len(paraRE.FindAllString(art, -1)); n < 3 || n > 8 {
			t.Errorf("%s: %d paragraphs", a.Path, n)
		}
		if n := len(body); n < 2500 || n > 9000 {
			t.Errorf("%s: %d bytes", a.Path, n)
		}
	}
}

func TestDeterminism(t *testing.T) {
	opts := Options{Articles: 120, Faults: true, Traps: true, Syndicated: 3, CrawlDelay: time.Second}
	a, b := New(opts), New(opts)
	paths := []string{"/", "/robots.txt", "/sitemap_index.xml", "/sitemaps/articles-1.xml.gz", "/sitemaps/news.xml",
		"/feed.xml", "/atom.xml", "/feed.json", "/section/world/", "/section/sport/page/2/", "/tag/climate/",
		"/partners/", "/partner/2.html", "/trending/", "/calendar/2025/03/", "/faults/", "/faults/deep-nesting.html",
		"/faults/late-charset.html", "/faults/report.pdf", "/faults/photo.png"}
	for _, e := range a.ExpectedArticles()[:30] {
		paths = append(paths, e.Path, "/amp"+e.Path)
	}
	for _, p := range paths {
		x, y := get(t, a, p), get(t, b, p)
		if x.Code != y.Code || !bytes.Equal(x.Body.Bytes(), y.Body.Bytes()) {
			t.Errorf("%s differs between two sites with the same options", p)
		}
	}
	// A different seed gives different text.
	c := New(Options{Seed: 7, Articles: 120})
	if get(t, a, "/feed.xml").Body.String() == get(t, c, "/feed.xml").Body.String() {
		t.Error("seed changes nothing")
	}
}

func TestHitsConcurrent(t *testing.T) {
	s := New(Options{Articles: 20})
	srv := httptest.NewServer(s)
	defer srv.Close()
	const workers, each = 8, 25
	done := make(chan struct{})
	for range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for range each {
				resp, err := http.Get(srv.URL + "/section/world/?utm_source=x")
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	for range workers {
		<-done
	}
	if got := s.Hits("/section/world/?utm_source=x"); got != workers*each {
		t.Errorf("Hits = %d, want %d", got, workers*each)
	}
	if got := s.Hits("/section/world/"); got != 0 {
		t.Errorf("Hits without query = %d, want 0", got)
	}
	if m := s.HitPaths(); len(m) != 1 {
		t.Errorf("HitPaths = %v", m)
	}
}

func TestLargeSite(t *testing.T) {
	start := time.Now()
	s := New(Options{Articles: 20000})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("New took %v", d)
	}
	if n := len(s.SitemapPaths()); n != 5 { // about 18,000 sitemap URLs: 4 files of 5,000 at most, + news
		t.Errorf("%d sitemap paths: %v", n, s.SitemapPaths())
	}
	last := s.ExpectedArticles()[19999]
	if rec := get(t, s, last.Path); rec.Code != 200 {
		t.Errorf("oldest article: %d", rec.Code)
	}
	// Every link-visible article is a few clicks from the home page
	// through listing pages alone.
	depth := map[string]int{"/": 0}
	queue := []string{"/"}
	maxDepth := 0
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, m := range hrefRE.FindAllStringSubmatch(get(t, s, p).Body.String(), -1) {
			h := m[1]
			if _, ok := depth[h]; ok {
				continue
			}
			switch {
			case strings.HasPrefix(h, "/news/"):
				depth[h] = depth[p] + 1
				maxDepth = max(maxDepth, depth[h])
			case strings.HasPrefix(h, "/section/"), strings.HasPrefix(h, "/tag/"):
				depth[h] = depth[p] + 1
				queue = append(queue, h)
			}
		}
	}
	for _, a := range s.ExpectedArticles() {
		if _, ok := depth[a.Path]; ok != (a.Via == ViaAll || a.Via == ViaLinks) {
			t.Errorf("%s (%s): linked %v", a.Path, a.Via, ok)
		}
	}
	if maxDepth > 8 {
		t.Errorf("an article is %d clicks from the home page", maxDepth)
	}
	t.Logf("articles at most %d clicks from the home page", maxDepth)
}

func TestVariants(t *testing.T) {
	s := New(Options{Traps: true})
	p, variants := s.Variants()
	if len(variants) != 50 || p != s.ExpectedArticles()[0].Path {
		t.Fatalf("%d variants of %s", len(variants), p)
	}
	seen := map[string]bool{}
	canonical := `<link rel="canonical" href="http://example.test` + p + `">`
	page := get(t, s, "/trending/").Body.String()
	for _, v := range variants {
		if seen[v] {
			t.Errorf("variant %s twice", v)
		}
		seen[v] = true
		if !strings.Contains(page, `href="`+escapeText(v)+`"`) {
			t.Errorf("/trending/ does not link %s", v)
		}
		path, _, _ := strings.Cut(v, "#")
		rec := get(t, s, path)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), canonical) {
			t.Errorf("%s: status %d, canonical missing", v, rec.Code)
		}
	}
}
