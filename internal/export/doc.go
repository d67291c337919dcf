// Package export writes the stored corpus as JSON Lines, JSON, CSV or
// Parquet, streaming: a Writer takes one Record per Write call, keeps the
// first error (sticky) and returns it from Close, and its memory does not
// grow with the number of records. Run copies a Cursor (implemented by the
// store) into a Writer; ToFile makes the output file appear only once it is
// complete.
//
// The schema is one for every format and versioned (SchemaVersion): its
// fields are those of extractors.Article, with the same JSON keys and
// meanings, plus id, site, fetched_at, job and duplicate_of. Schema lists
// them; Options.Fields selects and orders them. The Article's HTML,
// Markdown and Explanation are never exported.
//
//	w, err := export.NewCSV(out, export.Options{Fields: []string{"url", "title"}})
//	if err != nil {
//		return err
//	}
//	n, err := export.Run(ctx, cursor, w) // closes cursor and w
//
// It does not query the store, choose records or name files: the CLI
// (internal/cli) and the store (internal/store) do.
//
// Files: record.go holds Record, Cursor and Writer; schema.go the schema,
// SchemaVersion and Options; jsonl.go, json.go, csv.go and parquet.go one
// format each; run.go Run; file.go ToFile. The README's section "The
// article schema and export formats" documents the formats; TestSchemaDoc
// keeps its field table equal to Schema(), and testdata/parquet-schema.txt
// is the Parquet schema, checked by TestParquetSchema (both rewritten by
// -update).
package export
