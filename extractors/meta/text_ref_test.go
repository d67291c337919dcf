package meta

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// tokensRef and squashRef are tokens and squash as they were before their
// ASCII paths: the references they must agree with.
func tokensRef(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

func squashRef(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestTokensSquashMatchRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"Die", "ZEIT", "Online", "news", "-", " ", "  ", "|", "’", "'", "2024", "a1", "_", ".",
		"\t", "Ünter", "é", "日本", "\u0301", "x", "ABC", "", "!", "\x7f", "\x00"}
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := rng.Intn(8); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := tokens(s), tokensRef(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens(%q) = %#v, want %#v", s, got, want)
		}
		if got, want := squash(s), squashRef(s); got != want {
			t.Fatalf("squash(%q) = %q, want %q", s, got, want)
		}
	}
}
