package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/store"
)

// Browse returns a page of the article browser, newest publication first:
// the SQLite store's Browse on PostgreSQL (snippets from ts_headline). A
// malformed query is an error wrapping store.ErrBadQuery.
func (r *Reader) Browse(ctx context.Context, o store.BrowseOptions) ([]store.BrowseItem, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	where, args := o.Where()
	snippet, from := "''", "articles a"
	if o.Query != "" {
		tsq, err := r.checkQuery(ctx, o.Query)
		if err != nil {
			return nil, err
		}
		args = append(args, tsq, headlineOptions)
		n := len(args)
		snippet = "ts_headline('simple', a.text, q.q, $" + strconv.Itoa(n) + ")"
		from = "articles a, to_tsquery('simple', $" + strconv.Itoa(n-1) + ") q(q)"
		where += " AND a.tsv @@ q.q"
	}
	args = append(args, o.Limit, o.Offset)
	sql := `SELECT a.id, a.url, a.site, a.site_name, a.title, a.language,
	coalesce(a.published, ''), a.word_count, coalesce(a.duplicate_of, 0), ` + snippet + `
FROM ` + from + ` WHERE TRUE` + rebind(where, 1) + `
ORDER BY a.published_utc IS NULL, a.published_utc COLLATE "C" DESC, a.id DESC
LIMIT $` + strconv.Itoa(len(args)-1) + ` OFFSET $` + strconv.Itoa(len(args))
	rows, err := r.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: browse %s: %w", r.name, err)
	}
	defer rows.Close()
	out := []store.BrowseItem{}
	for rows.Next() {
		var it store.BrowseItem
		if err := rows.Scan(&it.ID, &it.URL, &it.Site, &it.SiteName, &it.Title, &it.Language,
			&it.Published, &it.WordCount, &it.DuplicateOf, &it.Snippet); err != nil {
			return nil, fmt.Errorf("pgstore: browse %s: %w", r.name, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: browse %s: %w", r.name, err)
	}
	return out, nil
}

// Article returns the stored article id, or an error wrapping
// store.ErrNotFound.
func (r *Reader) Article(ctx context.Context, id int64) (*store.StoredArticle, error) {
	a, err := store.ScanStoredArticle(r.pool.QueryRow(ctx, `SELECT `+store.ArticleColumnsSQL+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("pgstore: article %d on %s: %w", id, r.name, err)
	}
	return a, nil
}

// Facets returns the most common values of column ("site" or
// "language"), most first, for the browser's filter form.
func (r *Reader) Facets(ctx context.Context, column string, limit int) ([]store.Count, error) {
	q := store.FacetSQL(column)
	if q == "" {
		return nil, fmt.Errorf("pgstore: facets: unknown column %q", column)
	}
	rows, err := r.pool.Query(ctx, rebind(q, 1), limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: facets %s on %s: %w", column, r.name, err)
	}
	var out []store.Count
	if err := scanCounts(rows, &out); err != nil {
		return nil, fmt.Errorf("pgstore: facets %s on %s: %w", column, r.name, err)
	}
	return out, nil
}

// Gauges reads the numbers of /metrics in one read transaction. URLs and
// Failures are nil: this store keeps no frontier.
func (r *Reader) Gauges(ctx context.Context) (*store.Gauges, error) {
	var g store.Gauges
	err := r.readTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*), count(duplicate_of) FROM articles`).Scan(&g.Articles, &g.Duplicates); err != nil {
			return err
		}
		for _, q := range []struct {
			m   *map[string]int
			sql string
		}{
			{&g.BySite, `SELECT site, count(*) FROM articles GROUP BY site`},
			{&g.ByLanguage, `SELECT language, count(*) FROM articles GROUP BY language`},
		} {
			rows, err := tx.Query(ctx, q.sql)
			if err != nil {
				return err
			}
			var cs []store.Count
			if err := scanCounts(rows, &cs); err != nil {
				return err
			}
			*q.m = store.CountMap(cs)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: gauges %s: %w", r.name, err)
	}
	return &g, nil
}

// Ping checks the database answers a query.
func (r *Reader) Ping(ctx context.Context) error {
	if err := r.pool.Ping(ctx); err != nil {
		return fmt.Errorf("pgstore: ping %s: %w", r.name, oneLine{err})
	}
	return nil
}
