package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/newshound/newshound/internal/store/batch"
)

// op is one write waiting for the writer goroutine.
type op struct {
	batch.Slot
	ctx context.Context
	fn  func(context.Context, *sql.Tx) error
	// early answers the caller once fn has run, before the commit (Apply).
	early bool
}

// Write runs fn in a write transaction of the writer goroutine and returns
// once that transaction has committed (or with fn's error; nothing of fn is
// then committed). The writer keeps one BEGIN IMMEDIATE transaction open
// for up to Options.BatchWait (or Options.MaxBatch writes) and runs each
// write in it as it arrives, inside a savepoint: a write that fails is
// undone alone. If the commit itself fails, the writer runs each write of
// the transaction again in a transaction of its own, so fn may run more
// than once and must leave no effect outside tx but its result.
//
// ctx bounds the wait for the writer: a write not yet started when ctx
// ends is dropped and Write returns ctx.Err(). Once started, fn runs to
// completion with a context that keeps ctx's values but cannot be
// cancelled (a statement interrupted halfway would fail the whole batch),
// and Write returns its outcome. After Close, Write returns ErrClosed.
func (s *SQLite) Write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return s.enqueue(ctx, fn, false)
}

// Apply is Write for writes that need not be durable when it returns: it
// runs fn in the writer's open transaction and returns as soon as fn has
// run, before that transaction commits. Its writes go before the Writes
// already queued. fn's effects are committed with
// the next commit, or lost if the process dies first (or, rarely, if that
// commit fails). The crawl frontier leases URLs this way: a lease lost in
// a crash only means the URL is fetched again, and the crawl need not wait
// for a commit before it fetches.
func (s *SQLite) Apply(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return s.enqueue(ctx, fn, true)
}

func (s *SQLite) enqueue(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error, early bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := &op{ctx: ctx, fn: fn, early: early}
	o.Init()
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	queue := s.ops
	if early {
		queue = s.urgent
	}
	select {
	case queue <- o:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	return o.Wait(ctx)
}

// run is the writer goroutine. It opens a transaction for the first
// write, runs the writes that follow in it as they arrive, and commits
// once no write is waiting and the transaction is BatchWait old, or it
// holds MaxBatch writes. It returns when Close has closed ops and every
// write queued before is done.
func (s *SQLite) run() {
	defer close(s.done)
	w := &openTx{s: s}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var o *op
		ok := true
		// Apply's writes (leases) go before the Writes queued: the crawl
		// waits for them to start requests, while a Write's caller waits
		// for a commit anyway. They are few.
		select {
		case o = <-s.urgent:
		default:
			switch {
			case w.tx == nil:
				select {
				case o = <-s.urgent:
				case o, ok = <-s.ops:
				}
			default:
				select {
				case o = <-s.urgent:
				case o, ok = <-s.ops:
				default:
					// Nothing waiting: commit, or wait for more until the
					// transaction is BatchWait old.
					wait := time.Until(w.deadline)
					if wait <= 0 {
						w.commit()
						s.afterCommit(false)
						continue
					}
					timer.Reset(wait)
					select {
					case o = <-s.urgent:
						timer.Stop()
					case o, ok = <-s.ops:
						timer.Stop()
					case <-timer.C:
						w.commit()
						s.afterCommit(false)
						continue
					}
				}
			}
		}
		if !ok {
			// Closed: no more sends. Run the Applies queued before.
			for {
				select {
				case o := <-s.urgent:
					w.run(o)
					continue
				default:
				}
				break
			}
			w.commit()
			s.afterCommit(true)
			return
		}
		w.run(o)
		if w.writes >= s.opts.MaxBatch {
			w.commit()
			s.afterCommit(false)
		}
	}
}

// openTx is the writer's transaction and the writes waiting for its commit.
type openTx struct {
	s        *SQLite
	tx       *sql.Tx
	deadline time.Time // when to commit if no write is waiting
	writes   int       // writes run in tx
	waiting  []*op     // writes whose callers wait for the commit
}

