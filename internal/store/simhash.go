package store

import "math/bits"

// SimHashBands is how many bands a SimHash is cut into for the
// near-duplicate lookup (table simhash_bands). With 6 bands (four of 11
// bits, two of 10) two hashes within Hamming distance 5 always share a
// band (pigeonhole), and most pairs up to distance 8 (the default
// near-duplicate threshold) do; each band still has 1,024 or more values,
// so a lookup returns few candidates.
const SimHashBands = 6

// bandBits are the widths of the bands, low bits first; they sum to 64.
var bandBits = [SimHashBands]uint{11, 11, 11, 11, 10, 10}

// BandKeys returns the simhash_bands keys of h (the same for every store
// backend, so that all find the same near-duplicates): band index << 16 | the
// band's bits.
func BandKeys(h uint64) [SimHashBands]int64 {
	var k [SimHashBands]int64
	shift := uint(0)
	for b, width := range bandBits {
		k[b] = int64(b)<<16 | int64(h>>shift&(1<<width-1))
		shift += width
	}
	return k
}

// hamming returns the number of bits that differ between a and b.
func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
