package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/store"
)

// errNoURL reports a Result without the URL it is the outcome of.
var errNoURL = errors.New("pgstore: result has no url")

// row is an article ready for INSERT, encoded before it reaches a writer.
type row struct {
	key, url, canonical, site, siteName, title, authors string
	published, publishedDay, publishedUTC, modified     *string // nil: NULL
	language, description, section, breadcrumbs, tags   string
	image, text                                         string
	wordCount                                           int
	contentHash                                         string
	simhash                                             uint64
	near                                                bool // check and index SimHash
	reason, fetchedAt, etag, lastModified, job          string
}

// Save stores r's article in one transaction (batched with other Saves):
// unless its key is already stored (Saved.Existing), marked as a
// duplicate of the first stored article with the same content hash or a
// SimHash within Options.NearDistance. It returns once committed.
//
// Unlike the SQLite store, Save records only the article: r.Outcome and
// r.Discovered are the caller's to record in its frontier (the Redis
// frontier), after Save returns. A Result without an article stores
// nothing.
//
// Concurrent Saves, in this process or others on the same database,
// behave as if run one at a time: an article key is stored once, and a
// duplicate committed at the same time as its original is still marked
// (see lockKeys).
func (s *PG) Save(ctx context.Context, r store.Result) (store.Saved, error) {
	if r.URL == "" {
		return store.Saved{}, errNoURL
	}
	if r.Article == nil {
		return store.Saved{}, nil
	}
	a, err := s.newRow(&r)
	if err != nil {
		return store.Saved{}, fmt.Errorf("pgstore: save %s: %w", r.URL, err)
	}
	saved, err := s.enqueue(ctx, a)
	if err != nil {
		return store.Saved{}, fmt.Errorf("pgstore: save %s: %w", r.URL, err)
	}
	return saved, nil
}

// Lock key namespaces (top byte) of the transaction advisory locks.
const (
	lockKey  int64 = 1 << 56
	lockHash int64 = 2 << 56
	lockBand int64 = 3 << 56
	lockMask int64 = 1<<56 - 1
)

// lockKeys returns the advisory locks a Save of a takes before it reads:
// its key, its content hash and its 6 SimHash bands. Two Saves that could
// see each other (same key, same hash, a shared band) take a common lock,
// so the later one waits for the earlier to commit, then (READ COMMITTED:
// each statement sees what is committed when it starts) finds it. All of
// a batch's locks are taken at once in sorted order, so writers never
// deadlock on them. A hash collision between two keys only makes two
// unrelated Saves wait for each other.
func (s *PG) lockKeys(a *row) []int64 {
	keys := make([]int64, 0, 2+simhashBands)
	keys = append(keys, lockKey|int64(fnv64(a.key))&lockMask)
	if a.contentHash != "" {
		keys = append(keys, lockHash|int64(fnv64(a.contentHash))&lockMask)
	}
	if a.near {
		for _, k := range bandKeys(a.simhash) {
			keys = append(keys, lockBand|k)
		}
	}
	return keys
}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// insertTx stores a unless its key is stored, looking for the article it
// duplicates first. The caller holds a's locks.
func (s *PG) insertTx(ctx context.Context, tx pgx.Tx, a *row) (store.Saved, error) {
	if saved, ok, err := byKey(ctx, tx, a.key); err != nil || ok {
		return saved, err
	}
	var dup int64
	if a.contentHash != "" {
		err := tx.QueryRow(ctx, `SELECT coalesce(duplicate_of, id) FROM articles
			WHERE content_hash = $1 ORDER BY id LIMIT 1`, a.contentHash).Scan(&dup)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return store.Saved{}, fmt.Errorf("look up content hash: %w", err)
		}
	}
	var keys [simhashBands]int64
	if a.near {
		keys = bandKeys(a.simhash)
	}
	if dup == 0 && a.near {
		var err error
		if dup, err = s.nearTx(ctx, tx, a.simhash, keys); err != nil {
			return store.Saved{}, err
		}
	}
	var dupOf *int64
	if dup != 0 {
		dupOf = &dup
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO articles (key, url, canonical_url, site, site_name, title, authors,
		published, published_day, published_utc, modified, language, description, section, breadcrumbs, tags,
		image, text, word_count, content_hash, simhash, duplicate_of, is_article_reason, fetched_at, etag,
		last_modified, job)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		$21, $22, $23, $24, $25, $26, $27)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		a.key, a.url, a.canonical, a.site, a.siteName, a.title, a.authors, a.published, a.publishedDay,
		a.publishedUTC, a.modified, a.language, a.description, a.section, a.breadcrumbs, a.tags, a.image,
		a.text, a.wordCount, a.contentHash, int64(a.simhash), dupOf, a.reason, a.fetchedAt, a.etag,
		a.lastModified, a.job).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		// Stored meanwhile by a writer that did not take our locks.
		saved, ok, err := byKey(ctx, tx, a.key)
		if err == nil && !ok {
			err = fmt.Errorf("insert %s: conflict, but no row", a.key)
		}
		return saved, err
	}
	if err != nil {
		return store.Saved{}, fmt.Errorf("insert %s: %w", a.key, err)
	}
	if dup == 0 && a.near {
		if _, err := tx.Exec(ctx, `INSERT INTO simhash_bands (bkey, article_id)
			SELECT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING`, keys[:], id); err != nil {
			return store.Saved{}, fmt.Errorf("index simhash of %s: %w", a.key, err)
		}
	}
	return store.Saved{ArticleID: id, DuplicateOf: dup}, nil
}

