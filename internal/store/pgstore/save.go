package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/store"
)

// errNoURL reports a Result without the URL it is the outcome of.
var errNoURL = errors.New("pgstore: result has no url")

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
	a, err := store.NewRow(&r, s.opts.Now(), s.opts.NearDistance, s.opts.NearMinWords)
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
func (s *PG) lockKeys(a *store.Row) []int64 {
	keys := make([]int64, 0, 2+store.SimHashBands)
	keys = append(keys, lockKey|int64(fnv64(a.Key))&lockMask)
	if a.ContentHash != "" {
		keys = append(keys, lockHash|int64(fnv64(a.ContentHash))&lockMask)
	}
	if a.Near {
		for _, k := range store.BandKeys(a.SimHash) {
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

// saveSQL stores one article unless its key is stored, with the article
// it duplicates: the first stored with the same content hash, else the
// first original sharing a SimHash band within the Hamming distance. It
// returns the new row (existing false) or the stored one (existing true);
// no row if the key was stored by a writer that did not take our locks
// between the statement's snapshot and its insert. One statement, so a
// batch of Saves is one round trip (see saveBatch). Parameters: $1-$26
// the columns in order but duplicate_of (computed), $27 whether to check
// and index the SimHash, $28 its band keys, $29 the largest distance.
const saveSQL = `WITH old AS (
	SELECT id, coalesce(duplicate_of, 0) AS dup FROM articles WHERE key = $1
), exact AS (
	SELECT coalesce(duplicate_of, id) AS dup FROM articles
	WHERE $20::text <> '' AND content_hash = $20::text ORDER BY id LIMIT 1
), near AS (
	-- The close originals, in id order (the first is taken; saveBatch
	-- confirms it by shingles). An aggregate, not ORDER BY ... LIMIT: with
	-- that the planner walked the whole articles primary key in id order
	-- (30 ms an article at 20,000 articles) instead of looking up the few
	-- band candidates.
	SELECT array_agg(DISTINCT b.article_id ORDER BY b.article_id) AS ids
	FROM simhash_bands b JOIN articles a ON a.id = b.article_id
	WHERE $27::bool AND b.bkey = ANY($28::bigint[])
		AND bit_count((a.SimHash # $21::bigint)::bit(64)) <= $29::int
), ins AS (
	INSERT INTO articles (key, url, canonical_url, site, site_name, title, authors,
		published, published_day, published_utc, modified, language, description, section, breadcrumbs, tags,
		image, text, word_count, content_hash, simhash, duplicate_of, is_article_reason, fetched_at, etag,
		last_modified, job)
	SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::int, $20::text,
		$21::bigint, coalesce((SELECT dup FROM exact), (SELECT ids[1] FROM near)), $22, $23, $24, $25, $26
	WHERE NOT EXISTS (SELECT FROM old)
	ON CONFLICT (key) DO NOTHING
	RETURNING id, duplicate_of
), bands AS (
	INSERT INTO simhash_bands (bkey, article_id)
	SELECT k, ins.id FROM ins, unnest($28::bigint[]) AS k
	WHERE $27::bool AND ins.duplicate_of IS NULL
	ON CONFLICT DO NOTHING
)
SELECT id, coalesce(duplicate_of, 0), false,
	CASE WHEN (SELECT dup FROM exact) IS NULL THEN (SELECT ids FROM near) END
FROM ins
UNION ALL
SELECT id, dup, true, NULL FROM old`

// lockSQL takes the transaction advisory locks $1, in array order.
const lockSQL = `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, n) ORDER BY n`

// saveBatch stores the articles of ops in tx, in order, and returns what
// it did with each. It sends the locks of the whole batch (every key,
// content hash and SimHash band, sorted: see lockKeys) and one saveSQL per
// article as one pipelined pgx batch: one round trip.
func (s *PG) saveBatch(ctx context.Context, tx pgx.Tx, ops []*op) ([]store.Saved, error) {
	var locks []int64
	for _, o := range ops {
		locks = append(locks, s.lockKeys(o.a)...)
	}
	slices.Sort(locks)
	locks = slices.Compact(locks)
	b := &pgx.Batch{}
	b.Queue(lockSQL, locks)
	for _, o := range ops {
		a := o.a
		var keys []int64
		if a.Near {
			k := store.BandKeys(a.SimHash)
			keys = k[:]
		}
		b.Queue(saveSQL, a.Key, a.URL, a.Canonical, a.Site, a.SiteName, a.Title, a.Authors,
			a.Published, a.PublishedDay, a.PublishedUTC, a.Modified, a.Language, a.Description, a.Section,
			a.Breadcrumbs, a.Tags, a.Image, a.Text, a.WordCount, a.ContentHash, int64(a.SimHash),
			a.Reason, a.FetchedAt, a.ETag, a.LastModified, a.Job, a.Near, keys, s.opts.NearDistance)
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	saved := make([]store.Saved, len(ops))
	var missing []int // stored by a writer without our locks
	var toConfirm []nearCheck
	for i, o := range ops {
		var sv store.Saved
		var near []int64
		err := br.QueryRow().Scan(&sv.ArticleID, &sv.DuplicateOf, &sv.Existing, &near)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			missing = append(missing, i)
		case err != nil:
			return nil, fmt.Errorf("save %s: %w", o.a.Key, err)
		}
		saved[i] = sv
		if len(near) > 0 {
			toConfirm = append(toConfirm, nearCheck{op: i, candidates: near})
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("save batch: %w", err)
	}
	for _, c := range toConfirm {
		if err := s.confirmNear(ctx, tx, ops[c.op].a, &saved[c.op], c.candidates); err != nil {
			return nil, err
		}
	}
	for _, i := range missing {
		sv, ok, err := byKey(ctx, tx, ops[i].a.Key)
		if err == nil && !ok {
			err = fmt.Errorf("insert %s: conflict, but no row", ops[i].a.Key)
		}
		if err != nil {
			return nil, err
		}
		saved[i] = sv
	}
	return saved, nil
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

// timeLayout is the SQLite store's fixed-width UTC layout: RFC 3339,
// sorts as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

// ArticleURLs calls fn with the fetched URL and the declared canonical URL
// ("" if none) of every article stored by job, in storage order, streaming
// them: the crawler marks them done in a frontier that lost the job's state
// (a Redis restarted without persistence) so that they are not fetched
// again. fn's error stops the scan and is returned.
func (s *PG) ArticleURLs(ctx context.Context, job string, fn func(url, canonical string) error) error {
	rows, err := s.pool.Query(ctx, `SELECT url, canonical_url FROM articles WHERE job = $1 ORDER BY id`, job)
	if err != nil {
		return fmt.Errorf("pgstore: article urls of job %q: %w", job, err)
	}
	defer rows.Close()
	var u, canonical string
	for rows.Next() {
		if err := rows.Scan(&u, &canonical); err != nil {
			return fmt.Errorf("pgstore: article urls of job %q: %w", job, err)
		}
		if err := fn(u, canonical); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: article urls of job %q: %w", job, err)
	}
	return nil
}

// nearCheck is an article saveSQL marked a near-duplicate of the first of
// candidates (the close originals, in id order), to be confirmed.
type nearCheck struct {
	op         int
	candidates []int64
}

// confirmNear confirms, as the SQLite store does, that the article saved
// as sv shares most of its word shingles with the original it was marked
// a copy of: a close SimHash alone does not make a copy. It takes the
// first candidate that shares them (in id order) and, when none does,
// stores the article as an original (duplicate_of NULL, its SimHash bands
// indexed). It runs in the batch's transaction, under its locks.
func (s *PG) confirmNear(ctx context.Context, tx pgx.Tx, a *store.Row, sv *store.Saved, candidates []int64) error {
	rows, err := tx.Query(ctx, `SELECT id, text FROM articles WHERE id = ANY($1)`, candidates)
	if err != nil {
		return fmt.Errorf("confirm near duplicate of %s: %w", a.Key, err)
	}
	texts := make(map[int64]string, len(candidates))
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return fmt.Errorf("confirm near duplicate of %s: %w", a.Key, err)
		}
		texts[id] = text
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("confirm near duplicate of %s: %w", a.Key, err)
	}
	var dup int64
	for _, id := range candidates {
		if other, ok := texts[id]; ok && dedup.Containment(a.Text, other) >= dedup.MinContainment {
			dup = id
			break
		}
	}
	if dup == sv.DuplicateOf {
		return nil
	}
	var dupArg any
	if dup != 0 {
		dupArg = dup
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET duplicate_of = $2 WHERE id = $1`, sv.ArticleID, dupArg); err != nil {
		return fmt.Errorf("confirm near duplicate of %s: %w", a.Key, err)
	}
	if dup == 0 {
		// An original after all: index its bands, as saveSQL does for
		// originals.
		k := store.BandKeys(a.SimHash)
		if _, err := tx.Exec(ctx, `INSERT INTO simhash_bands (bkey, article_id)
			SELECT k, $2 FROM unnest($1::bigint[]) AS k ON CONFLICT DO NOTHING`, k[:], sv.ArticleID); err != nil {
			return fmt.Errorf("index simhash of %s: %w", a.Key, err)
		}
	}
	sv.DuplicateOf = dup
	return nil
}
