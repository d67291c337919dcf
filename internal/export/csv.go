package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors"
)

// CSV conventions, documented in the README.
const (
	// listSep joins the items of authors, tags and breadcrumb_urls.
	listSep = " | "
	// crumbSep joins breadcrumb names.
	crumbSep = " > "
	// crumbURLsHeader is the column after breadcrumbs holding their URLs.
	crumbURLsHeader = "breadcrumb_urls"
	// bom is the UTF-8 byte order mark.
	bom = "\uFEFF"
	// formulaTriggers are the first bytes that make a spreadsheet read a
	// cell as a formula (OWASP CSV injection: = + - @ tab CR), plus line
	// feed (what a CR becomes) and the guard's own quote, so that the
	// guard can be undone (see NewCSV).
	formulaTriggers = "=+-@\t\r\n'"
)

// NewCSV returns a Writer of CSV as RFC 4180 describes it (encoding/csv):
// UTF-8, a header row of field names, records ending in CRLF, cells quoted
// when they hold a comma, a quote or a line break. With Options.BOM the
// file starts with a UTF-8 byte order mark, which Excel needs.
//
// Values: null is an empty cell; dates are RFC 3339 (published and
// modified in the page's offset, fetched_at in UTC); lists are their items
// joined with " | " (authors, tags); breadcrumbs become two columns,
// "breadcrumbs" (names joined with " > ") and "breadcrumb_urls" (URLs joined
// with " | ", one per crumb, empty for a crumb without a link). Inside a
// list item, "\" is written "\\" and the separator's own character ("|",
// or ">" in breadcrumb names) is written "\|" or "\>", so that splitting on
// the separator is exact. Line breaks inside text are kept (the cell is
// quoted); a carriage return becomes a line feed, since CSV readers cannot
// tell it apart from the record's CRLF. Invalid UTF-8 and NUL become
// U+FFFD.
//
// Formula guard: unless Options.NoFormulaGuard, a cell whose first
// character is "=", "+", "-", "@", a tab or a carriage return (OWASP's list)
// is prefixed with a single quote "'", which spreadsheets show as text. So
// is a cell starting with a line feed (what a carriage return becomes) or
// with "'" itself, so that a reader gets the exact value back by removing
// one leading "'" from any cell that starts with one.
//
// Output is buffered until Close.
func NewCSV(w io.Writer, opts Options) (Writer, error) {
	ids, err := opts.fields()
	if err != nil {
		return nil, err
	}
	c := &csvWriter{
		bw:    bufio.NewWriterSize(w, bufferSize),
		ids:   ids,
		guard: !opts.NoFormulaGuard,
	}
	if opts.BOM {
		c.bw.WriteString(bom)
	}
	c.cw = csv.NewWriter(c.bw)
	c.cw.UseCRLF = true
	for _, id := range ids {
		c.row = append(c.row, fieldTable[id].Name)
		if id == fBreadcrumbs {
			c.row = append(c.row, crumbURLsHeader)
		}
	}
	if err := c.cw.Write(c.row); err != nil {
		return nil, fmt.Errorf("export: write csv header: %w", err)
	}
	return c, nil
}

// csvWriter writes CSV.
type csvWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	ids    []fieldID
	guard  bool
	row    []string // cells of the current record, reused
	err    error    // sticky
	closed bool
}

var _ Writer = (*csvWriter)(nil)

// Write implements Writer.
func (w *csvWriter) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		w.err = errClosed
		return w.err
	}
	w.row = w.row[:0]
	for _, id := range w.ids {
		switch kindOf(id) {
		case kindString:
			w.add(text(r.str(id)))
		case kindInt:
			n := r.ID
			if id == fWordCount {
				n = int64(r.WordCount)
			}
			w.add(strconv.FormatInt(n, 10))
		case kindList:
			w.add(joinItems(r.list(id), listSep, '|'))
		case kindDate:
			if t := r.date(id); t != nil {
				w.add(t.Format(time.RFC3339Nano))
			} else {
				w.add("")
			}
		case kindCrumbs:
			names, urls := crumbCells(r.Breadcrumbs)
			w.add(names)
			w.add(urls)
		case kindInstant:
			w.add(r.FetchedAt.UTC().Format(time.RFC3339Nano))
		case kindNullInt:
			if r.DuplicateOf != nil {
				w.add(strconv.FormatInt(*r.DuplicateOf, 10))
			} else {
				w.add("")
			}
		}
	}
	if err := w.writeRow(); err != nil {
		w.err = fmt.Errorf("export: write csv record %d: %w", r.ID, err)
	}
	return w.err
}

// writeRow writes w.row. A row of one empty cell is written as `""`:
// encoding/csv would write an empty line, which readers skip.
func (w *csvWriter) writeRow() error {
	if len(w.row) != 1 || w.row[0] != "" {
		return w.cw.Write(w.row)
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return err
	}
	_, err := w.bw.WriteString("\"\"\r\n")
	return err
}

// add appends a cell, guarded against formula injection when asked.
func (w *csvWriter) add(cell string) {
	if w.guard && cell != "" && strings.IndexByte(formulaTriggers, cell[0]) >= 0 {
		cell = "'" + cell
	}
	w.row = append(w.row, cell)
}

// Close implements Writer.
func (w *csvWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		w.err = fmt.Errorf("export: flush csv: %w", err)
	} else if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("export: flush csv: %w", err)
	}
	return w.err
}

// text prepares a string for a CSV cell: valid UTF-8, no NUL (many CSV
// readers and spreadsheets stop at one; it becomes U+FFFD), and carriage
// returns turned into line feeds (encoding/csv writes line breaks inside a
// cell as CRLF with UseCRLF, and readers return them as LF).
func text(s string) string {
	s = clean(s)
	if strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(s)
}

// joinItems joins list items with sep, escaping "\" and the separator
// character esc inside items.
func joinItems(items []string, sep string, esc byte) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return escapeItem(text(items[0]), esc)
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(escapeItem(text(it), esc))
	}
	return b.String()
}

// escapeItem writes "\" as "\\" and esc as "\"+esc.
func escapeItem(s string, esc byte) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, esc) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == esc {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// crumbCells returns the breadcrumbs and breadcrumb_urls cells.
func crumbCells(crumbs []extractors.Crumb) (names, urls string) {
	if len(crumbs) == 0 {
		return "", ""
	}
	var nb, ub strings.Builder
	for i, c := range crumbs {
		if i > 0 {
			nb.WriteString(crumbSep)
			ub.WriteString(listSep)
		}
		nb.WriteString(escapeItem(text(c.Name), '>'))
		ub.WriteString(escapeItem(text(c.URL), '|'))
	}
	return nb.String(), ub.String()
}
