package meta

import (
	"net/url"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The simple fields are each the first non-empty value of a cascade of
// sources; the sources that lost are recorded as rejected.

// cascadeItem is one source of a simple field.
type cascadeItem struct {
	value string
	src   provenance.Source
}

// decide returns the first item's value and the decision for field.
func decide(field string, items []cascadeItem) (string, provenance.Decision) {
	d := provenance.Decision{Field: field}
	for _, it := range items {
		if it.value == "" {
			continue
		}
		if d.Source == nil {
			src := it.src
			d.Value, d.Source, d.Confidence = it.value, &src, 0.9
			continue
		}
		if len(d.Rejected) < 8 {
			reason := "lower priority"
			if it.value == d.Value {
				reason = "same value, lower priority"
			}
			d.Rejected = append(d.Rejected, provenance.Candidate{Value: it.value, Source: it.src, Reason: reason})
		}
	}
	return d.Value, d
}

// metaItems returns the <meta> tags with the given keys, in key order,
// cleaned by fn.
func metaItems(p *page.Page, fn func(string) string, keys ...string) []cascadeItem {
	var out []cascadeItem
	for _, k := range keys {
		for _, m := range p.MetaAll(k) {
			out = append(out, cascadeItem{value: fn(m.Content), src: provenance.Source{Rule: "meta." + k, Node: page.Describe(m.Node), Attr: "content", Raw: truncate(m.Content)}})
			break
		}
	}
	return out
}

// jsonldItems returns key of the page's article objects (then of any
// object) as items, cleaned by fn.
func jsonldItems(p *page.Page, fn func(string) string, key string) []cascadeItem {
	var out []cascadeItem
	for pass := 0; pass < 2; pass++ {
		for _, o := range p.JSONLD {
			if o.HasType(articleTypes...) != (pass == 0) {
				continue
			}
			if v := o.String(key); v != "" {
				out = append(out, cascadeItem{value: fn(v), src: provenance.Source{Rule: "jsonld." + key, Node: o.Describe(), Attr: key, Raw: truncate(v)}})
			}
		}
	}
	return out
}

// findDescription decides the description.
func findDescription(p *page.Page) (string, provenance.Decision) {
	items := metaItems(p, clean, "og:description", "description", "twitter:description", "dc.description")
	items = append(items, jsonldItems(p, clean, "description")...)
	return decide("description", items)
}

// findSection decides the section.
func findSection(p *page.Page) (string, provenance.Decision) {
	items := metaItems(p, clean, "article:section", "section", "parsely-section", "sailthru.section")
	for pass := 0; pass < 2; pass++ {
		for _, o := range p.JSONLD {
			if o.HasType(articleTypes...) != (pass == 0) {
				continue
			}
			if v := page.Strings(o.Object["articleSection"]); len(v) > 0 {
				items = append(items, cascadeItem{value: clean(v[0]), src: provenance.Source{Rule: "jsonld.articleSection", Node: o.Describe(), Attr: "articleSection", Raw: truncate(strings.Join(v, ", "))}})
			}
		}
	}
	return decide("section", items)
}

// findTags collects the tags from article:tag, the keywords meta tags and
// JSON-LD keywords, split at commas and deduplicated (case-insensitively).
func findTags(p *page.Page) ([]string, provenance.Decision) {
	d := provenance.Decision{Field: "tags"}
	var out []string
	seen := map[string]bool{}
	add := func(raw string, src provenance.Source, split bool) {
		parts := []string{raw}
		if split {
			parts = strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '|' })
		}
		for _, t := range parts {
			t = clean(t)
			k := strings.ToLower(t)
			if t == "" || len(t) > 100 {
				continue
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if len(out) >= 50 {
				d.Rejected = append(d.Rejected, provenance.Candidate{Value: t, Source: src, Reason: "more than 50 tags"})
				return
			}
			out = append(out, t)
			if d.Source == nil {
				s := src
				d.Source = &s
			}
		}
	}
	for _, m := range p.MetaAll("article:tag") {
		add(m.Content, provenance.Source{Rule: "meta.article:tag", Node: page.Describe(m.Node), Attr: "content", Raw: truncate(m.Content)}, false)
	}
	for _, k := range [...]string{"keywords", "news_keywords", "parsely-tags"} {
		for _, m := range p.MetaAll(k) {
			add(m.Content, provenance.Source{Rule: "meta." + k, Node: page.Describe(m.Node), Attr: "content", Raw: truncate(m.Content)}, true)
		}
	}
	for _, o := range p.JSONLD {
		if !o.HasType(articleTypes...) {
			continue
		}
		v := o.Object["keywords"]
		if list, ok := v.([]any); ok {
			for _, s := range page.Strings(list) {
				add(s, provenance.Source{Rule: "jsonld.keywords", Node: o.Describe(), Attr: "keywords", Raw: truncate(s)}, false)
			}
		} else if s := page.String(v); s != "" {
			add(s, provenance.Source{Rule: "jsonld.keywords", Node: o.Describe(), Attr: "keywords", Raw: truncate(s)}, true)
		}
	}
	d.Value = strings.Join(out, ", ")
	if d.Source != nil {
		d.Confidence = 0.9
	}
	return out, d
}

