package dedup

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
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
// shingle of ShingleSize consecutive words votes on every bit with a 64-bit
// hash mixed from its words' FNV-64a hashes. Words are runs of letters and
// digits, case-folded; each CJK character is a word of its own. Texts
// differing in a few words have fingerprints a few bits apart (see
// Hamming); unrelated texts differ in about half of the 64 bits. Text with
// no words gives 0. It does not allocate.
func SimHash(text string) uint64 {
	var (
		votes [64]int32
		ring  [ShingleSize]uint64
		n     int
	)
	vote := func(h uint64) {
		for b := range votes {
			votes[b] += int32(h>>b&1)*2 - 1
		}
	}
	eachWordHash(text, func(w uint64) {
		ring[n%ShingleSize] = w
		n++
		if n >= ShingleSize {
			vote(shingleHash(ring, n))
		}
	})
	if n == 0 {
		return 0
	}
	if n < ShingleSize {
		vote(shingleHash(ring, n))
	}
	var fp uint64
	for b, v := range votes {
		if v > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

// shingleHash mixes the hashes of the last (up to ShingleSize) words, in
// order, ending with a full avalanche (SplitMix64's finaliser) so every
// output bit depends on every word.
func shingleHash(ring [ShingleSize]uint64, n int) uint64 {
	var h uint64 = 0x9e3779b97f4a7c15
	first := max(n-ShingleSize, 0)
	for i := first; i < n; i++ {
		h = (h ^ ring[i%ShingleSize]) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// eachWordHash calls f with the FNV-64a hash of each case-folded word of
// text, in order (the words of Words).
func eachWordHash(text string, f func(uint64)) {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h, inWord := uint64(offset), false
	var buf [utf8.UTFMax]byte
	add := func(r rune) {
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			h = (h ^ uint64(c)) * prime
		}
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			h, inWord = (h^uint64(r))*prime, true
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			h, inWord = (h^uint64(r+'a'-'A'))*prime, true
		case r < utf8.RuneSelf:
			if inWord {
				f(h)
				h, inWord = offset, false
			}
		case isCJK(r):
			if inWord {
				f(h)
			}
			h = offset
			add(r)
			f(h)
			h, inWord = offset, false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			add(unicode.ToLower(r))
			inWord = true
		default:
			if inWord {
				f(h)
				h, inWord = offset, false
			}
		}
	}
	if inWord {
		f(h)
	}
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
