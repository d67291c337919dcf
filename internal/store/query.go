package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/export"
)

// Filter chooses articles for export and search. The zero value chooses
// every original article (duplicates left out). Conditions combine with
// AND; each becomes SQL with placeholders, never spliced text.
type Filter struct {
	// Sites keeps articles whose site (lower-case host) is one of these
	// hosts or a subdomain of one ("example.org" also keeps
	// "www.example.org"); empty means every site.
	Sites []string
	// Since and Until keep articles published on or after Since and on or
	// before Until (both inclusive), comparing the publication's calendar
	// day in the page's own offset; only their date part counts. Articles
	// without a publication date are left out when either is set. Zero
	// means no bound.
	Since, Until time.Time
	// FetchedSince keeps articles fetched at or after this instant; zero
	// means no bound.
	FetchedSince time.Time
	// Languages keeps articles whose language tag is one of these or a
	// subtag of one, case-insensitively ("en" keeps "en-GB"); empty means
	// every language.
	Languages []string
	// Query keeps articles whose title or text matches this SQLite FTS4
	// full-text query (words, "phrases", prefix*, AND, OR, NOT, NEAR);
	// "" means no full-text condition. Articles not yet in the full-text
	// index are not found: call Reader.SyncFTS first.
	Query string
	// IncludeDuplicates keeps duplicates too (duplicate_of set); false
	// leaves them out.
	IncludeDuplicates bool
}

