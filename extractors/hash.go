package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"
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
	for _, r := range text {
		r = unicode.ToLower(r)
		if unicode.IsSpace(r) {
			space = !empty
			continue
		}
		if len(b)+1+utf8.UTFMax > len(buf) {
			h.Write(b)
			b = buf[:0]
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
		empty = false
	}
	if empty {
		return ""
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
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
