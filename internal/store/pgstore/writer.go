package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/batch"
)

// op is one Save waiting for a writer.
type op struct {
	batch.Slot
	a     *store.Row
	saved store.Saved
}

// enqueue hands a to the writers and waits for its transaction. ctx bounds
// the wait: a Save not yet taken by a writer when ctx ends is dropped and
// ctx.Err() returned; once taken, it runs to completion (a statement
// interrupted halfway would fail the whole batch) and its outcome is
// returned.
func (s *PG) enqueue(ctx context.Context, a *store.Row) (store.Saved, error) {
	if err := ctx.Err(); err != nil {
		return store.Saved{}, err
	}
	o := &op{a: a}
	o.Init()
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return store.Saved{}, ErrClosed
	}
	select {
	case s.ops <- o:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return store.Saved{}, ctx.Err()
	}
	err := o.Wait(ctx)
	return o.saved, err
}

// run is one writer goroutine: it takes the first waiting Save, adds those
// waiting behind it, commits them together and answers each. It returns
// when Close has closed ops and the queue is drained.
func (s *PG) run() {
	defer s.wg.Done()
	pending := make([]*op, 0, s.opts.MaxBatch)
	for {
		o, ok := <-s.ops
		if !ok {
			return
		}
		pending = append(pending[:0], o)
		var open bool
		pending, open = batch.Fill(s.ops, pending, s.opts.MaxBatch, s.opts.BatchWait)
		batch.Commit(pending, s.runTx)
		clear(pending)
		if !open {
			return
		}
	}
}

// maxRetries is how often a transaction is retried after a deadlock or
// serialization failure (neither is expected: see lockKeys).
const maxRetries = 3

// runTx runs ops in one transaction and commits it, retrying it whole
// after a deadlock or serialization failure. Each op's saved is set only
// once the transaction has committed.
func (s *PG) runTx(ops []*op) error {
	var err error
	for range maxRetries + 1 {
		if err = s.tryTx(ops); !retryable(err) {
			return err
		}
	}
	return err
}

// tryTx is one attempt of runTx.
func (s *PG) tryTx(ops []*op) (err error) {
	// Background: the batch must not die with one caller's context.
	ctx := context.Background()
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("save panicked: %v", r)
		}
	}()
	saved, err := s.saveBatch(ctx, tx, ops)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for i, o := range ops {
		o.saved = saved[i]
	}
	return nil
}

// retryable reports whether err is a deadlock (40P01) or serialization
// failure (40001): the transaction may succeed if run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}
