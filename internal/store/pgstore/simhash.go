package pgstore

// simhashBands is how many bands a SimHash is cut into for the
// near-duplicate lookup (table simhash_bands). The bands and their keys
// are the SQLite store's (internal/store/simhash.go), so both stores find
// the same near-duplicates: with 6 bands (four of 11 bits, two of 10) two
// hashes within Hamming distance 5 always share a band.
const simhashBands = 6

// bandBits are the widths of the bands, low bits first; they sum to 64.
var bandBits = [simhashBands]uint{11, 11, 11, 11, 10, 10}

// bandKeys returns the simhash_bands keys of h: band index << 16 | the
// band's bits.
func bandKeys(h uint64) [simhashBands]int64 {
	var k [simhashBands]int64
	shift := uint(0)
	for b, width := range bandBits {
		k[b] = int64(b)<<16 | int64(h>>shift&(1<<width-1))
		shift += width
	}
	return k
}
