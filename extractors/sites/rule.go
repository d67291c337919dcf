package sites

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
)

// Rule is one site's rule, compiled: its host patterns, the field rules
// that override the generic engine, the body selectors and the article URL
// patterns. A Rule is immutable once Parse returns it and safe for
// concurrent use.
type Rule struct {
	// Name identifies the rule in provenance ("site:NAME published"): the
	// name key when given, else the first host pattern.
	Name string
	// Hosts are the host patterns as written.
	Hosts []string
	// Notes is the rule's free-form notes key.
	Notes string
	// File is the file the rule was read from; Line the line of its entry.
	File string
	Line int

	patterns   []hostPattern
	fields     []*fieldRule // in FieldNames order
	body       []*selector
	remove     []*selector
	articleURL []*urlPattern
}

// Pos returns "FILE:LINE" of the rule's entry.
func (r *Rule) Pos() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// String returns "site:NAME (FILE:LINE)".
func (r *Rule) String() string { return fmt.Sprintf("site:%s (%s)", r.Name, r.Pos()) }

// Fields returns the names of the article fields the rule sets, in
// FieldNames order.
func (r *Rule) Fields() []string {
	out := make([]string, len(r.fields))
	for i, f := range r.fields {
		out[i] = f.name
	}
	return out
}

// HasBody reports whether the rule has body or remove selectors, that is
// whether applying it changes the tree the body pass reads.
func (r *Rule) HasBody() bool { return len(r.body) > 0 || len(r.remove) > 0 }

// BodySelectors returns the rule's body selectors as written.
func (r *Rule) BodySelectors() []string { return sources(r.body) }

// RemoveSelectors returns the rule's remove selectors as written.
func (r *Rule) RemoveSelectors() []string { return sources(r.remove) }

func sources(sels []*selector) []string {
	out := make([]string, len(sels))
	for i, s := range sels {
		out[i] = s.src
	}
	return out
}

// IsArticle reports whether u is an article according to the rule's
// article_url patterns, matched against the URL's path and query
// ("/news/2024/05/x.html?id=3"). decided is false when the rule has no
// article_url patterns.
func (r *Rule) IsArticle(u *url.URL) (article, decided bool) {
	if len(r.articleURL) == 0 || u == nil {
		return false, false
	}
	s := u.EscapedPath()
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	for _, p := range r.articleURL {
		if p.re.MatchString(s) {
			return true, true
		}
	}
	return false, true
}

// kind is how a field's values are read and checked.
type kind int

const (
	kindString kind = iota // one string
	kindURL                // one string, made absolute
	kindList               // many strings
	kindDate               // one time
	kindCrumbs             // a breadcrumb trail
)

// FieldNames returns the article fields a rule can set, in the order rules
// are applied and reported.
func FieldNames() []string {
	return []string{"title", "published", "modified", "authors", "section", "tags",
		"description", "image", "language", "site_name", "canonical_url", "breadcrumbs"}
}

func fieldKind(name string) (kind, bool) {
	switch name {
	case "title", "section", "description", "language", "site_name":
		return kindString, true
	case "image", "canonical_url":
		return kindURL, true
	case "authors", "tags":
		return kindList, true
	case "published", "modified":
		return kindDate, true
	case "breadcrumbs":
		return kindCrumbs, true
	}
	return 0, false
}

// fieldRule is the rule for one article field: specs tried in order, the
// first that yields a value wins.
type fieldRule struct {
	name  string
	kind  kind
	line  int
	specs []*spec
}

// spec is one way of reading a field: a selector, what to read from the
// elements it matches, and how to clean the value.
type spec struct {
	line   int
	sel    *selector
	attr   string         // "" = default for the element, "text" = text
	re     *regexp.Regexp // nil = keep the whole value
	layout string         // Go layout; "" = the default layouts
	source string         // the layout as written (Go or strftime)
	loc    *time.Location // zone for layouts without one; nil = UTC
	split  string         // list fields: separator inside one value
}

// selector is a compiled CSS selector with its source text.
type selector struct {
	src  string
	line int
	sel  cascadia.Selector
}

// urlPattern is a compiled article_url regular expression.
type urlPattern struct {
	src string
	re  *regexp.Regexp
}

// hostPattern is one compiled host pattern: "example.org" (the host and
// its www. form), "*.example.org" (the domain and every subdomain), either
// optionally followed by a path prefix ("example.org/sport/").
type hostPattern struct {
	host     string // without "*." and "www."
	wildcard bool
	path     string // "" or a prefix starting with "/"
}

// specificity orders patterns: a longer host beats a shorter one, an exact
// host beats a wildcard of the same length, then a longer path prefix wins.
func (h hostPattern) specificity() [2]int {
	s := 2 * (strings.Count(h.host, ".") + 1)
	if !h.wildcard {
		s++
	}
	return [2]int{s, len(h.path)}
}

// match reports whether the pattern matches host (lower case, without port
// and "www.") and path.
func (h hostPattern) match(host, path string) bool {
	if host != h.host && !(h.wildcard && strings.HasSuffix(host, "."+h.host)) {
		return false
	}
	if h.path == "" {
		return true
	}
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, h.path) {
		return false
	}
	return len(path) == len(h.path) || strings.HasSuffix(h.path, "/") || path[len(h.path)] == '/'
}

// Match reports whether the rule applies to u and, when it does, how
// specific its best matching pattern is; higher is more specific (compare
// with Compare).
func (r *Rule) Match(u *url.URL) (spec [2]int, ok bool) {
	if u == nil {
		return spec, false
	}
	host := normalizeHost(u.Hostname())
	for _, p := range r.patterns {
		if p.match(host, u.EscapedPath()) {
			if s := p.specificity(); !ok || Compare(s, spec) > 0 {
				spec, ok = s, true
			}
		}
	}
	return spec, ok
}

// Compare compares two specificities from Match: -1, 0 or +1.
func Compare(a, b [2]int) int {
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}

// normalizeHost lower-cases host and drops a trailing dot and a leading
// "www.".
func normalizeHost(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return strings.TrimPrefix(host, "www.")
}
