package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// ContentHash returns the hex SHA-256 of text after case folding and
// collapsing all white space, so that bodies differing only in layout
// hash alike. It is the Article.ContentHash of a body; "" for empty text.
func ContentHash(text string) string {
	norm := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	if norm == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// WordCount counts the words of text: runs of letters or digits, with each
// Han, Hiragana, Katakana or Hangul character counted as a word of its own
// (those scripts do not separate words with spaces).
func WordCount(text string) int {
	n, inWord := 0, false
	for _, r := range text {
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
