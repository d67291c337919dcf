package page

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Attr returns the value of n's attribute key, or "".
func Attr(n *html.Node, key string) string {
	v, _ := AttrOK(n, key)
	return v
}

// AttrOK returns the value of n's attribute key and whether it is present,
// keeping an absent attribute apart from an empty one.
func AttrOK(n *html.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// Text returns the text of n and its descendants with whitespace runs
// collapsed to single spaces and trimmed. Script, style, template and
// noscript content is skipped.
func Text(n *html.Node) string {
	var b strings.Builder
	appendText(&b, n)
	return CollapseSpace(b.String())
}

func appendText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			return
		case atom.Br:
			b.WriteByte(' ')
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
	if n.Type == html.ElementNode && !IsInline(n.DataAtom) {
		b.WriteByte(' ')
	}
}

// TextPrefix is Text for callers that only need to know whether n holds
// more than a little text: it collapses white space as it goes and stops
// once the collapsed text passes limit bytes. complete reports whether all
// of n's text was collected; then text equals Text(n), otherwise it is a
// prefix of it longer than limit bytes. A large subtree costs only the walk
// to its first limit bytes of text.
func TextPrefix(n *html.Node, limit int) (text string, complete bool) {
	c := collapser{limit: limit}
	complete = c.appendNode(n)
	return c.b.String(), complete
}

// collapser builds the text of nodes with white space collapsed as
// CollapseSpace does, stopping once it holds more than limit bytes.
type collapser struct {
	b     strings.Builder
	space bool // a space is pending before the next character
	limit int
}

// write adds s, collapsed; it returns false once past the limit.
func (c *collapser) write(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			c.space = c.b.Len() > 0
			continue
		}
		if c.space {
			c.b.WriteByte(' ')
			c.space = false
		}
		c.b.WriteRune(r)
		if c.b.Len() > c.limit {
			return false
		}
	}
	return true
}

// appendNode is appendText through the collapser.
func (c *collapser) appendNode(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return c.write(n.Data)
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			return true
		case atom.Br:
			return c.write(" ")
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if !c.appendNode(k) {
			return false
		}
	}
	if n.Type == html.ElementNode && !IsInline(n.DataAtom) {
		return c.write(" ")
	}
	return true
}

// IsInline reports whether an element of type a is is phrasing content whose text runs on
// without a break (so no space is inserted after it).
func IsInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data,
		atom.Dfn, atom.Em, atom.I, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp,
		atom.Small, atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U,
		atom.Var, atom.Font, atom.Del, atom.Ins, atom.Label, atom.Wbr, atom.Big, atom.Tt:
		return true
	}
	return false
}

// CollapseSpace collapses runs of white space (including no-break spaces) to
// one space, removes soft hyphens and zero-width characters, and trims.
func CollapseSpace(s string) string { return collapse(s, false) }

// CollapseSpaceKeepSoftHyphens is CollapseSpace keeping soft hyphens
// (U+00AD): body text keeps them, as they are part of the source's text and
// of what users search for in it.
func CollapseSpaceKeepSoftHyphens(s string) string { return collapse(s, true) }

func collapse(s string, keepSoftHyphens bool) string {
	// Most values (attributes, short texts) are already collapsed, at
	// least for a while: that prefix is kept as it is, and a string that
	// is collapsed through and through is returned without a copy.
	i := collapsedPrefix(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	space := false
	for _, r := range s[i:] {
		if r < utf8.RuneSelf { // ASCII: no table look-ups
			switch r {
			case ' ', '\t', '\n', '\v', '\f', '\r':
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(byte(r))
			continue
		}
		switch {
		case r == '\u00ad' && !keepSoftHyphens,
			r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// collapsedPrefix returns the length of the longest prefix of s that
// collapse leaves as it is: ASCII, ending in a byte other than white
// space, and with no white space but single spaces between other bytes.
func collapsedPrefix(s string) int {
	end := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return end
		case c == ' ':
			if i == 0 || s[i-1] == ' ' {
				return end
			}
		default:
			end = i + 1
		}
	}
	return end
}

// Describe returns a short CSS-like description of an element for
// provenance: tag, id and up to two classes, e.g. "h1#title.headline".
func Describe(n *html.Node) string {
	if n == nil {
		return ""
	}
	if n.Type != html.ElementNode {
		return "#" + strings.TrimPrefix(nodeTypeName(n.Type), "#")
	}
	var b strings.Builder
	b.WriteString(n.Data)
	if id := strings.TrimSpace(Attr(n, "id")); id != "" && len(id) < 40 {
		b.WriteByte('#')
		b.WriteString(id)
	}
	for i, c := range strings.Fields(Attr(n, "class")) {
		if i == 2 {
			break
		}
		b.WriteByte('.')
		b.WriteString(c)
	}
	for _, key := range [...]string{"property", "name", "itemprop", "rel"} {
		if v := Attr(n, key); v != "" && (n.DataAtom == atom.Meta || n.DataAtom == atom.Link || key == "itemprop") {
			b.WriteString("[" + key + "=\"" + v + "\"]")
			break
		}
	}
	return b.String()
}

func nodeTypeName(t html.NodeType) string {
	switch t {
	case html.TextNode:
		return "text"
	case html.DocumentNode:
		return "document"
	case html.CommentNode:
		return "comment"
	}
	return "node"
}

// IsHidden reports whether n itself is marked hidden: the hidden attribute,
// aria-hidden="true", or an inline style with display:none or
// visibility:hidden. Ancestors are not checked.
func IsHidden(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	if _, ok := AttrOK(n, "hidden"); ok {
		return true
	}
	if strings.EqualFold(Attr(n, "aria-hidden"), "true") {
		return true
	}
	// Most styles say neither "none" nor "hidden": they are ruled out
	// without building a lower-cased copy.
	if style := Attr(n, "style"); style != "" && (ContainsFold(style, "none") || ContainsFold(style, "hidden")) {
		s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
		if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
			return true
		}
	}
	return false
}

// HasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring the case of ASCII letters in s. It does not allocate.
func HasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerASCII(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// ContainsFold reports whether s contains the lower-case ASCII word sub,
// ignoring the case of ASCII letters in s. It does not allocate, unlike
// strings.Contains(strings.ToLower(s), sub).
func ContainsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Truncate shortens s to at most n bytes on a rune boundary, adding "…" when
// it cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// IsASCII reports whether s is all ASCII, the condition of the byte-wise
// fast paths.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IsASCIISpace reports whether c is ASCII white space (space, \t, \n, \v,
// \f, \r): what strings.Fields and a class attribute's tokens split on.
func IsASCIISpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }
