package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/frontier"
)

// ErrClosed is returned by calls on a closed store.
var ErrClosed = errors.New("store: closed")

// Options configures the SQLite store. The zero value is usable.
type Options struct {
	// Now is the clock (updated_at, discovered_at, fetched_at when a
	// Result has none); nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// NearDistance is the largest Hamming distance between the SimHashes
	// of two texts that makes the later one a near-duplicate. 0 means
	// dedup.NearDuplicateDistance (8); a negative value turns
	// near-duplicate detection off. Candidates are found through 6 bands,
	// so distances up to 5 are always found; above 5 only pairs that share
	// a band are (most do).
	NearDistance int
	// NearMinWords is the shortest text (in words) checked for
	// near-duplicates: SimHash says little about a few words. 0 means 20.
	NearMinWords int
	// MaxAttempts and PerHost configure the frontier (see
	// frontier.Options); 0 means their defaults.
	MaxAttempts, PerHost int
	// MaxBatch is the most writes committed in one transaction. 0 means
	// 512.
	MaxBatch int
	// BatchWait is how long the writer keeps a transaction open, running
	// the writes that arrive in it, before it commits (it commits earlier
	// when MaxBatch writes have run). 0 means it commits as soon as no
	// write is waiting: writes arriving meanwhile go in the next
	// transaction (group commit). Every commit costs CPU (each page it
	// changed is written to the WAL), so a crawl waits a few milliseconds;
	// Write's callers wait that much longer, Apply's do not.
	BatchWait time.Duration
	// BusyTimeout is how long a connection waits for another process's
	// lock. 0 means 10s.
	BusyTimeout time.Duration
	// ReadConns caps the read-only pool. 0 means max(4, GOMAXPROCS).
	ReadConns int
	// FTSBatch is how many new articles the writer lets accumulate before
	// adding them to the full-text index in one transaction (see
	// SyncFTS). 0 means 2000; a negative value means only SyncFTS and
	// Close index them.
	FTSBatch int
}

// SQLite is the Store in one SQLite database file. All writes, the
// frontier's included, go through its writer goroutine (Write); ReadDB
// serves readers. Safe for concurrent use.
type SQLite struct {
	path string
	opts Options
	now  func() time.Time

	wdb, rdb *sql.DB
	fr       *frontier.SQLite
	stmts    statements
	cp       *checkpointer // copies the WAL back, off the writer

	// The writer goroutine's queues: ops for Write, urgent for Apply,
	// whose writes go first. mu guards closed and sends on both.
	mu     sync.RWMutex
	closed bool
	ops    chan *op
	urgent chan *op
	done   chan struct{}

	// Owned by the writer goroutine: articles inserted since the last
	// full-text sync (counted per attempt: a rolled-back batch only makes
	// the next sync come early) and the last sync's error.
	ftsPending int
	ftsErr     error
	// Owned by the writer goroutine: originals not yet in simhash_bands
	// and the last bands sync's error (see nearindex.go).
	recent   recentBands
	bandsErr error
}

var (
	_ Store       = (*SQLite)(nil)
	_ frontier.DB = (*SQLite)(nil)
)

