package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// statements are the store's own statements, prepared once on the writer
// connection and used inside Write through tx.StmtContext.
type statements struct {
	byKey, byHash, near, insert, bands *sql.Stmt
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		dst  **sql.Stmt
		name string
		sql  string
	}{
		{&st.byKey, "article by key", `SELECT id, coalesce(duplicate_of, 0) FROM articles WHERE key = ?`},
		{&st.byHash, "article by hash", `SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1`},
		{&st.near, "near duplicates", `SELECT b.article_id, a.simhash FROM simhash_bands b JOIN articles a ON a.id = b.article_id
			WHERE b.bkey IN (?, ?, ?, ?) ORDER BY b.article_id`},
		{&st.insert, "insert article", `INSERT INTO articles (key, url, canonical_url, site, site_name, title, authors,
			published, published_day, published_utc, modified, language, description, section, breadcrumbs, tags,
			image, text, word_count, content_hash, simhash, duplicate_of, is_article_reason, fetched_at, etag,
			last_modified, job)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&st.bands, "insert bands", `INSERT OR IGNORE INTO simhash_bands (bkey, article_id) VALUES (?, ?), (?, ?), (?, ?), (?, ?)`},
	} {
		s, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", p.name, err)
		}
		*p.dst = s
	}
	return nil
}

func (st *statements) close() error {
	var errs []error
	for _, s := range []*sql.Stmt{st.byKey, st.byHash, st.near, st.insert, st.bands} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// row is an article ready for INSERT: encoded before it reaches the writer
// goroutine, so the writer spends its time in SQLite only.
type row struct {
	key, url, canonical, site, siteName, title, authors string
	published, publishedDay, publishedUTC, modified     any // string or nil
	language, description, section, breadcrumbs, tags   string
	image, text                                         string
	wordCount                                           int
	contentHash                                         string
	simhash                                             uint64
	near                                                bool // check and index SimHash
	reason, fetchedAt, etag, lastModified, job          string
}

// Save commits r in one transaction: the article unless its key is
// already stored (Saved.Existing), marked as a duplicate of the first
// stored article with the same content hash or a SimHash within
// Options.NearDistance; then the URL's outcome (with the article's id);
// then the discovered URLs not seen before. It returns once committed.
// Concurrent Saves of one key store it once: the writer runs them in turn.
func (s *SQLite) Save(ctx context.Context, r Result) (Saved, error) {
	if r.URL == "" {
		return Saved{}, errNoURL
	}
	var a *row
	if r.Article != nil {
		var err error
		if a, err = s.newRow(&r); err != nil {
			return Saved{}, fmt.Errorf("store: save %s: %w", r.URL, err)
		}
	}
	var saved Saved
	err := s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		saved, err = s.saveTx(ctx, tx, &r, a)
		return err
	})
	if err != nil {
		return Saved{}, fmt.Errorf("store: save %s: %w", r.URL, err)
	}
	return saved, nil
}

// saveTx is Save inside the writer's transaction.
func (s *SQLite) saveTx(ctx context.Context, tx *sql.Tx, r *Result, a *row) (Saved, error) {
	var saved Saved
	if a != nil {
		var err error
		if saved, err = s.insertTx(ctx, tx, a); err != nil {
			return Saved{}, err
		}
	}
	if err := s.fr.FinishTx(ctx, tx, r.URL, r.Outcome, saved.ArticleID); err != nil {
		return Saved{}, err
	}
	if _, err := s.fr.AddTx(ctx, tx, r.Discovered); err != nil {
		return Saved{}, err
	}
	return saved, nil
}

// insertTx stores a unless its key is stored, looking for the article it
// duplicates first.
func (s *SQLite) insertTx(ctx context.Context, tx *sql.Tx, a *row) (Saved, error) {
	var id, dup int64
	err := tx.StmtContext(ctx, s.stmts.byKey).QueryRowContext(ctx, a.key).Scan(&id, &dup)
	switch {
	case err == nil:
		return Saved{ArticleID: id, DuplicateOf: dup, Existing: true}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Saved{}, fmt.Errorf("look up %s: %w", a.key, err)
	}
	if a.contentHash != "" {
		err := tx.StmtContext(ctx, s.stmts.byHash).QueryRowContext(ctx, a.contentHash).Scan(&dup)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Saved{}, fmt.Errorf("look up content hash: %w", err)
		}
	}
	var keys [simhashBands]int64
	if a.near {
		keys = bandKeys(a.simhash)
	}
	if dup == 0 && a.near {
		if dup, err = s.nearTx(ctx, tx, a.simhash, keys); err != nil {
			return Saved{}, err
		}
	}
	var dupOf any
	if dup != 0 {
		dupOf = dup
	}
	res, err := tx.StmtContext(ctx, s.stmts.insert).ExecContext(ctx, a.key, a.url, a.canonical, a.site,
		a.siteName, a.title, a.authors, a.published, a.publishedDay, a.publishedUTC, a.modified,
		a.language, a.description, a.section, a.breadcrumbs, a.tags, a.image, a.text, a.wordCount,
		a.contentHash, int64(a.simhash), dupOf, a.reason, a.fetchedAt, a.etag, a.lastModified, a.job)
	if err != nil {
		return Saved{}, fmt.Errorf("insert %s: %w", a.key, err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return Saved{}, fmt.Errorf("insert %s: %w", a.key, err)
	}
	s.ftsPending++
	if dup == 0 && a.near {
		if _, err := tx.StmtContext(ctx, s.stmts.bands).ExecContext(ctx,
			keys[0], id, keys[1], id, keys[2], id, keys[3], id); err != nil {
			return Saved{}, fmt.Errorf("index simhash of %s: %w", a.key, err)
		}
	}
	return Saved{ArticleID: id, DuplicateOf: dup}, nil
}

// nearTx returns the first stored original whose SimHash is within
// NearDistance of h, or 0.
func (s *SQLite) nearTx(ctx context.Context, tx *sql.Tx, h uint64, keys [simhashBands]int64) (int64, error) {
	rows, err := tx.StmtContext(ctx, s.stmts.near).QueryContext(ctx, keys[0], keys[1], keys[2], keys[3])
	if err != nil {
		return 0, fmt.Errorf("look up near duplicates: %w", err)
	}
	defer rows.Close()
	for rows.Next() { // in id order: the first match is the first stored
		var (
			id    int64
			other int64
		)
		if err := rows.Scan(&id, &other); err != nil {
			return 0, fmt.Errorf("look up near duplicates: %w", err)
		}
		if hamming(h, uint64(other)) <= s.opts.NearDistance {
			return id, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("look up near duplicates: %w", err)
	}
	return 0, nil
}

// newRow encodes r's article for the articles table.
func (s *SQLite) newRow(r *Result) (*row, error) {
	art := r.Article
	key := r.ArticleKey
	if key == "" {
		key = r.URL
	}
	fetched := r.FetchedAt
	if fetched.IsZero() {
		fetched = s.now()
	}
	a := &row{
		key: key, url: art.URL, canonical: art.CanonicalURL, site: hostOf(key),
		siteName: art.SiteName, title: art.Title, language: art.Language,
		description: art.Description, section: art.Section, image: art.Image, text: art.Text,
		wordCount: art.WordCount, contentHash: art.ContentHash, simhash: r.SimHash,
		near:   s.opts.NearDistance >= 0 && r.SimHash != 0 && art.WordCount >= s.opts.NearMinWords,
		reason: r.IsArticleReason, fetchedAt: fetched.UTC().Format(timeLayout),
		etag: r.ETag, lastModified: r.LastModified, job: r.Job,
	}
	if a.url == "" {
		a.url = r.URL
	}
	var err error
	if a.authors, err = jsonList(art.Authors); err != nil {
		return nil, fmt.Errorf("encode authors: %w", err)
	}
	if a.tags, err = jsonList(art.Tags); err != nil {
		return nil, fmt.Errorf("encode tags: %w", err)
	}
	if a.breadcrumbs, err = jsonList(art.Breadcrumbs); err != nil {
		return nil, fmt.Errorf("encode breadcrumbs: %w", err)
	}
	if p := art.Published; p != nil && !p.IsZero() {
		a.published = p.Format(time.RFC3339Nano)
		a.publishedDay = p.Format(time.DateOnly)
		a.publishedUTC = p.UTC().Format(timeLayout)
	}
	if m := art.Modified; m != nil && !m.IsZero() {
		a.modified = m.Format(time.RFC3339Nano)
	}
	return a, nil
}

// jsonList encodes a list as a JSON array, "[]" when empty.
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// hostOf returns the lower-case host of u ("" if it does not parse).
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}

// timeLayout is the fixed-width UTC layout of the times newshound writes:
// RFC 3339, sorts as text.
const timeLayout = "2006-01-02T15:04:05.000Z"