// run runs o in the open transaction (beginning one if none is open) and
// answers its caller unless the caller waits for the commit.
func (w *openTx) run(o *op) {
	if !o.Take() {
		return // its caller gave up before its turn
	}
	if w.tx == nil {
		// Background: the transaction must not die with one caller's
		// context.
		tx, err := w.s.wdb.BeginTx(context.Background(), nil)
		if err != nil {
			o.Done(fmt.Errorf("store: begin: %w", err))
			return
		}
		w.tx, w.deadline = tx, time.Now().Add(w.s.opts.BatchWait)
	}
	w.writes++
	err := w.savepoint(o)
	if errors.Is(err, errTxLost) {
		// SQLite rolled the whole transaction back (an I/O error, a full
		// disk): what ran before is gone. Run the waiting writes again,
		// each alone; early writes were answered and are lost.
		w.abort()
		o.Done(runAlone(w.s, o))
		return
	}
	if err != nil || o.early {
		o.Done(err)
		return
	}
	w.waiting = append(w.waiting, o)
}

// errTxLost reports a write whose failure took the transaction with it.
var errTxLost = errors.New("store: transaction rolled back")

// savepoint runs o's fn inside a savepoint of the open transaction,
// rolling back to it when fn fails (or panics).
func (w *openTx) savepoint(o *op) (err error) {
	ctx := context.WithoutCancel(o.ctx)
	if _, err := w.tx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
		return fmt.Errorf("%w: savepoint: %w", errTxLost, err)
	}
	mark := w.s.recent.mark()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v", r)
		}
		if err != nil {
			w.s.recent.rollback(mark)
			if _, rerr := w.tx.ExecContext(ctx, "ROLLBACK TO write"); rerr != nil {
				err = fmt.Errorf("%w: %w (rollback to savepoint: %w)", errTxLost, err, rerr)
				return
			}
		}
		if _, rerr := w.tx.ExecContext(ctx, "RELEASE write"); rerr != nil && err == nil {
			err = fmt.Errorf("%w: release savepoint: %w", errTxLost, rerr)
		}
	}()
	return o.fn(ctx, w.tx)
}

// commit commits the open transaction, if any, and answers the writes
// waiting for it. When the commit fails, each waiting write runs again in
// a transaction of its own, so that one bad write fails alone.
func (w *openTx) commit() {
	if w.tx == nil {
		return
	}
	err := w.tx.Commit()
	w.tx = nil
	if err != nil {
		w.s.recent.abort()
		w.retryAlone()
		return
	}
	w.s.recent.commit()
	w.s.cp.wake()
	for _, o := range w.waiting {
		o.Done(nil)
	}
	w.reset()
}

// abort rolls the open transaction back and runs each waiting write again
// alone.
func (w *openTx) abort() {
	w.tx.Rollback()
	w.tx = nil
	w.s.recent.abort()
	w.retryAlone()
}

func (w *openTx) retryAlone() {
	for _, o := range w.waiting {
		o.Done(runAlone(w.s, o))
	}
	w.reset()
}

func (w *openTx) reset() {
	clear(w.waiting) // drop references to answered writes
	w.waiting = w.waiting[:0]
	w.writes = 0
}

// runAlone runs o in a transaction of its own and commits it.
func runAlone(s *SQLite, o *op) (err error) {
	tx, err := s.wdb.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	mark := s.recent.mark()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v", r)
		}
		if err != nil {
			s.recent.rollback(mark)
		}
	}()
	if err := o.fn(context.WithoutCancel(o.ctx), tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	s.recent.commit()
	return nil
}

// errNoURL reports a Result without the URL it is the outcome of.
var errNoURL = errors.New("store: result has no url")

// afterCommit runs in the writer goroutine with no transaction open: the
// batched index work (full text, near-duplicate bands) once enough
// articles wait, or all of it with force (at Close).
func (s *SQLite) afterCommit(force bool) {
	s.syncFTSIfDue(force)
	s.syncBandsIfDue(force)
}
