package crawl

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is one followable link of a page.
type Link struct {
	// URL is the link's target, absolute http(s), without fragment.
	URL string
	// Text is the anchor text, whitespace-collapsed, at most 200 bytes.
	Text string
	// Nofollow is true when rel includes nofollow, ugc or sponsored.
	Nofollow bool
	// Kind is NonHTMLKind(URL): "" for a probable HTML page, else the
	// kind of file ("pdf", "image", ...) the crawler can skip unfetched.
	Kind string
}

// LinkOptions tune ExtractLinks. The zero value keeps every link.
type LinkOptions struct {
	// SkipNofollow drops links whose rel includes nofollow, ugc or
	// sponsored. False keeps them (nofollow is about ranking, not
	// crawling) with Link.Nofollow set.
	SkipNofollow bool
	// SkipNonHTML drops links whose Kind is not "". False keeps them.
	SkipNonHTML bool
	// SkipText leaves Link.Text empty: the crawler follows links by URL
	// and need not walk each link's text.
	SkipText bool
}

// maxLinkText bounds Link.Text.
const maxLinkText = 200

// ExtractLinks returns the links of a parsed page worth following: the
// href of every <a> and <area> outside <head>, resolved against the page's
// <base href> and pageURL, in page order, each URL once (fragments cut).
// javascript:, mailto:, tel:, data: and other non-http(s) links,
// fragment-only links ("#top") and links back to the page itself are
// dropped; feeds announced in <head> come from DiscoverFeeds. The tree is
// not modified.
func ExtractLinks(root *html.Node, pageURL string, opts LinkOptions) []Link {
	base := BaseURL(root, pageURL)
	self := selfURL(base, pageURL)
	var out []Link
	seen := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				if c.Type == html.DocumentNode {
					walk(c)
				}
				continue
			}
			switch c.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Template, atom.Noscript:
				continue
			case atom.A, atom.Area:
				if l, ok := makeLink(c, base, &opts); ok && l.URL != self && !seen[l.URL] {
					if !(opts.SkipNofollow && l.Nofollow) && !(opts.SkipNonHTML && l.Kind != "") {
						seen[l.URL] = true
						out = append(out, l)
					}
				}
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

// selfURL returns the page's own address as ExtractLinks drops links to
// it: pageURL without its fragment, "" when base is nil.
func selfURL(base *url.URL, pageURL string) string {
	if base == nil {
		return ""
	}
	pu, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	pu.Fragment, pu.RawFragment = "", ""
	return pu.String()
}

// linkHref returns the href of an <a> or <area>, trimmed, or false when
// it has none worth resolving (missing, empty, fragment-only).
func linkHref(n *html.Node) (string, bool) {
	href, ok := attrOK(n, "href")
	href = strings.TrimSpace(href)
	if !ok || href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	return href, true
}

// makeLink builds the Link of an <a> or <area>, or reports false.
func makeLink(n *html.Node, base *url.URL, opts *LinkOptions) (Link, bool) {
	href, ok := linkHref(n)
	if !ok {
		return Link{}, false
	}
	u := absHTTP(base, href)
	if u == "" {
		return Link{}, false
	}
	rel := attr(n, "rel")
	l := Link{
		URL:      u,
		Nofollow: hasToken(rel, "nofollow") || hasToken(rel, "ugc") || hasToken(rel, "sponsored"),
		Kind:     NonHTMLKind(u),
	}
	if !opts.SkipText {
		l.Text = truncateString(collapse(textOf(n, maxLinkText*2)), maxLinkText)
	}
	return l, true
}

// pageHrefs returns, in page order, the hrefs (trimmed, unresolved) of
// the feeds a page announces, as DiscoverFeeds finds them, and of its
// links, as ExtractLinks finds them, in one walk of the tree.
func pageHrefs(root *html.Node) (feeds, links []string) {
	var walk func(n *html.Node, inLinks bool)
	walk = func(n *html.Node, inLinks bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				if c.Type == html.DocumentNode {
					walk(c, inLinks)
				}
				continue
			}
			childLinks := inLinks
			switch c.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Template, atom.Noscript:
				childLinks = false // ExtractLinks does not look there; DiscoverFeeds does
			case atom.A, atom.Area:
				if href, ok := linkHref(c); ok && inLinks {
					if links == nil {
						links = make([]string, 0, 32) // a news page has dozens
					}
					links = append(links, href)
				}
			case atom.Link:
				if _, ok := feedType(c); ok {
					feeds = append(feeds, strings.TrimSpace(attr(c, "href")))
				}
			}
			walk(c, childLinks)
		}
	}
	walk(root, true)
	return feeds, links
}

