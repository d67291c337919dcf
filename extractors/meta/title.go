package meta

import (
	"slices"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Title selection: the visible headline is the answer; metadata titles
// (og:title, JSON-LD headline, twitter:title, <title>) confirm which visible
// heading it is. Without a confirmed heading the best metadata title is
// used, stripped of the site name where the evidence names it.

// kickerWords are class words of the short line shown above or before a
// headline.
var kickerWords = []string{"kicker", "topline", "overline", "eyebrow", "dachzeile", "roofline", "supertitle", "overtitle", "pretitle", "label", "category", "rubric", "flag", "tag", "section", "subtitle", "subheadline", "date", "time"}

// metaTitle is a metadata title with its cleaned form.
type metaTitle struct {
	raw, cleaned string
	rawToks      []string
	toks         []string
	src          provenance.Source
	weight       float64
}

// titleVariant is one reading of a visible heading.
type titleVariant struct {
	text  string
	toks  []string
	bonus float64
	note  string
}

// segments splits a title at its separators.
func segments(s string) []string {
	idx := findSeps(s)
	if len(idx) == 0 {
		return []string{s}
	}
	var out []string
	prev := 0
	for _, m := range idx {
		out = append(out, s[prev:m[0]])
		prev = m[1]
	}
	return append(out, s[prev:])
}

// stripSite removes leading and trailing segments that name the site.
// Segments are cut only on evidence; a title that is only the site name is
// returned as is.
func stripSite(s string, site siteNames) string {
	idx := findSeps(s)
	if len(idx) == 0 {
		return s
	}
	start, end := 0, len(s)
	// Trailing segments.
	for i := len(idx) - 1; i >= 0; i-- {
		m := idx[i]
		if m[0] <= start {
			break
		}
		if site.matches(s[m[1]:end]) && strings.TrimSpace(s[start:m[0]]) != "" {
			end = m[0]
			continue
		}
		break
	}
	// Leading segments.
	for _, m := range idx {
		if m[1] >= end {
			break
		}
		if m[0] < start {
			continue
		}
		if site.matches(s[start:m[0]]) && strings.TrimSpace(s[m[1]:end]) != "" {
			start = m[1]
			continue
		}
		break
	}
	return strings.TrimSpace(s[start:end])
}

// metaTitles collects the metadata titles in order of trust.
func metaTitles(p *page.Page, site siteNames) []metaTitle {
	var out []metaTitle
	add := func(raw string, src provenance.Source, w float64) {
		c := clean(raw)
		if c == "" || len(c) > 600 {
			return
		}
		src.Raw = truncate(raw)
		cl := stripSite(c, site)
		out = append(out, metaTitle{raw: c, cleaned: cl, rawToks: tokens(c), toks: tokens(cl), src: src, weight: w})
	}
	for _, key := range [...]string{"og:title", "twitter:title", "headline", "dc.title", "parsely-title", "sailthru.title"} {
		for _, m := range p.MetaAll(key) {
			w := 1.0
			if key != "og:title" {
				w = 0.9
			}
			add(m.Content, provenance.Source{Rule: "meta." + key, Node: page.Describe(m.Node), Attr: "content"}, w)
			break
		}
	}
	for _, o := range p.JSONLD {
		if h := o.String("headline"); h != "" {
			add(h, provenance.Source{Rule: "jsonld.headline", Node: o.Describe(), Attr: "headline"}, 1.0)
		}
		if o.HasType(articleTypes...) {
			if n := o.String("name"); n != "" {
				add(n, provenance.Source{Rule: "jsonld.name", Node: o.Describe(), Attr: "name"}, 0.9)
			}
		}
	}
	if t := titleElement(p.Root); t != nil {
		add(page.Text(t), provenance.Source{Rule: "html.title", Node: "title"}, 0.8)
	}
	return out
}

// articleTypes are the JSON-LD types of an article.
var articleTypes = []string{"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "TechArticle", "ScholarlyArticle", "Report", "LiveBlogPosting", "SocialMediaPosting", "WebPage", "VideoObject", "Recipe", "Review", "PressRelease"}

// titleElement returns the document's <title> (the first one in <head>, or
// outside <svg>), without walking the body when the head has one.
func titleElement(root *html.Node) *html.Node {
	head := headElement(root)
	if head == nil {
		return nil
	}
	for c := range head.Descendants() {
		if c.Type == html.ElementNode && c.DataAtom == atom.Title {
			return c
		}
	}
	return nil
}

// headingVariants reads a heading: its full visible text, the text without
// a leading kicker child, and the text split at separators.
func headingVariants(n *html.Node) []titleVariant {
	// Permalink anchors ("¶", "#") trail headings in documentation pages.
	full := strings.TrimRight(visibleText(n), " ¶#§🔗")
	if full == "" {
		return nil
	}
	out := []titleVariant{{text: full, toks: tokens(full)}}
	add := func(t string, bonus float64, note string) {
		t = strings.TrimSpace(strings.Trim(strings.TrimSpace(t), ":|-–—»·"))
		if t == "" || t == full {
			return
		}
		for _, v := range out {
			if v.text == t {
				return
			}
		}
		out = append(out, titleVariant{text: t, toks: tokens(t), bonus: bonus, note: note})
	}
	// Children that are kickers (by class) or a short leading element.
	var parts []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if c.Type == html.CommentNode {
			continue
		}
		parts = append(parts, c)
	}
	if len(parts) == 1 && parts[0].Type == html.ElementNode && parts[0].DataAtom == atom.A {
		// <h1><a><span class=kicker>..</span> Title</a></h1>
		a := parts[0]
		parts = parts[:0]
		for c := a.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
				continue
			}
			parts = append(parts, c)
		}
	}
	if len(parts) >= 2 {
		var kept []string
		dropped := false
		for i, c := range parts {
			if c.Type == html.ElementNode && isKicker(c) && (i == 0 || i < len(parts)-1 || len(parts) > 1) {
				dropped = true
				continue
			}
			if t := visibleText(c); t != "" {
				kept = append(kept, t)
			}
		}
		if dropped {
			add(strings.Join(kept, " "), 0.6, "kicker removed")
		}
		// The text without the first and without the last part.
		if first := parts[0]; first.Type == html.ElementNode {
			add(strings.TrimPrefix(full, visibleText(first)), -0.1, "leading part removed")
		}
		if last := parts[len(parts)-1]; last.Type == html.ElementNode {
			add(strings.TrimSuffix(full, visibleText(last)), -0.2, "trailing part removed")
		}
	}
	if segs := segments(full); len(segs) > 1 {
		add(strings.Join(segs[1:], " "), -0.2, "leading segment removed")
	}
	return out
}

