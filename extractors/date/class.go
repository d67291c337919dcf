package date

import (
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// classInfo is what an element's class and id say; pages repeat a few
// class names on many elements, so each value is remembered per walk (see
// classCache).
type classInfo struct {
	kind          string // excludedKind: comments, related articles, ...
	empty         bool   // no class and no id
	mainBody      bool   // the article body ("entry-content", "article-body")
	header        bool   // byline, article meta or article header
	footer        bool
	dateish       bool // holds a date or a byline
	articleHeader bool // a <header> with this class is the article's
}

// nodeAttrs are the attributes of one element that the walk reads, found
// in one pass over its attribute list.
type nodeAttrs struct {
	class, id, role, itemprop, itemtype string
	itemscope                           bool
	// hidden is page.IsHidden: hidden, aria-hidden=true or an inline
	// display:none / visibility:hidden style.
	hidden bool
}

// readAttrs reads n's attributes in one pass.
func readAttrs(n *html.Node) nodeAttrs {
	var na nodeAttrs
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "class":
			if na.class == "" {
				na.class = a.Val
			}
		case "id":
			if na.id == "" {
				na.id = a.Val
			}
		case "role":
			if na.role == "" {
				na.role = a.Val
			}
		case "itemprop":
			if na.itemprop == "" {
				na.itemprop = a.Val
			}
		case "itemtype":
			if na.itemtype == "" {
				na.itemtype = a.Val
			}
		case "itemscope":
			na.itemscope = true
		case "hidden", "aria-hidden":
			na.hidden = na.hidden || page.IsHidden(n)
		case "style":
			// page.IsHidden reads display:none and visibility:hidden
			if containsFold(a.Val, "none") || containsFold(a.Val, "hidden") {
				na.hidden = na.hidden || page.IsHidden(n)
			}
		}
	}
	return na
}