// Open opens (creating if needed) the database at path, sets its pragmas
// (WAL, busy_timeout, synchronous=NORMAL, foreign keys), applies pending
// migrations, adds articles a crash left out to the full-text index (see
// SyncFTS) and starts the writer goroutine. Close releases it.
func Open(ctx context.Context, path string, opts Options) (*SQLite, error) {
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NearDistance == 0 {
		opts.NearDistance = dedup.NearDuplicateDistance
	}
	if opts.NearMinWords == 0 {
		opts.NearMinWords = 20
	}
	if opts.FTSBatch == 0 {
		opts.FTSBatch = 2000
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 512
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	if opts.ReadConns <= 0 {
		opts.ReadConns = max(4, runtime.GOMAXPROCS(0))
	}
	s := &SQLite{path: path, opts: opts, now: opts.Now,
		ops: make(chan *op, opts.MaxBatch), urgent: make(chan *op, 64), done: make(chan struct{})}

	busy := opts.BusyTimeout.Milliseconds()
	s.wdb = sql.OpenDB(&connector{
		dsn: fileURI(path, "_txlock=immediate"),
		pragmas: []string{
			fmt.Sprintf("PRAGMA busy_timeout = %d", busy),
			"PRAGMA journal_mode = WAL",
			"PRAGMA synchronous = NORMAL",
			"PRAGMA foreign_keys = ON",
			"PRAGMA temp_store = MEMORY",
			// 16 MiB. A larger cache costs memory and CPU: SQLite's
			// b-tree balancing parks pages at a page number past 1 GiB,
			// and the next commit then scans the whole page cache.
			"PRAGMA cache_size = -16384",
			// The checkpointer copies the WAL back; the writer's own
			// checkpoint is the backstop (see checkpoint.go).
			fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", backstopCheckpointPages),
		},
	})
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetMaxIdleConns(1)
	s.wdb.SetConnMaxLifetime(0)
	s.wdb.SetConnMaxIdleTime(0)
	if err := s.setup(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s.cp = startCheckpointer(path, opts.BusyTimeout)
	go s.run()
	return s, nil
}

// setup checks the write connection, migrates, opens the read pool and
// prepares statements.
func (s *SQLite) setup(ctx context.Context) error {
	var mode string
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("enable wal: journal_mode is %q", mode)
	}
	if err := migrate(ctx, s.wdb); err != nil {
		return err
	}
	s.rdb = sql.OpenDB(&connector{
		dsn: fileURI(s.path, "mode=ro"),
		pragmas: []string{
			fmt.Sprintf("PRAGMA busy_timeout = %d", s.opts.BusyTimeout.Milliseconds()),
			"PRAGMA query_only = ON",
		},
	})
	s.rdb.SetMaxOpenConns(s.opts.ReadConns)
	s.rdb.SetMaxIdleConns(s.opts.ReadConns)
	if err := s.rdb.PingContext(ctx); err != nil {
		return fmt.Errorf("open read pool: %w", err)
	}
	var err error
	s.fr, err = frontier.NewSQLite(ctx, s, frontier.Options{
		MaxAttempts: s.opts.MaxAttempts, PerHost: s.opts.PerHost, Now: s.now})
	if err != nil {
		return err
	}
	if err := s.stmts.prepare(ctx, s.wdb); err != nil {
		return err
	}
	// Articles a crash (or another process) left out of the full-text
	// index and the near-duplicate bands: index them now, so that
	// integrity_check (which compares index and content) passes and
	// near-duplicates of them are found.
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer tx.Rollback()
	if _, err := syncFTSTx(ctx, tx); err != nil {
		return fmt.Errorf("index full text: %w", err)
	}
	if err := syncBandsTx(ctx, tx, s.bandsMinWords()); err != nil {
		return fmt.Errorf("index near-duplicate bands: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// Frontier returns the crawl frontier kept in this database. Its writes go
// through this store's writer; it is closed with the store.
func (s *SQLite) Frontier() *frontier.SQLite { return s.fr }

// ReadDB returns the pool of read-only connections (query_only), for
// export, search, stats and the server. Keep read transactions short: a
// long one stops WAL checkpoints and the WAL file grows.
func (s *SQLite) ReadDB() *sql.DB { return s.rdb }

// WriteDB returns the writer's pool (one connection). Use it only to
// prepare statements for Write; writing on it directly bypasses the
// writer's batching.
func (s *SQLite) WriteDB() *sql.DB { return s.wdb }

// Path returns the database file's path.
func (s *SQLite) Path() string { return s.path }

// Close commits the pending writes, adds the new articles to the
// full-text index, stops the writer and closes the database. Calls after Close return ErrClosed; Close itself may be called
// again (it returns nil).
func (s *SQLite) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.ops)
	s.mu.Unlock()
	<-s.done
	err := errors.Join(s.cp.close(), s.closeDBs())
	if s.ftsErr != nil { // the writer has stopped: no race
		err = errors.Join(fmt.Errorf("store: close %s: index full text: %w", s.path, s.ftsErr), err)
	}
	if s.bandsErr != nil {
		err = errors.Join(fmt.Errorf("store: close %s: index near-duplicate bands: %w", s.path, s.bandsErr), err)
	}
	return err
}

// closeDBs releases statements and both pools, whichever exist.
func (s *SQLite) closeDBs() error {
	var errs []error
	if s.fr != nil {
		errs = append(errs, s.fr.Close())
	}
	errs = append(errs, s.stmts.close())
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// fileURI makes a SQLite URI for path with the given query, escaping the
// characters a URI path cannot hold.
func fileURI(path, query string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path) + "?" + query
}

// connector opens go-sqlite3 connections and runs pragmas on each, so
// that every connection of a pool, reopened ones included, has them. It
// avoids sql.Register (a process-wide name).
type connector struct {
	dsn     string
	pragmas []string
}

// Connect opens one connection and applies the pragmas.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Driver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc := conn.(*sqlite3.SQLiteConn)
	for _, p := range c.pragmas {
		if _, err := sc.ExecContext(ctx, p, nil); err != nil {
			sc.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return conn, nil
}

// Driver returns the go-sqlite3 driver.
func (c *connector) Driver() driver.Driver { return &sqlite3.SQLiteDriver{} }
