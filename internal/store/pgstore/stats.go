package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/store"
)

// Stats summarises the corpus in one read-only REPEATABLE READ
// transaction: the same store.Stats, in the same order, as the SQLite
// store's for the same articles (text sorts byte-wise, as in SQLite). This
// store keeps no frontier: Queue counts zero in every state, Failed and
// Skipped are empty and LastActivityAt is nil (the crawl queue lives in
// the Redis frontier; `newshound stats --frontier` reads it). Unindexed is
// 0: every article is indexed as it is stored.
func (r *Reader) Stats(ctx context.Context, opts store.StatsOptions) (*store.Stats, error) {
	st := store.NewStats()
	steps := []struct {
		name string
		fn   func(context.Context, pgx.Tx, *store.Stats, store.StatsOptions) error
	}{
		{"totals", statTotals},
		{"sites", statSites},
		{"days", statDays},
		{"languages", statLanguages},
	}
	err := r.readTx(ctx, func(tx pgx.Tx) error {
		for _, s := range steps {
			if err := s.fn(ctx, tx, st, opts); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: stats %s: %w", r.name, err)
	}
	return st, nil
}

// statTotals counts articles and reads the fetch times.
func statTotals(ctx context.Context, tx pgx.Tx, st *store.Stats, _ store.StatsOptions) error {
	var first, last *string
	if err := tx.QueryRow(ctx, `SELECT count(*), count(duplicate_of), min(fetched_at COLLATE "C"), max(fetched_at COLLATE "C")
		FROM articles`).Scan(&st.Articles, &st.Duplicates, &first, &last); err != nil {
		return err
	}
	st.Originals = st.Articles - st.Duplicates
	st.FirstFetchedAt, st.LastFetchedAt = utcTime(first), utcTime(last)
	return nil
}

// statSites counts articles per site.
func statSites(ctx context.Context, tx pgx.Tx, st *store.Stats, _ store.StatsOptions) error {
	rows, err := tx.Query(ctx, `SELECT site, count(*) - count(duplicate_of), count(duplicate_of),
		count(DISTINCT language) FILTER (WHERE duplicate_of IS NULL), max(fetched_at COLLATE "C"),
		coalesce(min(published_day COLLATE "C"), ''), coalesce(max(published_day COLLATE "C"), '')
		FROM articles GROUP BY site ORDER BY 2 DESC, site COLLATE "C"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			s    store.SiteCount
			last *string
		)
		if err := rows.Scan(&s.Site, &s.Originals, &s.Duplicates, &s.Languages, &last, &s.FirstDay, &s.LastDay); err != nil {
			return err
		}
		s.LastFetch = utcTime(last)
		st.Sites = append(st.Sites, s)
	}
	return rows.Err()
}

// statDays counts originals per publication day.
func statDays(ctx context.Context, tx pgx.Tx, st *store.Stats, opts store.StatsOptions) error {
	var limit *int // NULL: no limit
	if opts.Days > 0 {
		limit = &opts.Days
	}
	rows, err := tx.Query(ctx, `SELECT published_day, count(*) FROM articles
		WHERE duplicate_of IS NULL AND published_day IS NOT NULL
		GROUP BY published_day ORDER BY published_day COLLATE "C" DESC LIMIT $1`, limit)
	if err != nil {
		return err
	}
	if err := scanCounts(rows, &st.Days); err != nil {
		return err
	}
	st.SortDays()
	return tx.QueryRow(ctx, `SELECT count(*) FROM articles
		WHERE duplicate_of IS NULL AND published_day IS NULL`).Scan(&st.Undated)
}

// statLanguages counts originals per language.
func statLanguages(ctx context.Context, tx pgx.Tx, st *store.Stats, _ store.StatsOptions) error {
	rows, err := tx.Query(ctx, `SELECT language, count(*) FROM articles
		WHERE duplicate_of IS NULL GROUP BY language ORDER BY 2 DESC, language COLLATE "C"`)
	if err != nil {
		return err
	}
	return scanCounts(rows, &st.Languages)
}

// scanCounts reads (key, count) rows into *out and closes rows.
func scanCounts(rows pgx.Rows, out *[]store.Count) error {
	defer rows.Close()
	for rows.Next() {
		var c store.Count
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return err
		}
		*out = append(*out, c)
	}
	return rows.Err()
}

// utcTime parses a time newshound wrote (store.TimeLayout); nil when NULL
// or unparsable.
func utcTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return nil
	}
	t = t.UTC()
	return &t
}
