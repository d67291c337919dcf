package frontier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DB is the SQLite database the frontier shares with internal/store, which
// implements it: the frontier never opens a database itself, so that a
// URL's state and the article it produced are committed together.
type DB interface {
	// Write runs fn in a write transaction (BEGIN IMMEDIATE) on the single
	// writer connection and returns once that transaction has committed,
	// or with fn's error (nothing of fn is then committed). fn may be run
	// more than once and must leave no effect outside tx but its result;
	// once started it runs to completion: the ctx it gets cannot be
	// cancelled, ctx given to Write bounds only the wait for a turn.
	Write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error
	// Apply is Write without waiting for the commit: it returns once fn
	// has run in the writer's open transaction, whose commit (or loss in
	// a crash) comes later. Leases use it.
	Apply(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error
	// WriteDB is the pool the writer's transactions come from (one
	// connection), for preparing statements that fn then uses through
	// tx.StmtContext.
	WriteDB() *sql.DB
	// ReadDB is a pool of read-only connections for queries outside the
	// writer.
	ReadDB() *sql.DB
}

// Options configures the SQLite frontier. The zero value is usable.
type Options struct {
	// MaxAttempts is how many leases a URL gets: a lease finished as
	// Queued (a retry) or left InFlight by a crash (see Recover) once the
	// URL has had MaxAttempts leases makes it Failed, "gave up after N
	// attempts". 0 means 3; a negative value means never give up.
	MaxAttempts int
	// PerHost caps how many URLs of one host a single Next call leases.
	// 0 means no cap (max). The crawler sets it to its per-host
	// parallelism, so that one call does not hand out a host's whole
	// queue.
	PerHost int
	// Now is the clock for discovered_at and updated_at; nil means
	// time.Now. Next's due time is its now argument.
	Now func() time.Time
}

// DefaultMaxAttempts is the number of leases a URL gets when
// Options.MaxAttempts is 0.
const DefaultMaxAttempts = 3

// timeLayout is the fixed-width UTC layout of the times newshound writes:
// RFC 3339, and it sorts as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

// errUnknownURL reports a URL the frontier has never seen.
var errUnknownURL = errors.New("frontier: unknown url")

// SQLite is the Frontier over the store's SQLite database (see DB). Its
// transaction-level methods (AddTx, FinishTx) let the store change URLs
// inside the transaction that saves an article. Safe for concurrent use.
type SQLite struct {
	job         string
	db          DB
	maxAttempts int
	perHost     int
	now         func() time.Time

	insert, finish, candidates, lease, requeue  *sql.Stmt
	recoverFail, recoverQueue, changed, refresh *sql.Stmt
	refreshDiscovery, release, kind             *sql.Stmt
}

var _ Frontier = (*SQLite)(nil)

// NewSQLite returns the frontier over db, preparing its statements on
// db.WriteDB(). Close releases them.
func NewSQLite(ctx context.Context, db DB, opts Options) (*SQLite, error) {
	f := &SQLite{db: db, maxAttempts: opts.MaxAttempts, perHost: opts.PerHost, now: opts.Now}
	if f.maxAttempts == 0 {
		f.maxAttempts = DefaultMaxAttempts
	}
	if f.now == nil {
		f.now = time.Now
	}
	w := db.WriteDB()
	for _, p := range []struct {
		dst  **sql.Stmt
		name string
		sql  string
	}{
		{&f.insert, "insert", sqlInsert},
		{&f.finish, "finish", sqlFinish},
		{&f.candidates, "candidates", sqlCandidates},
		{&f.lease, "lease", sqlLease},
		{&f.requeue, "requeue", sqlRequeue},
		{&f.recoverFail, "recover (fail)", sqlRecoverFail},
		{&f.recoverQueue, "recover (queue)", sqlRecoverQueue},
		{&f.changed, "changed", sqlChanged},
		{&f.refresh, "refresh", sqlRefresh},
		{&f.refreshDiscovery, "refresh discovery", sqlRefreshDiscovery},
		{&f.release, "release", sqlRelease},
		{&f.kind, "kind", sqlKind},
	} {
		st, err := w.PrepareContext(ctx, p.sql)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("frontier: prepare %s: %w", p.name, err)
		}
		*p.dst = st
	}
	return f, nil
}

