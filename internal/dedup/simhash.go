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
// shingle of ShingleSize consecutive words, joined by spaces, is hashed
// with FNV-64a and votes on every bit. Words are runs of letters and
// digits, case-folded; each CJK character is a word of its own. Texts
// differing in a few words have fingerprints a few bits apart (see
// Hamming); unrelated texts differ in about half of the 64 bits. Text with
// no words gives 0. It does not allocate.
func SimHash(text string) uint64 {
	var votes bitVotes
	if !eachShingle(text, votes.add) {
		return 0
	}
	return votes.majority()
}

// bitVotes counts, for each of the 64 bits, the hashes that have it set.
// A hash votes +1 on its set bits and -1 on the others, so a bit wins
// when more than half of the hashes set it. The counting is bit-sliced:
// lanes[k] holds eight byte-wide counters, for bits k, k+8, ..., k+56,
// which take eight additions per hash instead of 64 and are emptied into
// ones before a byte can overflow.
type bitVotes struct {
	lanes   [8]uint64
	inLanes int // hashes counted in lanes, under 256
	ones    [64]int
	hashes  int
}

// laneBits has the lowest bit of each byte set.
const laneBits = 0x0101010101010101

func (v *bitVotes) add(h uint64) {
	for k := range v.lanes {
		v.lanes[k] += h >> k & laneBits
	}
	v.hashes++
	if v.inLanes++; v.inLanes == 255 {
		v.flush()
	}
}

// flush moves the lane counters into ones.
func (v *bitVotes) flush() {
	for k, l := range v.lanes {
		for j := 0; j < 8; j++ {
			v.ones[8*j+k] += int(l >> (8 * j) & 0xff)
		}
		v.lanes[k] = 0
	}
	v.inLanes = 0
}

// majority returns the fingerprint: the bits set by more than half of
// the hashes.
func (v *bitVotes) majority() uint64 {
	v.flush()
	var fp uint64
	for b, n := range v.ones {
		if 2*n > v.hashes {
			fp |= 1 << b
		}
	}
	return fp
}

// span is a word's byte range in the text.
type span struct{ start, end int }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// eachShingle calls f with the FNV-64a hash of each run of ShingleSize
// consecutive words of text, case-folded and joined by single spaces, in
// order; a text of fewer words gives one hash of all of them. It reports
// whether text has any word.
//
// The words are those of eachWord, found in the same pass that hashes
// them: each byte is read once, and feeds the running hashes of the three
// shingles its word belongs to, kept in registers.
func eachShingle(text string, f func(uint64)) bool {
	// While word w is read, a, b and c hash the shingles started at words
	// w-2, w-1 and w (a and b are garbage while w < 2, and never used).
	var a, b, c uint64
	n := 0 // words ended
	inWord := false
	endWord := func() {
		inWord = false
		if n++; n >= ShingleSize {
			f(a) // words n-3 to n-1
		}
	}
	startWord := func() {
		inWord = true
		a, b, c = (b^' ')*fnvPrime, (c^' ')*fnvPrime, fnvOffset
	}
	for i := 0; i < len(text); {
		if x := text[i]; x < utf8.RuneSelf {
			i++
			x = asciiWordByte[x]
			if x == 0 {
				if inWord {
					endWord()
				}
				continue
			}
			if !inWord {
				startWord()
			}
			a, b, c = (a^uint64(x))*fnvPrime, (b^uint64(x))*fnvPrime, (c^uint64(x))*fnvPrime
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		cjk := isCJK(r)
		if !cjk && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			if inWord {
				endWord()
			}
			continue
		}
		if cjk && inWord { // a CJK character is a word of its own
			endWord()
		}
		if !inWord {
			startWord()
		}
		var buf [utf8.UTFMax]byte
		for _, x := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			a, b, c = (a^uint64(x))*fnvPrime, (b^uint64(x))*fnvPrime, (c^uint64(x))*fnvPrime
		}
		if cjk {
			endWord()
		}
	}
	if inWord {
		endWord()
	}
	switch n {
	case 1:
		f(c) // the one word's
	case 2:
		f(b) // started at the first word
	}
	return n > 0
}

// asciiWordByte maps an ASCII byte to itself, lower-cased, when it belongs
// to a word (a letter or a digit), and to 0 when it separates words.
var asciiWordByte = func() (t [utf8.RuneSelf]byte) {
	for x := byte('0'); x <= '9'; x++ {
		t[x] = x
	}
	for x := byte('a'); x <= 'z'; x++ {
		t[x] = x
		t[x-'a'+'A'] = x
	}
	return t
}()

// The shingle hashes are three locals in eachShingle.
var _ [ShingleSize - 3]struct{}
var _ [3 - ShingleSize]struct{}

// shingleHashes are the running FNV-64a hashes of the shingles a word
// belongs to.
type shingleHashes [ShingleSize]uint64

// add feeds byte c to every hash.
func (h *shingleHashes) add(c byte) {
	for k := range h {
		h[k] = (h[k] ^ uint64(c)) * fnvPrime
	}
}

// eachWord calls f with the byte range of each word of text, in order (the
// words of Words, before case folding).
func eachWord(text string, f func(span)) {
	start := -1
	for i, r := range text {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'):
			if start < 0 {
				start = i
			}
		case r < utf8.RuneSelf:
			if start >= 0 {
				f(span{start, i})
				start = -1
			}
		case isCJK(r):
			if start >= 0 {
				f(span{start, i})
				start = -1
			}
			f(span{i, i + utf8.RuneLen(r)})
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				f(span{start, i})
				start = -1
			}
		}
	}
	if start >= 0 {
		f(span{start, len(text)})
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

// MinContainment is the share of shingles a near-duplicate candidate must
// have in common with the text it copies (see Containment): SimHash finds
// candidates cheaply; this confirms them, so that two different texts whose
// fingerprints happen to be close are never taken for copies.
const MinContainment = 0.8

// Containment returns the share of the shorter text's word shingles
// (ShingleSize consecutive words, case-folded) that the other text also
// has: 1 for identical texts or one contained in the other, near 0 for
// unrelated texts. Texts with no words give 0.
func Containment(a, b string) float64 {
	sa, sb := shingleSet(a), shingleSet(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	common := 0
	for h := range sa {
		if _, ok := sb[h]; ok {
			common++
		}
	}
	return float64(common) / float64(len(sa))
}

func shingleSet(text string) map[uint64]struct{} {
	set := make(map[uint64]struct{})
	eachShingle(text, func(h uint64) { set[h] = struct{}{} })
	return set
}
