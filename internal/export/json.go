package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// NewJSON returns a Writer of a single JSON array of objects, one per
// line, encoded as by NewJSONL. The writer emits "[", the commas and "]"
// itself, so the array is streamed, never held in memory; zero records
// give "[]". Output is buffered until Close, which writes the closing "]".
func NewJSON(w io.Writer, opts Options) (Writer, error) {
	row, err := newJSONRow(opts)
	if err != nil {
		return nil, err
	}
	j := &jsonWriter{bw: bufio.NewWriterSize(w, bufferSize), row: row}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j, nil
}

// jsonWriter writes a JSON array.
type jsonWriter struct {
	bw     *bufio.Writer
	buf    bytes.Buffer // one encoded object
	enc    *json.Encoder
	row    *jsonRow
	n      int   // records written
	err    error // sticky
	closed bool
}

var _ Writer = (*jsonWriter)(nil)

// Write implements Writer.
func (w *jsonWriter) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		w.err = errClosed
		return w.err
	}
	w.buf.Reset()
	if err := w.enc.Encode(w.row.fill(r)); err != nil {
		w.err = fmt.Errorf("export: write json record %d: %w", r.ID, err)
		return w.err
	}
	sep := ",\n"
	if w.n == 0 {
		sep = "[\n"
	}
	w.bw.WriteString(sep)
	obj := w.buf.Bytes()
	if _, err := w.bw.Write(obj[:len(obj)-1]); err != nil { // without the encoder's newline
		w.err = fmt.Errorf("export: write json record %d: %w", r.ID, err)
		return w.err
	}
	w.n++
	return nil
}

// Close implements Writer.
func (w *jsonWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	end := "\n]\n"
	if w.n == 0 {
		end = "[]\n"
	}
	w.bw.WriteString(end)
	if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("export: flush json: %w", err)
	}
	return w.err
}
