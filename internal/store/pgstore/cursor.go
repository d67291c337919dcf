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
	pages  store.Pages
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
			return &Cursor{err: err}
		}
		args = append(args, tsq)
	}
	query := "SELECT " + store.SelectList(opts.Fields) + " FROM articles a WHERE " + where + " ORDER BY a.id"
	return &Cursor{ctx: ctx, r: r, query: query, args: args, size: size, pages: store.Pages{Page: make([]export.Record, 0, size)}}
}

// Next implements export.Cursor: it advances to the next article, fetching
// the next page when the current one is used up.
func (c *Cursor) Next() bool {
	if c.err != nil || c.closed {
		return false
	}
	ok, err := c.pages.Advance(c.fetch)
	if err != nil {
		c.err = err
		c.end()
	}
	return ok
}

// fetch opens the transaction and declares the cursor on the first call,
// then reads the next page into c.pages.
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
	c.pages.Page = c.pages.Page[:0]
	for rows.Next() {
		c.pages.Page = append(c.pages.Page, export.Record{})
		if err := store.ScanRecord(rows, &c.pages.Page[len(c.pages.Page)-1]); err != nil {
			return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: export %s: %w", c.r.name, err)
	}
	if len(c.pages.Page) < c.size {
		c.pages.Done = true
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
func (c *Cursor) Record() *export.Record { return c.pages.Current() }

// Err implements export.Cursor.
func (c *Cursor) Err() error { return c.err }

// Close implements export.Cursor: it ends the transaction and with it the
// server-side cursor. It is safe to call twice.
func (c *Cursor) Close() error {
	c.closed = true
	c.pages.Page = nil
	c.end()
	return nil
}
