package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Reader is the read side of a database: export cursors, statistics and
// full-text search. Every query runs on read-only connections (mode=ro,
// query_only) in its own short read transaction, so a Reader never blocks
// a crawl writing to the same database, from this process or another.
// Safe for concurrent use.
type Reader struct {
	db   *sql.DB
	path string
	// own is true when the Reader opened db (OpenReader) and closes it.
	own bool
	// sync brings the full-text index up to date: the store's SyncFTS
	// when the Reader comes from an open store, else a short write
	// transaction of its own (syncFile).
	sync func(ctx context.Context) (int, error)
}

// ErrNoDatabase is returned by OpenReader when the file does not exist.
var ErrNoDatabase = errors.New("store: no such database")

// OpenReader opens the existing database at path for reading only: it
// never creates the file, never migrates it and writes nothing to it
// (except SyncFTS, on request). It fails with a one-line error when the
// file is missing (ErrNoDatabase), is a directory, is not a SQLite
// database, is not a newshound database, or has a newer schema than this
// program. Close releases it.
func OpenReader(ctx context.Context, path string) (*Reader, error) {
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: %s", ErrNoDatabase, path)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	case fi.IsDir():
		return nil, fmt.Errorf("store: open %s: is a directory", path)
	}
	db := sql.OpenDB(&connector{
		dsn: fileURI(path, "mode=ro"),
		pragmas: []string{
			fmt.Sprintf("PRAGMA busy_timeout = %d", (10 * time.Second).Milliseconds()),
			"PRAGMA query_only = ON",
		},
	})
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	r := &Reader{db: db, path: path, own: true}
	r.sync = r.syncFile
	if err := checkSchema(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return r, nil
}

// Reader returns a Reader over the store's read-only pool. Closing it
// does not close the store.
func (s *SQLite) Reader() *Reader {
	return &Reader{db: s.rdb, path: s.path, sync: s.SyncFTS}
}

// Close closes the connections the Reader opened; a Reader from
// SQLite.Reader leaves the store open.
func (r *Reader) Close() error {
	if !r.own {
		return nil
	}
	if err := r.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", r.path, err)
	}
	return nil
}

// Path returns the database file's path.
func (r *Reader) Path() string { return r.path }

// checkSchema makes sure db is a newshound database whose migrations this
// program knows: a newer schema could change what the columns mean.
func checkSchema(ctx context.Context, db *sql.DB) error {
	names, err := appliedMigrations(ctx, db)
	if err != nil {
		var se sqlite3.Error
		switch {
		case errors.As(err, &se) && se.Code == sqlite3.ErrNotADB:
			return errors.New("not a SQLite database (or corrupt)")
		case errors.As(err, &se) && se.Code == sqlite3.ErrError:
			// "no such table: schema_migrations"
			return errors.New("not a newshound database (no schema_migrations table)")
		}
		return err
	}
	known, err := knownMigrations()
	if err != nil {
		return err
	}
	return CheckMigrations(names, known)
}

// knownMigrations returns the names of the embedded migrations.
func knownMigrations() (map[string]bool, error) {
	paths, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	known := make(map[string]bool, len(paths))
	for _, p := range paths {
		known[p[len("migrations/"):]] = true
	}
	return known, nil
}

// FTSPending returns how many stored articles are not yet in the
// full-text index (see SyncFTS): a search does not find them.
func (r *Reader) FTSPending(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM articles
		WHERE id > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count articles to index: %w", err)
	}
	return n, nil
}

// SyncFTS adds the articles not yet in the full-text index to it and
// returns how many: the one write a Reader makes, done before a full-text
// query so that it sees every article. With nothing to index it writes
// nothing. A Reader from OpenReader does it in one short BEGIN IMMEDIATE
// transaction of its own connection (a crawl writing to the database
// meanwhile waits for it, or it for the crawl, up to 10s); it fails on a
// read-only file, in which case the caller can search what is indexed.
func (r *Reader) SyncFTS(ctx context.Context) (int, error) {
	n, err := r.FTSPending(ctx)
	if err != nil || n == 0 {
		return 0, err
	}
	return r.sync(ctx)
}

// syncFile indexes the pending articles through a write connection of its
// own, opened without create (mode=rw) and closed at once.
func (r *Reader) syncFile(ctx context.Context) (int, error) {
	db := sql.OpenDB(&connector{
		dsn:     fileURI(r.path, "mode=rw&_txlock=immediate"),
		pragmas: []string{fmt.Sprintf("PRAGMA busy_timeout = %d", (10 * time.Second).Milliseconds())},
	})
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: index full text of %s: %w", r.path, err)
	}
	defer tx.Rollback()
	n, err := syncFTSTx(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("store: index full text of %s: %w", r.path, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: index full text of %s: %w", r.path, err)
	}
	return n, nil
}
