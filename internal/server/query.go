package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors"
)

// The browser's SQL, written here rather than shared with export and search
// so that the server depends only on the schema
// (internal/store/migrations). Every value is a placeholder argument.

// listFilter is the browser's query: the form's fields.
type listFilter struct {
	Site  string // host, lower case ("" any)
	Lang  string // language tag ("" any)
	From  string // first published day, YYYY-MM-DD ("" open)
	To    string // last published day, YYYY-MM-DD ("" open)
	Query string // full-text query, FTS4 MATCH syntax ("" none)
	// Originals leaves duplicates out.
	Originals bool
	Page      int // 1-based
}

// validate checks the filter, returning a 400 error for bad input.
func (f *listFilter) validate() error {
	for _, d := range []struct{ name, v string }{{"from", f.From}, {"to", f.To}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return withStatus(http.StatusBadRequest, fmt.Errorf("%s %q: want a date as YYYY-MM-DD", d.name, d.v))
		}
	}
	if len(f.Query) > 500 {
		return withStatus(http.StatusBadRequest, errors.New("query longer than 500 bytes"))
	}
	if f.Page < 1 {
		f.Page = 1
	}
	f.Site = strings.ToLower(f.Site)
	return nil
}

// listItem is one row of the article list.
type listItem struct {
	ID          int64
	URL         string
	Site        string
	SiteName    string
	Title       string
	Language    string
	Published   string
	WordCount   int
	DuplicateOf int64
	// Snippet is the text around the query's matches, for searches.
	Snippet []snippetPart
}

// snippetPart is a piece of a search snippet; Hit marks matched words.
type snippetPart struct {
	Text string
	Hit  bool
}

// Snippet markers: control characters that never occur in stored text,
// split in Go so that the template escapes every piece (no HTML from the
// database reaches a page unescaped).
const hitStart, hitEnd = "\x02", "\x03"

// listArticles returns the page of articles matching f, newest first, and
// whether there is a next page.
func listArticles(ctx context.Context, db *sql.DB, f listFilter, pageSize int) ([]listItem, bool, error) {
	var q strings.Builder
	var args []any
	q.WriteString(`SELECT a.id, a.url, a.site, a.site_name, a.title, a.language,
	coalesce(a.published, ''), a.word_count, coalesce(a.duplicate_of, 0)`)
	if f.Query != "" {
		q.WriteString(`, snippet(articles_fts, ?, ?, '…', -1, 24)
FROM articles_fts JOIN articles a ON a.id = articles_fts.docid
WHERE articles_fts MATCH ?`)
		args = append(args, hitStart, hitEnd, f.Query)
	} else {
		q.WriteString(`, ''
FROM articles a
WHERE 1 = 1`)
	}
	if f.Site != "" {
		q.WriteString(` AND a.site = ?`)
		args = append(args, f.Site)
	}
	if f.Lang != "" {
		q.WriteString(` AND a.language = ?`)
		args = append(args, f.Lang)
	}
	if f.From != "" {
		q.WriteString(` AND a.published_day >= ?`)
		args = append(args, f.From)
	}
	if f.To != "" {
		q.WriteString(` AND a.published_day <= ?`)
		args = append(args, f.To)
	}
	if f.Originals {
		q.WriteString(` AND a.duplicate_of IS NULL`)
	}
	q.WriteString(`
ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id DESC
LIMIT ? OFFSET ?`)
	args = append(args, pageSize+1, (f.Page-1)*pageSize)

	rows, err := db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, false, queryError(err)
	}
	defer rows.Close()
	var out []listItem
	for rows.Next() {
		var it listItem
		var snip string
		if err := rows.Scan(&it.ID, &it.URL, &it.Site, &it.SiteName, &it.Title, &it.Language,
			&it.Published, &it.WordCount, &it.DuplicateOf, &snip); err != nil {
			return nil, false, fmt.Errorf("list articles: %w", err)
		}
		it.Snippet = splitSnippet(snip)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, queryError(err)
	}
	more := len(out) > pageSize
	if more {
		out = out[:pageSize]
	}
	return out, more, nil
}

