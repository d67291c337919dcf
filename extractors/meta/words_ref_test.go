package meta

import (
	"math/bits"
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cheapLanguageRef is cheapLanguage as it was before its ASCII fast paths
// and word filter: the reference it must agree with.
func cheapLanguageRef(text string) (lang string, share float64, how string) {
	if l, s := scriptLanguageRef(text); l != "" {
		return l, s, "script"
	}
	// Each hit of a word shared by k languages counts 1/k toward each
	// (the lead); the plain hit count gives the share.
	var hits [len(functionWords)]int
	var weight [len(functionWords)]float64
	words := 0
	var buf [64]byte
	for i := 0; i < len(text) && words < sampleWords; {
		// Find the next word: a run of letters and marks.
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		w := buf[:0]
		long := false
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsMark(r) {
				break
			}
			if len(w)+utf8.UTFMax <= len(buf) {
				w = utf8.AppendRune(w, unicode.ToLower(r))
			} else {
				long = true
			}
			i += size
		}
		words++
		if long {
			continue
		}
		set := wordLangs[string(w)]
		if set == 0 {
			continue
		}
		k := 1 / float64(bits.OnesCount32(set))
		for j := range hits {
			if set&(1<<j) != 0 {
				hits[j]++
				weight[j] += k
			}
		}
	}
	if words < minSampleWords {
		return "", 0, ""
	}
	best := 0
	for j := range weight {
		if weight[j] > weight[best] {
			best = j
		}
	}
	lang = functionWords[best].lang
	second := 0.0
	for j := range weight {
		if j != best && !sameLanguage(functionWords[j].lang, lang) && weight[j] > second {
			second = weight[j]
		}
	}
	share = float64(hits[best]) / float64(words)
	if share < minWordShare || weight[best] < minLead*second {
		return "", 0, ""
	}
	return lang, share, "function words"
}

// scriptLanguageRef is scriptLanguage before its ASCII fast path.
func scriptLanguageRef(text string) (string, float64) {
	var counts [scriptCount]int
	letters := 0
	for _, r := range text {
		if letters >= 400 {
			break
		}
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		counts[scriptOf(r)]++
	}
	if letters < 20 {
		return "", 0
	}
	best := scriptOther
	for s := range counts {
		if counts[s] > counts[best] {
			best = s
		}
	}
	share := float64(counts[best]) / float64(letters)
	if best == scriptHan {
		// Kana marks Japanese; Chinese has none. The two languages are
		// one group for sameLanguage, and the shares add up.
		share = float64(counts[scriptHan]+counts[scriptKana]) / float64(letters)
	}
	if best == scriptKana {
		best, share = scriptHan, float64(counts[scriptHan]+counts[scriptKana])/float64(letters)
	}
	if share < minScriptShare {
		return "", 0
	}
	switch best {
	case scriptHan:
		if counts[scriptKana] > 0 {
			return "ja", share
		}
		return "zh", share
	case scriptHangul:
		return "ko", share
	case scriptCyrillic:
		return "ru", share
	case scriptGreek:
		return "el", share
	case scriptArabic:
		return "ar", share
	case scriptHebrew:
		return "he", share
	case scriptThai:
		return "th", share
	case scriptDevanagari:
		return "hi", share
	case scriptGeorgian:
		return "ka", share
	}
	return "", 0
}

// TestCheapLanguageRandom checks cheapLanguage against the reference on
// random texts of function words, other words, scripts, marks, long words
// and invalid UTF-8.
func TestCheapLanguageRandom(t *testing.T) {
	// Each text draws mostly from one pool: a language's function words or
	// words of one script; the rest from everything.
	var pools [][]string
	for _, l := range functionWords {
		pools = append(pools, strings.Fields(l.words))
	}
	pools = append(pools, []string{"Городской", "совет", "утвердил"}, []string{"市議会", "は", "予算"}, []string{"학교", "도로"},
		[]string{"Αθήνα", "λόγος"}, []string{"שלום", "עיר"}, []string{"ไทย"}, []string{"नमस्ते"}, []string{"ქართ"})
	mixed := []string{"The", "DER", "Über", "ÉTÉ", "city", "council", "voted", "x", "e\u0301t\u00e9", "ǅ", "ſ", "K",
		strings.Repeat("a", 59), strings.Repeat("ü", 31), strings.Repeat("b", 61), "\xff", "\xe2\x80", "\ufffd",
		"3", "2024", ",", ".", "-", "'", "\n", "\u00a0"}
	for _, p := range pools {
		mixed = append(mixed, p[0])
	}
	rng := rand.New(rand.NewSource(1))
	seen := map[string]int{}
	for n := 0; n < 50000; n++ {
		pool := pools[rng.Intn(len(pools))]
		var b strings.Builder
		for k := rng.Intn(200); k >= 0; k-- {
			if rng.Intn(10) < 7 {
				b.WriteString(pool[rng.Intn(len(pool))])
			} else {
				b.WriteString(mixed[rng.Intn(len(mixed))])
			}
			if rng.Intn(8) != 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		l, share, how := cheapLanguage(s)
		wl, wshare, whow := cheapLanguageRef(s)
		if l != wl || share != wshare || how != whow {
			t.Fatalf("cheapLanguage(%q) = %q %v %q, want %q %v %q", s, l, share, how, wl, wshare, whow)
		}
		seen[how]++
	}
	// The texts must reach every outcome.
	for _, how := range []string{"", "script", "function words"} {
		if seen[how] < 1000 {
			t.Errorf("only %d random texts answered %q", seen[how], how)
		}
	}
	t.Log(seen)
}
