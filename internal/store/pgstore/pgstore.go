package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newshound/newshound/internal/dedup"
	"github.com/newshound/newshound/internal/store"
)

// ErrClosed is returned by calls on a closed store.
var ErrClosed = errors.New("pgstore: closed")

// Options configures the PostgreSQL store. The zero value is usable.
type Options struct {
	// Now is the clock (fetched_at when a Result has none); nil means
	// time.Now.
	Now func() time.Time
	// NearDistance is the largest Hamming distance between the SimHashes
	// of two texts that makes the later one a near-duplicate. 0 means
	// dedup.NearDuplicateDistance (8); a negative value turns
	// near-duplicate detection off. As in the SQLite store, candidates
	// are found through 6 bands: distances up to 5 are always found.
	NearDistance int
	// NearMinWords is the shortest text (in words) checked for
	// near-duplicates. 0 means 20.
	NearMinWords int
	// MaxBatch is the most Saves committed in one transaction. 0 means
	// 128.
	MaxBatch int
	// BatchWait is how long a writer waits for more Saves before
	// committing a batch that is not full. 0 means it does not wait: it
	// commits what is waiting (group commit).
	BatchWait time.Duration
	// Writers is how many writer goroutines (each one connection and one
	// transaction at a time) commit batches in parallel. 0 means 4.
	Writers int
	// MaxConns caps the connection pool. 0 means Writers + 4 (room for
	// migrations and readers of Pool).
	MaxConns int
	// ConnectTimeout bounds each connection attempt. 0 means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// PG is the Store on a PostgreSQL database. Saves are queued to writer
// goroutines that commit them in batched transactions; any number of PG
// values, in one process or many, may share one database. Safe for
// concurrent use.
type PG struct {
	name string // the DSN without its password, for errors
	opts Options
	pool *pgxpool.Pool

	// mu guards closed and sends on ops.
	mu     sync.RWMutex
	closed bool
	ops    chan *op
	wg     sync.WaitGroup
}

var _ store.Store = (*PG)(nil)

// Open connects to the database at dsn (a postgres:// URL or a
// key=value connection string, as pgx reads it), applies pending
// migrations and starts the writers. Errors name the database without
// its password. Close releases it.
func Open(ctx context.Context, dsn string, opts Options) (*PG, error) {
	name := Redact(dsn)
	if dsn == "" {
		return nil, errors.New("pgstore: open: empty DSN")
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
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 128
	}
	if opts.Writers <= 0 {
		opts.Writers = 4
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = opts.Writers + 4
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN: do not pass them on.
		return nil, fmt.Errorf("pgstore: open %s: cannot parse the connection string", name)
	}
	cfg.MaxConns = int32(opts.MaxConns)
	cfg.ConnConfig.ConnectTimeout = connectTimeout(opts.ConnectTimeout)
	pool, err := connect(ctx, cfg, name)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: open %s: %w", name, err)
	}
	s := &PG{name: name, opts: opts, pool: pool, ops: make(chan *op, opts.MaxBatch*opts.Writers)}
	s.wg.Add(opts.Writers)
	for range opts.Writers {
		go s.run()
	}
	return s, nil
}

// Pool returns the connection pool, for readers (export, search, stats).
// It is closed with the store.
func (s *PG) Pool() *pgxpool.Pool { return s.pool }

// Close commits the Saves already queued, stops the writers and closes the
// pool. Calls after Close return ErrClosed; Close itself may be called
// again (it returns nil).
func (s *PG) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.ops)
	s.mu.Unlock()
	s.wg.Wait()
	s.pool.Close()
	return nil
}

// Redact returns dsn with any password replaced by "xxxxx", for logs and
// errors. A key=value string has its password=... value replaced; a string
// it cannot read is replaced whole.
func Redact(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return redactRaw(dsn)
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	fields := strings.Fields(dsn)
	for i, f := range fields {
		if k, _, ok := strings.Cut(f, "="); ok && strings.TrimSpace(k) == "password" {
			fields[i] = "password=xxxxx"
		} else if !ok {
			return "(unreadable connection string)"
		}
	}
	return strings.Join(fields, " ")
}

// redactRaw redacts a postgres:// URL that net/url cannot parse (a bad
// port, say): it keeps the user name and what follows the last "@" up to
// the query, which it drops.
func redactRaw(dsn string) string {
	scheme, rest, _ := strings.Cut(dsn, "://")
	rest, _, _ = strings.Cut(rest, "?")
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, _, _ := strings.Cut(rest[:at], ":")
		rest = user + ":xxxxx@" + rest[at+1:]
	}
	return scheme + "://" + rest
}

// connect opens a pool with cfg and checks that the server answers; name
// is the database without its password, for errors.
func connect(ctx context.Context, cfg *pgxpool.Config, name string) (*pgxpool.Pool, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: open %s: %w", name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: open %s: connect: %w", name, oneLine{err})
	}
	return pool, nil
}
