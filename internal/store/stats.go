package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Stats answers "what did we collect?": the database summarised in one
// read transaction, so that its numbers agree with each other. JSON keys
// are stable (snake_case); lists are sorted as documented per field and
// are never null.
type Stats struct {
	// Articles counts stored articles, duplicates included; Originals
	// and Duplicates split them.
	Articles   int `json:"articles"`
	Originals  int `json:"originals"`
	Duplicates int `json:"duplicates"`
	// Unindexed is how many articles are not yet in the full-text index
	// (search does that first; see Reader.SyncFTS).
	Unindexed int `json:"unindexed"`
	// FirstFetchedAt and LastFetchedAt bound when the stored articles were
	// fetched (UTC); nil when there are none.
	FirstFetchedAt *time.Time `json:"first_fetched_at"`
	LastFetchedAt  *time.Time `json:"last_fetched_at"`
	// LastActivityAt is the last change to any URL of the frontier
	// (leased, fetched, failed, skipped), UTC; nil when there are none.
	LastActivityAt *time.Time `json:"last_activity_at"`
	// Sites lists articles per site, most articles first.
	Sites []SiteCount `json:"sites"`
	// Days lists original articles per publication day (in the page's
	// offset), oldest first: the last StatsOptions.Days days that have
	// articles, or all of them. Undated counts the originals without a
	// publication date.
	Days    []Count `json:"days"`
	Undated int     `json:"undated"`
	// Languages lists original articles per language tag ("" when
	// unknown), most first.
	Languages []Count `json:"languages"`
	// Queue counts the frontier's URLs by state (queued, inflight, done,
	// failed, skipped), every state present, zeros included.
	Queue map[string]int `json:"queue"`
	// Failed and Skipped count the frontier's failed and skipped URLs by
	// reason, most first. Reasons are shortened to their kind: URLs and
	// numbers are replaced ("http 404", "gave up after N attempts: http
	// 503").
	Failed  []Count `json:"failed"`
	Skipped []Count `json:"skipped"`
}

// SiteCount is one site's articles.
type SiteCount struct {
	Site       string     `json:"site"`
	Originals  int        `json:"originals"`
	Duplicates int        `json:"duplicates"`
	Languages  int        `json:"languages"`
	LastFetch  *time.Time `json:"last_fetched_at"`
	FirstDay   string     `json:"first_published_day"` // "" when no article is dated
	LastDay    string     `json:"last_published_day"`
}

// Count is a key and its count.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// StatsOptions configure Reader.Stats.
type StatsOptions struct {
	// Days is how many publication days Stats.Days lists (the most recent
	// ones that have articles); 0 means all.
	Days int
}

// Stats summarises the database in one read transaction.
func (r *Reader) Stats(ctx context.Context, opts StatsOptions) (*Stats, error) {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: stats %s: %w", r.path, err)
	}
	defer tx.Rollback()
	st := NewStats()
	steps := []struct {
		name string
		fn   func(context.Context, *sql.Tx, *Stats, StatsOptions) error
	}{
		{"totals", statTotals},
		{"sites", statSites},
		{"days", statDays},
		{"languages", statLanguages},
		{"queue", statQueue},
		{"reasons", statReasons},
	}
	for _, s := range steps {
		if err := s.fn(ctx, tx, st, opts); err != nil {
			return nil, fmt.Errorf("store: stats %s: %s: %w", r.path, s.name, err)
		}
	}
	return st, nil
}

