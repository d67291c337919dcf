package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/newshound/newshound/extractors"
)

// BrowseOptions choose a page of the article browser (internal/server):
// newest publication first.
type BrowseOptions struct {
	// Site and Language keep articles of exactly this site and language
	// tag; "" means any.
	Site, Language string
	// From and To keep articles published on or after From and on or
	// before To (YYYY-MM-DD, the page's calendar day); "" means no bound.
	From, To string
	// Query keeps articles matching this full-text query (the search
	// syntax); "" means none.
	Query string
	// Originals leaves duplicates out.
	Originals bool
	// Offset skips that many articles; Limit returns at most that many (0
	// means 50).
	Offset, Limit int
}

// BrowseItem is one article of a browser page.
type BrowseItem struct {
	ID                                              int64
	URL, Site, SiteName, Title, Language, Published string
	WordCount                                       int
	// DuplicateOf is the original's id, 0 for an original.
	DuplicateOf int64
	// Snippet is the text around the query's matches (marked with
	// SnippetStart and SnippetEnd), "" without a query.
	Snippet string
}

// StoredArticle is one article as stored, every column, for the browser's
// article page. Dates are as stored ("" when unknown).
type StoredArticle struct {
	ID                                                  int64
	Key, URL, CanonicalURL, Site, SiteName, Title       string
	Authors                                             []string
	Published, Modified, Language, Description, Section string
	Breadcrumbs                                         []extractors.Crumb
	Tags                                                []string
	Image, Text                                         string
	WordCount                                           int
	ContentHash                                         string
	DuplicateOf                                         int64
	IsArticleReason, FetchedAt, Job                     string
}

// ErrNotFound is returned by Article for an id that is not stored.
var ErrNotFound = errors.New("store: no such article")

// Gauges are the corpus's numbers that /metrics serves.
type Gauges struct {
	// Articles counts stored articles, duplicates included.
	Articles, Duplicates int
	// BySite and ByLanguage count articles (duplicates included).
	BySite, ByLanguage map[string]int
	// URLs counts frontier URLs by state and Failures failed ones by
	// reason; nil when the store keeps no frontier (PostgreSQL).
	URLs, Failures map[string]int
}

// ArticleColumnsSQL are the columns ScanStoredArticle reads, on the
// articles table.
const ArticleColumnsSQL = `id, key, url, canonical_url, site, site_name, title, authors,
	coalesce(published, ''), coalesce(modified, ''), language, description, section, breadcrumbs, tags,
	image, text, word_count, content_hash, coalesce(duplicate_of, 0), is_article_reason, fetched_at, job`

// ScanStoredArticle reads one row of ArticleColumnsSQL.
func ScanStoredArticle(row RowScanner) (*StoredArticle, error) {
	var a StoredArticle
	var authors, crumbs, tags string
	if err := row.Scan(&a.ID, &a.Key, &a.URL, &a.CanonicalURL, &a.Site, &a.SiteName,
		&a.Title, &authors, &a.Published, &a.Modified, &a.Language, &a.Description, &a.Section, &crumbs,
		&tags, &a.Image, &a.Text, &a.WordCount, &a.ContentHash, &a.DuplicateOf, &a.IsArticleReason,
		&a.FetchedAt, &a.Job); err != nil {
		return nil, err
	}
	for _, l := range []struct {
		name string
		raw  string
		v    any
	}{{"authors", authors, &a.Authors}, {"breadcrumbs", crumbs, &a.Breadcrumbs}, {"tags", tags, &a.Tags}} {
		if err := json.Unmarshal([]byte(l.raw), l.v); err != nil {
			return nil, fmt.Errorf("article %d: %s: %w", a.ID, l.name, err)
		}
	}
	return &a, nil
}

// Where returns the browser's conditions other than Query as SQL on the
// articles table aliased "a" (valid in SQLite and PostgreSQL, "?"
// placeholders), joined with AND after a leading " AND ", and their
// arguments.
func (o *BrowseOptions) Where() (string, []any) {
	var (
		b    strings.Builder
		args []any
	)
	for _, c := range []struct{ v, cond string }{
		{o.Site, "a.site = ?"}, {o.Language, "a.language = ?"},
		{o.From, "a.published_day >= ?"}, {o.To, "a.published_day <= ?"},
	} {
		if c.v != "" {
			b.WriteString(" AND " + c.cond)
			args = append(args, c.v)
		}
	}
	if o.Originals {
		b.WriteString(" AND a.duplicate_of IS NULL")
	}
	return b.String(), args
}

