package testsite

import (
	"hash/fnv"
	"math/bits"
	"regexp"
	"strings"
	"testing"
)

// simhash is a 64-bit SimHash over lower-cased word 3-grams, as a crawler's
// near-duplicate detector would compute it.
func simhash(text string) uint64 {
	words := strings.Fields(strings.ToLower(text))
	var v [64]int
	for i := 0; i+3 <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+3], " ")))
		x := h.Sum64()
		for b := range 64 {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

var articleRE = regexp.MustCompile(`(?s)<article[^>]*>.*?</time></p>(.*)</article>`)
var tagRE = regexp.MustCompile(`<[^>]+>`)

// bodyText is the text of the <article> paragraphs after the byline.
func bodyText(t testing.TB, s *Site, path string) string {
	m := articleRE.FindStringSubmatch(get(t, s, path).Body.String())
	if m == nil {
		t.Fatalf("%s: no <article>", path)
	}
	return tagRE.ReplaceAllString(m[1], " ")
}

// TestNearDuplicates checks that distinct articles are far apart under
// SimHash and that partner copies are close to their originals.
func TestNearDuplicates(t *testing.T) {
	s := New(Options{Articles: 300, Syndicated: 40})
	exp := s.ExpectedArticles()
	hashes := make([]uint64, len(exp))
	for i, a := range exp {
		hashes[i] = simhash(bodyText(t, s, a.Path))
	}
	minDist := 64
	for i := range hashes {
		for j := i + 1; j < len(hashes); j++ {
			minDist = min(minDist, bits.OnesCount64(hashes[i]^hashes[j]))
		}
	}
	if minDist < 12 {
		t.Errorf("two distinct articles are %d bits apart; want >= 12", minDist)
	}
	for _, edits := range []int{-1, 2, 6} {
		s := New(Options{Articles: 300, Syndicated: 40, SyndicationEdits: edits})
		maxDist := 0
		for _, p := range s.Syndicated() {
			copyText, orig := bodyText(t, s, p.Copy), bodyText(t, s, p.Original)
			if (copyText == orig) != (edits < 0) {
				t.Errorf("edits %d: %s equal to its original: %v", edits, p.Copy, copyText == orig)
			}
			maxDist = max(maxDist, bits.OnesCount64(simhash(copyText)^simhash(orig)))
		}
		if limit := max(0, 4*edits); maxDist > limit {
			t.Errorf("edits %d: a copy is %d bits from its original; want <= %d", edits, maxDist, limit)
		}
		t.Logf("SimHash distance: distinct articles >= %d bits; copies with %d edits <= %d bits", minDist, edits, maxDist)
	}
}

func TestWordsAndSlugs(t *testing.T) {
	if got := slugify("Why the Quiet council approved the tax again"); got != "why-the-quiet-council-approved-the" {
		t.Errorf("slugify = %q", got)
	}
	if withArticle("eastern") != "an eastern" || withArticle("bold") != "a bold" {
		t.Error("withArticle")
	}
	for _, list := range [][]string{adjectives[:], nouns[:], verbs[:], adverbs[:], tagNames[:]} {
		for _, w := range list {
			if w != strings.ToLower(w) || strings.ContainsAny(w, " &<>\"'") {
				t.Errorf("word %q must be lower-case and need no escaping", w)
			}
		}
	}
}
