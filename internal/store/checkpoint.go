package store

import (
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// checkpointInterval is the shortest gap between two background
// checkpoints: each one copies the pages committed since the last and
// syncs the database file, so running one per commit would only add
// fsyncs.
const checkpointInterval = 100 * time.Millisecond

// backstopCheckpointPages is the writer's own automatic checkpoint
// threshold (PRAGMA wal_autocheckpoint), in WAL pages of 4 KiB: 32 MiB.
// The checkpointer keeps the WAL's backlog small, but SQLite can only
// rewind the WAL to its start when a checkpoint has caught up with the
// last commit, which a checkpoint running beside a busy writer rarely
// does; the writer's own checkpoint, then cheap, does that.
const backstopCheckpointPages = 8192

// checkpointer copies the WAL back into the database file from a
// connection of its own. SQLite's automatic checkpoint runs inside the
// committing connection, so every few megabytes the writer stopped to copy
// pages and wait for two fsyncs while the crawl's saves and leases queued
// behind it. A PASSIVE checkpoint on another connection takes no lock the
// writer needs.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}

	mu  sync.Mutex
	err error // first failure; nil while checkpoints succeed or are busy
}

// startCheckpointer opens a connection to path and starts its goroutine;
// kick wakes it, close stops it.
func startCheckpointer(path string, busy time.Duration) *checkpointer {
	db := sql.OpenDB(&connector{
		dsn:     fileURI(path, "mode=rw"),
		pragmas: []string{fmt.Sprintf("PRAGMA busy_timeout = %d", busy.Milliseconds())},
	})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	c := &checkpointer{db: db, kick: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// wake asks for a checkpoint soon; it never blocks (the writer calls it
// after each commit).
func (c *checkpointer) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	pause := time.NewTimer(0)
	<-pause.C
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		c.checkpoint()
		pause.Reset(checkpointInterval)
		select {
		case <-c.stop:
			pause.Stop()
			return
		case <-pause.C:
		}
	}
}

// checkpoint runs one PASSIVE checkpoint: it copies what it can without
// waiting for readers or the writer.
func (c *checkpointer) checkpoint() {
	var busy, logPages, done int
	err := c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logPages, &done)
	if err == nil {
		return
	}
	c.mu.Lock()
	if c.err == nil {
		c.err = fmt.Errorf("checkpoint: %w", err)
	}
	c.mu.Unlock()
}

// close stops the goroutine and closes the connection. It returns the
// first checkpoint failure: the writer's own checkpoints went on, so no
// data is lost, but the WAL may have grown.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	closeErr := c.db.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	return closeErr
}