// Where returns the filter's conditions other than Query as SQL on the
// articles table aliased "a", joined with AND ("1 = 1" when there are
// none), and their arguments. Placeholders are "?" and the SQL is valid in
// SQLite and PostgreSQL (which numbers the placeholders: see
// pgstore); the full-text condition is each backend's own.
func (f *Filter) Where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	if !f.IncludeDuplicates {
		conds = append(conds, "a.duplicate_of IS NULL")
	}
	if len(f.Sites) > 0 {
		var or []string
		for _, s := range f.Sites {
			s = strings.ToLower(strings.TrimSpace(s))
			or = append(or, "a.site = ? OR a.site LIKE ? ESCAPE '\\'")
			args = append(args, s, "%."+escapeLike(s))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if !f.Since.IsZero() {
		conds = append(conds, "a.published_day >= ?")
		args = append(args, f.Since.Format(time.DateOnly))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "a.published_day <= ?")
		args = append(args, f.Until.Format(time.DateOnly))
	}
	if !f.FetchedSince.IsZero() {
		conds = append(conds, "a.fetched_at >= ?")
		args = append(args, f.FetchedSince.UTC().Format(timeLayout))
	}
	if len(f.Languages) > 0 {
		var or []string
		for _, l := range f.Languages {
			l = strings.ToLower(strings.TrimSpace(l))
			or = append(or, "lower(a.language) = ? OR lower(a.language) LIKE ? ESCAPE '\\'")
			args = append(args, l, escapeLike(l)+"-%")
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(conds) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(conds, " AND "), args
}

// escapeLike escapes LIKE's wildcards (and the escape character '\').
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ErrBadQuery wraps SQLite's complaint about a full-text query's syntax.
var ErrBadQuery = errors.New("store: invalid full-text query")

// queryErr turns SQLite's FTS syntax errors into ErrBadQuery.
func queryErr(q string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrError && strings.Contains(se.Error(), "malformed MATCH") {
		return fmt.Errorf("%w %q: %v", ErrBadQuery, q, err)
	}
	return err
}

// PageSize is the number of articles a Cursor reads per query when
// CursorOptions leaves it zero.
const PageSize = 500

// CursorOptions configure Reader.Cursor.
type CursorOptions struct {
	// Filter chooses the articles.
	Filter Filter
	// Fields names the export fields that will be written (see
	// export.Schema); the cursor reads only their columns and leaves the
	// others zero. Empty means all.
	Fields []string
	// PageSize is how many articles each query reads; 0 means PageSize.
	PageSize int
}

// Cursor walks the articles a Filter chooses in id order, implementing
// export.Cursor. It reads them a page at a time, each page one short
// query (its own read transaction) continuing after the last id seen
// (keyset pagination), so it holds no lock between pages, a crawl writing
// meanwhile is never blocked, and memory holds one page at most. It
// exports the articles stored when it started (ids up to the largest id
// then): later ones are left out, and since stored articles never change,
// the export is a consistent snapshot.
//
// The context given to Reader.Cursor bounds every query, as
// database/sql.Rows keeps the context of its query.
type Cursor struct {
	ctx    context.Context
	r      *Reader
	query  string // one page: args..., [match, after id,] after id, top id, limit
	args   []any
	match  string // the full-text query; "" for none
	size   int
	top    int64 // largest id when the cursor started; -1 until read
	after  int64 // last id read
	pages  Pages
	err    error
	closed bool
}

var _ export.Cursor = (*Cursor)(nil)

// articleColumns are the columns a Cursor reads, in scan order, by export
// field name; the default stands in for a field not selected.
var articleColumns = []struct{ field, expr, zero string }{
	{"id", "a.id", "a.id"},
	{"url", "a.url", "''"},
	{"canonical_url", "a.canonical_url", "''"},
	{"site_name", "a.site_name", "''"},
	{"title", "a.title", "''"},
	{"authors", "a.authors", "'[]'"},
	{"published", "a.published", "NULL"},
	{"modified", "a.modified", "NULL"},
	{"language", "a.language", "''"},
	{"description", "a.description", "''"},
	{"section", "a.section", "''"},
	{"breadcrumbs", "a.breadcrumbs", "'[]'"},
	{"tags", "a.tags", "'[]'"},
	{"image", "a.image", "''"},
	{"text", "a.text", "''"},
	{"word_count", "a.word_count", "0"},
	{"content_hash", "a.content_hash", "''"},
	{"site", "a.site", "''"},
	{"fetched_at", "a.fetched_at", "''"},
	{"job", "a.job", "''"},
	{"duplicate_of", "a.duplicate_of", "NULL"},
}

// SelectList returns the SELECT list of an export query on the articles
// table aliased "a" for the chosen export fields (all if none), in the
// order ScanRecord reads: columns not chosen are read as constants.
func SelectList(fields []string) string {
	want := make(map[string]bool, len(fields))
	for _, f := range fields {
		want[strings.TrimSpace(f)] = true
	}
	cols := make([]string, len(articleColumns))
	for i, c := range articleColumns {
		if len(fields) == 0 || want[c.field] {
			cols[i] = c.expr
		} else {
			cols[i] = c.zero
		}
	}
	return strings.Join(cols, ", ")
}

// Cursor returns a cursor over the articles opts.Filter chooses, in id
// order (a *Cursor). It runs no query until the first Next. Always Close
// it.
func (r *Reader) Cursor(ctx context.Context, opts CursorOptions) export.Cursor {
	size := opts.PageSize
	if size <= 0 {
		size = PageSize
	}
	where, args := opts.Filter.Where()
	if q := opts.Filter.Query; q != "" {
		// docid > ? lets FTS4 start each page after the last id instead
		// of matching from the beginning.
		where += " AND a.id IN (SELECT docid FROM articles_fts WHERE articles_fts MATCH ? AND docid > ?)"
	}
	query := "SELECT " + SelectList(opts.Fields) + " FROM articles a WHERE " + where +
		" AND a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?"
	return &Cursor{ctx: ctx, r: r, query: query, args: args, match: opts.Filter.Query, size: size, top: -1,
		pages: Pages{Page: make([]export.Record, 0, size)}}
}

// Next implements export.Cursor: it advances to the next article, reading
// the next page when the current one is used up.
func (c *Cursor) Next() bool {
	if c.err != nil || c.closed {
		return false
	}
	ok, err := c.pages.Advance(c.fetch)
	if err != nil {
		c.err = err
	}
	return ok
}

// fetch reads the next page into c.pages.
func (c *Cursor) fetch() error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	if c.top < 0 {
		if err := c.r.db.QueryRowContext(c.ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&c.top); err != nil {
			return fmt.Errorf("store: export %s: %w", c.r.path, err)
		}
	}
	rows, err := c.r.db.QueryContext(c.ctx, c.query, c.pageArgs()...)
	if err != nil {
		return fmt.Errorf("store: export %s after id %d: %w", c.r.path, c.after, queryErr(c.match, err))
	}
	defer rows.Close()
	c.pages.Page = c.pages.Page[:0]
	for rows.Next() {
		c.pages.Page = append(c.pages.Page, export.Record{})
		rec := &c.pages.Page[len(c.pages.Page)-1]
		if err := ScanRecord(rows, rec); err != nil {
			return fmt.Errorf("store: export %s: %w", c.r.path, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: export %s after id %d: %w", c.r.path, c.after, queryErr(c.match, err))
	}
	if n := len(c.pages.Page); n > 0 {
		c.after = c.pages.Page[n-1].ID
	}
	if len(c.pages.Page) < c.size {
		c.pages.Done = true
	}
	return nil
}

// pageArgs returns the arguments of the next page's query.
func (c *Cursor) pageArgs() []any {
	args := make([]any, 0, len(c.args)+5)
	args = append(args, c.args...)
	if c.match != "" {
		args = append(args, c.match, c.after)
	}
	return append(args, c.after, c.top, c.size)
}

// Record implements export.Cursor. The record is valid until the next
// call to Next.
func (c *Cursor) Record() *export.Record { return c.pages.Current() }

// Err implements export.Cursor.
func (c *Cursor) Err() error { return c.err }

// Close implements export.Cursor. The cursor holds no open query between
// pages, so Close only stops it.
func (c *Cursor) Close() error {
	c.closed = true
	c.pages.Page = nil
	return nil
}

// RowScanner is what *sql.Rows, *sql.Row and pgx.Rows share.
type RowScanner interface {
	Scan(dest ...any) error
}

// ScanRecord reads one row of a SelectList query into rec, reusing rec's
// lists where it can: the one decoding of stored articles, whatever the
// database, so that every backend exports the same JSON.
func ScanRecord(rows RowScanner, rec *export.Record) error {
	var (
		authors, crumbs, tags, fetched string
		published, modified            sql.NullString
		dup                            sql.NullInt64
	)
	a := &rec.Article
	if err := rows.Scan(&rec.ID, &a.URL, &a.CanonicalURL, &a.SiteName, &a.Title, &authors,
		&published, &modified, &a.Language, &a.Description, &a.Section, &crumbs, &tags,
		&a.Image, &a.Text, &a.WordCount, &a.ContentHash, &rec.Site, &fetched, &rec.Job, &dup); err != nil {
		return fmt.Errorf("read article: %w", err)
	}
	var err error
	if a.Authors, err = decodeList[string](authors); err != nil {
		return fmt.Errorf("article %d: authors: %w", rec.ID, err)
	}
	if a.Tags, err = decodeList[string](tags); err != nil {
		return fmt.Errorf("article %d: tags: %w", rec.ID, err)
	}
	if a.Breadcrumbs, err = decodeList[extractors.Crumb](crumbs); err != nil {
		return fmt.Errorf("article %d: breadcrumbs: %w", rec.ID, err)
	}
	if a.Published, err = parseDate(published); err != nil {
		return fmt.Errorf("article %d: published: %w", rec.ID, err)
	}
	if a.Modified, err = parseDate(modified); err != nil {
		return fmt.Errorf("article %d: modified: %w", rec.ID, err)
	}
	rec.FetchedAt = time.Time{}
	if fetched != "" {
		if rec.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched); err != nil {
			return fmt.Errorf("article %d: fetched_at: %w", rec.ID, err)
		}
	}
	rec.DuplicateOf = nil
	if dup.Valid {
		rec.DuplicateOf = &dup.Int64
	}
	return nil
}

// decodeList decodes a JSON array column; "" and "[]" give nil.
func decodeList[T any](s string) ([]T, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var v []T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// parseDate parses a nullable RFC 3339 page date, keeping its offset.
func parseDate(s sql.NullString) (*time.Time, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
