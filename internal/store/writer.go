package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/newshound/newshound/internal/store/batch"
)

// op is one write waiting for the writer goroutine.
type op struct {
	batch.Slot
	ctx context.Context
	fn  func(context.Context, *sql.Tx) error
}

// Write runs fn in a write transaction of the writer goroutine and returns
// once that transaction has committed (or with fn's error; nothing of fn is
// then committed). The writer batches the writes waiting for it into one
// BEGIN IMMEDIATE transaction (up to Options.MaxBatch); if any of them
// fails, it rolls the batch back and runs each write of it in its own
// transaction, so fn may run more than once and must leave no effect
// outside tx but its result.
//
// ctx bounds the wait for the writer: a write not yet started when ctx
// ends is dropped and Write returns ctx.Err(). Once started, fn runs to
// completion with a context that keeps ctx's values but cannot be
// cancelled (a statement interrupted halfway would fail the whole batch),
// and Write returns its outcome. After Close, Write returns ErrClosed.
func (s *SQLite) Write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := &op{ctx: ctx, fn: fn}
	o.Init()
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.ops <- o:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	return o.Wait(ctx)
}

// run is the writer goroutine: it takes the first waiting write, adds
// those waiting behind it, commits them together and answers each. It
// returns when Close has closed ops and every write queued before is done.
func (s *SQLite) run() {
	defer close(s.done)
	pending := make([]*op, 0, s.opts.MaxBatch)
	for {
		o, ok := <-s.ops
		if !ok {
			s.syncFTSIfDue(true)
			return
		}
		pending = append(pending[:0], o)
		var open bool
		pending, open = batch.Fill(s.ops, pending, s.opts.MaxBatch, s.opts.BatchWait)
		batch.Commit(pending, s.runTx)
		clear(pending) // drop references to finished pending
		s.syncFTSIfDue(!open)
		if !open {
			return
		}
	}
}

// runTx runs ops in one BEGIN IMMEDIATE transaction (the write pool's
// _txlock) and commits it.
func (s *SQLite) runTx(ops []*op) (err error) {
	// Background: the batch must not die with one caller's context.
	tx, err := s.wdb.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v", r)
		}
	}()
	for _, o := range ops {
		if err := o.fn(context.WithoutCancel(o.ctx), tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// errNoURL reports a Result without the URL it is the outcome of.
var errNoURL = errors.New("store: result has no url")
