package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
)

// maxRaw bounds the raw values kept in provenance.
const maxRaw = 200

// clean collapses white space, drops soft hyphens and zero-width
// characters and replaces invalid UTF-8 (page.CollapseSpace does the first
// two).
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return page.CollapseSpace(s)
}

// tokens splits s into lower-case words of letters and digits, the unit that
// titles are compared in. Quotes, dashes and other punctuation are dropped.
// CJK text, which has no spaces, yields one token per run, which keeps
// exact comparisons exact.
func tokens(s string) []string {
	if page.IsASCII(s) {
		return asciiTokens(s)
	}
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// asciiTokens is tokens for ASCII s: the words are the runs of letters
// and digits, lower-cased (slices of s when it has no upper case).
func asciiTokens(s string) []string {
	n := 0
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		upper = upper || c >= 'A' && c <= 'Z'
		if isASCIIAlnum(c) && (i == 0 || !isASCIIAlnum(s[i-1])) {
			n++
		}
	}
	if n == 0 {
		return []string{} // as strings.FieldsFunc
	}
	if upper {
		s = strings.ToLower(s)
	}
	out := make([]string, 0, n)
	for i := 0; i < len(s); {
		if !isASCIIAlnum(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isASCIIAlnum(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// squash returns s lower-cased with everything but letters and digits
// removed: "Die ZEIT Online" -> "diezeitonline".
func squash(s string) string {
	if page.IsASCII(s) {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := s[i]; isASCIIAlnum(c) {
				b = append(b, lowerASCII(c))
			}
		}
		return string(b)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameText reports whether a and b are equal once case and punctuation are
// ignored.
func sameText(a, b string) bool {
	ta, tb := tokens(a), tokens(b)
	if len(ta) == 0 || len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		if ta[i] != tb[i] {
			return false
		}
	}
	return true
}

// indexTokens returns the position of needle as a contiguous run inside
// hay, or -1.
func indexTokens(hay, needle []string) int {
	if len(needle) == 0 || len(needle) > len(hay) {
		return -1
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}

// similarity scores how well two titles agree, in [0,1]: 1 when equal, high
// when one contains the other as a contiguous run (a kicker or site name
// around it), the word-overlap F1 otherwise.
func similarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if i := indexTokens(long, short); i >= 0 {
		if len(short) == len(long) {
			return 1
		}
		ratio := float64(len(short)) / float64(len(long))
		if i == 0 || i+len(short) == len(long) {
			// A prefix or suffix: the rest is a site name, section or kicker.
			return 0.6 + 0.35*ratio
		}
		return 0.45 + 0.5*ratio
	}
	count := make(map[string]int, len(a))
	for _, t := range a {
		count[t]++
	}
	common := 0
	for _, t := range b {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(a))
	r := float64(common) / float64(len(b))
	return 0.8 * 2 * p * r / (p + r)
}

// truncate shortens a raw value for provenance.
func truncate(s string) string { return page.Truncate(s, maxRaw) }

// hasClassWord reports whether the class or id attribute value v contains
// one of words (lower case) as a whole token or as a hyphen/underscore
// separated part, ignoring case. It does not allocate: it runs once or more
// per element of every page.
func hasClassWord(v string, words ...string) bool {
	for start := 0; start < len(v); {
		end := start
		for end < len(v) && !isClassSep(v[end]) {
			end++
		}
		if f := v[start:end]; f != "" {
			for _, w := range words {
				if asciiEqualFold(f, w) {
					return true
				}
			}
		}
		start = end + 1
	}
	return false
}

// asciiEqualFold reports whether s equals the lower-case ASCII word w when
// ASCII letters of s are lower-cased.
func asciiEqualFold(s, w string) bool {
	if len(s) != len(w) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lowerASCII(s[i]) != w[i] {
			return false
		}
	}
	return true
}

// isClassSep reports whether c separates the parts hasClassWord compares.
func isClassSep(c byte) bool {
	return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n'
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// titleSepChars holds every character a title separator must contain.
const titleSepChars = "|-–—»·~/•│:"

// Separator characters of the two forms of findSeps: those that need
// white space on both sides, and those that need none.
const (
	spacedSepChars = "|-–—»·~/•│"
	bareSepChars   = "|»·•│"
)

// findSeps returns the positions ([start, end) in bytes) of the separators
// that join a title to a site name or section: "|", "-", "–", "—", "»",
// "·", "~", "/", "•", "│" (one or two of them) or "::" with white space on
// both sides, "|", "»", "·", "•" or "│" alone, and ": ". White space around
// a separator belongs to it. The positions are those of
//
//	regexp.MustCompile(`\s+(?:[|\-–—»·~/•│]{1,2}|::)\s+|\s*[|»·•│]\s*|:\s+`).FindAllStringIndex(s, -1)
//
// (titleSep in the tests), found without the regular expression's cost.
func findSeps(s string) [][2]int {
	// Most headings hold none of the separator characters.
	if !strings.ContainsAny(s, titleSepChars) {
		return nil
	}
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if end := titleSepAt(s, i); end > i {
			out = append(out, [2]int{i, end})
			i = end - 1
		}
	}
	return out
}

// titleSepAt returns the end of the title separator starting at s[i], or
// i when none does. The three forms are tried in the pattern's order; its
// white space runs are greedy and never need to give back.
func titleSepAt(s string, i int) int {
	j := skipRESpace(s, i)
	if j > i {
		// White space, one or two spaced separators or "::", white space.
		if w := sepCharAt(s, j, spacedSepChars); w > 0 {
			if w2 := sepCharAt(s, j+w, spacedSepChars); w2 > 0 {
				if end := skipRESpace(s, j+w+w2); end > j+w+w2 {
					return end
				}
			}
			if end := skipRESpace(s, j+w); end > j+w {
				return end
			}
		} else if strings.HasPrefix(s[j:], "::") {
			if end := skipRESpace(s, j+2); end > j+2 {
				return end
			}
		}
	}
	// Optional white space, a bare separator, optional white space.
	if w := sepCharAt(s, j, bareSepChars); w > 0 {
		return skipRESpace(s, j+w)
	}
	// A colon and white space.
	if i < len(s) && s[i] == ':' {
		if end := skipRESpace(s, i+1); end > i+1 {
			return end
		}
	}
	return i
}

// sepCharAt returns the byte length of the character of chars at s[i], 0
// when s[i] starts none of them.
func sepCharAt(s string, i int, chars string) int {
	if i >= len(s) {
		return 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		if strings.IndexByte(chars, c) >= 0 {
			return 1
		}
		return 0
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r != utf8.RuneError && strings.ContainsRune(chars, r) {
		return w
	}
	return 0
}
