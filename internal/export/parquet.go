package export

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// Parquet settings.
const (
	// SchemaVersionKey is the Parquet key-value metadata key holding
	// SchemaVersion.
	SchemaVersionKey = "newshound.schema_version"
	// defaultRowGroupRows and defaultRowGroupBytes are the row group caps
	// when Options leaves them zero.
	defaultRowGroupRows  = 10_000
	defaultRowGroupBytes = 64 << 20
	// localSuffix names the RFC 3339 companion column of a date column.
	localSuffix = "_local"
)

// NewParquet returns a Writer of an Apache Parquet file
// (github.com/parquet-go/parquet-go), zstd-compressed, with
// SchemaVersion in its key-value metadata under SchemaVersionKey.
//
// Columns, in field order: integers are INT64; strings are STRING (UTF-8,
// required, "" when unknown; site, site_name, language, section and job
// dictionary-encoded); authors and tags are LIST<STRING>; breadcrumbs is
// LIST<STRUCT<name STRING, url STRING>> (url "" for a crumb without a
// link); duplicate_of is an optional INT64 (null when none); fetched_at is
// TIMESTAMP(MILLIS, UTC). A date field (published, modified) is two
// optional columns: the instant as TIMESTAMP(MILLIS, UTC) under the field's
// name, and the RFC 3339 text in the page's own offset under name+"_local"
// (exactly the JSON value), which keeps the page's calendar day and offset
// that a UTC instant loses; both are null when the date is unknown.
//
// Memory stays bounded: rows are buffered per row group, and a row group
// is written out every Options.RowGroupRows rows or Options.RowGroupBytes
// buffered bytes, whichever comes first. Close writes the last row group
// and the footer; a file with zero rows is valid.
func NewParquet(w io.Writer, opts Options) (Writer, error) {
	ids, err := opts.fields()
	if err != nil {
		return nil, err
	}
	p := &parquetWriter{
		maxRows:  opts.RowGroupRows,
		maxBytes: opts.RowGroupBytes,
	}
	if p.maxRows <= 0 {
		p.maxRows = defaultRowGroupRows
	}
	if p.maxBytes <= 0 {
		p.maxBytes = defaultRowGroupBytes
	}
	var sfs []reflect.StructField
	add := func(t reflect.Type, tag string) int {
		sfs = append(sfs, reflect.StructField{
			Name: "F" + strconv.Itoa(len(sfs)),
			Type: t,
			Tag:  reflect.StructTag(`parquet:"` + tag + `"`),
		})
		return len(sfs) - 1
	}
	type placed struct {
		id        fieldID
		at, local int
	}
	var cols []placed
	for _, id := range ids {
		name := fieldTable[id].Name
		c := placed{id: id, local: -1}
		switch kindOf(id) {
		case kindString:
			tag := name
			switch id {
			case fSite, fSiteName, fLanguage, fSection, fJob:
				tag += ",dict"
			}
			c.at = add(reflect.TypeFor[string](), tag)
		case kindInt:
			c.at = add(reflect.TypeFor[int64](), name)
		case kindList:
			c.at = add(reflect.TypeFor[[]string](), name+",list")
		case kindDate:
			c.at = add(reflect.TypeFor[*time.Time](), name+",optional,timestamp(millisecond:utc)")
			c.local = add(reflect.TypeFor[*string](), name+localSuffix+",optional")
		case kindCrumbs:
			c.at = add(reflect.TypeFor[[]parquetCrumb](), name+",list")
		case kindInstant:
			c.at = add(reflect.TypeFor[time.Time](), name+",timestamp(millisecond:utc)")
		case kindNullInt:
			c.at = add(reflect.TypeFor[*int64](), name+",optional")
		}
		cols = append(cols, c)
	}
	row := reflect.New(reflect.StructOf(sfs))
	p.row = row.Interface()
	p.cols = make([]parquetCol, len(cols))
	for i, c := range cols {
		f := row.Elem().Field(c.at).Addr().Interface()
		pc := parquetCol{id: c.id}
		switch kindOf(c.id) {
		case kindString:
			pc.str = f.(*string)
		case kindInt:
			pc.i64 = f.(*int64)
		case kindList:
			pc.strs = f.(*[]string)
		case kindDate:
			pc.date = f.(**time.Time)
			pc.local = row.Elem().Field(c.local).Addr().Interface().(**string)
		case kindCrumbs:
			pc.crumbs = f.(*[]parquetCrumb)
		case kindInstant:
			pc.instant = f.(*time.Time)
		case kindNullInt:
			pc.nullInt = f.(**int64)
		}
		p.cols[i] = pc
	}
	schema, err := schemaOf(p.row)
	if err != nil {
		return nil, err
	}
	p.pw = parquet.NewWriter(w, schema,
		parquet.Compression(&zstd.Codec{}),
		parquet.KeyValueMetadata(SchemaVersionKey, strconv.Itoa(SchemaVersion)),
		// Page bounds of long text are useless for filtering, and the
		// library keeps every page's full min and max until the footer:
		// memory growing with the row count.
		parquet.SkipPageBounds("text"),
		parquet.SkipPageBounds("description"),
	)
	return p, nil
}