// classInfoOf returns what an element's class and id say. Every rule
// reads words or substrings without spaces, so the class and the id are
// read apart and their findings joined.
func (w *walkResult) classInfoOf(na nodeAttrs) classInfo {
	if na.class == "" && na.id == "" {
		return classInfo{empty: true}
	}
	c, id := w.attrInfo(na.class), w.attrInfo(na.id)
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
func (w *walkResult) attrInfo(v string) classInfo {
	if v == "" {
		return classInfo{empty: true}
	}
	c := &w.classes
	if c.slots == nil {
		c.slots = make([]classEntry, smallClassSlots)
	}
	h := classHash(v)
	e := &c.slots[h&uint32(len(c.slots)-1)]
	if e.key == v {
		return e.ci
	}
	if c.misses++; c.misses == smallClassSlots && len(c.slots) < classSlots {
		// A page with many class names: a larger cache, empty (the
		// values are read again as they come).
		c.slots = make([]classEntry, classSlots)
		e = &c.slots[h&(classSlots-1)]
	}
	e.key, e.ci = v, readClass(v)
	return e.ci
}

// classCache remembers what class and id values said: pages repeat a few
// values on many elements. It is direct-mapped: a value whose slot holds
// another is read again. An empty key marks a free slot (the empty value
// is never looked up). It starts with smallClassSlots slots, enough for a
// small page and cheap to allocate, and moves to classSlots, which hold
// the class names of a large one, after as many misses.
type classCache struct {
	slots  []classEntry
	misses int
}

// classEntry is one slot of a classCache.
type classEntry struct {
	key string
	ci  classInfo
}

// smallClassSlots and classSlots are the sizes of a classCache, powers of
// two.
const (
	smallClassSlots = 32
	classSlots      = 256
)

// classHash hashes v for a classCache, from its length and up to 16 bytes
// at its ends.
func classHash(v string) uint32 {
	h := uint32(len(v)) * 0x9e3779b1
	for i := 0; i < len(v) && i < 8; i++ {
		h = (h ^ uint32(v[i])) * 16777619
	}
	for i := max(8, len(v)-8); i < len(v); i++ {
		h = (h ^ uint32(v[i])) * 16777619
	}
	return h >> 7
}

// readClass returns what one class or id value says.
func readClass(v string) classInfo {
	ci := classInfo{}
	if strings.TrimSpace(v) == "" {
		ci.empty = true
		return ci
	}
	bits := classNeedles.scanFold(v) | prefixNeedles.scanPrefixes(v)
	if bits&(bitMainBody|bitComment|bitRelated|bitSidebar|bitNav) != 0 {
		cls := strings.ToLower(v)
		ci.mainBody = bits&bitMainBody != 0 && hasPrefixToken(cls, mainBodyPrefixes)
		ci.kind = excludedKind(cls, bits)
	}
	ci.header = bits&bitHeader != 0
	ci.footer = bits&bitFooter != 0
	ci.dateish = bits&bitDateish != 0
	ci.articleHeader = bits&bitArticleHeader != 0
	return ci
}

// The substrings and token prefixes of class names the rules look for.
var (
	headerWords = []string{"byline", "dateline", "article-meta", "entry-meta", "post-meta", "postmeta",
		"article-info", "post-info", "article__meta", "meta-info", "subline", "article-header",
		"entry-header", "post-header", "article__header", "articleheader", "story-header",
		"author", "head-meta", "article-date", "post-date", "entry-date", "publish"}
	dateishWords = []string{"date", "datum", "time", "publish", "posted", "fecha", "byline",
		"dateline", "meta", "submitted", "created", "updated", "modified", "parution", "subline",
		"stamp", "zeit", "info", "author", "data"}
	articleHeaderWords = []string{"article", "entry", "post", "story", "content", "title", "headline", "single"}
	mainBodyPrefixes   = []string{"hentry", "entrycontent", "postbody", "articlebody",
		"postcontent", "articlecontent", "storybody"}
	commentPrefixes = []string{"comment", "disqus", "reply", "respond", "kommentar", "commentaire", "comentario"}
	relatedPrefixes = []string{"related", "recommend", "morefrom", "morestories", "readmore",
		"alsoread", "popular", "trending", "mostread", "mostpopular", "further", "weitere",
		"similar", "outbrain", "taboola", "nextarticle", "teaserlist", "relacionad", "correlat", "lire"}
	sidebarPrefixes = []string{"sidebar", "widget", "rail", "marginal", "aside"}
	navTokens       = []string{"nav", "menu", "navbar", "navigation", "breadcrumb", "breadcrumbs", "pagination"}
)

// Bits of a needleSet scan: which list had a substring in the class.
const (
	bitHeader uint32 = 1 << iota
	bitDateish
	bitArticleHeader
	bitFooter
	bitNav
	bitMainBody
	bitComment
	bitRelated
	bitSidebar
)

// classNeedles are searched in the lower-cased class, prefixNeedles in
// the class without separators (token prefixes may span them:
// "more-from").
var (
	classNeedles = newNeedleSet(map[uint32][]string{bitHeader: headerWords, bitDateish: dateishWords,
		bitArticleHeader: articleHeaderWords, bitFooter: {"footer"}, bitNav: navTokens})
	prefixNeedles = newNeedleSet(map[uint32][]string{bitMainBody: mainBodyPrefixes, bitComment: commentPrefixes,
		bitRelated: relatedPrefixes, bitSidebar: sidebarPrefixes})
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
// bits its needle scan) marks as not the article's own, or "".
func excludedKind(cls string, bits uint32) string {
	switch {
	case bits&bitComment != 0 && hasPrefixToken(cls, commentPrefixes):
		return "comments"
	case bits&bitRelated != 0 && hasPrefixToken(cls, relatedPrefixes):
		return "related articles"
	case bits&bitSidebar != 0 && hasPrefixToken(cls, sidebarPrefixes):
		return "sidebar"
	case bits&bitNav != 0 && hasToken(cls, navTokens...):
		return "navigation"
	}
	return ""
}

// hasPrefixToken reports whether a token of s (split at spaces, hyphens
// and underscores; the first part of a word also counts joined to the
// rest, so "more-from" gives "morefrom" and "entry-content" gives
// "entrycontent") starts with one of the prefixes, which have no
// separators. Callers test the needle bits first: most class names have
// none of the prefixes.
func hasPrefixToken(s string, prefixes []string) bool {
	for i := 0; i < len(s); {
		// one white-space separated field
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		if i < j && fieldHasPrefix(s[i:j], prefixes) {
			return true
		}
		i = j
	}
	return false
}

// taxonomyWords are the first or second parts of WordPress-like taxonomy
// classes ("post_tag-kommentar", "category-related"): the rest names a
// tag, not a part of the page.
var taxonomyWords = []string{"tag", "tags", "category", "cat", "topic", "label", "format", "type"}

// fieldHasPrefix is hasPrefixToken for one field without white space.
func fieldHasPrefix(f string, prefixes []string) bool {
	// the first two parts, split at hyphens and underscores
	var parts [2]string
	n := 0
	for i := 0; i < len(f) && n < 2; {
		for i < len(f) && (f[i] == '-' || f[i] == '_') {
			i++
		}
		j := i
		for j < len(f) && f[j] != '-' && f[j] != '_' {
			j++
		}
		if i < j {
			parts[n] = f[i:j]
			n++
		}
		i = j
	}
	if n > 1 && (isOneOf(parts[0], taxonomyWords) || isOneOf(parts[1], taxonomyWords)) {
		return false
	}
	for i := 0; i < len(f); i++ {
		if f[i] == '-' || f[i] == '_' || i > 0 && f[i-1] != '-' && f[i-1] != '_' {
			continue
		}
		first := i == 0 || strings.Trim(f[:i], "-_") == ""
		for _, x := range prefixes {
			if first && hasPrefixSkipping(f[i:], x) || !first && strings.HasPrefix(f[i:], x) {
				return true
			}
		}
	}
	return false
}

func isOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// isSpaceByte reports whether c is white space for strings.Fields in
// ASCII.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

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

// needleSet tells in one pass over a string which of several lists of
// lower-case substrings occur in it. It is built once and never changed.
type needleSet struct {
	// pairs has a bit for each pair of first two bytes of some needle: most
	// positions of a text are ruled out by one test.
	pairs [1 << 16 / 64]uint64
	// byFirst lists, for each byte, the needles starting with it.
	byFirst [256][]needle
}

// needle is one substring (two bytes or more) and the bit of its list.
type needle struct {
	s   string
	bit uint32
}

func newNeedleSet(lists map[uint32][]string) *needleSet {
	ns := &needleSet{}
	for bit, list := range lists {
		for _, n := range list {
			if len(n) >= 2 {
				ns.byFirst[n[0]] = append(ns.byFirst[n[0]], needle{n, bit})
				k := uint16(n[0])<<8 | uint16(n[1])
				ns.pairs[k>>6] |= 1 << (k & 63)
			}
		}
	}
	return ns
}

// maybe reports whether a needle may start with the bytes a, b.
func (ns *needleSet) maybe(a, b byte) bool {
	k := uint16(a)<<8 | uint16(b)
	return ns.pairs[k>>6]&(1<<(k&63)) != 0
}

// at reports whether a needle starts at s[i:].
func (ns *needleSet) at(s string, i int) bool {
	if i+1 >= len(s) || !ns.maybe(s[i], s[i+1]) {
		return false
	}
	for _, n := range ns.byFirst[s[i]] {
		if n.s[1] == s[i+1] && strings.HasPrefix(s[i:], n.s) {
			return true
		}
	}
	return false
}

// atFold is at for s in any ASCII case.
func (ns *needleSet) atFold(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	a, b := lowerASCII(s[i]), lowerASCII(s[i+1])
	if !ns.maybe(a, b) {
		return false
	}
	for _, n := range ns.byFirst[a] {
		if n.s[1] == b && page.HasPrefixFold(s[i:], n.s) {
			return true
		}
	}
	return false
}

// scanFold is scan for s in any ASCII case.
func (ns *needleSet) scanFold(s string) uint32 {
	var bits uint32
	for i := 0; i+1 < len(s); i++ {
		a, b := lowerASCII(s[i]), lowerASCII(s[i+1])
		if !ns.maybe(a, b) {
			continue
		}
		for _, n := range ns.byFirst[a] {
			if n.s[1] == b && bits&n.bit == 0 && page.HasPrefixFold(s[i:], n.s) {
				bits |= n.bit
			}
		}
	}
	return bits
}

// scan returns the bits of the lists with a substring in s.
func (ns *needleSet) scan(s string) uint32 {
	var bits uint32
	for i := 0; i+1 < len(s); i++ {
		if !ns.maybe(s[i], s[i+1]) {
			continue
		}
		for _, n := range ns.byFirst[s[i]] {
			if n.s[1] == s[i+1] && bits&n.bit == 0 && strings.HasPrefix(s[i:], n.s) {
				bits |= n.bit
			}
		}
	}
	return bits
}

// scanPrefixes returns the bits of the lists with a needle at the start of
// a part of s, in any ASCII case (parts are split at white space, hyphens and underscores), read
// with the hyphens and underscores skipped: "more-from" holds "morefrom".
// It finds every needle hasPrefixToken finds, and a few more.
func (ns *needleSet) scanPrefixes(s string) uint32 {
	var bits uint32
	for i := 0; i < len(s); i++ {
		if i > 0 && !isSep(s[i-1]) || isSep(s[i]) {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '-' || s[j] == '_') {
			j++
		}
		a := lowerASCII(s[i])
		if j == len(s) || !ns.maybe(a, lowerASCII(s[j])) {
			continue
		}
		for _, n := range ns.byFirst[a] {
			if bits&n.bit == 0 && hasPrefixSkipping(s[i:], n.s) {
				bits |= n.bit
			}
		}
	}
	return bits
}

// isSep reports whether c splits class names into parts: ASCII white
// space, a hyphen or an underscore.
func isSep(c byte) bool {
	return c <= '_' && (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
}

// hasPrefixSkipping reports whether s, with its hyphens and underscores
// skipped, starts with the lower-case prefix, in any ASCII case.
func hasPrefixSkipping(s, prefix string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(prefix); i++ {
		switch c := s[i]; {
		case c == '-' || c == '_':
		case lowerASCII(c) == prefix[j]:
			j++
		default:
			return false
		}
	}
	return j == len(prefix)
}
