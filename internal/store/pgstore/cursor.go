package pgstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/store"
)

// cursorName names the server-side cursor of an export (one per
// transaction, so one name will do).
const cursorName = "newshound_export"

// Cursor walks the articles a store.Filter chooses in id order,
// implementing export.Cursor, through a server-side cursor: one read-only
// REPEATABLE READ transaction on one connection declares it (DECLARE ...
// NO SCROLL CURSOR) and reads it a page at a time (FETCH), so memory holds
// one page at most whatever the corpus size, and the export is the
// snapshot of the articles committed when it started. The transaction
// stays open until the last page or Close.
type Cursor struct {
	ctx    context.Context
	r      *Reader
	query  string
	args   []any
	size   int
	tx     pgx.Tx
	page   []export.Record
	i      int
	done   bool
	err    error
	closed bool
}

var _ export.Cursor = (*Cursor)(nil)

// Cursor returns a cursor over the articles opts.Filter chooses, in id
// order (a *Cursor), with the SQLite cursor's options and records. It
// runs no query until the first Next. Always Close it.
func (r *Reader) Cursor(ctx context.Context, opts store.CursorOptions) export.Cursor {
	size := opts.PageSize
	if size <= 0 {
		size = store.PageSize
	}
	where, args := opts.Filter.Where()
	where = rebind(where, 1)
	if q := opts.Filter.Query; q != "" {
		where += " AND a.tsv @@ to_tsquery('simple', $" + strconv.Itoa(len(args)+1) + ")"
		tsq, err := TSQuery(q)
		if err != nil {
			return &Cursor{err: err, done: true}
		}
		args = append(args, tsq)
	}
	query := "SELECT " + store.SelectList(opts.Fields) + " FROM articles a WHERE " + where + " ORDER BY a.id"
	return &Cursor{ctx: ctx, r: r, query: query, args: args, size: size, page: make([]export.Record, 0, size)}
}

// Next implements export.Cursor: it advances to the next article, fetching
// the next page when the current one is used up.
func (c *Cursor) Next() bool {
	if c.err != nil || c.closed {
		return false
	}
	if c.i+1 < len(c.page) {
		c.i++
		return true
	}
	if c.done {
		return false
	}
	if err := c.fetch(); err != nil {
		c.err = err
		c.end()
		return false
	}
	if len(c.page) == 0 {
		c.done = true
		return false
	}
	c.i = 0
	return true
}

// fetch opens the transaction and declares the cursor on the first call,
// then reads the next page into c.page.
func (c *Cursor) fetch() error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	if c.tx == nil {
		tx, err := c.r.pool.BeginTx(c.ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
		}
		c.tx = tx
		if _, err := tx.Exec(c.ctx, "DECLARE "+cursorName+" NO SCROLL CURSOR FOR "+c.query, c.args...); err != nil {
			return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
		}
	}
	rows, err := c.tx.Query(c.ctx, "FETCH FORWARD "+strconv.Itoa(c.size)+" FROM "+cursorName)
	if err != nil {
		return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
	}
	defer rows.Close()
	c.page = c.page[:0]
	for rows.Next() {
		c.page = append(c.page, export.Record{})
		if err := store.ScanRecord(rows, &c.page[len(c.page)-1]); err != nil {
			return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
	}
	if len(c.page) < c.size {
		c.done = true
		c.end()
	}
	return nil
}

// end closes the transaction (and with it the cursor), even when the
// export's context has ended.
func (c *Cursor) end() {
	if c.tx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.tx.Rollback(ctx) // read-only: nothing to commit; a failure closes the connection
	c.tx = nil
}

// Record implements export.Cursor. The record is valid until the next
// call to Next.
func (c *Cursor) Record() *export.Record {
	if c.i < len(c.page) {
		return &c.page[c.i]
	}
	return nil
}

// Err implements export.Cursor.
func (c *Cursor) Err() error { return c.err }

// Close implements export.Cursor: it ends the transaction and with it the
// server-side cursor. It is safe to call twice.
func (c *Cursor) Close() error {
	c.closed = true
	c.page = nil
	c.end()
	return nil
}
