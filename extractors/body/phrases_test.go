package body

import (
	"strings"
	"testing"
	"unicode"
)

// TestPhraseFolding checks that the phrase tests, which fold ASCII case
// instead of lower-casing, agree with tests on strings.ToLower's copy.
func TestPhraseFolding(t *testing.T) {
	texts := []string{
		"", "Read More", "READ MORE about it", "– Anzeige –", "« Zurück zur Übersicht", "Follow us on Twitter",
		"FOLLOW US ON FACEBOOK", "Síguenos en Instagram", "SÍGUENOS EN INSTAGRAM", "Download the App now",
		"Photo: Getty Images", "FOTO: dpa", "© Reuters", "Picture-Alliance/dpa", "Bild: KEYSTONE",
		"Kelvin \u212a follow", "İstanbul photo:", "LEA MÁS", "Lea Más", "Don’t Miss", "plain words here",
		"\xffbad Read more", "ſhare this", "Getty\u00a0Images",
	}
	refPhrase := func(text string) string {
		lower := strings.ToLower(strings.TrimLeftFunc(text, func(r rune) bool {
			return (unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)) && !strings.ContainsRune("(©¿¡", r)
		}))
		for _, p := range phrasePrefixes {
			if strings.HasPrefix(lower, p.prefix) {
				return p.kind + " (phrase)"
			}
		}
		return ""
	}
	refSocial := func(t string) bool {
		lower := strings.ToLower(t)
		for _, o := range followOpenings {
			if strings.HasPrefix(lower, o) {
				for _, s := range socialNetworks {
					if strings.Contains(lower, s) {
						return true
					}
				}
				break
			}
		}
		return strings.Contains(lower, "download the") && strings.Contains(lower, " app")
	}
	refCredit := func(t string) bool {
		if strings.Contains(t, "©") {
			return true
		}
		lower := strings.ToLower(t)
		for _, a := range creditAgencies {
			if strings.Contains(lower, a) {
				return true
			}
		}
		for _, l := range [...]string{"photo:", "foto:", "photos:", "fotos:", "photo :", "bild:"} {
			if strings.Contains(lower, l) {
				return true
			}
		}
		return false
	}
	for _, p := range phrasePrefixes {
		texts = append(texts, p.prefix, strings.ToUpper(p.prefix)+" x", "- "+strings.Title(p.prefix))
	}
	for _, s := range texts {
		if got, want := phraseKind(s), refPhrase(s); got != want {
			t.Errorf("phraseKind(%q) = %q, want %q", s, got, want)
		}
		if got, want := isSocialPrompt(s), refSocial(s); got != want {
			t.Errorf("isSocialPrompt(%q) = %v, want %v", s, got, want)
		}
		if got, want := isCredit(s), refCredit(s); got != want {
			t.Errorf("isCredit(%q) = %v, want %v", s, got, want)
		}
	}
}