// Close releases the prepared statements. It does not close the database.
func (f *SQLite) Close() error {
	var errs []error
	for _, st := range []*sql.Stmt{f.insert, f.finish, f.candidates, f.lease, f.requeue, f.recoverFail, f.recoverQueue, f.changed, f.refresh, f.refreshDiscovery, f.release, f.kind} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(errs...)
}

// Add enqueues the entries whose URL was never seen and returns how many
// were new.
func (f *SQLite) Add(ctx context.Context, entries []Entry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	var n int
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		n, err = f.AddTx(ctx, tx, entries)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("frontier: add %d urls: %w", len(entries), err)
	}
	return n, nil
}

// ForJob returns the frontier of one crawl job: it leases, recovers,
// re-queues and reports pending only that job's URLs, and adds URLs to it.
// It shares f's statements; Close f, not the result.
func (f *SQLite) ForJob(job string) *SQLite {
	g := *f
	g.job = job
	return &g
}

// Release returns unstarted leases to the queue without counting their
// attempt.
func (f *SQLite) Release(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		st := tx.StmtContext(ctx, f.release)
		now := f.now().UTC().Format(timeLayout)
		for _, u := range urls {
			if _, err := st.ExecContext(ctx, u, now); err != nil {
				return fmt.Errorf("release %s: %w", u, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("frontier: release: %w", err)
	}
	return nil
}

// RefreshDiscovery queues again every sitemap and feed of the job (done or
// failed), so that each run reads them anew, and returns how many.
func (f *SQLite) RefreshDiscovery(ctx context.Context) (int, error) {
	var n int64
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, f.refreshDiscovery).ExecContext(ctx, f.job, f.now().UTC().Format(timeLayout))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("frontier: refresh sitemaps and feeds: %w", err)
	}
	return int(n), nil
}

// Refresh queues again the job's fetched pages last fetched before
// olderThan: articles when articles is true, other pages (section fronts,
// indexes) otherwise. Recrawl intervals use it at the start of a run. It
// returns how many were queued.
func (f *SQLite) Refresh(ctx context.Context, olderThan time.Time, articles bool) (int, error) {
	var n int64
	flag := 0
	if articles {
		flag = 1
	}
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, f.refresh).ExecContext(ctx, f.job, olderThan.UnixMilli(), flag, f.now().UTC().Format(timeLayout))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("frontier: refresh: %w", err)
	}
	return int(n), nil
}

