package breadcrumbs

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// maxName is the longest crumb name accepted, in bytes.
const maxName = 600

// cleanName decodes HTML entities (twice when double-escaped), strips stray
// tags and collapses white space.
func cleanName(s string) string {
	for range 2 {
		if !strings.Contains(s, "&") {
			break
		}
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "<") && strings.Contains(s, ">") {
		s = stripTags(s)
	}
	return page.CollapseSpace(s)
}

// stripTags removes <...> runs from s.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// badName says why name cannot be a crumb name, or "" when it can: empty,
// a template placeholder, "undefined"/"null", a URL, no letter or digit, or
// too long.
func badName(name string) string {
	switch {
	case name == "":
		return "empty name"
	case strings.Contains(name, "{{") || strings.Contains(name, "}}") || strings.Contains(name, "${"):
		return "template placeholder"
	case strings.EqualFold(name, "undefined") || strings.EqualFold(name, "null"):
		return "placeholder name"
	case hasURLPrefix(name):
		return "URL as name"
	case !hasAlnum(name):
		return "no letter or digit"
	case len(name) > maxName:
		return "name too long"
	}
	return ""
}

func hasURLPrefix(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// validate sets t.reason when the trail is unusable as a declared trail:
// fewer than two crumbs or a bad name.
func validate(t *trail) {
	if len(t.crumbs) < 2 {
		t.reason = "fewer than 2 crumbs"
		return
	}
	for _, c := range t.crumbs {
		if why := badName(c.Name); why != "" {
			t.reason = "crumb " + quote(c.Name) + ": " + why
			return
		}
	}
}

func quote(s string) string { return "\"" + page.Truncate(s, 40) + "\"" }

// resolver makes links absolute against the page's <base href> or URL.
type resolver struct {
	base *url.URL
}

func newResolver(p *page.Page, baseHref string) resolver {
	r := resolver{base: p.URL}
	if baseHref = strings.TrimSpace(baseHref); baseHref != "" {
		if p.URL != nil {
			if u, err := p.URL.Parse(baseHref); err == nil {
				r.base = u
			}
		} else if u, err := url.Parse(baseHref); err == nil && u.Host != "" {
			r.base = u
		}
	}
	return r
}

// resolve returns ref made absolute; "" for empty refs, javascript: links
// and bare fragments.
func (r resolver) resolve(ref string) string {
	ref = strings.TrimSpace(cleanRef(ref))
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ""
	}
	if l := strings.ToLower(ref); strings.HasPrefix(l, "javascript:") || strings.HasPrefix(l, "mailto:") {
		return ""
	}
	if r.base == nil {
		return ref
	}
	u, err := r.base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

func cleanRef(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return s
}
