package meta

import "strings"

// Byte scans that do what the bylinePrefix and dateLike regular
// expressions do on ASCII text, where their case folding and \b need no
// Unicode: cleanAuthors runs them on every byline part. Text with other
// bytes still goes to the regular expressions. authors_ref_test.go checks
// them against the expressions on random text.

// stripDateLikeASCII is dateLike.ReplaceAllString(s, "") for ASCII s.
func stripDateLikeASCII(s string) string {
	var b strings.Builder
	last := 0
	for p := 0; p < len(s); p++ {
		end := dateLikeAt(s, p)
		if end < 0 {
			continue
		}
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:p])
		last = end
		p = end - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// dateLikeAt returns the end of the dateLike match that starts at s[p], or
// -1. The pattern's alternatives, in order, are a numeric date
// (\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b), a time (\b\d{1,2}:\d{2}\b), and a
// word of dateWords at \b on both sides, followed by the rest of the text
// when it has no line break (\b(?:updated|...)\b.*$).
func dateLikeAt(s string, p int) int {
	if p > 0 && isWordByte(s[p-1]) || !isWordByte(s[p]) {
		return -1 // no \b before a word byte
	}
	if isDigitByte(s[p]) {
		n1 := digitRun(s, p)
		if n1 <= 4 && p+n1 < len(s) && isDateSep(s[p+n1]) {
			q := p + n1 + 1
			if n2 := digitRun(s, q); n2 >= 1 && n2 <= 2 && q+n2 < len(s) && isDateSep(s[q+n2]) {
				r := q + n2 + 1
				if n3 := digitRun(s, r); n3 >= 1 && n3 <= 4 && (r+n3 == len(s) || !isWordByte(s[r+n3])) {
					return r + n3
				}
			}
		}
		if n1 <= 2 && p+n1 < len(s) && s[p+n1] == ':' {
			q := p + n1 + 1
			if q+2 <= len(s) && isDigitByte(s[q]) && isDigitByte(s[q+1]) && (q+2 == len(s) || !isWordByte(s[q+2])) {
				return q + 2
			}
		}
		return -1
	}
	j := p
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	var buf [16]byte
	if j-p < len(buf) && dateWords[string(appendLower(buf[:0], s[p:j]))] && strings.IndexByte(s[j:], '\n') < 0 {
		return len(s)
	}
	return -1
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// isDateSep reports whether c is one of dateLike's [./-].
func isDateSep(c byte) bool { return c == '.' || c == '/' || c == '-' }

// digitRun returns the number of digits at s[i:].
func digitRun(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigitByte(s[i+n]) {
		n++
	}
	return n
}

// bylinePrefixLenASCII returns the length of the bylinePrefix match at the
// start of the ASCII text s, or -1 when there is none. The pattern is
// ^\s*(?:A|B)\s* where A is a word of prefixVerbs, white space and a word
// of prefixBy at \b, then \s*:?, and B, tried only when A fails, is a word
// of prefixWordEnds followed by what its value says.
func bylinePrefixLenASCII(s string) int {
	i := skipRESpace(s, 0)
	w, j := asciiWordAt(s, i)
	if w == "" {
		return -1
	}
	var buf [16]byte
	lw := ""
	if len(w) < len(buf) {
		lw = string(appendLower(buf[:0], w))
	}
	if end := verbByAt(s, lw, j); end >= 0 {
		return skipRESpace(s, end)
	}
	switch prefixWordEnds[lw] {
	case endBoundary:
		return skipRESpace(s, j)
	case endColonOpt:
		return skipRESpace(s, colonOpt(s, j))
	case endColon:
		if k := skipRESpace(s, j); k < len(s) && s[k] == ':' {
			return skipRESpace(s, k+1)
		}
	}
	return -1
}

// verbByAt reads the rest of the pattern's first alternative after its
// first word lw (lower case), which ends at s[j]: "written by", "ein
// Beitrag von". It returns the end of \s*:? after the "by" word, or -1.
func verbByAt(s, lw string, j int) int {
	if !prefixVerbs[lw] {
		// the two-word verbs: "ein beitrag", "ein artikel", "a cura"
		if lw != "ein" && lw != "a" {
			return -1
		}
		k := skipRESpace(s, j)
		if k == j {
			return -1
		}
		w2, k2 := asciiWordAt(s, k)
		lw2 := strings.ToLower(w2)
		if !(lw == "ein" && (lw2 == "beitrag" || lw2 == "artikel") || lw == "a" && lw2 == "cura") {
			return -1
		}
		j = k2
	}
	k := skipRESpace(s, j)
	if k == j {
		return -1 // \s+ needed
	}
	by, k2 := asciiWordAt(s, k)
	if !prefixBy[strings.ToLower(by)] {
		return -1
	}
	return colonOpt(s, k2)
}

// colonOpt returns the end of \s*:? at s[j:].
func colonOpt(s string, j int) int {
	k := skipRESpace(s, j)
	if k < len(s) && s[k] == ':' {
		return k + 1
	}
	return k
}

// asciiWordAt returns the run of word bytes ([0-9A-Za-z_]) at s[i:] and
// its end. The pattern's words end at \b or before white space or a colon,
// so a word of it matches only a whole run.
func asciiWordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return s[i:j], j
}

// prefixVerbs are the ASCII first words of bylinePrefix's first
// alternative ("written by"), lower case.
var prefixVerbs = map[string]bool{"written": true, "posted": true, "published": true, "reported": true,
	"text": true, "texte": true, "story": true, "words": true, "photo": true, "photos": true, "foto": true,
	"fotos": true, "interview": true, "compiled": true, "edited": true, "erstellt": true, "verfasst": true,
	"geschrieben": true, "gespeichert": true, "publiziert": true, "article": true, "escrito": true,
	"publicado": true, "scritto": true}

// prefixBy are the words after a verb of prefixVerbs.
var prefixBy = map[string]bool{"by": true, "von": true, "par": true, "por": true, "di": true}

// How a word of bylinePrefix's other alternatives ends.
const (
	endNone     = iota
	endBoundary // \b
	endColonOpt // \b\s*:?
	endColon    // \s*:
)

// prefixWordEnds are the words of bylinePrefix's other alternatives and
// how each ends.
var prefixWordEnds = map[string]int{"by": endColonOpt, "von": endColonOpt, "vom": endBoundary,
	"par": endColonOpt, "por": endColonOpt, "di": endBoundary, "door": endBoundary, "av": endBoundary,
	"af": endBoundary, "de": endBoundary, "from": endBoundary, "autor": endColon, "autorin": endColon,
	"author": endColon, "auteur": endColon, "autore": endColon, "text": endColon, "texte": endColon,
	"redaktion": endColon, "written": endColon, "byline": endColon}
