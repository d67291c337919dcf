package dedup

import (
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// ShingleSize is the number of consecutive words hashed together by
// SimHash.
const ShingleSize = 3

// NearDuplicateDistance is a suggested Hamming distance at or under which
// two SimHash fingerprints of texts of a few hundred words or more are
// near-duplicates (a syndicated copy with a changed intro, typo fixes, a
// different byline). Measured in simhash_test.go: light edits of a
// 400-word article give 0-6 bits, unrelated articles 20 or more. Short
// texts vary more: compare the exact content hash for those.
const NearDuplicateDistance = 8

// SimHash returns the 64-bit SimHash fingerprint of text (Charikar): each
// shingle of ShingleSize consecutive words is hashed with FNV-64a and votes
// on every bit. Words are runs of letters and digits, case-folded; each
// CJK character is a word of its own. Texts differing in a few words have
// fingerprints a few bits apart (see Hamming); unrelated texts differ in
// about half of the 64 bits. Text with no words gives 0.
func SimHash(text string) uint64 {
	words := Words(text)
	if len(words) == 0 {
		return 0
	}
	var votes [64]int
	h := fnv.New64a()
	n := len(words) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		h.Reset()
		for j := i; j < i+ShingleSize && j < len(words); j++ {
			if j > i {
				h.Write([]byte{' '})
			}
			h.Write([]byte(words[j]))
		}
		sum := h.Sum64()
		for b := 0; b < 64; b++ {
			if sum&(1<<b) != 0 {
				votes[b]++
			} else {
				votes[b]--
			}
		}
	}
	var fp uint64
	for b := 0; b < 64; b++ {
		if votes[b] > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

// Hamming returns the number of bits in which a and b differ (0-64).
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Words splits text into the case-folded words SimHash shingles: runs of
// letters, digits and marks, with each Han, Hiragana, Katakana and Hangul
// character a word of its own.
func Words(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		switch {
		case isCJK(r):
			if start >= 0 {
				words = append(words, strings.ToLower(text[start:i]))
				start = -1
			}
			words = append(words, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				words = append(words, strings.ToLower(text[start:i]))
				start = -1
			}
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(text[start:]))
	}
	return words
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
