package testsite

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// newsWindow is how far back the Google News sitemap reaches (the
// protocol's two days), and newsMax the most entries it lists.
const (
	newsWindow = 48 * time.Hour
	newsMax    = 1000
)

// sitemapFiles is the number of article sitemap files.
func (s *Site) sitemapFiles() int {
	return max(1, (len(s.sitemap)+s.opts.SitemapURLs-1)/s.opts.SitemapURLs)
}

func sitemapPath(n int) string { return "/sitemaps/articles-" + strconv.Itoa(n) + ".xml.gz" }

// SitemapPaths returns the paths of the article sitemap files, in index
// order, followed by the news sitemap.
func (s *Site) SitemapPaths() []string {
	var out []string
	for n := 1; n <= s.sitemapFiles(); n++ {
		out = append(out, sitemapPath(n))
	}
	return append(out, "/sitemaps/news.xml")
}

const xmlType = "application/xml; charset=utf-8"

// serveSitemapIndex serves /sitemap_index.xml (also at /sitemap.xml, where
// crawlers look when robots.txt names no sitemap).
func (s *Site) serveSitemapIndex(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	b := s.getBuf()
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for n := 1; n <= s.sitemapFiles(); n++ {
		b.WriteString("<sitemap><loc>" + origin + sitemapPath(n) + "</loc>")
		if chunk := s.sitemapChunk(n); len(chunk) > 0 {
			b.WriteString("<lastmod>" + s.articles[chunk[0]].modified.Format(time.RFC3339) + "</lastmod>")
		}
		b.WriteString("</sitemap>\n")
	}
	b.WriteString("<sitemap><loc>" + origin + "/sitemaps/news.xml</loc><lastmod>" + s.opts.Now.Format(time.RFC3339) + "</lastmod></sitemap>\n")
	b.WriteString("</sitemapindex>\n")
	s.send(w, xmlType, b)
}

// sitemapChunk returns the article indexes in sitemap file n (1-based).
func (s *Site) sitemapChunk(n int) []int32 {
	from := (n - 1) * s.opts.SitemapURLs
	if from >= len(s.sitemap) {
		return nil
	}
	return s.sitemap[from:min(from+s.opts.SitemapURLs, len(s.sitemap))]
}

// serveSitemap serves the files under /sitemaps/: articles-<n>.xml.gz
// (gzip-compressed urlsets, application/x-gzip) and news.xml.
func (s *Site) serveSitemap(w http.ResponseWriter, r *http.Request, name string) {
	if name == "news.xml" {
		s.serveNewsSitemap(w, r)
		return
	}
	num, ok := strings.CutPrefix(name, "articles-")
	num, ok2 := strings.CutSuffix(num, ".xml.gz")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || n < 1 || n > s.sitemapFiles() || sitemapPath(n) != "/sitemaps/"+name {
		s.notFound(w, r)
		return
	}
	origin := base(r)
	var x bytes.Buffer
	x.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, i := range s.sitemapChunk(n) {
		a := &s.articles[i]
		x.WriteString("<url><loc>" + origin + a.path + "</loc><lastmod>" + a.modified.Format(time.RFC3339) + "</lastmod><changefreq>monthly</changefreq></url>\n")
	}
	x.WriteString("</urlset>\n")
	b := s.getBuf()
	zw, _ := gzip.NewWriterLevel(b, gzip.BestSpeed)
	zw.Write(x.Bytes())
	zw.Close()
	s.send(w, "application/x-gzip", b)
}

// newsEntries returns the sitemap articles published within newsWindow of
// Options.Now, newest first, at most newsMax.
func (s *Site) newsEntries() []int32 {
	var out []int32
	for _, i := range s.sitemap {
		if len(out) == newsMax || s.opts.Now.Sub(s.articles[i].published) > newsWindow {
			break
		}
		out = append(out, i)
	}
	return out
}

// serveNewsSitemap serves /sitemaps/news.xml, a Google News sitemap.
func (s *Site) serveNewsSitemap(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	b := s.getBuf()
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n")
	for _, i := range s.newsEntries() {
		a := &s.articles[i]
		b.WriteString("<url><loc>" + origin + a.path + "</loc><lastmod>" + a.modified.Format(time.RFC3339) +
			"</lastmod><news:news><news:publication><news:name>" + siteName + "</news:name><news:language>en</news:language></news:publication><news:publication_date>" +
			a.published.Format(time.RFC3339) + "</news:publication_date><news:title>" + escapeText(a.title) + "</news:title></news:news></url>\n")
	}
	b.WriteString("</urlset>\n")
	s.send(w, xmlType, b)
}