// schemaOf derives the Parquet schema of a row struct, turning the
// library's panic on a bad struct tag into an error.
func schemaOf(row any) (s *parquet.Schema, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("export: parquet schema: %v", v)
		}
	}()
	return parquet.SchemaOf(row), nil
}

// parquetCrumb is a breadcrumb in Parquet.
type parquetCrumb struct {
	Name string `parquet:"name"`
	URL  string `parquet:"url"`
}

// parquetCol points into the writer's row struct: the column(s) of one
// field. Only the pointers of the field's kind are set.
type parquetCol struct {
	id       fieldID
	str      *string
	i64      *int64
	strs     *[]string
	strsBuf  []string // cleaned list items, reused
	date     **time.Time
	dateBuf  time.Time
	local    **string
	localBuf string
	crumbs   *[]parquetCrumb
	instant  *time.Time
	nullInt  **int64
}

// parquetWriter writes Parquet.
type parquetWriter struct {
	pw       *parquet.Writer
	row      any // pointer to the reusable row struct
	cols     []parquetCol
	maxRows  int
	maxBytes int64
	rows     int   // rows in the current row group
	flushed  int64 // pw.Size() after the last flush
	err      error // sticky
	closed   bool
}

var _ Writer = (*parquetWriter)(nil)

// Write implements Writer.
func (w *parquetWriter) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		w.err = errClosed
		return w.err
	}
	w.fill(r)
	if err := w.pw.Write(w.row); err != nil {
		w.err = fmt.Errorf("export: write parquet record %d: %w", r.ID, err)
		return w.err
	}
	w.rows++
	if w.rows >= w.maxRows || w.pw.Size()-w.flushed >= w.maxBytes {
		if err := w.pw.Flush(); err != nil {
			w.err = fmt.Errorf("export: write parquet row group: %w", err)
			return w.err
		}
		w.rows = 0
		w.flushed = w.pw.Size()
	}
	return nil
}

// fill copies r into the row struct.
func (w *parquetWriter) fill(r *Record) {
	for i := range w.cols {
		c := &w.cols[i]
		switch kindOf(c.id) {
		case kindString:
			*c.str = clean(r.str(c.id))
		case kindInt:
			if c.id == fWordCount {
				*c.i64 = int64(r.WordCount)
			} else {
				*c.i64 = r.ID
			}
		case kindList:
			c.strsBuf = c.strsBuf[:0]
			for _, s := range r.list(c.id) {
				c.strsBuf = append(c.strsBuf, clean(s))
			}
			*c.strs = c.strsBuf
		case kindDate:
			if t := r.date(c.id); t != nil {
				c.dateBuf = *t
				c.localBuf = t.Format(time.RFC3339Nano)
				*c.date, *c.local = &c.dateBuf, &c.localBuf
			} else {
				*c.date, *c.local = nil, nil
			}
		case kindCrumbs:
			crumbs := (*c.crumbs)[:0]
			for _, b := range r.Breadcrumbs {
				crumbs = append(crumbs, parquetCrumb{Name: clean(b.Name), URL: clean(b.URL)})
			}
			*c.crumbs = crumbs
		case kindInstant:
			*c.instant = r.FetchedAt.UTC()
		case kindNullInt:
			*c.nullInt = r.DuplicateOf
		}
	}
}

// Close implements Writer.
func (w *parquetWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	if err := w.pw.Close(); err != nil {
		w.err = fmt.Errorf("export: close parquet: %w", err)
	}
	return w.err
}
