package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
)

// ContentHash returns the hex SHA-256 of text after case folding and
// collapsing all white space, so that bodies differing only in layout
// hash alike. It is the Article.ContentHash of a body; "" for empty text.
// The hashed bytes are those of
// strings.Join(strings.Fields(strings.ToLower(text)), " "), streamed
// through a small buffer instead of built as three copies of the text.
func ContentHash(text string) string {
	h := sha256.New()
	var buf [512]byte
	b := buf[:0]
	space, empty := false, true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && page.IsASCIISpace(c) {
			space = !empty
			i++
			continue
		}
		// The next piece, text[i:j], is a run of ASCII other than white
		// space (most of the text: no decoding or tables) or one rune.
		j, r := i+1, rune(-1)
		if c < utf8.RuneSelf {
			for j < len(text) && text[j] < utf8.RuneSelf && !page.IsASCIISpace(text[j]) {
				j++
			}
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			if r = unicode.ToLower(r); unicode.IsSpace(r) {
				space = !empty
				i += size
				continue
			}
			j = i + size
		}
		if len(b)+1+max(j-i, utf8.UTFMax) > len(buf) {
			h.Write(b)
			b = buf[:0] // a longer run than buf grows b past it
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if r >= 0 {
			b = utf8.AppendRune(b, r)
		} else {
			b = appendLowerASCII(b, text[i:j])
		}
		empty = false
		i = j
	}
	if empty {
		return ""
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// appendLowerASCII appends the ASCII s to b, lower-cased.
func appendLowerASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// WordCount counts the words of text: runs of letters or digits, with each
// Han, Hiragana, Katakana or Hangul character counted as a word of its own
// (those scripts do not separate words with spaces).
func WordCount(text string) int {
	n, inWord := 0, false
	for _, r := range text {
		if r < utf8.RuneSelf { // ASCII: no table look-ups
			switch {
			case 'a' <= r|0x20 && r|0x20 <= 'z', '0' <= r && r <= '9':
				if !inWord {
					n++
					inWord = true
				}
			case r == '\'' || r == '-':
			default:
				inWord = false
			}
			continue
		}
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !inWord {
				n++
				inWord = true
			}
		case r == '\'' || r == '’' || r == '-':
			// apostrophes and hyphens join word parts
		default:
			inWord = false
		}
	}
	return n
}