// byKey returns the stored article with key, ok false if there is none.
func byKey(ctx context.Context, tx pgx.Tx, key string) (saved store.Saved, ok bool, err error) {
	var id, dup int64
	err = tx.QueryRow(ctx, `SELECT id, coalesce(duplicate_of, 0) FROM articles WHERE key = $1`, key).Scan(&id, &dup)
	switch {
	case err == nil:
		return store.Saved{ArticleID: id, DuplicateOf: dup, Existing: true}, true, nil
	case errors.Is(err, pgx.ErrNoRows):
		return store.Saved{}, false, nil
	default:
		return store.Saved{}, false, fmt.Errorf("look up %s: %w", key, err)
	}
}

// nearTx returns the first stored original whose SimHash is within
// NearDistance of h, or 0.
func (s *PG) nearTx(ctx context.Context, tx pgx.Tx, h uint64, keys [simhashBands]int64) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT b.article_id, a.simhash FROM simhash_bands b
		JOIN articles a ON a.id = b.article_id
		WHERE b.bkey = ANY($1) ORDER BY b.article_id`, keys[:])
	if err != nil {
		return 0, fmt.Errorf("look up near duplicates: %w", err)
	}
	defer rows.Close()
	for rows.Next() { // in id order: the first match is the first stored
		var id, other int64
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

// newRow encodes r's article for the articles table, exactly as the
// SQLite store does.
func (s *PG) newRow(r *store.Result) (*row, error) {
	art := r.Article
	key := r.ArticleKey
	if key == "" {
		key = r.URL
	}
	fetched := r.FetchedAt
	if fetched.IsZero() {
		fetched = s.opts.Now()
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
		a.published = ptr(p.Format(time.RFC3339Nano))
		a.publishedDay = ptr(p.Format(time.DateOnly))
		a.publishedUTC = ptr(p.UTC().Format(timeLayout))
	}
	if m := art.Modified; m != nil && !m.IsZero() {
		a.modified = ptr(m.Format(time.RFC3339Nano))
	}
	return a, nil
}

func ptr[T any](v T) *T { return &v }

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

// timeLayout is the SQLite store's fixed-width UTC layout: RFC 3339,
// sorts as text.
const timeLayout = "2006-01-02T15:04:05.000Z"
