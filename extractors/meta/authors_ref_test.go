package meta

import (
	"math/rand"
	"strings"
	"testing"
)

// The regular expressions bylinePrefix and dateLike are the references of
// their byte scans on ASCII text (bylinescan.go).

// bylinePieces are the pieces randomByline joins: the patterns' words in
// several cases and near misses, numbers and the bytes around them.
var bylinePieces = []string{"by", "By", "BY", "bye", "von", "vom", "par", "por", "di", "door", "av", "af", "de",
	"from", "autor", "Autorin", "author", "auteur", "autore", "text", "Texte", "redaktion", "written",
	"byline", "posted", "Published", "reported", "story", "words", "photo", "photos", "foto", "fotos",
	"interview", "compiled", "edited", "erstellt", "verfasst", "geschrieben", "gespeichert", "publiziert",
	"ein", "beitrag", "artikel", "article", "escrito", "publicado", "scritto", "a", "cura", "updated",
	"aktualisiert", "am", "on", "ON", "le", "el", "il", "online", "Jane", "Doe", "x",
	"1", "12", "123", "2024", "20245", "05", "3", ".", "/", "-", ":", "_", ",", " ", " ", "  ", "\t", "\n", "\f", "\v"}

// randomByline joins n random pieces, mostly with a space between.
func randomByline(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if rng.Intn(5) == 0 {
			// digits and separators as in dates and times: 1.12.2024, 9:30
			for k := 0; k < 1+rng.Intn(3); k++ {
				for d := 0; d < 1+rng.Intn(6); d++ {
					b.WriteByte(byte('0' + rng.Intn(10)))
				}
				b.WriteByte(".-/:a_"[rng.Intn(6)])
			}
		}
		b.WriteString(bylinePieces[rng.Intn(len(bylinePieces))])
		if rng.Intn(3) > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestStripDateLikeASCIIMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	changed := 0
	for i := 0; i < 300000; i++ {
		s := randomByline(rng, 1+rng.Intn(10))
		want := dateLike.ReplaceAllString(s, "")
		if got := stripDateLikeASCII(s); got != want {
			t.Fatalf("stripDateLikeASCII(%q) = %q, want %q", s, got, want)
		}
		if want != s {
			changed++
		}
	}
	if changed < 30000 {
		t.Fatalf("only %d random bylines hold a date", changed)
	}
}

func TestBylinePrefixLenASCIIMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	matched := 0
	for i := 0; i < 300000; i++ {
		s := randomByline(rng, 1+rng.Intn(6))
		want := -1
		if m := bylinePrefix.FindStringIndex(s); m != nil {
			want = m[1]
			matched++
		}
		if got := bylinePrefixLenASCII(s); got != want {
			t.Fatalf("bylinePrefixLenASCII(%q) = %d, want %d", s, got, want)
		}
	}
	if matched < 30000 {
		t.Fatalf("only %d random bylines start with a prefix", matched)
	}
}