// Requeue queues the entries again whatever their state (in flight ones
// excepted), adding the unseen ones, and returns how many were queued.
func (f *SQLite) Requeue(ctx context.Context, entries []Entry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	var n int
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n = 0
		added, err := f.AddTx(ctx, tx, entries)
		if err != nil {
			return err
		}
		n += added
		st := tx.StmtContext(ctx, f.requeue)
		now := f.now().UTC().Format(timeLayout)
		for _, e := range entries {
			res, err := st.ExecContext(ctx, e.URL, now)
			if err != nil {
				return fmt.Errorf("requeue %s: %w", e.URL, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("frontier: requeue %d urls: %w", len(entries), err)
	}
	return n, nil
}

// Next leases up to max due Queued URLs, highest priority first, then in
// discovery order: at most slots[host] of a host named in slots (none of a
// host with 0), at most defaultSlots of any other, and never more than
// Options.PerHost of one host. Leasing (state InFlight, attempts+1) is one
// statement per URL in a write transaction, so no URL is handed out twice.
// The cost grows with the number of hosts ever seen, not with the queue's
// length.
func (f *SQLite) Next(ctx context.Context, now time.Time, max int, slots map[string]int, defaultSlots int) ([]Lease, error) {
	if max <= 0 {
		return nil, nil
	}
	busy := make(map[string]bool)
	perHost := defaultSlots
	for h, n := range slots {
		if n <= 0 {
			busy[h] = true
		} else if n > perHost {
			perHost = n
		}
	}
	if f.perHost > 0 && perHost > f.perHost {
		perHost = f.perHost
	}
	if perHost > max {
		perHost = max
	}
	if perHost <= 0 {
		return nil, nil
	}
	allowed := func(host string) int {
		n, ok := slots[host]
		if !ok {
			n = defaultSlots
		}
		return min(n, perHost)
	}
	busyHosts := busyList(busy)
	var leases []Lease
	// A lease need not be durable before the fetch: one lost in a crash
	// leaves its URL queued, to be fetched again.
	err := f.db.Apply(ctx, func(ctx context.Context, tx *sql.Tx) error {
		leases = leases[:0]
		cands, err := f.candidatesTx(ctx, tx, now, busyHosts, perHost, max)
		if err != nil {
			return err
		}
		taken := make(map[string]int)
		st := tx.StmtContext(ctx, f.lease)
		at := f.now().UTC().Format(timeLayout)
		for _, c := range cands {
			if taken[c.host] >= allowed(c.host) {
				continue
			}
			var (
				l                  Lease
				lastmod, published sql.NullString
			)
			if err := st.QueryRowContext(ctx, c.id, at).Scan(&l.URL, &l.Host, &l.Kind, &l.Depth,
				&l.Priority, &l.Source, &l.Parent, &lastmod, &published, &l.Title, &l.Attempts, &l.ETag, &l.LastModified); err != nil {
				return err
			}
			taken[c.host]++
			l.Lastmod = parseTime(lastmod)
			l.Published = parseTime(published)
			leases = append(leases, l)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("frontier: lease: %w", err)
	}
	return leases, nil
}

type candidate struct {
	id   int64
	host string
}

// candidatesTx returns the URLs Next may lease, in queue order.
func (f *SQLite) candidatesTx(ctx context.Context, tx *sql.Tx, now time.Time, busy string, perHost, max int) ([]candidate, error) {
	rows, err := tx.StmtContext(ctx, f.candidates).QueryContext(ctx, now.UnixMilli(), busy, perHost, max, f.job)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]candidate, 0, max)
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.host); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Finish records the outcome of a lease that produced no article. A URL
// the frontier has not seen is added with that outcome.
func (f *SQLite) Finish(ctx context.Context, url string, out Outcome) error {
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return f.FinishTx(ctx, tx, url, out, 0)
	})
	if err != nil {
		return fmt.Errorf("frontier: finish %s: %w", url, err)
	}
	return nil
}

// Recover returns every InFlight URL to Queued and returns how many. A URL
// that already had MaxAttempts leases becomes Failed instead ("gave up
// after N attempts: interrupted"): a page that crashes the crawler is not
// fetched forever.
func (f *SQLite) Recover(ctx context.Context) (int, error) {
	var n int64
	err := f.db.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := f.now().UTC().Format(timeLayout)
		if f.maxAttempts > 0 {
			if _, err := tx.StmtContext(ctx, f.recoverFail).ExecContext(ctx, now, f.maxAttempts, f.job); err != nil {
				return fmt.Errorf("give up: %w", err)
			}
		}
		res, err := tx.StmtContext(ctx, f.recoverQueue).ExecContext(ctx, now, f.job)
		if err != nil {
			return fmt.Errorf("requeue: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("frontier: recover: %w", err)
	}
	return int(n), nil
}

// Counts returns the number of URLs in each state (states with none are
// absent), read on a read-only connection once the writer has committed
// what was written before (leases included).
func (f *SQLite) Counts(ctx context.Context) (map[State]int, error) {
	// Wait for the writer's next commit, so that the counts include
	// every lease made before.
	if err := f.db.Write(ctx, func(context.Context, *sql.Tx) error { return nil }); err != nil {
		return nil, fmt.Errorf("frontier: counts: %w", err)
	}
	rows, err := f.db.ReadDB().QueryContext(ctx, `SELECT state, count(*) FROM urls GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("frontier: counts: %w", err)
	}
	defer rows.Close()
	counts := make(map[State]int)
	for rows.Next() {
		var (
			s State
			n int
		)
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("frontier: counts: %w", err)
		}
		counts[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("frontier: counts: %w", err)
	}
	return counts, nil
}

// Pending reports whether any URL is Queued (due or not) or InFlight.
func (f *SQLite) Pending(ctx context.Context) (bool, error) {
	var ok bool
	err := f.db.ReadDB().QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM urls WHERE state IN ('queued', 'inflight') AND job = ?)`, f.job).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("frontier: pending: %w", err)
	}
	return ok, nil
}