// Browse returns a page of the article browser, newest publication first.
// A malformed query is an error wrapping ErrBadQuery.
func (r *Reader) Browse(ctx context.Context, o BrowseOptions) ([]BrowseItem, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`SELECT a.id, a.url, a.site, a.site_name, a.title, a.language,
	coalesce(a.published, ''), a.word_count, coalesce(a.duplicate_of, 0)`)
	if o.Query != "" {
		if err := r.CheckQuery(ctx, o.Query); err != nil {
			return nil, err
		}
		q.WriteString(`, snippet(articles_fts, ?, ?, '…', -1, 24)
FROM articles_fts JOIN articles a ON a.id = articles_fts.docid
WHERE articles_fts MATCH ?`)
		args = append(args, SnippetStart, SnippetEnd, o.Query)
	} else {
		q.WriteString(`, ''
FROM articles a
WHERE 1 = 1`)
	}
	where, wargs := o.Where()
	q.WriteString(where)
	args = append(args, wargs...)
	q.WriteString(`
ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id DESC
LIMIT ? OFFSET ?`)
	args = append(args, o.Limit, o.Offset)
	rows, err := r.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: browse %s: %w", r.path, queryErr(o.Query, err))
	}
	defer rows.Close()
	out := []BrowseItem{}
	for rows.Next() {
		var it BrowseItem
		if err := rows.Scan(&it.ID, &it.URL, &it.Site, &it.SiteName, &it.Title, &it.Language,
			&it.Published, &it.WordCount, &it.DuplicateOf, &it.Snippet); err != nil {
			return nil, fmt.Errorf("store: browse %s: %w", r.path, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: browse %s: %w", r.path, queryErr(o.Query, err))
	}
	return out, nil
}

// Article returns the stored article id, or an error wrapping ErrNotFound.
func (r *Reader) Article(ctx context.Context, id int64) (*StoredArticle, error) {
	a, err := ScanStoredArticle(r.db.QueryRowContext(ctx, `SELECT `+ArticleColumnsSQL+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, err)
	}
	return a, nil
}

// FacetSQL returns the query of Facets for column ("site" or "language"),
// valid in SQLite and PostgreSQL with "?" for the limit; "" for another
// column.
func FacetSQL(column string) string {
	switch column { // never a user value: the column is chosen here
	case "site":
		return `SELECT site, count(*) FROM articles GROUP BY site ORDER BY count(*) DESC, site LIMIT ?`
	case "language":
		return `SELECT language, count(*) FROM articles WHERE language != '' GROUP BY language ORDER BY count(*) DESC, language LIMIT ?`
	}
	return ""
}

// Facets returns the most common values of column ("site" or
// "language"), most first, for the browser's filter form.
func (r *Reader) Facets(ctx context.Context, column string, limit int) ([]Count, error) {
	q := FacetSQL(column)
	if q == "" {
		return nil, fmt.Errorf("store: facets: unknown column %q", column)
	}
	rows, err := r.db.QueryContext(ctx, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: facets %s: %w", column, err)
	}
	var out []Count
	if err := scanCounts(rows, &out); err != nil {
		return nil, fmt.Errorf("store: facets %s: %w", column, err)
	}
	return out, nil
}

// Gauges reads the numbers of /metrics in one read transaction.
func (r *Reader) Gauges(ctx context.Context) (*Gauges, error) {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: gauges %s: %w", r.path, err)
	}
	defer tx.Rollback()
	var g Gauges
	if err := tx.QueryRowContext(ctx, `SELECT count(*), count(duplicate_of) FROM articles`).Scan(&g.Articles, &g.Duplicates); err != nil {
		return nil, fmt.Errorf("store: count articles: %w", err)
	}
	for _, q := range []struct {
		name string
		m    *map[string]int
		sql  string
	}{
		{"articles by site", &g.BySite, `SELECT site, count(*) FROM articles GROUP BY site`},
		{"articles by language", &g.ByLanguage, `SELECT language, count(*) FROM articles GROUP BY language`},
		{"urls by state", &g.URLs, `SELECT state, count(*) FROM urls GROUP BY state`},
		{"failures by reason", &g.Failures, `SELECT reason, count(*) FROM urls WHERE state = 'failed' GROUP BY reason`},
	} {
		rows, err := tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", q.name, err)
		}
		var cs []Count
		if err := scanCounts(rows, &cs); err != nil {
			return nil, fmt.Errorf("store: %s: %w", q.name, err)
		}
		*q.m = CountMap(cs)
	}
	return &g, nil
}

// CountMap returns counts as a map, adding up repeated keys.
func CountMap(cs []Count) map[string]int {
	m := make(map[string]int, len(cs))
	for _, c := range cs {
		m[c.Key] += c.Count
	}
	return m
}

// Jobs returns the record of every crawl job, by name.
func (r *Reader) Jobs(ctx context.Context) ([]JobState, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT name, coalesce(last_start, ''), coalesce(last_finish, ''), last_status, state FROM jobs ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: jobs %s: %w", r.path, err)
	}
	defer rows.Close()
	var out []JobState
	for rows.Next() {
		var (
			js                   JobState
			start, finish, state string
		)
		if err := rows.Scan(&js.Name, &start, &finish, &js.LastStatus, &state); err != nil {
			return nil, fmt.Errorf("store: jobs %s: %w", r.path, err)
		}
		DecodeJobState(&js, start, finish, state)
		out = append(out, js)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: jobs %s: %w", r.path, err)
	}
	return out, nil
}

// Ping checks the database answers a query.
func (r *Reader) Ping(ctx context.Context) error {
	var one int
	if err := r.db.QueryRowContext(ctx, `SELECT 1 FROM meta LIMIT 1`).Scan(&one); err != nil {
		return fmt.Errorf("store: ping %s: %w", r.path, err)
	}
	return nil
}

// Browse is Reader.Browse on the store's read pool.
func (s *SQLite) Browse(ctx context.Context, o BrowseOptions) ([]BrowseItem, error) {
	return s.Reader().Browse(ctx, o)
}

// Article is Reader.Article on the store's read pool.
func (s *SQLite) Article(ctx context.Context, id int64) (*StoredArticle, error) {
	return s.Reader().Article(ctx, id)
}

// Facets is Reader.Facets on the store's read pool.
func (s *SQLite) Facets(ctx context.Context, column string, limit int) ([]Count, error) {
	return s.Reader().Facets(ctx, column, limit)
}

// Gauges is Reader.Gauges on the store's read pool.
func (s *SQLite) Gauges(ctx context.Context) (*Gauges, error) { return s.Reader().Gauges(ctx) }

// Jobs is Reader.Jobs on the store's read pool.
func (s *SQLite) Jobs(ctx context.Context) ([]JobState, error) { return s.Reader().Jobs(ctx) }

// Ping is Reader.Ping on the store's read pool.
func (s *SQLite) Ping(ctx context.Context) error { return s.Reader().Ping(ctx) }
