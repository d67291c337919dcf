package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"
)

// bufferSize is the output buffer of the text writers.
const bufferSize = 64 << 10

// NewJSONL returns a Writer of JSON Lines: one JSON object per record and
// per line, keys in field order, exactly the keys and value encodings of
// extractors.Article (`newshound extract`) plus the export fields. Unknown
// dates and duplicate_of are null, empty lists [], fetched_at is in UTC;
// "<", ">" and "&" are not escaped; invalid UTF-8 becomes U+FFFD.
// Output is buffered until Close.
func NewJSONL(w io.Writer, opts Options) (Writer, error) {
	row, err := newJSONRow(opts)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, bufferSize)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{bw: bw, enc: enc, row: row}, nil
}

// jsonlWriter writes JSON Lines.
type jsonlWriter struct {
	bw     *bufio.Writer
	enc    *json.Encoder
	row    *jsonRow
	err    error // sticky
	closed bool
}

var _ Writer = (*jsonlWriter)(nil)

// Write implements Writer.
func (w *jsonlWriter) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		w.err = errClosed
		return w.err
	}
	if err := w.enc.Encode(w.row.fill(r)); err != nil {
		w.err = fmt.Errorf("export: write jsonl record %d: %w", r.ID, err)
	}
	return w.err
}

// Close implements Writer.
func (w *jsonlWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err == nil {
		if err := w.bw.Flush(); err != nil {
			w.err = fmt.Errorf("export: flush jsonl: %w", err)
		}
	}
	return w.err
}

// errClosed is returned by Write after Close.
var errClosed = errors.New("export: write after Close")

// jsonRow is a reusable struct value holding the selected fields of one
// record, in order, with the JSON tags and Go types of Record's fields, so
// that encoding/json encodes them exactly as it encodes an Article. It is
// built with reflect.StructOf once per writer and refilled per record
// without allocating.
type jsonRow struct {
	val  reflect.Value // the addressable row struct
	ptr  any           // pointer to it, what the encoder gets
	cols []jsonCol
}

// jsonCol copies one field of a Record into the row.
type jsonCol struct {
	src   []int         // index path of the field in Record
	empty reflect.Value // an empty slice for list fields: nil lists encode as []
	utc   *time.Time    // the row's fetched_at, normalised to UTC after copying
}

// newJSONRow builds the row type for the selected fields.
func newJSONRow(opts Options) (*jsonRow, error) {
	ids, err := opts.fields()
	if err != nil {
		return nil, err
	}
	byKey := recordFields()
	sfs := make([]reflect.StructField, len(ids))
	cols := make([]jsonCol, len(ids))
	for i, id := range ids {
		name := fieldTable[id].Name
		sf, ok := byKey[name]
		if !ok {
			return nil, fmt.Errorf("export: field %q has no Record field", name) // a bug: TestSchemaMatchesRecord
		}
		sfs[i] = reflect.StructField{
			Name: "F" + strconv.Itoa(i),
			Type: sf.Type,
			Tag:  reflect.StructTag(`json:"` + name + `"`),
		}
		cols[i].src = sf.Index
		if sf.Type.Kind() == reflect.Slice {
			cols[i].empty = reflect.MakeSlice(sf.Type, 0, 0)
		}
	}
	val := reflect.New(reflect.StructOf(sfs)).Elem()
	for i, id := range ids {
		if id == fFetchedAt {
			cols[i].utc = val.Field(i).Addr().Interface().(*time.Time)
		}
	}
	return &jsonRow{val: val, ptr: val.Addr().Interface(), cols: cols}, nil
}

// fill copies r's selected fields into the row and returns a pointer to it.
func (row *jsonRow) fill(r *Record) any {
	src := reflect.ValueOf(r).Elem()
	for i := range row.cols {
		c := &row.cols[i]
		dst := row.val.Field(i)
		dst.Set(src.FieldByIndex(c.src))
		if c.empty.IsValid() && dst.IsNil() {
			dst.Set(c.empty)
		}
		if c.utc != nil {
			*c.utc = c.utc.UTC()
		}
	}
	return row.ptr
}

// recordFields maps each JSON key of Record (the embedded Article's
// included) to its struct field, with its full index path.
func recordFields() map[string]reflect.StructField {
	t := reflect.TypeFor[Record]()
	out := make(map[string]reflect.StructField)
	for _, sf := range reflect.VisibleFields(t) {
		if sf.Anonymous || !sf.IsExported() {
			continue
		}
		key, _, _ := cutComma(sf.Tag.Get("json"))
		if key == "" || key == "-" {
			continue
		}
		out[key] = sf
	}
	return out
}

// cutComma splits a struct tag value at its first comma.
func cutComma(s string) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
