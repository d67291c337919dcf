package dedup

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// simHashRef is SimHash as it was first written, with one vote per bit
// and shingle and the hashing helpers of the time: the reference SimHash
// must agree with.
func simHashRef(text string) uint64 {
	var (
		votes [64]int32
		ring  [ShingleSize]span
		n     int
	)
	vote := func(h uint64) {
		for b := range votes {
			votes[b] += int32(h>>b&1)*2 - 1
		}
	}
	eachWordRef(text, func(w span) {
		ring[n%ShingleSize] = w
		n++
		if n >= ShingleSize {
			vote(shingleHashRef(text, ring, n))
		}
	})
	if n == 0 {
		return 0
	}
	if n < ShingleSize {
		vote(shingleHashRef(text, ring, n))
	}
	var fp uint64
	for b, v := range votes {
		if v > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

// shingleHashRef is shingleHash as it was first written.
func shingleHashRef(text string, ring [ShingleSize]span, n int) uint64 {
	h := uint64(fnvOffset)
	var buf [utf8.UTFMax]byte
	for i := max(n-ShingleSize, 0); i < n; i++ {
		if i > max(n-ShingleSize, 0) {
			h = (h ^ ' ') * fnvPrime
		}
		w := ring[i%ShingleSize]
		for _, r := range text[w.start:w.end] {
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				h = (h ^ uint64(r)) * fnvPrime
				continue
			}
			for _, c := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
				h = (h ^ uint64(c)) * fnvPrime
			}
		}
	}
	return h
}

// eachWordRef is eachWord as it was first written.
func eachWordRef(text string, f func(span)) {
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

// shingles lists the shingle hashes of text, in order.
func shingles(text string) []uint64 {
	var hs []uint64
	eachShingle(text, func(h uint64) { hs = append(hs, h) })
	return hs
}

// shinglesRef lists them as simHashRef computes them.
func shinglesRef(text string) []uint64 {
	var (
		hs   []uint64
		ring [ShingleSize]span
		n    int
	)
	eachWordRef(text, func(w span) {
		ring[n%ShingleSize] = w
		n++
		if n >= ShingleSize {
			hs = append(hs, shingleHashRef(text, ring, n))
		}
	})
	if n > 0 && n < ShingleSize {
		hs = append(hs, shingleHashRef(text, ring, n))
	}
	return hs
}

// TestSimHashAgreesWithReference compares SimHash and the shingle hashes
// (which Containment compares) with the reference on
// random texts: mixed case, digits, accents, marks, CJK, punctuation,
// invalid UTF-8, and texts long enough for thousands of shingles.
func TestSimHashAgreesWithReference(t *testing.T) {
	pieces := []string{"the", "The", "THE", "storm", "Straße", "ÉTÉ", "été", "e\u0301", "東", "京で", "テキスト", "한국",
		"2024", "x9", "ǅ", "İstanbul", "ſ", "K", "\xff", "\xe2\x80", "\ufffd", "—", "...", ",", "!", "\u00a0", "\n", " ", "  "}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		size := r.IntN(12)
		if n%50 == 0 {
			size = r.IntN(20000)
		}
		for k := 0; k < size; k++ {
			b.WriteString(pieces[r.IntN(len(pieces))])
			if r.IntN(3) != 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		if got, want := SimHash(s), simHashRef(s); got != want {
			t.Fatalf("SimHash(%.200q) = %x, want %x", s, got, want)
		}
		if got, want := shingles(s), shinglesRef(s); !slices.Equal(got, want) {
			t.Fatalf("shingle hashes of %.200q differ from the reference", s)
		}
	}
	for seed := uint64(1); seed < 50; seed++ {
		s := strings.Join(article(seed, int(seed)*100), " ")
		if got, want := SimHash(s), simHashRef(s); got != want {
			t.Fatalf("SimHash(article %d) = %x, want %x", seed, got, want)
		}
	}
}
