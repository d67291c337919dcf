// Package storetest holds what the tests of every store backend (SQLite,
// PostgreSQL) share: deterministic generated texts and stand-ins for the
// extractor's content hash and SimHash, so that the backends are tested on
// the same data. It is imported by tests only.
package storetest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// vocabulary is the word list of generated texts: 3,000 distinct words.
var vocabulary = func() []string {
	w := make([]string, 0, 3000)
	for i := range 3000 {
		w = append(w, fmt.Sprintf("w%dx%c", i, 'a'+rune(i%26)))
	}
	return w
}()

// Text returns a deterministic text of n words from seed.
func Text(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]string, n)
	for i := range out {
		out[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return strings.Join(out, " ")
}

// SimHash is a plain 64-bit SimHash over lower-cased words: texts that
// differ in a few words are a few bits apart (the crawler's real one lives
// in internal/dedup).
func SimHash(s string) uint64 {
	var v [64]int
	for _, w := range strings.Fields(strings.ToLower(s)) {
		h := fnv.New64a()
		h.Write([]byte(w))
		x := h.Sum64()
		for b := range 64 {
			if x>>b&1 == 1 {
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

// ContentHash stands in for the extractor's content hash: any stable
// string of the case-folded text.
func ContentHash(s string) string {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(s)))
	return fmt.Sprintf("%016x", h.Sum64())
}
