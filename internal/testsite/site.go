package testsite

import (
	"bytes"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options describe a generated site. The zero value is a usable site of 200
// articles in seven sections, without faults or traps.
type Options struct {
	// Seed selects the generated text, titles, authors and tags. 0 is a
	// fixed seed like any other: the same Options always give the same site.
	Seed uint64
	// Articles is the number of regular articles. 0 means 200.
	Articles int
	// Sections are the section slugs (lower-case letters, digits and '-').
	// nil means world, politics, business, technology, science, sport,
	// culture.
	Sections []string
	// PerPage is the number of teasers on a section or tag listing page.
	// 0 means 20.
	PerPage int
	// ParagraphsPerArticle fixes the number of paragraphs of every article.
	// 0 means 3 to 8, drawn per article.
	ParagraphsPerArticle int
	// SitemapURLs is the most URLs in one article sitemap file. 0 means
	// 5,000 (the protocol allows 50,000; newshound tests want several files).
	SitemapURLs int
	// FeedItems is the number of items in each feed. 0 means 50.
	FeedItems int
	// Now is the site's clock: the newest article is published at Now minus
	// one hour, each older one 47 minutes before the next. The zero value
	// means 2025-03-14T09:30:00Z (never the wall clock: sites stay
	// deterministic). Dates are rendered in Now's location.
	Now time.Time
	// Faults serves the fault paths under /faults/ and links them from the
	// home page (see FaultURLs). Without it, /faults/ paths are 404.
	Faults bool
	// Traps serves and links the crawler traps: URL variants of articles
	// (tracking parameters, fragments, session ids, trailing slashes, AMP
	// and print copies), /trending/ with 50 variants of one article, and
	// the infinite /calendar/. Without it those paths are 404 (query
	// strings are always ignored, except ?print=1 which needs Traps).
	Traps bool
	// CrawlDelay is written to robots.txt as Crawl-delay (in seconds,
	// fractions allowed). 0 means no Crawl-delay line.
	CrawlDelay time.Duration
	// RobotsMode selects how /robots.txt is served. The zero value is
	// RobotsNormal.
	RobotsMode RobotsMode
	// Syndicated is the number of near-duplicate partner copies served at
	// /partner/<n>.html and linked from /partners/. 0 means none.
	Syndicated int
	// SyndicationEdits is the number of words changed in each partner
	// copy's text: the first word, the last word, then words in the middle.
	// 0 means 2; negative means none (only title, byline, date and
	// boilerplate differ). On texts of 200 to 400 words, two edits move a
	// 64-bit word-3-gram SimHash by up to about 8 bits (see the package
	// tests), while distinct articles stay at least 12 bits apart.
	SyndicationEdits int
	// BigBytes is the body size of the oversized fault pages. 0 means
	// 2 MiB; set the crawler's cap below it.
	BigBytes int64
	// BombBytes is the decompressed size of the gzip bomb. 0 means 1 GiB.
	// It is rounded up to whole MiB; the compressed body is about 1/1000
	// of it.
	BombBytes int64
	// StallFor bounds how long the stall fault holds a request whose
	// client never gives up. 0 means 1 minute. The handler returns as soon
	// as the request's context ends (client gone, server closed).
	StallFor time.Duration
}

// DefaultSections are the sections used when Options.Sections is nil.
func DefaultSections() []string {
	return []string{"world", "politics", "business", "technology", "science", "sport", "culture"}
}

func (o Options) withDefaults() Options {
	if o.Articles <= 0 {
		o.Articles = 200
	}
	if len(o.Sections) == 0 {
		o.Sections = DefaultSections()
	}
	o.Sections = slices.Clone(o.Sections)
	if o.PerPage <= 0 {
		o.PerPage = 20
	}
	if o.SitemapURLs <= 0 {
		o.SitemapURLs = 5000
	}
	if o.FeedItems <= 0 {
		o.FeedItems = 50
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	}
	if o.SyndicationEdits == 0 {
		o.SyndicationEdits = 2
	}
	if o.BigBytes <= 0 {
		o.BigBytes = 2 << 20
	}
	if o.BombBytes <= 0 {
		o.BombBytes = 1 << 30
	}
	if o.StallFor <= 0 {
		o.StallFor = time.Minute
	}
	return o
}

// Site is a generated news site. It implements http.Handler and is safe for
// concurrent use. Pages are rendered on demand from Options; only small
// per-article metadata is kept in memory.
type Site struct {
	opts     Options
	articles []article // index i holds id i+1, newest first
	// bySection and byTag hold the indexes of link-visible articles
	// (ViaAll, ViaLinks), newest first.
	bySection [][]int32
	byTag     [][]int32
	linked    []int32 // all link-visible articles, newest first
	sitemap   []int32 // articles listed in sitemaps (ViaAll, ViaSitemap)
	feed      []int32 // articles in the feeds (ViaAll, ViaFeed), at most FeedItems
	variants  int32   // the article /trending/ shows 50 variants of
	partners  []int32 // partner copy n (1-based) copies articles[partners[n-1]]

	bomb   lazyBytes // one gzip member of 1 MiB of spaces
	faults []fault   // fault pages, in link order

	hits      sync.Map // request key -> *atomic.Int64
	stalling  atomic.Int64
	bufs      sync.Pool
	closed    chan struct{} // closed by Close: stalls end
	closeOnce sync.Once
}

type lazyBytes struct {
	once sync.Once
	b    []byte
}

func (l *lazyBytes) get(make func() []byte) []byte {
	l.once.Do(func() { l.b = make() })
	return l.b
}

// New returns the site opts describe.
func New(opts Options) *Site {
	s := &Site{opts: opts.withDefaults(), closed: make(chan struct{})}
	s.bufs.New = func() any { return new(bytes.Buffer) }
	s.buildArticles()
	s.faults = s.faultList()
	return s
}

// Options returns the options the site was built with, defaults filled in.
func (s *Site) Options() Options {
	o := s.opts
	o.Sections = slices.Clone(o.Sections)
	return o
}

// Close ends every stalled request (the stall fault) at once and makes
// later ones return immediately; everything else is served as before. Call
// it before closing an httptest.Server whose clients may still be waiting
// on a stall: the server's Close waits for active requests. Close is
// idempotent and never fails.
func (s *Site) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

// ServeHTTP serves the site. It counts every request (see Hits) before
// answering.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.count(r)
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		w = &conditionalWriter{ResponseWriter: w, ifNoneMatch: inm}
	}
	p := r.URL.Path
	switch {
	case p == "/":
		s.serveHome(w, r)
	case p == "/robots.txt":
		s.serveRobots(w, r)
	case p == "/sitemap_index.xml" || p == "/sitemap.xml":
		s.serveSitemapIndex(w, r)
	case strings.HasPrefix(p, "/sitemaps/"):
		s.serveSitemap(w, r, p[len("/sitemaps/"):])
	case p == "/feed.xml":
		s.serveRSS(w, r)
	case p == "/atom.xml":
		s.serveAtom(w, r)
	case p == "/feed.json":
		s.serveJSONFeed(w, r)
	case strings.HasPrefix(p, "/news/"):
		s.serveArticlePath(w, r, p, false)
	case strings.HasPrefix(p, "/section/"):
		s.serveListing(w, r, p, "/section/")
	case strings.HasPrefix(p, "/tag/"):
		s.serveListing(w, r, p, "/tag/")
	case strings.HasPrefix(p, "/partner"):
		s.servePartner(w, r, p)
	case strings.HasPrefix(p, "/private/") || p == "/search":
		s.servePrivate(w, r)
	case strings.HasPrefix(p, "/faults/") && s.opts.Faults:
		s.serveFault(w, r, p[len("/faults/"):])
	case s.opts.Traps && strings.HasPrefix(p, "/amp/news/"):
		s.serveArticlePath(w, r, p[len("/amp"):], true)
	case s.opts.Traps && strings.HasPrefix(p, "/calendar/"):
		s.serveCalendar(w, r, p[len("/calendar/"):])
	case s.opts.Traps && p == "/trending/":
		s.serveTrending(w, r)
	default:
		s.notFound(w, r)
	}
}

