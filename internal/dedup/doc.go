// Package dedup decides when two URLs or two texts are the same article:
// URL canonicalisation (Canonical), the key an article is stored under
// (ArticleKey) and near-duplicate fingerprints of body text (SimHash,
// Hamming). It is pure: no I/O, no state, no logging. Remembering which keys
// and fingerprints were already seen is the store's job, not this package's.
//
// Files: canonical.go normalises URLs (tracking and session parameters,
// AMP and print variants); key.go picks an article's key from its fetched,
// rel=canonical and og:url addresses; simhash.go fingerprints text.
package dedup
