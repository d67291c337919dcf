package meta

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/extractors/page"
)

// authorSplit is the regular expression splitAuthors replaces: the
// reference it must agree with.
var authorSplit = regexp.MustCompile(`(?i)\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\ben\b|\bog\b|\boch\b|\bmit\b|\bwith\b|·|•|\n)\s*`)

// TestAuthorPrechecks checks that each cheap pre-check in cleanAuthors
// says "may match" whenever its regular expression matches, and that
// splitAuthors splits as its regular expression does.
func TestAuthorPrechecks(t *testing.T) {
	pieces := []string{"By", "by", "BY", "von", "Jane", "Doe", "and", "AND", "with", "e", "i", "y", "Y",
		"on", "On", "le", "am", "12:30", "2024-01-02", "@jane", "jane@x.org", "http://x", "www.x", "Photo",
		"photos", "written", "Written by", "Author:", "autorin:", "a cura di", "de", "De", "Andrés", "José",
		"veröffentlicht", "ſtory", ",", ";", "|", "/", "&", "·", "\n", " ", "  ", "-", ":", "x_y", "and_so",
		"Ein Beitrag von", "texte:", "Redaktion:", "Byline:", "from", "door", "av", "af", "Par", "por", "di",
		"•", "\t", "\r\n", " \n ", "UND", "Och", "mit", "og", "en", "et", "ET", "İ", "ı", "Kelvin\u212a", "ſ", "\xff", "\u00a0",
		"and-", "_and", "2and", "with,", "I", "E", "Y,", "\f", "\v"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.Intn(5); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
			if rng.Intn(2) == 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		if emailOrHandle.MatchString(s) && !mayHaveEmailOrHandle(s) {
			t.Fatalf("emailOrHandle matches %q", s)
		}
		if got, want := splitAuthors(s), authorSplit.Split(s, -1); !slices.Equal(got, want) {
			t.Fatalf("splitAuthors(%q) = %q, want %q", s, got, want)
		}
		if dateLike.MatchString(s) && page.IsASCII(s) && !hasDigit(s) && !hasASCIIWord(s, dateWords) {
			t.Fatalf("dateLike matches %q", s)
		}
		if bylinePrefix.MatchString(s) && page.IsASCII(s) && !prefixWords[firstASCIIWord(s)] {
			t.Fatalf("bylinePrefix matches %q", s)
		}
	}
}
