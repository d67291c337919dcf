package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// bandsBatch is how many originals the writer lets accumulate before it
// adds their SimHash bands to simhash_bands in one transaction.
//
// Indexing each article as it was saved put six rows with random keys into
// the bands b-tree per article: about 110 of the ~250 pages a crawl's
// commit wrote to the WAL (and later copied back) were bands pages. In a
// batch of a few thousand, sorted by key, each page is written once.
const bandsBatch = 2048

// recentBands are the originals the writer saved since the last bands
// sync, which simhash_bands does not hold yet: the near-duplicate lookup
// checks them in memory. Owned by the writer goroutine. Entries follow
// the writer's transactions: those of a rolled-back write or transaction
// are dropped (SQLite reuses a rolled-back article's id).
//
// Articles saved by another process on the same database are not in this
// list: until that process (or the next Open) syncs them, they are not
// near-duplicate candidates here.
type recentBands struct {
	entries   []bandEntry
	committed int // entries[:committed] belong to committed transactions
}

// bandEntry is one original waiting for its bands.
type bandEntry struct {
	id      int64
	simhash uint64
}

func (r *recentBands) add(id int64, h uint64) { r.entries = append(r.entries, bandEntry{id, h}) }

// mark is the point to roll back to when the write starting now fails.
func (r *recentBands) mark() int { return len(r.entries) }

// rollback drops the entries added since mark m.
func (r *recentBands) rollback(m int) {
	if m < len(r.entries) {
		r.entries = r.entries[:m]
	}
}

// commit records that every entry so far is committed.
func (r *recentBands) commit() { r.committed = len(r.entries) }

// abort drops the entries of the transaction that was lost.
func (r *recentBands) abort() { r.rollback(r.committed) }

// within appends to ids the entries within distance of h.
func (r *recentBands) within(ids []int64, h uint64, distance int) []int64 {
	for _, e := range r.entries {
		if hamming(h, e.simhash) <= distance {
			ids = append(ids, e.id)
		}
	}
	return ids
}

// syncBandsSQL indexes the originals in the id range (?1, ?2] that take
// part in near-duplicate detection (?3: the fewest words), all their bands
// in one sorted insert. The band keys are BandKeys computed in SQL: a
// right shift of a negative (high-bit) SimHash extends the sign, which the
// mask then drops.
var syncBandsSQL = func() string {
	var b strings.Builder
	b.WriteString("WITH k(band, shift, mask) AS (VALUES ")
	shift := uint(0)
	for band, width := range bandBits {
		if band > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(%d, %d, %d)", band, shift, 1<<width-1)
		shift += width
	}
	b.WriteString(`)
	INSERT OR IGNORE INTO simhash_bands (bkey, article_id, simhash)
	SELECT (k.band << 16) | ((a.simhash >> k.shift) & k.mask), a.id, a.simhash
	FROM articles a, k
	WHERE a.id > ?1 AND a.id <= ?2 AND a.duplicate_of IS NULL AND a.simhash != 0 AND a.word_count >= ?3
	ORDER BY 1, 2`)
	return b.String()
}()

// syncBandsTx indexes the originals above meta 'bands_indexed' inside tx
// and moves the mark to the last article. minWords < 0 (near-duplicate
// detection off) moves the mark only.
func syncBandsTx(ctx context.Context, tx *sql.Tx, minWords int) error {
	var mark, top int64
	if err := tx.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'bands_indexed'`).Scan(&mark); err != nil {
		return fmt.Errorf("read mark: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&top); err != nil {
		return fmt.Errorf("read last id: %w", err)
	}
	if top <= mark {
		return nil
	}
	if minWords >= 0 {
		if _, err := tx.ExecContext(ctx, syncBandsSQL, mark, top, minWords); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'bands_indexed'`, top); err != nil {
		return fmt.Errorf("write mark: %w", err)
	}
	return nil
}

// bandsMinWords is syncBandsTx's minWords for the store's options: the
// rule NewRow applies to each new article.
func (s *SQLite) bandsMinWords() int {
	if s.opts.NearDistance < 0 {
		return -1
	}
	return s.opts.NearMinWords
}

// syncBandsIfDue runs in the writer goroutine between transactions: once
// bandsBatch originals wait (or, with force, any), it indexes them. A
// failure leaves them in memory, still found by lookups, and is retried
// after the next commit; if the last attempt failed, Close returns it.
func (s *SQLite) syncBandsIfDue(force bool) {
	if len(s.recent.entries) == 0 || (!force && len(s.recent.entries) < bandsBatch) {
		return
	}
	err := s.indexTx(func(ctx context.Context, tx *sql.Tx) error {
		return syncBandsTx(ctx, tx, s.bandsMinWords())
	})
	if err != nil {
		s.bandsErr = err
		return
	}
	s.recent = recentBands{entries: s.recent.entries[:0]}
	s.bandsErr = nil
}
