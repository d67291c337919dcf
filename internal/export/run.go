package export

import (
	"context"
	"errors"
	"fmt"
)

// Run copies every record of cur into w, then closes both, and returns the
// number of records written. It checks ctx before each record and stops
// with ctx's error when it is done. Run always closes cur and w; the error
// joins, in order, the copy's error and those of closing w and cur. On an
// error the output is incomplete: write it through ToFile so that it is
// never left behind.
func Run(ctx context.Context, cur Cursor, w Writer) (n int, err error) {
	err = copyRecords(ctx, cur, w, &n)
	var werr, cerr error
	if e := w.Close(); e != nil && !errors.Is(err, e) {
		werr = fmt.Errorf("export: close writer: %w", e)
	}
	if e := cur.Close(); e != nil {
		cerr = fmt.Errorf("export: close cursor: %w", e)
	}
	return n, errors.Join(err, werr, cerr)
}

// copyRecords is Run's loop; it counts written records in *n.
func copyRecords(ctx context.Context, cur Cursor, w Writer, n *int) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("export: after %d records: %w", *n, err)
		}
		if !cur.Next() {
			break
		}
		if err := w.Write(cur.Record()); err != nil {
			return err // already names the record
		}
		*n++
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("export: read record %d: %w", *n+1, err)
	}
	return nil
}
