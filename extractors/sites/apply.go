package sites

import (
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/breadcrumbs"
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Found is the value one field rule found on a page.
type Found struct {
	// Field is the Article JSON key ("published").
	Field string
	// Text holds the value of a one-string field (title, image, ...).
	Text string
	// List holds the values of authors and tags.
	List []string
	// Time holds the value of published and modified.
	Time *time.Time
	// Crumbs holds the breadcrumb trail.
	Crumbs []breadcrumbs.Crumb
	// Source says where the value was read; its Rule is
	// "site:NAME FIELD (FILE:LINE)".
	Source provenance.Source
}

// Value returns the found value as text, as provenance records it.
func (f Found) Value() string {
	switch {
	case f.Time != nil:
		return f.Time.Format(time.RFC3339)
	case f.List != nil:
		return strings.Join(f.List, "; ")
	case f.Crumbs != nil:
		names := make([]string, len(f.Crumbs))
		for i, c := range f.Crumbs {
			names[i] = c.Name
		}
		return strings.Join(names, " » ")
	}
	return f.Text
}

// Miss says why a field rule found nothing on a page; the generic value
// is kept.
type Miss struct {
	// Field is the Article JSON key.
	Field string
	// Rule is "site:NAME FIELD (FILE:LINE)".
	Rule string
	// Reason says what failed, e.g. "selector span.date matched nothing".
	Reason string
}

// Apply evaluates every field rule of r on p and returns, in FieldNames
// order, the values found and the fields whose rule found nothing. It only
// reads p.
func (r *Rule) Apply(p *page.Page) (found []Found, missed []Miss) {
	for _, f := range r.fields {
		v, line, reason := f.apply(p)
		if line == 0 {
			missed = append(missed, Miss{Field: f.name, Rule: r.ruleName(f.name, f.line), Reason: reason})
			continue
		}
		v.Field = f.name
		v.Source.Rule = r.ruleName(f.name, line)
		found = append(found, v)
	}
	return found, missed
}

// ruleName formats the provenance rule name "site:NAME FIELD (FILE:LINE)".
func (r *Rule) ruleName(field string, line int) string {
	return fmt.Sprintf("site:%s %s (%s:%d)", r.Name, field, r.File, line)
}

// apply tries the field's specs in order and returns the first value found
// with the line of the spec that found it, or line 0 and why none did.
func (f *fieldRule) apply(p *page.Page) (v Found, line int, reason string) {
	var reasons []string
	for _, s := range f.specs {
		v, reason, ok := s.apply(p, f.kind)
		if ok {
			return v, s.line, ""
		}
		reasons = append(reasons, reason)
	}
	return Found{}, 0, strings.Join(reasons, "; ")
}

func (s *spec) apply(p *page.Page, k kind) (Found, string, bool) {
	nodes := p.Doc.FindMatcher(s.sel.sel).Nodes
	if len(nodes) == 0 {
		return Found{}, fmt.Sprintf("selector %q matched nothing", s.sel.src), false
	}
	var (
		out    Found
		first  *html.Node
		raw    string
		reason string
		seen   = map[string]bool{}
	)
	for _, n := range nodes {
		v, attr, ok := s.read(n)
		if !ok {
			reason = fmt.Sprintf("selector %q matched no element with attribute %q", s.sel.src, s.attr)
			continue
		}
		cleaned, ok := s.clean(v)
		if !ok {
			reason = fmt.Sprintf("regex %q did not match %q", s.re.String(), page.Truncate(v, 60))
			continue
		}
		if cleaned == "" {
			reason = fmt.Sprintf("selector %q found only empty values", s.sel.src)
			continue
		}
		switch k {
		case kindString, kindURL:
			if k == kindURL {
				cleaned = p.Resolve(cleaned)
			}
			out.Text = cleaned
		case kindDate:
			t, err := s.parseDate(cleaned)
			if err != nil {
				reason = err.Error()
				continue
			}
			out.Time = &t
		case kindList:
			parts := []string{cleaned}
			if s.split != "" {
				parts = strings.Split(cleaned, s.split)
			}
			for _, part := range parts {
				part = page.CollapseSpace(part)
				if part != "" && !seen[strings.ToLower(part)] {
					seen[strings.ToLower(part)] = true
					out.List = append(out.List, part)
				}
			}
		case kindCrumbs:
			out.Crumbs = append(out.Crumbs, breadcrumbs.Crumb{Name: cleaned, URL: crumbURL(p, n)})
		}
		if first == nil {
			first, raw = n, v
			out.Source.Attr = attr
		}
		if k != kindList && k != kindCrumbs {
			break
		}
	}
	if first == nil {
		return Found{}, reason, false
	}
	out.Source.Node = page.Describe(first)
	out.Source.Raw = page.Truncate(raw, 120)
	return out, "", true
}

// read returns the value of n that the spec reads and the attribute it was
// read from ("" for text). Without attr, a <meta> gives its content, an
// <img> its src, a <link> its href and any other element its text.
func (s *spec) read(n *html.Node) (value, attr string, ok bool) {
	attr = s.attr
	if attr == "" {
		switch n.DataAtom {
		case atom.Meta:
			attr = "content"
		case atom.Img:
			attr = "src"
		case atom.Link:
			attr = "href"
		}
	}
	if attr == "" || attr == "text" {
		return page.Text(n), "", true
	}
	v, ok := page.AttrOK(n, attr)
	return strings.TrimSpace(v), attr, ok
}

// clean applies the spec's regex (its first capture group, or the whole
// match when it has none) and collapses white space. ok is false when the
// regex does not match.
func (s *spec) clean(v string) (string, bool) {
	if s.re != nil {
		m := s.re.FindStringSubmatch(v)
		if m == nil {
			return "", false
		}
		v = m[0]
		if len(m) > 1 {
			v = m[1]
		}
	}
	return page.CollapseSpace(v), true
}

// crumbURL is the link of a breadcrumb element: its own href or that of
// its first descendant link, absolute.
func crumbURL(p *page.Page, n *html.Node) string {
	if href, ok := page.AttrOK(n, "href"); ok {
		return p.Resolve(href)
	}
	if a := goquery.NewDocumentFromNode(n).Find("a[href]").First(); a.Length() > 0 {
		return p.Resolve(a.AttrOr("href", ""))
	}
	return ""
}
