package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/newshound/newshound/internal/dedup"
)

// statements are the store's own statements, prepared once on the writer
// connection and used inside Write through tx.StmtContext.
type statements struct {
	lookup, near, insert, text *sql.Stmt
}

// placeholders returns n comma-separated "?".
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		dst  **sql.Stmt
		name string
		sql  string
	}{
		// lookup: ?1 key, ?2 content hash or NULL. One row: the article
		// stored under the key (id and duplicate_of, NULL when none), and
		// the original of the articles with the content hash. Every
		// article with one hash has the same original (the first of them
		// found it), so any row will do: "ORDER BY id" (or min(id), or a
		// LEFT JOIN) would make SQLite re-prepare the statement on every
		// new binding, which cost 4% of a crawl's CPU.
		{&st.lookup, "article by key and hash", `SELECT
			(SELECT id FROM articles WHERE key = ?1),
			(SELECT coalesce(duplicate_of, 0) FROM articles WHERE key = ?1),
			(SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ?2 LIMIT 1)`},
		// near: the candidates as one row, "id:simhash,id:simhash,..." in
		// no particular order (one row costs one trip through cgo; a row
		// per candidate cost a trip each; closeCandidates sorts the few
		// close ones, cheaper than SQLite sorting them all).
		{&st.near, "near duplicates", `SELECT coalesce(group_concat(article_id || ':' || simhash), '') FROM simhash_bands
			WHERE bkey IN (` + placeholders(SimHashBands) + `)`},
		{&st.insert, "insert article", `INSERT INTO articles (key, url, canonical_url, site, site_name, title, authors,
			published, published_day, published_utc, modified, language, description, section, breadcrumbs, tags,
			image, text, word_count, content_hash, simhash, duplicate_of, is_article_reason, fetched_at, etag,
			last_modified, job)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&st.text, "article text", `SELECT text FROM articles WHERE id = ?`},
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
	for _, s := range []*sql.Stmt{st.lookup, st.near, st.insert, st.text} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
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
	var a *Row
	if r.Article != nil {
		var err error
		if a, err = NewRow(&r, s.now(), s.opts.NearDistance, s.opts.NearMinWords); err != nil {
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
func (s *SQLite) saveTx(ctx context.Context, tx *sql.Tx, r *Result, a *Row) (Saved, error) {
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
func (s *SQLite) insertTx(ctx context.Context, tx *sql.Tx, a *Row) (Saved, error) {
	var hash any // NULL matches no row: no content hash, no lookup
	if a.ContentHash != "" {
		hash = a.ContentHash
	}
	var stored, storedDup, same sql.NullInt64
	err := tx.StmtContext(ctx, s.stmts.lookup).QueryRowContext(ctx, a.Key, hash).Scan(&stored, &storedDup, &same)
	if err != nil {
		return Saved{}, fmt.Errorf("look up %s: %w", a.Key, err)
	}
	if stored.Valid {
		return Saved{ArticleID: stored.Int64, DuplicateOf: storedDup.Int64, Existing: true}, nil
	}
	dup := same.Int64
	var id int64
	if dup == 0 && a.Near {
		if dup, err = s.nearTx(ctx, tx, a.SimHash, a.Text); err != nil {
			return Saved{}, err
		}
	}
	var dupOf any
	if dup != 0 {
		dupOf = dup
	}
	res, err := tx.StmtContext(ctx, s.stmts.insert).ExecContext(ctx, a.Key, a.URL, a.Canonical, a.Site,
		a.SiteName, a.Title, a.Authors, a.Published, a.PublishedDay, a.PublishedUTC, a.Modified,
		a.Language, a.Description, a.Section, a.Breadcrumbs, a.Tags, a.Image, a.Text, a.WordCount,
		a.ContentHash, int64(a.SimHash), dupOf, a.Reason, a.FetchedAt, a.ETag, a.LastModified, a.Job)
	if err != nil {
		return Saved{}, fmt.Errorf("insert %s: %w", a.Key, err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return Saved{}, fmt.Errorf("insert %s: %w", a.Key, err)
	}
	s.ftsPending++
	if dup == 0 && a.Near {
		s.recent.add(id, a.SimHash) // simhash_bands gets it in the next batch
	}
	return Saved{ArticleID: id, DuplicateOf: dup}, nil
}

// nearTx returns the first stored original whose SimHash is within
// NearDistance of h, or 0: the candidates of simhash_bands and of the
// originals saved since its last batch (s.recent).
func (s *SQLite) nearTx(ctx context.Context, tx *sql.Tx, h uint64, text string) (int64, error) {
	keys := BandKeys(h)
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	var list string
	if err := tx.StmtContext(ctx, s.stmts.near).QueryRowContext(ctx, args...).Scan(&list); err != nil {
		return 0, fmt.Errorf("look up near duplicates: %w", err)
	}
	close, err := closeCandidates(list, h, s.opts.NearDistance)
	if err != nil {
		return 0, fmt.Errorf("look up near duplicates: %w", err)
	}
	if n := len(close); len(s.recent.entries) > 0 {
		close = s.recent.within(close, h, s.opts.NearDistance)
		if len(close) > n {
			slices.Sort(close)
		}
	}
	// A close fingerprint is a candidate; sharing most word shingles
	// confirms it, so different texts are never taken for copies.
	for _, id := range close {
		var other string
		if err := tx.StmtContext(ctx, s.stmts.text).QueryRowContext(ctx, id).Scan(&other); err != nil {
			return 0, fmt.Errorf("look up near duplicate %d: %w", id, err)
		}
		if dedup.Containment(text, other) >= dedup.MinContainment {
			return id, nil
		}
	}
	return 0, nil
}

// closeCandidates parses the near statement's "id:simhash,..." list and
// returns the ids whose SimHash is within distance of h, in ascending
// order (the first stored first), each once: an article indexed under
// several of h's bands is listed once per band.
func closeCandidates(list string, h uint64, distance int) ([]int64, error) {
	var close []int64
	for len(list) > 0 {
		item, rest, _ := strings.Cut(list, ",")
		list = rest
		idText, hashText, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("bad candidate %q", item)
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad candidate %q: %w", item, err)
		}
		other, err := strconv.ParseInt(hashText, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad candidate %q: %w", item, err)
		}
		if hamming(h, uint64(other)) <= distance {
			close = append(close, id)
		}
	}
	slices.Sort(close)
	return slices.Compact(close), nil
}