// count records one request under its key: the path as sent (including any
// ";jsessionid=..." part) plus "?" and the raw query when there is one.
func (s *Site) count(r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	c, ok := s.hits.Load(key)
	if !ok {
		c, _ = s.hits.LoadOrStore(key, new(atomic.Int64))
	}
	c.(*atomic.Int64).Add(1)
}

// Hits returns how many requests the site has answered for key: a path as
// requested, followed by "?" and the raw query when the request had one
// ("/news/…/1-a.html?utm_source=x"). Fragments never reach a server.
func (s *Site) Hits(key string) int {
	if c, ok := s.hits.Load(key); ok {
		return int(c.(*atomic.Int64).Load())
	}
	return 0
}

// HitPaths returns a snapshot of every request key (as for Hits) and its
// count.
func (s *Site) HitPaths() map[string]int {
	m := map[string]int{}
	s.hits.Range(func(k, v any) bool {
		m[k.(string)] = int(v.(*atomic.Int64).Load())
		return true
	})
	return m
}

// Pair links a syndicated copy to the article it copies. Both are paths.
type Pair struct {
	// Copy is the partner page's path, /partner/<n>.html.
	Copy string
	// Original is the canonical path of the copied article.
	Original string
}

// Syndicated returns the partner copies and their originals, in copy order.
// A crawler should store the original once and mark the copy as its
// near-duplicate. The originals are all ViaAll articles, linked from the
// home page or section pages; the copies sit one level deeper (home ->
// /partners/ -> copy), but a concurrent crawler may still fetch a copy
// first, in which case the roles swap.
func (s *Site) Syndicated() []Pair {
	out := make([]Pair, len(s.partners))
	for i, a := range s.partners {
		out[i] = Pair{Copy: partnerPath(i + 1), Original: s.articles[a].path}
	}
	return out
}

