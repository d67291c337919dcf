package frontier

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The frontier's statements, prepared once on the writer connection.
const (
	sqlInsert = `INSERT OR IGNORE INTO urls
	(url, host, kind, depth, priority, source, parent, lastmod, published, title, discovered_at, updated_at, state, reason, job)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	// sqlChanged: ?1 url, ?2 lastmod (Unix ms), ?3 now. A page already
	// fetched whose sitemap or feed entry says it changed since is queued
	// again.
	sqlChanged = `UPDATE urls SET state = 'queued', attempts = 0, not_before = 0,
	reason = 'changed since last fetch', updated_at = ?3
	WHERE url = ?1 AND state = 'done' AND fetched_ms > 0 AND fetched_ms < ?2`

	// sqlKind: ?1 url, ?2 kind (feed or sitemap), ?3 now. A URL first
	// seen as a page (a plain link to a feed, found before the page that
	// announces it) becomes the feed or sitemap it is, queued again if it
	// was skipped as not HTML: runs read feeds and sitemaps anew.
	sqlKind = `UPDATE urls SET kind = ?2, updated_at = ?3,
	attempts = CASE WHEN state = 'skipped' THEN 0 ELSE attempts END,
	reason = CASE WHEN state = 'skipped' THEN '' ELSE reason END,
	state = CASE WHEN state = 'skipped' THEN 'queued' ELSE state END
	WHERE url = ?1 AND kind = 'page' AND (state != 'skipped' OR reason LIKE 'not html%')`

	// sqlRelease: ?1 url, ?2 now. An unstarted lease goes back.
	sqlRelease = `UPDATE urls SET state = 'queued', attempts = max(attempts - 1, 0), updated_at = ?2
	WHERE url = ?1 AND state = 'inflight'`

	// sqlRefreshDiscovery: ?1 job, ?2 now. Every sitemap and feed of a job
	// is read again on each run (conditional GETs keep that cheap).
	sqlRefreshDiscovery = `UPDATE urls SET state = 'queued', attempts = 0, not_before = 0, reason = 'new run', updated_at = ?2
	WHERE job = ?1 AND state IN ('done', 'failed') AND kind IN ('sitemap', 'feed')`

	// sqlRefresh: ?1 job, ?2 fetched before (Unix ms), ?3 articles (1) or
	// other pages (0), ?4 now. Recrawl intervals.
	sqlRefresh = `UPDATE urls SET state = 'queued', attempts = 0, not_before = 0, reason = 'recrawl', updated_at = ?4
	WHERE job = ?1 AND state = 'done' AND kind = 'page' AND fetched_ms > 0 AND fetched_ms < ?2
	AND (article_id IS NOT NULL) = (?3 = 1)`

	// sqlRequeue: ?1 url, ?2 now. Puts a finished URL back in the queue as
	// if new (a job's start URLs, fetched again on every run).
	sqlRequeue = `UPDATE urls SET state = 'queued', attempts = 0, not_before = 0, reason = '', updated_at = ?2
	WHERE url = ?1 AND state IN ('done', 'failed', 'skipped')`

	// sqlFinish: ?1 state, ?2 max attempts (<= 0: never give up), ?3
	// reason, ?4 not_before, ?5 status, ?6 article id or NULL, ?7 now, ?8
	// url. A retry (queued) after max attempts becomes failed.
	sqlFinish = `UPDATE urls SET
	state = CASE WHEN ?1 = 'queued' AND ?2 > 0 AND attempts >= ?2 THEN 'failed' ELSE ?1 END,
	reason = CASE WHEN ?1 = 'queued' AND ?2 > 0 AND attempts >= ?2
		THEN 'gave up after ' || attempts || ' attempts' || CASE WHEN ?3 = '' THEN '' ELSE ': ' || ?3 END
		ELSE ?3 END,
	not_before = ?4, status = ?5, article_id = coalesce(?6, article_id), updated_at = ?7,
	fetched_ms = CASE WHEN ?5 > 0 THEN ?9 ELSE fetched_ms END,
	etag = CASE WHEN ?5 BETWEEN 200 AND 299 THEN ?10 ELSE etag END,
	last_modified = CASE WHEN ?5 BETWEEN 200 AND 299 THEN ?11 ELSE last_modified END
	WHERE url = ?8`

	// sqlCandidates: ?1 due (Unix ms), ?2 busy hosts (",a,b,"), ?3
	// per-host cap, ?4 max, ?5 job. Takes the head of each non-busy host's queue
	// (index urls_queue) and merges them in queue order: its cost grows
	// with hosts × cap, not with the queue's length. Parameters are wrapped
	// ("CAST(? AS TEXT)", "?+0") where SQLite would otherwise read the bound
	// value while planning and re-prepare the statement on every new
	// value: a plain "job = ?" did so on each lease, "LIMIT ?" each time
	// the limit crosses 1.
	sqlCandidates = `SELECT u.id, u.host FROM hosts h, urls u
	WHERE instr(?2, ',' || h.host || ',') = 0
	AND u.id IN (
		SELECT q.id FROM urls q
		WHERE q.state = 'queued' AND q.job = CAST(?5 AS TEXT) AND q.host = h.host AND q.not_before <= ?1
		ORDER BY q.priority DESC, q.id LIMIT ?3 + 0)
	ORDER BY u.priority DESC, u.id LIMIT ?4 + 0`

	// sqlLease: ?1 id, ?2 now. (One UPDATE ... WHERE id IN (candidates)
	// RETURNING cost twice as much as candidates plus one UPDATE a row.)
	sqlLease = `UPDATE urls SET state = 'inflight', attempts = attempts + 1, updated_at = ?2
	WHERE id = ?1 AND state = 'queued'
	RETURNING url, host, kind, depth, priority, source, parent, lastmod, published, title, attempts, etag, last_modified`

	sqlRecoverFail = `UPDATE urls SET state = 'failed',
	reason = 'gave up after ' || attempts || ' attempts: interrupted', updated_at = ?1
	WHERE state = 'inflight' AND attempts >= ?2 AND job = ?3`

	sqlRecoverQueue = `UPDATE urls SET state = 'queued', updated_at = ?1 WHERE state = 'inflight' AND job = ?2`
)

// AddTx inserts the entries never seen before inside tx (a transaction of
// the DB's writer) and returns how many were new. The store's Save calls
// it to enqueue a page's links in the transaction that saves the page.
func (f *SQLite) AddTx(ctx context.Context, tx *sql.Tx, entries []Entry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	st := tx.StmtContext(ctx, f.insert)
	now := f.now().UTC().Format(timeLayout)
	n := 0
	for i := range entries {
		e := &entries[i]
		if e.URL == "" {
			return n, fmt.Errorf("add: entry %d has no url", i)
		}
		host := e.Host
		if host == "" {
			host = hostOf(e.URL)
		}
		kind := e.Kind
		if kind == "" {
			kind = Page
		}
		state := Queued
		if e.Skip != "" {
			state = Skipped
		}
		job := e.Job
		if job == "" {
			job = f.job
		}
		res, err := st.ExecContext(ctx, e.URL, host, string(kind), e.Depth, e.Priority, e.Source,
			e.Parent, formatTime(e.Lastmod), formatTime(e.Published), e.Title, now, now, string(state), e.Skip, job)
		if err != nil {
			return n, fmt.Errorf("add %s: %w", e.URL, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return n, fmt.Errorf("add %s: %w", e.URL, err)
		}
		if k == 0 && e.Lastmod != nil && e.Skip == "" {
			if _, err := tx.StmtContext(ctx, f.changed).ExecContext(ctx, e.URL, e.Lastmod.UnixMilli(), now); err != nil {
				return n, fmt.Errorf("add %s: %w", e.URL, err)
			}
		}
		if k == 0 && kind != Page && e.Skip == "" {
			if _, err := tx.StmtContext(ctx, f.kind).ExecContext(ctx, e.URL, string(kind), now); err != nil {
				return n, fmt.Errorf("add %s: %w", e.URL, err)
			}
		}
		n += int(k)
	}
	return n, nil
}

// FinishTx records out for u inside tx (a transaction of the DB's writer),
// with articleID the article the URL produced (0: none, leaving any earlier
// one). A retry (State Queued) of a URL that has had MaxAttempts leases
// becomes Failed, "gave up after N attempts: reason". A URL never seen is
// added with the outcome. An empty State means Done.
func (f *SQLite) FinishTx(ctx context.Context, tx *sql.Tx, u string, out Outcome, articleID int64) error {
	state := out.State
	if state == "" {
		state = Done
	}
	var notBefore int64
	if !out.NotBefore.IsZero() {
		notBefore = out.NotBefore.UnixMilli()
	}
	var article any
	if articleID != 0 {
		article = articleID
	}
	st := tx.StmtContext(ctx, f.finish)
	now := f.now().UTC().Format(timeLayout)
	for try := 0; try < 2; try++ {
		res, err := st.ExecContext(ctx, string(state), f.maxAttempts, out.Reason, notBefore,
			out.Status, article, now, u, f.now().UnixMilli(), out.ETag, out.LastModified)
		if err != nil {
			return fmt.Errorf("finish %s: %w", u, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("finish %s: %w", u, err)
		}
		if k > 0 {
			return nil
		}
		// Unseen: add it, then record the outcome on the new row.
		if _, err := f.AddTx(ctx, tx, []Entry{{URL: u, Source: "finish"}}); err != nil {
			return fmt.Errorf("finish %s: %w", u, err)
		}
	}
	return fmt.Errorf("finish %s: %w", u, errUnknownURL)
}

// hostOf returns the lower-case host of u, or "" when u does not parse.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}

// busyList encodes the busy hosts as ",a,b," for sqlLease's instr test
// (cheaper in SQLite than NOT IN over json_each); "," when none. Host
// names hold no commas.
func busyList(busy map[string]bool) string {
	var b strings.Builder
	b.WriteByte(',')
	for h, isBusy := range busy {
		if isBusy && h != "" {
			b.WriteString(h)
			b.WriteByte(',')
		}
	}
	return b.String()
}

// formatTime returns t as RFC 3339 in its own offset, or nil (NULL).
func formatTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339Nano)
}

// parseTime reads a column written by formatTime; nil for NULL or junk.
func parseTime(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return nil
	}
	return &t
}