// BaseURL returns the URL relative links of the page resolve against: the
// first <base href> resolved against pageURL, else pageURL; nil when
// neither is an absolute URL.
func BaseURL(root *html.Node, pageURL string) *url.URL {
	page, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || !page.IsAbs() {
		page = nil
	}
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Base {
			href, ok := attrOK(n, "href")
			if !ok {
				continue
			}
			b, err := url.Parse(strings.TrimSpace(href))
			if err != nil {
				break
			}
			if page != nil {
				b = page.ResolveReference(b)
			}
			if b.IsAbs() {
				return b
			}
			break
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			break // <base> belongs in <head>
		}
	}
	return page
}

// nonHTMLExt maps file extensions (lower case, without the dot) to the
// kind of non-HTML file they name.
var nonHTMLExt = map[string]string{
	"pdf": "pdf",
	"jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "webp": "image",
	"svg": "image", "bmp": "image", "ico": "image", "tif": "image", "tiff": "image",
	"avif": "image", "heic": "image",
	"mp4": "video", "m4v": "video", "mov": "video", "avi": "video", "mkv": "video",
	"webm": "video", "wmv": "video", "flv": "video", "mpg": "video", "mpeg": "video",
	"m3u8": "video",
	"mp3":  "audio", "wav": "audio", "ogg": "audio", "oga": "audio", "m4a": "audio",
	"aac": "audio", "flac": "audio", "opus": "audio",
	"zip": "archive", "gz": "archive", "tgz": "archive", "tar": "archive", "bz2": "archive",
	"xz": "archive", "7z": "archive", "rar": "archive", "dmg": "archive", "iso": "archive",
	"exe": "binary", "msi": "binary", "apk": "binary", "deb": "binary", "rpm": "binary", "bin": "binary",
	"doc": "document", "docx": "document", "xls": "document", "xlsx": "document",
	"ppt": "document", "pptx": "document", "odt": "document", "ods": "document",
	"odp": "document", "rtf": "document", "epub": "document", "csv": "document",
	"css": "asset", "js": "asset", "mjs": "asset", "woff": "asset", "woff2": "asset",
	"ttf": "asset", "otf": "asset", "eot": "asset", "map": "asset",
	"xml": "xml", "rss": "xml", "atom": "xml", "json": "data", "txt": "text",
}

// NonHTMLKind classifies a URL by the extension of its path's last segment
// so that the crawler can skip files it would not extract without fetching
// them: "pdf", "image", "video", "audio", "archive", "binary", "document",
// "asset" (styles, scripts, fonts), "xml" (feeds and sitemaps: discovered
// separately), "data" or "text". It returns "" for everything else,
// including .html, .php and extension-less paths.
func NonHTMLKind(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(u.Path), "."))
	return nonHTMLExt[ext]
}

// TrapThreshold is the TrapScore at or above which a URL should not be
// followed: a probable crawler trap (calendar, faceted search, session
// loop).
const TrapThreshold = 4

// TrapScore rates how likely rawURL belongs to an infinite URL space, for
// a crawler that must bound such spaces, and says why. Points:
//
//   - a path segment repeated 3 or more times (+2 per extra repeat), or
//     the same segment twice in a row (+2): /a/b/a/b/a/b, /x/x/;
//   - a path deeper than 10 segments (+1 each beyond);
//   - a query longer than 200 bytes (+2) or with more than 6 parameters
//     (+1 each beyond);
//   - 3 or more query parameters with numeric values (+1 each from the
//     third), as in calendars and faceted filters;
//   - a year/month(/day) path or date parameter after now plus a day (+4),
//     or before 1995 (+4): calendars paging forever;
//   - a page number above 500 in /page/N or ?page=N (+2).
//
// A score of TrapThreshold or more is a trap. now is the reference for
// future dates. The reason lists the rules that scored, "" when none did.
func TrapScore(rawURL string, now time.Time) (score int, reason string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, ""
	}
	var why []string
	add := func(points int, format string, args ...any) {
		score += points
		why = append(why, fmt.Sprintf(format, args...))
	}
	var buf [16]string
	segs := appendSegments(buf[:0], u.Path)

	if hasRepeatedSegment(segs) { // else neither rule scores
		counts := map[string]int{}
		for i, s := range segs {
			if isDigits(s) {
				continue // /2024/05/05/ is a date, not a loop
			}
			counts[s]++
			if i > 0 && segs[i-1] == s {
				add(2, "segment %q repeated in a row", s)
			}
		}
		for _, s := range segs {
			if n := counts[s]; n >= 3 {
				add(2*(n-2), "segment %q %d times", s, n)
				counts[s] = 0 // count each segment once
			}
		}
	}
	if len(segs) > 10 {
		add(len(segs)-10, "%d path segments", len(segs))
	}

	var q url.Values // nil, as good as empty, without a query
	if u.RawQuery != "" {
		q = u.Query()
	}
	if len(u.RawQuery) > 200 {
		add(2, "query of %d bytes", len(u.RawQuery))
	}
	nparams := 0
	numeric := 0
	for _, vs := range q {
		for _, v := range vs {
			nparams++
			if _, err := strconv.ParseFloat(v, 64); err == nil && v != "" {
				numeric++
			}
		}
	}
	if nparams > 6 {
		add(nparams-6, "%d query parameters", nparams)
	}
	if numeric >= 3 {
		add(numeric-2, "%d numeric parameters", numeric)
	}

	if d, ok := dateInURL(segs, q); ok {
		switch {
		case d.After(now.AddDate(0, 0, 1)):
			add(4, "date %s in the future", d.Format("2006-01-02"))
		case d.Year() < 1995:
			add(4, "date %s before 1995", d.Format("2006-01-02"))
		}
	}
	if n := pageNumber(segs, q); n > 500 {
		add(2, "page %d", n)
	}
	return score, strings.Join(why, "; ")
}