// queryError turns SQLite's complaint about a malformed full-text query
// into a 400.
func queryError(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "MATCH") || strings.Contains(msg, "fts") || strings.Contains(msg, "syntax error") {
		return withStatus(http.StatusBadRequest, fmt.Errorf("full-text query: %w", err))
	}
	return fmt.Errorf("list articles: %w", err)
}

func splitSnippet(s string) []snippetPart {
	if s == "" {
		return nil
	}
	var out []snippetPart
	for s != "" {
		i := strings.Index(s, hitStart)
		if i < 0 {
			out = append(out, snippetPart{Text: s})
			break
		}
		if i > 0 {
			out = append(out, snippetPart{Text: s[:i]})
		}
		s = s[i+len(hitStart):]
		j := strings.Index(s, hitEnd)
		if j < 0 {
			j = len(s)
		}
		out = append(out, snippetPart{Text: s[:j], Hit: true})
		s = strings.TrimPrefix(s[j:], hitEnd)
	}
	return out
}

// facet is one value of a filter with its number of articles.
type facet struct {
	Value string
	Count int
}

// facets returns the most common values of column (site or language), for
// the filter form's choices.
func facets(ctx context.Context, db *sql.DB, column string, limit int) ([]facet, error) {
	var q string
	switch column { // never a user value: the column is chosen here
	case "site":
		q = `SELECT site, count(*) FROM articles GROUP BY site ORDER BY count(*) DESC, site LIMIT ?`
	case "language":
		q = `SELECT language, count(*) FROM articles WHERE language != '' GROUP BY language ORDER BY count(*) DESC, language LIMIT ?`
	default:
		return nil, fmt.Errorf("facets: unknown column %q", column)
	}
	rows, err := db.QueryContext(ctx, q, limit)
	if err != nil {
		return nil, fmt.Errorf("facets %s: %w", column, err)
	}
	defer rows.Close()
	var out []facet
	for rows.Next() {
		var f facet
		if err := rows.Scan(&f.Value, &f.Count); err != nil {
			return nil, fmt.Errorf("facets %s: %w", column, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("facets %s: %w", column, err)
	}
	return out, nil
}

// storedArticle is one article as stored, for the article page.
type storedArticle struct {
	ID              int64
	Key             string
	URL             string
	CanonicalURL    string
	Site            string
	SiteName        string
	Title           string
	Authors         []string
	Published       string
	Modified        string
	Language        string
	Description     string
	Section         string
	Breadcrumbs     []extractors.Crumb
	Tags            []string
	Image           string
	Text            string
	WordCount       int
	ContentHash     string
	DuplicateOf     int64
	IsArticleReason string
	FetchedAt       string
	Job             string
}

// errNotFound is returned for an article id that is not stored.
var errNotFound = errors.New("server: not found")

// getArticle reads one stored article by id.
func getArticle(ctx context.Context, db *sql.DB, id int64) (*storedArticle, error) {
	var a storedArticle
	var authors, crumbs, tags string
	err := db.QueryRowContext(ctx, `SELECT id, key, url, canonical_url, site, site_name, title, authors,
	coalesce(published, ''), coalesce(modified, ''), language, description, section, breadcrumbs, tags,
	image, text, word_count, content_hash, coalesce(duplicate_of, 0), is_article_reason, fetched_at, job
FROM articles WHERE id = ?`, id).Scan(&a.ID, &a.Key, &a.URL, &a.CanonicalURL, &a.Site, &a.SiteName,
		&a.Title, &authors, &a.Published, &a.Modified, &a.Language, &a.Description, &a.Section, &crumbs,
		&tags, &a.Image, &a.Text, &a.WordCount, &a.ContentHash, &a.DuplicateOf, &a.IsArticleReason,
		&a.FetchedAt, &a.Job)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, withStatus(http.StatusNotFound, fmt.Errorf("article %d: %w", id, errNotFound))
	}
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	for _, l := range []struct {
		name string
		raw  string
		v    any
	}{{"authors", authors, &a.Authors}, {"breadcrumbs", crumbs, &a.Breadcrumbs}, {"tags", tags, &a.Tags}} {
		if err := json.Unmarshal([]byte(l.raw), l.v); err != nil {
			return nil, fmt.Errorf("article %d: %s: %w", id, l.name, err)
		}
	}
	return &a, nil
}
