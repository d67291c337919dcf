package store

import "math/bits"

// simhashBands is how many bands a SimHash is cut into for the
// near-duplicate lookup (table simhash_bands): with 4 bands of 16 bits,
// two hashes within Hamming distance 3 share at least one band.
const simhashBands = 4

// bandKeys returns the simhash_bands keys of h: band index << 16 | the
// band's 16 bits.
func bandKeys(h uint64) [simhashBands]int64 {
	var k [simhashBands]int64
	for b := range simhashBands {
		k[b] = int64(b)<<16 | int64(h>>(16*b)&0xffff)
	}
	return k
}

// hamming returns the number of bits that differ between a and b.
func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