// absURL resolves ref against the page and keeps it only when the result
// is an absolute http(s) URL.
func absURL(p *page.Page, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "javascript:") {
		return ""
	}
	abs := p.Resolve(ref)
	u, err := url.Parse(abs)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// findImage decides the lead image.
func findImage(p *page.Page) (string, provenance.Decision) {
	fn := func(s string) string { return absURL(p, s) }
	items := metaItems(p, fn, "og:image", "og:image:url", "og:image:secure_url")
	for _, o := range p.JSONLD {
		if !o.HasType(articleTypes...) {
			continue
		}
		img := o.Object["image"]
		if m, ok := img.(map[string]any); ok {
			img = m["url"]
		} else if list, ok := img.([]any); ok && len(list) > 0 {
			if m, ok := list[0].(map[string]any); ok {
				img = m["url"]
			}
		}
		if v := page.String(img); v != "" {
			items = append(items, cascadeItem{value: fn(v), src: provenance.Source{Rule: "jsonld.image", Node: o.Describe(), Attr: "image", Raw: truncate(v)}})
		}
	}
	items = append(items, metaItems(p, fn, "twitter:image", "twitter:image:src", "thumbnail")...)
	if n := findLink(p.Root, "image_src"); n != nil {
		items = append(items, cascadeItem{value: fn(page.Attr(n, "href")), src: provenance.Source{Rule: "link.image_src", Node: page.Describe(n), Attr: "href", Raw: truncate(page.Attr(n, "href"))}})
	}
	return decide("image", items)
}

// findCanonical decides the canonical URL.
func findCanonical(p *page.Page) (string, provenance.Decision) {
	fn := func(s string) string { return absURL(p, s) }
	var items []cascadeItem
	if n := findLink(p.Root, "canonical"); n != nil {
		items = append(items, cascadeItem{value: fn(page.Attr(n, "href")), src: provenance.Source{Rule: "link.canonical", Node: page.Describe(n), Attr: "href", Raw: truncate(page.Attr(n, "href"))}})
	}
	items = append(items, metaItems(p, fn, "og:url")...)
	return decide("canonical_url", items)
}

// findLink returns the first <link> in <head> whose rel has the given
// token. Only the head is walked.
func findLink(root *html.Node, rel string) *html.Node {
	head := headElement(root)
	if head == nil {
		return nil
	}
	for c := range head.Descendants() {
		if c.Type == html.ElementNode && c.DataAtom == atom.Link {
			for _, r := range strings.Fields(strings.ToLower(page.Attr(c, "rel"))) {
				if r == rel {
					return c
				}
			}
		}
	}
	return nil
}

// headElement returns the document's <head>, stopping at <body>; nil when
// there is none before it.
func headElement(root *html.Node) *html.Node {
	for c := range root.Descendants() {
		if c.Type == html.ElementNode && c.DataAtom == atom.Head {
			return c
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Body {
			return nil
		}
	}
	return nil
}