// Disallowed returns the path prefixes robots.txt forbids in the site's
// RobotsMode: /private/ and /search normally (also with RobotsHuge, whose
// rules come first), "/" for Robots5xx (a crawler must then fetch nothing
// but robots.txt), and none for RobotsHTML and RobotsMissing (everything
// is allowed, /private/ included).
func (s *Site) Disallowed() []string {
	switch s.opts.RobotsMode {
	case Robots5xx:
		return []string{"/"}
	case RobotsHTML, RobotsMissing:
		return nil
	default:
		return []string{"/private/", "/search"}
	}
}

// buffer helpers -----------------------------------------------------------

func (s *Site) getBuf() *bytes.Buffer {
	b := s.bufs.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// send writes b as the complete response with status 200 and the given
// content type, and recycles b.
func (s *Site) send(w http.ResponseWriter, contentType string, b *bytes.Buffer) {
	s.sendStatus(w, http.StatusOK, contentType, b)
}

// conditionalWriter carries a request's If-None-Match to sendStatus.
type conditionalWriter struct {
	http.ResponseWriter
	ifNoneMatch string
}

func (s *Site) sendStatus(w http.ResponseWriter, status int, contentType string, b *bytes.Buffer) {
	h := w.Header()
	if status == http.StatusOK {
		// Every 200 page carries a strong ETag of its bytes, and a
		// conditional GET with the same tag gets 304 Not Modified.
		sum := fnv.New64a()
		sum.Write(b.Bytes())
		etag := `"` + strconv.FormatUint(sum.Sum64(), 16) + `"`
		h.Set("ETag", etag)
		if cw, ok := w.(*conditionalWriter); ok && cw.ifNoneMatch == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
	if b.Cap() <= 64<<10 {
		s.bufs.Put(b)
	}
}

const htmlType = "text/html; charset=utf-8"

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	b := s.getBuf()
	s.head(b, r, pageHead{title: "Page not found", ogType: "website"})
	b.WriteString("<main><h1>Page not found</h1><p>The page you asked for does not exist. Try the <a href=\"/\">home page</a>.</p></main>\n")
	s.foot(b)
	s.sendStatus(w, http.StatusNotFound, htmlType, b)
}

// base returns the scheme and host the request was made to, for absolute
// URLs in canonical links, sitemaps and feeds.
func base(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
