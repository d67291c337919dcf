package date

import (
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// classInfo is what an element's class and id say; pages repeat a few
// class names on many elements, so each value is read once per walk.
type classInfo struct {
	empty         bool   // no class and no id
	mainBody      bool   // the article body ("entry-content", "article-body")
	kind          string // excludedKind: comments, related articles, ...
	header        bool   // byline, article meta or article header
	footer        bool
	dateish       bool // holds a date or a byline
	articleHeader bool // a <header> with this class is the article's
}

// classOf returns what n's class and id say. Every rule reads words or
// substrings without spaces, so the class and the id are read apart and
// their findings joined.
func (w *walkResult) classOf(n *html.Node) classInfo {
	c, id := w.attrInfo(page.Attr(n, "class")), w.attrInfo(page.Attr(n, "id"))
	ci := classInfo{
		empty:         c.empty && id.empty,
		mainBody:      c.mainBody || id.mainBody,
		kind:          c.kind,
		header:        c.header || id.header,
		footer:        c.footer || id.footer,
		dateish:       c.dateish || id.dateish,
		articleHeader: c.articleHeader || id.articleHeader,
	}
	if kindRank(id.kind) < kindRank(c.kind) {
		ci.kind = id.kind
	}
	return ci
}

// attrInfo returns the classInfo of one class or id value.
func (w *walkResult) attrInfo(v string) *classInfo {
	if ci, ok := w.classes[v]; ok {
		return ci
	}
	ci := &classInfo{}
	cls := strings.ToLower(v)
	if strings.TrimSpace(cls) == "" {
		ci.empty = true
	} else {
		st := stripSeparators(cls)
		ci.mainBody = hasPrefixToken(cls, st, mainBodyPrefixes)
		ci.kind = excludedKind(cls, st)
		ci.header = headerNeedles.any(cls)
		ci.footer = strings.Contains(cls, "footer")
		ci.dateish = dateishNeedles.any(cls)
		ci.articleHeader = articleHeaderNeedles.any(cls)
	}
	if w.classes == nil {
		w.classes = map[string]*classInfo{}
	}
	w.classes[v] = ci
	return ci
}

// The substrings and token prefixes of class names the rules look for.
var (
	headerNeedles = newNeedleSet("byline", "dateline", "article-meta", "entry-meta", "post-meta", "postmeta",
		"article-info", "post-info", "article__meta", "meta-info", "subline", "article-header",
		"entry-header", "post-header", "article__header", "articleheader", "story-header",
		"author", "head-meta", "article-date", "post-date", "entry-date", "publish")
	dateishNeedles = newNeedleSet("date", "datum", "time", "publish", "posted", "fecha", "byline",
		"dateline", "meta", "submitted", "created", "updated", "modified", "parution", "subline",
		"stamp", "zeit", "info", "author", "data")
	articleHeaderNeedles = newNeedleSet("article", "entry", "post", "story", "content", "title", "headline", "single")
	mainBodyPrefixes     = newNeedleSet("hentry", "entrycontent", "postbody", "articlebody",
		"postcontent", "articlecontent", "storybody")
	commentPrefixes = newNeedleSet("comment", "disqus", "reply", "respond", "kommentar", "commentaire", "comentario")
	relatedPrefixes = newNeedleSet("related", "recommend", "morefrom", "morestories", "readmore",
		"alsoread", "popular", "trending", "mostread", "mostpopular", "further", "weitere",
		"similar", "outbrain", "taboola", "nextarticle", "teaserlist", "relacionad", "correlat", "lire")
	sidebarPrefixes = newNeedleSet("sidebar", "widget", "rail", "marginal", "aside")
	navTokens       = newNeedleSet("nav", "menu", "navbar", "navigation", "breadcrumb", "breadcrumbs", "pagination")
)

// kindRank orders excludedKind's kinds as it tests them; "" comes last.
func kindRank(kind string) int {
	switch kind {
	case "comments":
		return 0
	case "related articles":
		return 1
	case "sidebar":
		return 2
	case "navigation":
		return 3
	}
	return 4
}

// excludedKind names the kind of block that cls (class and id, lower-case;
// st is cls without separators) marks as not the article's own, or "".
func excludedKind(cls, st string) string {
	switch {
	case hasPrefixToken(cls, st, commentPrefixes):
		return "comments"
	case hasPrefixToken(cls, st, relatedPrefixes):
		return "related articles"
	case hasPrefixToken(cls, st, sidebarPrefixes):
		return "sidebar"
	case navTokens.any(cls) && hasToken(cls, navTokens.needles...):
		return "navigation"
	}
	return ""
}

// stripSeparators returns s without hyphens and underscores.
func stripSeparators(s string) string {
	if !strings.ContainsAny(s, "-_") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// hasPrefixToken reports whether a token of s (split at spaces, hyphens
// and underscores; the first part of a word also counts joined to the
// rest, so "more-from" gives "morefrom" and "entry-content" gives
// "entrycontent") starts with one of the prefixes, which have no
// separators. st is s without separators (stripSeparators).
func hasPrefixToken(s, st string, prefixes *needleSet) bool {
	// A token's prefix is a substring of st: most class names fail this
	// cheap test.
	if !prefixes.any(st) {
		return false
	}
	fields := strings.Fields(s)
	for _, f := range fields {
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '_' })
		if len(parts) > 1 && hasToken(parts[0]+" "+parts[1], "tag", "tags", "category", "cat", "topic", "label", "format", "type") {
			continue // WordPress-like taxonomy classes: "post_tag-kommentar"
		}
		joined := strings.Join(parts, "")
		for i, p := range parts {
			for _, x := range prefixes.needles {
				if strings.HasPrefix(p, x) || (i == 0 && strings.HasPrefix(joined, x)) {
					return true
				}
			}
		}
	}
	return false
}

// isArticleHeader reports whether cls (class and id, lower-case) marks a
// <header> as the article's own.
func isArticleHeader(cls string) bool { return articleHeaderNeedles.any(cls) }

// isDateishClass reports whether cls (class and id, lower-case) says the
// element holds a date or a byline.
func isDateishClass(cls string) bool { return dateishNeedles.any(cls) }

// hasToken reports whether s, split at spaces, hyphens and underscores,
// has one of the tokens.
func hasToken(s string, tokens ...string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		for _, t := range tokens {
			if f == t {
				return true
			}
		}
	}
	return false
}

// needleSet tells in one pass over a string whether it holds one of a
// fixed list of lower-case substrings. It is built once and never
// changed.
type needleSet struct {
	needles []string
	// byFirst lists, for each byte, the needles starting with it.
	byFirst [256][]string
}

func newNeedleSet(needles ...string) *needleSet {
	ns := &needleSet{needles: needles}
	for _, n := range needles {
		if n != "" {
			ns.byFirst[n[0]] = append(ns.byFirst[n[0]], n)
		}
	}
	return ns
}

// any reports whether s contains one of the needles.
func (ns *needleSet) any(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, n := range ns.byFirst[s[i]] {
			if strings.HasPrefix(s[i:], n) {
				return true
			}
		}
	}
	return false
}
