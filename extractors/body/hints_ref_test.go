package body

import (
	"math/rand"
	"strings"
	"testing"
)

// namesRef and wordRef are names and word as they were before the
// look-ups were joined and the fields no longer split into a slice: the
// references they must agree with.

// namesRef applies the words of one class or id attribute to h.
func namesRef(v string, h *hint) {
	for _, name := range strings.Fields(v) {
		if len(name) > 60 {
			continue
		}
		var compact [64]byte
		k := 0
		start := 0
		for i := 0; i <= len(name); i++ {
			var c byte
			if i < len(name) {
				c = name[i]
			}
			boundary := i == len(name) || c == '-' || c == '_' || c == ':' || c == '.' ||
				(c >= 'A' && c <= 'Z' && i > start && name[i-1] >= 'a' && name[i-1] <= 'z')
			if boundary {
				if i > start {
					wordRef(strings.ToLower(name[start:i]), h)
				}
				start = i
				if i < len(name) && !(c >= 'A' && c <= 'Z') {
					start = i + 1
				}
			}
			if i < len(name) && c != '-' && c != '_' && c != ':' && c != '.' && k < len(compact) {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				compact[k] = c
				k++
			}
		}
		switch c := string(compact[:k]); {
		case hiddenNames[c]:
			h.drop = kindHidden
		case markerNames[c]:
			h.marker = true
			h.score = max(h.score, 25)
		}
	}
}

// wordRef applies one class/id word to h.
func wordRef(w string, h *hint) {
	if kind, ok := negTokens[w]; ok {
		if h.drop == "" {
			h.drop = kind
		}
		h.score -= 25
		return
	}
	if leadTokens[w] {
		h.lead = true
		return
	}
	if s, ok := posTokens[w]; ok {
		if s > h.score {
			h.score = s
		}
		return
	}
	if len(w) > 6 {
		for _, r := range negRoots {
			if strings.Contains(w, string(r.root)) {
				if h.drop == "" {
					h.drop = r.kind
				}
				h.score -= 25
				return
			}
		}
	}
}

// classPieces are the pieces randomClass joins: words of every list in
// several cases, compounds, separators and other bytes.
var classPieces = []string{"share", "Share", "SHARE", "sharebuttons", "related", "relatedPosts", "comment",
	"comments", "lead", "Lead", "intro", "article", "Article", "body", "entry", "content", "post", "story",
	"text", "main", "sr", "only", "visually", "hidden", "screen", "reader", "entry-content", "article__body",
	"post_body", "x", "ad", "ads", "nav", "menu", "footer", "sidebar", "widget", "Ü", "ünter", "İ", "ſhare",
	"-", "_", ":", ".", " ", "  ", "\t", "\n", "\v", "\u00a0", "\u2003", "copy", "socialicons",
	"verylongwordthatgoesonandonandonforeverandeverandmoreandmorewords"}

// randomClass joins 1 to 8 random pieces.
func randomClass(rng *rand.Rand) string {
	var b strings.Builder
	for n := 1 + rng.Intn(8); n > 0; n-- {
		b.WriteString(classPieces[rng.Intn(len(classPieces))])
	}
	return b.String()
}

func TestNamesMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	changed := 0
	for i := 0; i < 300000; i++ {
		v := randomClass(rng)
		start := hint{score: int8(rng.Intn(60) - 30)}
		if rng.Intn(3) == 0 {
			start.drop = kindNav
		}
		got, want := start, start
		names(v, &got)
		namesRef(v, &want)
		if got != want {
			t.Fatalf("names(%q) = %+v, want %+v", v, got, want)
		}
		if want != start {
			changed++
		}
	}
	if changed < 100000 {
		t.Fatalf("only %d random names said something", changed)
	}
}
