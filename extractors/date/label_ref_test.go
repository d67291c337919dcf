package date

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// mayHaveLabelRef and labelKindRef are mayHaveLabel and labelKind as they
// were before "public" and "publicly" stopped counting: the references
// they must agree with.
func mayHaveLabelRef(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		a, b := lowerASCII(s[i]), lowerASCII(s[i+1])
		if !labelNeedles.maybe(a, b) {
			continue
		}
		for _, n := range labelNeedles.byFirst[a] {
			if n.s[1] == b && hasPrefixLoose(s[i:], n.s) {
				return true
			}
		}
	}
	return false
}
func labelKindRef(s string, i int) int {
	from := max(0, i-40)
	before := s[from:i]
	if !mayHaveLabelRef(before) {
		return 0
	}
	pm := rePublishedLabel.FindAllStringIndex(before, -1)
	mm := reModifiedLabel.FindAllStringIndex(before, -1)
	pEnd, mEnd := -1, -1
	if len(pm) > 0 {
		pEnd = pm[len(pm)-1][1]
	}
	if len(mm) > 0 {
		mEnd = mm[len(mm)-1][1]
	}
	switch {
	case mEnd < 0 && pEnd < 0:
		return 0
	case mEnd > pEnd:
		return 2
	}
	return 1
}

// labelPieces are the pieces randomLabelText joins: labels, the words
// "public" and "publicly" and their near misses in several cases, the
// folded letters ſ and K, dates and other text.
var labelPieces = []string{"public", "Public", "PUBLIC", "publicly", "publication date", "Publicado", "publiceret",
	"PUBLICERAD", "publisert", "published", "publiſhed", "poſted", "publiKováno", "publié", "publicó", "publi",
	"publica", "publice", "posted", "updated", "Updated on", "Stand:", "datum", "date", "veröffentlicht", " ",
	"  ", ":", "on", "am", "x", "é", "2024", "12.3.", "the", "publicc", "republic", "c", "a", "e"}

// randomLabelText joins random pieces, at times with no space between.
func randomLabelText(rng *rand.Rand) string {
	var b strings.Builder
	for n := 1 + rng.Intn(8); n > 0; n-- {
		b.WriteString(labelPieces[rng.Intn(len(labelPieces))])
		if rng.Intn(3) > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestLabelKindMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	labelled, skipped := 0, 0
	for i := 0; i < 60000; i++ {
		s := randomLabelText(rng)
		at := rng.Intn(len(s) + 1)
		if got, want := labelKind(s, at), labelKindRef(s, at); got != want {
			t.Fatalf("labelKind(%q, %d) = %d, want %d", s, at, got, want)
		}
		if labelKindRef(s, at) != 0 {
			labelled++
		}
		// visibleCandidates skips the positions notLabelAt gives: no
		// label may start there.
		for j := 0; j < len(s); j++ {
			if notLabelAt(s, j) {
				skipped++
				win := s[j:min(len(s), j+90)]
				if rePublishedLabelAt.MatchString(win) || reModifiedLabelAt.MatchString(win) {
					t.Fatalf("a label starts at %q", win)
				}
			}
		}
	}
	if labelled < 10000 || skipped < 10000 {
		t.Fatalf("%d random texts labelled, %d positions skipped", labelled, skipped)
	}
}

// reCopyright is the pattern hasCopyright reads by bytes.
var reCopyright = regexp.MustCompile(`(?i)©|&copy;|copyright|\(c\)`)

func TestHasCopyrightMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pieces := []string{"©", "\xc2", "\xa9", "&copy;", "&COPY;", "&cop", "copyright", "Copyright", "COPYRIGHT",
		"copyrigh", "(c)", "(C)", "(c", "c)", "ſ", "x", " ", "2024", "&", "(", "c", "opyright", "é"}
	found := 0
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := rng.Intn(5); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if at := rng.Intn(len(s) + 1); rng.Intn(2) == 0 {
			s = s[at:] // may cut a rune, as the callers' windows do
		}
		want := reCopyright.MatchString(s)
		if got := hasCopyright(s); got != want {
			t.Fatalf("hasCopyright(%q) = %v, want %v", s, got, want)
		}
		if want {
			found++
		}
	}
	if found < 50000 {
		t.Fatalf("only %d random texts are copyright notices", found)
	}
}
