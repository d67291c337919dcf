package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// article builds a deterministic pseudo-article of n words from seed.
func article(seed uint64, n int) []string {
	vocab := strings.Fields(`the storm coast city council minister said on a in of to and
		weather winds flood rescue people homes power road river police report
		government official residents emergency water north south east west rain
		damage hospital school bridge train airport warning night morning week
		year tuesday monday crews volunteers shelter evacuated forecast national`)
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[r.IntN(len(vocab))]
	}
	return w
}

func TestSimHash(t *testing.T) {
	base := article(1, 400)
	edit := func(f func(w []string) []string) string {
		w := append([]string(nil), base...)
		return strings.Join(f(w), " ")
	}
	orig := strings.Join(base, " ")
	tests := []struct {
		name    string
		other   string
		maxDist int // -1: no upper bound
		minDist int
	}{
		{"identical", orig, 0, 0},
		{"case and punctuation", strings.ToUpper(strings.ReplaceAll(orig, " ", ", ")), 0, 0},
		{"one word changed", edit(func(w []string) []string { w[200] = "tornado"; return w }), NearDuplicateDistance, 0},
		{"five words changed", edit(func(w []string) []string {
			for _, i := range []int{10, 90, 170, 250, 330} {
				w[i] = "changed"
			}
			return w
		}), NearDuplicateDistance, 0},
		{"new intro sentence", "By Wire Staff. Updated at noon with new figures. " + orig, NearDuplicateDistance, 0},
		{"last paragraph cut", edit(func(w []string) []string { return w[:370] }), NearDuplicateDistance, 0},
		{"different article", strings.Join(article(2, 400), " "), -1, 18},
		{"another different article", strings.Join(article(3, 300), " "), -1, 18},
	}
	h := SimHash(orig)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Hamming(h, SimHash(tt.other))
			t.Logf("distance %d", d)
			if tt.maxDist >= 0 && d > tt.maxDist {
				t.Errorf("distance %d > %d", d, tt.maxDist)
			}
			if d < tt.minDist {
				t.Errorf("distance %d < %d", d, tt.minDist)
			}
		})
	}
}

func TestSimHashEdges(t *testing.T) {
	if got := SimHash(""); got != 0 {
		t.Errorf("SimHash(\"\") = %x, want 0", got)
	}
	if got := SimHash(" ... !!! "); got != 0 {
		t.Errorf("SimHash of punctuation = %x, want 0", got)
	}
	if SimHash("one") == 0 || SimHash("one two") == SimHash("two one") {
		t.Errorf("short texts: one=%x", SimHash("one"))
	}
	if got, want := Words("東京で地震 Tokyo QUAKE, 2024"), []string{"東", "京", "で", "地", "震", "tokyo", "quake", "2024"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
	if Hamming(0, ^uint64(0)) != 64 || Hamming(5, 5) != 0 {
		t.Error("Hamming is wrong")
	}
}

func ExampleSimHash() {
	a := "The storm hit the coast on Tuesday night, flooding homes and cutting power to thousands of residents."
	b := "The storm hit the coast on Tuesday night, flooding homes and cutting power to thousands of people."
	c := "The council approved the new budget for schools and roads after a long debate on Monday."
	fmt.Println(Hamming(SimHash(a), SimHash(b)) < Hamming(SimHash(a), SimHash(c)))
	// Output: true
}

func BenchmarkSimHash(b *testing.B) {
	text := strings.Join(article(1, 800), " ")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SimHash(text)
	}
}

// TestWordHashesFollowWords: the words hashed are exactly Words' words,
// case-folded (equal words hash equal, different words differ).
func TestWordHashesFollowWords(t *testing.T) {
	for _, text := range []string{
		"The Storm hit THE coast.", "Ünïcode wörds, straße & ÉTÉ!", "日本語のテキスト mixed 2024", "", "  ... ",
	} {
		words := Words(text)
		var hashes []uint64
		eachWord(text, func(w span) {
			eachShingle(text[w.start:w.end], func(h uint64) { hashes = append(hashes, h) })
		})
		if len(hashes) != len(words) {
			t.Errorf("%q: %d hashes for %d words %q", text, len(hashes), len(words), words)
			continue
		}
		for i := range words {
			for j := range words {
				if (words[i] == words[j]) != (hashes[i] == hashes[j]) {
					t.Errorf("%q: words %q and %q, hashes equal = %v", text, words[i], words[j], hashes[i] == hashes[j])
				}
			}
		}
	}
}

func TestContainment(t *testing.T) {
	base := strings.Join(article(7, 300), " ")
	edited := strings.Replace(base, " ", " really ", 3)
	other := strings.Join(article(8, 300), " ")
	half := base[:len(base)/2]
	for _, tc := range []struct {
		name string
		a, b string
		min  float64
		max  float64
	}{
		{"identical", base, base, 1, 1},
		{"light edit", base, edited, MinContainment, 1},
		{"contained", half, base, 0.95, 1},
		{"unrelated", base, other, 0, 0.2},
		{"empty", "", base, 0, 0},
	} {
		if c := Containment(tc.a, tc.b); c < tc.min || c > tc.max {
			t.Errorf("%s: containment %.3f, want in [%.2f, %.2f]", tc.name, c, tc.min, tc.max)
		}
	}
}