// statTotals counts articles and reads the fetch times.
func statTotals(ctx context.Context, tx *sql.Tx, st *Stats, _ StatsOptions) error {
	var first, last, activity sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT count(*), count(duplicate_of), min(fetched_at), max(fetched_at),
		count(*) FILTER (WHERE id > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed'))
		FROM articles`).Scan(&st.Articles, &st.Duplicates, &first, &last, &st.Unindexed)
	if err != nil {
		return err
	}
	st.Originals = st.Articles - st.Duplicates
	if err := tx.QueryRowContext(ctx, `SELECT max(updated_at) FROM urls`).Scan(&activity); err != nil {
		return err
	}
	st.FirstFetchedAt, st.LastFetchedAt, st.LastActivityAt = utcTime(first), utcTime(last), utcTime(activity)
	return nil
}

// statSites counts articles per site.
func statSites(ctx context.Context, tx *sql.Tx, st *Stats, _ StatsOptions) error {
	rows, err := tx.QueryContext(ctx, `SELECT site, count(*) - count(duplicate_of), count(duplicate_of),
		count(DISTINCT language) FILTER (WHERE duplicate_of IS NULL), max(fetched_at),
		coalesce(min(published_day), ''), coalesce(max(published_day), '')
		FROM articles GROUP BY site ORDER BY 2 DESC, site`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			s    SiteCount
			last sql.NullString
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
func statDays(ctx context.Context, tx *sql.Tx, st *Stats, opts StatsOptions) error {
	limit := opts.Days
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := tx.QueryContext(ctx, `SELECT published_day, count(*) FROM articles
		WHERE duplicate_of IS NULL AND published_day IS NOT NULL
		GROUP BY published_day ORDER BY published_day DESC LIMIT ?`, limit)
	if err != nil {
		return err
	}
	if err := scanCounts(rows, &st.Days); err != nil {
		return err
	}
	st.SortDays()
	return tx.QueryRowContext(ctx, `SELECT count(*) FROM articles
		WHERE duplicate_of IS NULL AND published_day IS NULL`).Scan(&st.Undated)
}

// statLanguages counts originals per language.
func statLanguages(ctx context.Context, tx *sql.Tx, st *Stats, _ StatsOptions) error {
	rows, err := tx.QueryContext(ctx, `SELECT language, count(*) FROM articles
		WHERE duplicate_of IS NULL GROUP BY language ORDER BY 2 DESC, 1`)
	if err != nil {
		return err
	}
	return scanCounts(rows, &st.Languages)
}

// statQueue counts frontier URLs by state.
func statQueue(ctx context.Context, tx *sql.Tx, st *Stats, _ StatsOptions) error {
	rows, err := tx.QueryContext(ctx, `SELECT state, count(*) FROM urls GROUP BY state`)
	if err != nil {
		return err
	}
	var counts []Count
	if err := scanCounts(rows, &counts); err != nil {
		return err
	}
	for _, c := range counts {
		st.Queue[c.Key] = c.Count
	}
	return nil
}

// statReasons counts failed and skipped URLs by the kind of their reason.
// SQL groups by exact reason first, so Go sees one row per distinct
// reason, not per URL.
func statReasons(ctx context.Context, tx *sql.Tx, st *Stats, _ StatsOptions) error {
	rows, err := tx.QueryContext(ctx, `SELECT state, reason, count(*) FROM urls
		WHERE state IN ('failed', 'skipped') GROUP BY state, reason`)
	if err != nil {
		return err
	}
	defer rows.Close()
	failed, skipped := map[string]int{}, map[string]int{}
	for rows.Next() {
		var (
			state, reason string
			n             int
		)
		if err := rows.Scan(&state, &reason, &n); err != nil {
			return err
		}
		m := failed
		if state == "skipped" {
			m = skipped
		}
		m[ReasonKind(reason)] += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	st.Failed, st.Skipped = SortedCounts(failed), SortedCounts(skipped)
	return nil
}

// Patterns ReasonKind replaces.
var (
	reasonURL    = regexp.MustCompile(`[a-z][a-z0-9+.-]*://\S+`)
	reasonNumber = regexp.MustCompile(`\b\d+(\.\d+)?\b`)
)

// httpStatus keeps "http 404": the status is the kind.
var httpStatus = regexp.MustCompile(`^http \d{3}$`)

// ReasonKind shortens a frontier reason to its kind, for counting: URLs
// become "URL", numbers "N" (except an HTTP status, "http 404"), and it
// is cut to 80 characters. "" becomes "(none)".
func ReasonKind(reason string) string {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "(none)"
	}
	reason = reasonURL.ReplaceAllString(reason, "URL")
	parts := strings.SplitAfter(reason, ": ")
	for i, p := range parts {
		if !httpStatus.MatchString(strings.TrimSuffix(p, ": ")) {
			parts[i] = reasonNumber.ReplaceAllString(p, "N")
		}
	}
	reason = strings.Join(parts, "")
	if r := []rune(reason); len(r) > 80 {
		reason = string(r[:79]) + "…"
	}
	return reason
}

// scanCounts reads (key, count) rows into *out and closes rows. A NULL
// key reads as "".
func scanCounts(rows *sql.Rows, out *[]Count) error {
	defer rows.Close()
	for rows.Next() {
		var (
			k sql.NullString
			c Count
		)
		if err := rows.Scan(&k, &c.Count); err != nil {
			return err
		}
		c.Key = k.String
		*out = append(*out, c)
	}
	return rows.Err()
}

// SortedCounts returns m's entries, most first, then by key.
func SortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// utcTime parses a time newshound wrote (fixed-width UTC layout); nil
// when NULL or unparsable.
func utcTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return nil
	}
	t = t.UTC()
	return &t
}
