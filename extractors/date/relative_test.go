package date

import (
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// firstRelativeIndex is firstRelative as it was written first: a
// lower-cased copy searched once per word. The reference the one-pass
// search must agree with.
func firstRelativeIndex(s string, from, to int) []int {
	b := []byte(s[from:to])
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	ls := string(b)
	var wins [][2]int
	for wi, w := range relativeWords {
		before := wi >= relativeBefore
		for i := 0; ; {
			k := strings.Index(ls[i:], w)
			if k < 0 {
				break
			}
			k += i
			i = k + len(w)
			if before && (k == 0 || !isSpace(ls[k-1])) || !before && (i == len(ls) || !isSpace(ls[i])) {
				continue
			}
			if !before && !numberAfter(ls, i) || before && !numberBefore(ls, k) {
				continue
			}
			wins = append(wins, [2]int{max(0, k-relativeReach), min(len(ls), i+relativeReach)})
		}
	}
	if len(wins) == 0 {
		return nil
	}
	sort.Slice(wins, func(i, j int) bool { return wins[i][0] < wins[j][0] })
	merged := wins[:1]
	for _, w := range wins[1:] {
		if last := &merged[len(merged)-1]; w[0] <= last[1] {
			last[1] = max(last[1], w[1])
		} else {
			merged = append(merged, w)
		}
	}
	for _, w := range merged {
		lo, hi := w[0], w[1]
		for lo > 0 && !utf8.RuneStart(ls[lo]) {
			lo--
		}
		for hi < len(ls) && !utf8.RuneStart(ls[hi]) {
			hi++
		}
		if m := reRelative.FindStringSubmatchIndex(s[from+lo : from+hi]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += lo
				}
			}
			return m
		}
	}
	return nil
}

// TestFirstRelativeOnePass checks the search next to white space against
// the reference on random texts.
func TestFirstRelativeOnePass(t *testing.T) {
	pieces := []string{"vor", "VOR", "Vor", "3", "12", "einer", "Stunde", "Stunden", "hours", "ago", "AGO", "Ago",
		"il y a", "IL Y A", "hace", "HACE", "há", "HÁ", "ha", "Ha", "fa", "FA", "ore", "geleden", "sitten", "temu",
		"önce", "ÖNCE", "an", "An", "a", "one", "ONE", "une", "uma", "day", "the", "that", "\t", "\n", ",", "é",
		"fact", "hat", "ha3", "banana", "done", "minutes"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 100000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
			if rng.Intn(4) != 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		from := rng.Intn(len(s)/4 + 1)
		if got, want := firstRelative(s, from, len(s)), firstRelativeIndex(s, from, len(s)); !slices.Equal(got, want) {
			t.Fatalf("firstRelative(%q, %d) = %v, want %v", s, from, got, want)
		}
	}
}