// splitPath returns the non-empty segments of a path.
func splitPath(p string) []string { return appendSegments(nil, p) }

// appendSegments appends the non-empty segments of a path to segs.
func appendSegments(segs []string, p string) []string {
	for p != "" {
		s := p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			s, p = p[:i], p[i+1:]
		} else {
			p = ""
		}
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// hasRepeatedSegment reports whether a segment that is not all digits
// occurs twice in segs.
func hasRepeatedSegment(segs []string) bool {
	for i, s := range segs {
		if isDigits(s) {
			continue
		}
		for _, t := range segs[i+1:] {
			if s == t {
				return true
			}
		}
	}
	return false
}

// errNotNumber is atoi's error, allocated once.
var errNotNumber = errors.New("not a number")

// atoi is strconv.Atoi without the cost of its error for strings that
// cannot be numbers (empty, or starting with neither a digit nor a sign),
// which TrapScore tries on every path segment.
func atoi(s string) (int, error) {
	if s == "" || s[0] != '+' && s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return 0, errNotNumber
	}
	return strconv.Atoi(s)
}

// dateInURL finds a calendar date in a path (/2024/05, /2024/05/17,
// /2024-05-17) or in a query parameter value (date=2024-05-17,
// year=2024&month=5, month=2024-05). It returns the first day it names,
// taking the path first, then the parameters by name.
func dateInURL(segs []string, q url.Values) (time.Time, bool) {
	for i, s := range segs {
		if t, ok := parseYMD(s); ok {
			return t, true
		}
		y, ok := yearOf(s)
		if !ok || i+1 >= len(segs) {
			continue
		}
		m, err := atoi(segs[i+1])
		if err != nil || m < 1 || m > 12 {
			continue
		}
		day := 1
		if i+2 < len(segs) {
			if d, err := atoi(segs[i+2]); err == nil && d >= 1 && d <= 31 {
				day = d
			}
		}
		return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC), true
	}
	// Parameters in name order: a map's order would make the first date,
	// and so the score, change from one call to the next.
	for _, k := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[k] {
			if t, ok := parseYMD(v); ok {
				return t, true
			}
		}
	}
	if y, ok := yearOf(q.Get("year")); ok {
		m, _ := atoi(q.Get("month"))
		if m < 1 || m > 12 {
			m = 1
		}
		return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// parseYMD reads "2024-05-17", "2024-05" or "20240517".
func parseYMD(s string) (time.Time, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false // every layout starts with a year
	}
	for _, layout := range [...]string{"2006-01-02", "2006-01", "20060102"} {
		if len(s) == len(layout) {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// yearOf reads a four-digit year between 1000 and 2999.
func yearOf(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := atoi(s)
	return y, err == nil && y >= 1000 && y <= 2999
}

// pageNumber returns the page of /page/N or ?page=N (also p, pg, paged),
// or 0.
func pageNumber(segs []string, q url.Values) int {
	for i := 0; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], "page") {
			if n, err := atoi(segs[i+1]); err == nil {
				return n
			}
		}
	}
	for _, k := range [...]string{"page", "pg", "paged"} {
		if n, err := atoi(q.Get(k)); err == nil {
			return n
		}
	}
	return 0
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// attrOK returns n's attribute key and whether it is present.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// hasToken reports whether the space-separated list s holds tok,
// ignoring case.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textOf returns the text under n, stopping after about limit bytes.
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
			if b.Len() > limit {
				break
			}
		}
	}
	return b.String()
}

// collapse trims s and collapses its runs of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
