package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newshound/newshound/internal/store"
)

// DefaultConnectTimeout bounds connecting to the server when
// ReaderOptions.ConnectTimeout or Options.ConnectTimeout is zero.
const DefaultConnectTimeout = 5 * time.Second

// ReaderOptions configure OpenReader. The zero value is usable.
type ReaderOptions struct {
	// ConnectTimeout bounds each connection attempt; 0 means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// MaxConns caps the connection pool; 0 means 4.
	MaxConns int
}

// Reader is the read side of a PostgreSQL corpus: export cursors,
// statistics, full-text search, the article browser and job states. It
// implements store.Corpus with the same rows and JSON as the SQLite
// store's Reader. Every query runs in a read-only transaction, so a Reader
// never changes the database. Safe for concurrent use.
type Reader struct {
	name string // the DSN without its password, for errors
	pool *pgxpool.Pool
	own  bool // the Reader opened pool (OpenReader) and closes it
}

var _ store.Corpus = (*Reader)(nil)

// OpenReader connects to the existing newshound database at dsn for
// reading only: it never creates tables or migrates. It fails with a
// one-line error naming the database without its password when the server
// cannot be reached within the connect timeout, refuses the credentials,
// or the database is not a newshound database or has a schema newer (or
// older) than this program's. Close releases it.
func OpenReader(ctx context.Context, dsn string, opts ReaderOptions) (*Reader, error) {
	name := Redact(dsn)
	if dsn == "" {
		return nil, errors.New("pgstore: open: empty DSN")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN: do not pass them on.
		return nil, fmt.Errorf("pgstore: open %s: cannot parse the connection string", name)
	}
	cfg.ConnConfig.ConnectTimeout = connectTimeout(opts.ConnectTimeout)
	cfg.MaxConns = 4
	if opts.MaxConns > 0 {
		cfg.MaxConns = int32(opts.MaxConns)
	}
	pool, err := connect(ctx, cfg, name)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: open %s: %w", name, err)
	}
	return &Reader{name: name, pool: pool, own: true}, nil
}

// oneLine wraps an error whose message spans lines (pgx lists each address
// and TLS mode it tried on a line of its own), printing it on one line
// without repeated parts.
type oneLine struct{ err error }

func (e oneLine) Error() string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range strings.Split(e.err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !seen[l] {
			seen[l] = true
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

func (e oneLine) Unwrap() error { return e.err }

// connectTimeout is d, or DefaultConnectTimeout when d is zero.
func connectTimeout(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultConnectTimeout
	}
	return d
}

// Reader returns a Reader over the store's pool. Closing it does not close
// the store.
func (s *PG) Reader() *Reader { return &Reader{name: s.name, pool: s.pool} }

// Name returns the database's connection string without its password.
func (r *Reader) Name() string { return r.name }

// Close closes the pool the Reader opened; a Reader from PG.Reader leaves
// the store open.
func (r *Reader) Close() error {
	if r.own {
		r.pool.Close()
	}
	return nil
}

// SyncFTS does nothing and returns 0: the tsvector column is generated as
// each article is stored, so the full-text index is never behind.
func (r *Reader) SyncFTS(context.Context) (int, error) { return 0, nil }

// FTSPending returns 0: see SyncFTS.
func (r *Reader) FTSPending(context.Context) (int, error) { return 0, nil }

// checkSchema makes sure the database is a newshound database whose
// migrations this program knows (store.CheckMigrations).
func checkSchema(ctx context.Context, pool *pgxpool.Pool) error {
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if !exists {
		return errors.New("not a newshound database (no schema_migrations table)")
	}
	rows, err := pool.Query(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	applied := make(map[string]bool, len(names))
	for _, n := range names {
		applied[n] = true
	}
	paths, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	known := make(map[string]bool, len(paths))
	for _, p := range paths {
		known[strings.TrimPrefix(p, "migrations/")] = true
	}
	return store.CheckMigrations(applied, known)
}

// rebind numbers the "?" placeholders of a store.Filter's SQL for
// PostgreSQL, from $first on. The filter's SQL holds no "?" in literals.
func rebind(sql string, first int) string {
	var b strings.Builder
	n := first
	for _, c := range sql {
		if c == '?' {
			b.WriteString("$" + strconv.Itoa(n))
			n++
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// readTx runs fn in a read-only REPEATABLE READ transaction: every query
// of fn sees one snapshot.
func (r *Reader) readTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, r.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// Size returns the database's size on disk, in bytes.
func (r *Reader) Size(ctx context.Context) (int64, error) {
	var n int64
	if err := r.pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgstore: size of %s: %w", r.name, err)
	}
	return n, nil
}
