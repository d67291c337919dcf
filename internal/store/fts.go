package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SyncFTS adds the articles not yet in the full-text index (articles_fts)
// to it, in one write transaction with the new high-water mark (meta
// 'fts_indexed'), and returns how many. The writer does this by itself
// every Options.FTSBatch articles and at Close; a search or export by
// full-text query calls it first to see every article. Until then
// `PRAGMA integrity_check` reports the index as malformed (it compares the
// index with articles); Open syncs, so a reopened database checks ok.
func (s *SQLite) SyncFTS(ctx context.Context) (int, error) {
	var n int
	err := s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		n, err = syncFTSTx(ctx, tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: index full text: %w", err)
	}
	return n, nil
}

// syncFTSTx indexes the articles above the mark inside tx.
func syncFTSTx(ctx context.Context, tx *sql.Tx) (int, error) {
	var mark, top int64
	if err := tx.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed'`).Scan(&mark); err != nil {
		return 0, fmt.Errorf("read mark: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&top); err != nil {
		return 0, fmt.Errorf("read last id: %w", err)
	}
	if top <= mark {
		return 0, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (docid, title, text)
		SELECT id, title, text FROM articles WHERE id > ? AND id <= ? ORDER BY id`, mark, top)
	if err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'fts_indexed'`, top); err != nil {
		return 0, fmt.Errorf("write mark: %w", err)
	}
	return int(n), nil
}

// syncFTSIfDue runs in the writer goroutine after a batch: it indexes the
// new articles once FTSBatch have accumulated (or, with force, any). A
// failure is retried after the next batch and, if the last one failed,
// returned by Close: the articles themselves are committed, only their
// indexing waits.
func (s *SQLite) syncFTSIfDue(force bool) {
	if s.ftsPending == 0 || (!force && (s.opts.FTSBatch < 0 || s.ftsPending < s.opts.FTSBatch)) {
		return
	}
	err := s.indexTx(func(ctx context.Context, tx *sql.Tx) error {
		_, err := syncFTSTx(ctx, tx)
		return err
	})
	if err != nil {
		s.ftsErr = err
		return
	}
	s.ftsPending, s.ftsErr = 0, nil
}

// indexTx runs fn in a write transaction of its own and commits it. The
// writer goroutine calls it between its transactions, for batched index
// work.
func (s *SQLite) indexTx(fn func(context.Context, *sql.Tx) error) error {
	ctx := context.Background()
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