// isKicker reports whether a child of a heading is a kicker by its class.
func isKicker(n *html.Node) bool {
	return hasClassWord(page.Attr(n, "class"), kickerWords...)
}

// visibleText is page.Text without hidden descendants.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 64 || b.Len() > 4000 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Button, atom.Select:
				return
			case atom.Br:
				b.WriteByte(' ')
				return
			}
			if page.IsHidden(n) || hiddenClass(page.Attr(n, "class")) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Span, atom.A, atom.B, atom.I, atom.Em, atom.Strong, atom.Small, atom.Mark, atom.Sup, atom.Sub, atom.Abbr, atom.Q, atom.U, atom.S, atom.Font:
			default:
				b.WriteByte(' ')
			}
		}
	}
	walk(n, 0)
	return clean(b.String())
}

// findTitle decides the title.
func findTitle(p *page.Page, sc *scan, site siteNames, siteName string) (string, provenance.Decision) {
	d := provenance.Decision{Field: "title"}
	metas := metaTitles(p, site)

	type scored struct {
		h       *heading
		v       titleVariant
		match   float64
		metaIdx int
		score   float64
		reason  string
	}
	var best, primary *scored
	var rejected []scored
	kindPrior := map[string]float64{"h1": 1.0, "itemprop": 1.1, "class": 0.7, "h2": 0.3}
	nh1 := 0
	for i := range sc.headings {
		h := &sc.headings[i]
		if h.kind == "h1" {
			nh1++
		}
		for _, v := range headingVariants(h.node) {
			s := scored{h: h, v: v, metaIdx: -1}
			if len(v.toks) == 0 {
				continue
			}
			for mi, m := range metas {
				sim := max(similarity(v.toks, m.toks), similarity(v.toks, m.rawToks)*0.97) * (0.9 + 0.1*m.weight)
				if sim > s.match {
					s.match, s.metaIdx = sim, mi
				}
			}
			s.score = 3*s.match + kindPrior[h.kind] + v.bonus - 0.01*float64(h.order)
			if h.region&inChrome != 0 {
				s.score -= 0.8
			}
			if h.region&inComment != 0 {
				s.score -= 0.8
			}
			if h.region&inArticle != 0 {
				s.score += 0.2
			}
			if h.logo {
				s.score -= 1.5
			}
			if len(v.toks) > 60 {
				s.score -= 2
			}
			if site.isName(v.text, siteName) {
				s.reason = "site name"
				rejected = append(rejected, s)
				continue
			}
			if primary == nil && v.note == "" && (h.kind == "h1" || h.kind == "itemprop") && h.region&(inChrome|inComment) == 0 && !h.logo && len(v.toks) >= 2 && len(v.toks) <= 40 {
				s := s
				primary = &s
			}
			if best == nil || s.score > best.score {
				if best != nil {
					rejected = append(rejected, *best)
				}
				s := s
				best = &s
			} else {
				rejected = append(rejected, s)
			}
		}
	}
	reject := func(winner string) {
		seen := map[string]bool{winner: true}
		for _, r := range rejected {
			if seen[r.v.text] || len(d.Rejected) >= 12 {
				continue
			}
			seen[r.v.text] = true
			reason := r.reason
			if reason == "" {
				reason = "lower score"
			}
			d.Rejected = append(d.Rejected, provenance.Candidate{Value: r.v.text, Source: provenance.Source{Rule: "visible." + r.h.kind, Node: page.Describe(r.h.node), Raw: truncate(r.v.text)}, Score: r.score, Reason: reason})
		}
		for _, m := range metas {
			if seen[m.cleaned] || len(d.Rejected) >= 16 {
				continue
			}
			seen[m.cleaned] = true
			d.Rejected = append(d.Rejected, provenance.Candidate{Value: m.cleaned, Source: m.src, Reason: "metadata title not chosen"})
		}
	}
	if best != nil && best.match >= 0.6 {
		src := provenance.Source{Rule: "visible." + best.h.kind, Node: page.Describe(best.h.node), Raw: truncate(best.v.text)}
		value := best.v.text
		m := metas[best.metaIdx]
		note := "confirmed by " + m.src.Rule
		if best.v.note != "" {
			note += "; " + best.v.note
		}
		// The same words: the metadata spelling is free of the layout's
		// spacing (" : " between a kicker and the headline).
		if t := m.cleaned; slices.Equal(m.toks, best.v.toks) && t != value && strings.Contains(value, " : ") && !strings.Contains(t, " : ") {
			value = t
			note += "; spacing from " + m.src.Rule
		}
		d.Value, d.Source, d.Confidence = value, &src, min(1, best.match)
		d.Notes = append(d.Notes, note)
		reject(value)
		return value, d
	}
	if primary != nil && primaryFallback {
		src := provenance.Source{Rule: "visible." + primary.h.kind, Node: page.Describe(primary.h.node), Raw: truncate(primary.v.text)}
		d.Value, d.Source, d.Confidence = primary.v.text, &src, 0.5
		d.Notes = append(d.Notes, "first article heading; no metadata title confirms a heading")
		reject(primary.v.text)
		return primary.v.text, d
	}
	if len(metas) > 0 {
		m := metas[0]
		// Prefer a metadata title that another one confirms.
		for _, x := range metas {
			if x.cleaned != "" && !site.isName(x.cleaned, siteName) {
				m = x
				break
			}
		}
		if m.cleaned != "" && !site.isName(m.cleaned, siteName) {
			src := m.src
			d.Value, d.Source, d.Confidence = m.cleaned, &src, 0.6
			if m.cleaned != m.raw {
				d.Notes = append(d.Notes, "site name stripped from "+truncate(m.raw))
			}
			d.Notes = append(d.Notes, "no visible heading confirmed by metadata")
			reject(m.cleaned)
			return m.cleaned, d
		}
	}
	if best != nil && best.score > 0.5 {
		src := provenance.Source{Rule: "visible." + best.h.kind, Node: page.Describe(best.h.node), Raw: truncate(best.v.text)}
		d.Value, d.Source, d.Confidence = best.v.text, &src, 0.4
		d.Notes = append(d.Notes, "no metadata title to confirm it")
		reject(best.v.text)
		return best.v.text, d
	}
	if len(metas) > 0 {
		m := metas[0]
		src := m.src
		d.Value, d.Source, d.Confidence = m.cleaned, &src, 0.3
		reject(m.cleaned)
		return m.cleaned, d
	}
	reject("")
	return "", d
}

// isName reports whether s is just the site's name.
func (s siteNames) isName(text, siteName string) bool {
	q := squash(text)
	if q == "" {
		return false
	}
	if siteName != "" && q == squash(siteName) {
		return true
	}
	for _, n := range s.squashed {
		if q == n {
			return true
		}
	}
	return q == s.host
}

const primaryFallback = true
