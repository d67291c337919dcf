package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand"
	"strings"
	"testing"
	"unicode"
)

func TestWordCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one two  three", 3},
		{"It's a well-known fact.", 4},
		{"日本語", 3},
		{"Hello 世界", 3},
		{"2024 — 15 km", 3},
	}
	for _, tt := range tests {
		if got := WordCount(tt.in); got != tt.want {
			t.Errorf("WordCount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestContentHash(t *testing.T) {
	a := ContentHash("Hello   World\n\nSecond paragraph")
	b := ContentHash("hello world second paragraph")
	if a != b {
		t.Errorf("layout-only differences changed the hash: %s != %s", a, b)
	}
	if ContentHash("hello world") == a {
		t.Errorf("different text, same hash")
	}
	if ContentHash("  ") != "" {
		t.Errorf("empty text should hash to empty")
	}
}

// TestHashAndCountUnchanged checks the streaming ContentHash and the ASCII
// fast path of WordCount against their plain definitions.
func TestHashAndCountUnchanged(t *testing.T) {
	inputs := []string{
		"", " ", "Hello   World\n\nSecond paragraph", "ÀÉÎ Straße İstanbul ΣΑΣ",
		"bad \xff\xfe utf8", "tab\tsep\u00a0nbsp\u3000ideographic", strings.Repeat("Word, ", 400),
		"It's a well-known fact: 2024 — 15 km.", "日本語の文章 and English", "a_b c@d e.f",
		"x " + strings.Repeat("Ab", 700) + " É" + strings.Repeat("cD", 300),
	}
	for _, in := range inputs {
		if got, want := ContentHash(in), plainContentHash(in); got != want {
			t.Errorf("ContentHash(%q) = %s, want %s", in, got, want)
		}
		if got, want := WordCount(in), wordCountTables(in); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestContentHashRandom checks ContentHash against its plain definition
// on random texts of ASCII, white space of every kind, letters whose case
// folds to ASCII and invalid UTF-8.
func TestContentHashRandom(t *testing.T) {
	pieces := []string{"a", "Z", "word", "WORD", "1", ".", " ", "\t", "\n", "\v", "\f", "\r", "\x1c", "\x85", "\u0085", "\u00a0",
		"\u2028", "\u3000", "É", "ß", "İ", "\u212a", "Σ", "日本", "\xff", "\xe2\x80", "\ufffd", "\x00"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		in := b.String()
		if n%100 == 0 {
			in = strings.Repeat(in, 50) // past the 512-byte buffer
		}
		if got, want := ContentHash(in), plainContentHash(in); got != want {
			t.Fatalf("ContentHash(%q) = %s, want %s", in, got, want)
		}
	}
}

// plainContentHash is ContentHash by its definition: the hex SHA-256 of
// the lower-cased words joined by single spaces, "" for no words.
func plainContentHash(text string) string {
	norm := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	if norm == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// wordCountTables is WordCount without the ASCII fast path.
func wordCountTables(text string) int {
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
		default:
			inWord = false
		}
	}
	return n
}
