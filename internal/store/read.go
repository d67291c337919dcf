package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/newshound/newshound/internal/frontier"
)

// Counts is a summary of the database.
type Counts struct {
	// Articles is the number of stored articles, duplicates included.
	Articles int
	// Duplicates is how many of them are duplicates (duplicate_of set).
	Duplicates int
	// URLs is the number of frontier URLs in each state.
	URLs map[frontier.State]int
}

// CountArticles returns the number of stored articles, duplicates
// included.
func (s *SQLite) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.rdb.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

// Counts returns the number of articles, of duplicates and of URLs by
// state, read in one read transaction so that they agree.
func (s *SQLite) Counts(ctx context.Context) (Counts, error) {
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Counts{}, fmt.Errorf("store: counts: %w", err)
	}
	defer tx.Rollback()
	c := Counts{URLs: make(map[frontier.State]int)}
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*), count(duplicate_of) FROM articles`).Scan(&c.Articles, &c.Duplicates); err != nil {
		return Counts{}, fmt.Errorf("store: count articles: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT state, count(*) FROM urls GROUP BY state`)
	if err != nil {
		return Counts{}, fmt.Errorf("store: count urls: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			st frontier.State
			n  int
		)
		if err := rows.Scan(&st, &n); err != nil {
			return Counts{}, fmt.Errorf("store: count urls: %w", err)
		}
		c.URLs[st] = n
	}
	if err := rows.Err(); err != nil {
		return Counts{}, fmt.Errorf("store: count urls: %w", err)
	}
	return c, nil
}
