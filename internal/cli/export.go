package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newshound/newshound/internal/export"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// corpusFlags choose the corpus a reading command opens: the --db SQLite
// file, or the PostgreSQL database of --store (or NEWSHOUND_STORE).
type corpusFlags struct {
	db    string
	store string
	// dbChanged and storeChanged say the flags were given (set by
	// bindChanged before the command runs).
	dbChanged, storeChanged bool
}

// register adds --db and --store.
func (c *corpusFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&c.db, "db", "newshound.db", "SQLite database file (opened read-only; never created)")
	fl.StringVar(&c.store, "store", "", "PostgreSQL corpus (postgres://user:password@host:5432/db) instead of --db; default $"+StoreEnv)
}

// bindChanged records which of the flags were given.
func (c *corpusFlags) bindChanged(fl *pflag.FlagSet) {
	c.dbChanged, c.storeChanged = fl.Changed("db"), fl.Changed("store")
}

// location returns the PostgreSQL URL to read ("" for the --db file):
// --store, else NEWSHOUND_STORE unless --db was given.
func (c *corpusFlags) location(env Env) (string, error) {
	loc := c.store
	if !c.storeChanged {
		loc = ""
		if !c.dbChanged {
			loc = location(c.store, c.storeChanged, "", env, StoreEnv)
		}
	}
	if loc != "" && !isPostgresURL(loc) {
		return "", fmt.Errorf("--store %s: want a postgres:// or postgresql:// URL (a SQLite file is --db)", pgstore.Redact(loc))
	}
	return loc, nil
}

// open opens the corpus read-only for command cmd and returns it with its
// name for messages (the file, or the URL without its password).
func (c *corpusFlags) open(ctx context.Context, env Env, cmd string) (store.Corpus, string, error) {
	loc, err := c.location(env)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", cmd, err)
	}
	if loc == "" {
		r, err := openReader(ctx, cmd, c.db)
		if err != nil {
			return nil, "", err
		}
		return r, c.db, nil
	}
	r, err := pgstore.OpenReader(ctx, loc, pgstore.ReaderOptions{})
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", cmd, err)
	}
	return r, r.Name(), nil
}

// filterFlags are the article filters shared by export and search, with
// the corpus they read.
type filterFlags struct {
	corpusFlags
	sites             []string
	since, until      string
	fetchedSince      string
	langs             []string
	query             string
	includeDuplicates bool
	now               func() time.Time // for --fetched-since 24h; nil means time.Now
}

// register adds the flags; withQuery adds --query (search takes its
// query as arguments instead).
func (f *filterFlags) register(fl *pflag.FlagSet, withQuery bool) {
	f.corpusFlags.register(fl)
	fl.StringArrayVar(&f.sites, "site", nil, "only this site (host; subdomains included), repeatable")
	fl.StringVar(&f.since, "since", "", "only articles published on or after this day: YYYY-MM-DD, YYYY-MM or YYYY (the page's own calendar day)")
	fl.StringVar(&f.until, "until", "", "only articles published on or before this day: YYYY-MM-DD, YYYY-MM (its last day) or YYYY")
	fl.StringVar(&f.fetchedSince, "fetched-since", "", "only articles fetched at or after this time: RFC 3339, YYYY-MM-DD (UTC midnight), or an age such as 36h or 7d")
	fl.StringArrayVar(&f.langs, "lang", nil, "only this language (BCP 47; \"en\" includes \"en-GB\"), repeatable")
	if withQuery {
		fl.StringVar(&f.query, "query", "", "only articles whose title or text match this full-text query (SQLite FTS4 syntax, see `newshound search --help`)")
	}
	fl.BoolVar(&f.includeDuplicates, "include-duplicates", false, "include duplicates (they carry duplicate_of); left out by default")
}

// filter turns the flags into a store.Filter, or a one-line error naming
// the bad flag.
func (f *filterFlags) filter() (store.Filter, error) {
	flt := store.Filter{
		Sites:             nonEmpty(f.sites),
		Languages:         nonEmpty(f.langs),
		Query:             strings.TrimSpace(f.query),
		IncludeDuplicates: f.includeDuplicates,
	}
	var err error
	if flt.Since, err = parseDay("--since", f.since, false); err != nil {
		return flt, err
	}
	if flt.Until, err = parseDay("--until", f.until, true); err != nil {
		return flt, err
	}
	if !flt.Since.IsZero() && !flt.Until.IsZero() && flt.Until.Before(flt.Since) {
		return flt, fmt.Errorf("--until %s is before --since %s", f.until, f.since)
	}
	now := time.Now
	if f.now != nil {
		now = f.now
	}
	if flt.FetchedSince, err = parseInstant("--fetched-since", f.fetchedSince, now()); err != nil {
		return flt, err
	}
	return flt, nil
}

// nonEmpty drops blank items and splits comma-separated ones.
func nonEmpty(items []string) []string {
	var out []string
	for _, it := range items {
		for _, s := range strings.Split(it, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseDay parses a day, month or year; end picks the last day of a
// month or year. "" is the zero time.
func parseDay(flag, s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range []struct {
		layout string
		years  int
		months int
	}{{time.DateOnly, 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if end && (l.years != 0 || l.months != 0) {
			t = t.AddDate(l.years, l.months, -1)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid %s %q: want a date YYYY-MM-DD (or YYYY-MM, YYYY)", flag, s)
}

// parseInstant parses an RFC 3339 time, a day (UTC midnight) or an age
// before now ("36h", "90m", "7d").
func parseInstant(flag, s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("invalid %s %q: want RFC 3339 (2024-03-05T14:30:00Z), a date (2024-03-05) or an age (36h, 7d)", flag, s)
}

// openReader opens the database read-only for a command, with a one-line
// error that says what to do when it is missing.
func openReader(ctx context.Context, cmd, path string) (*store.Reader, error) {
	r, err := store.OpenReader(ctx, path)
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, fmt.Errorf("%s: database %s does not exist (give --db, or crawl first: newshound crawl URL --db %s)", cmd, path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return r, nil
}

// syncFTS brings the full-text index up to date before a full-text
// query; when it cannot (a read-only file), it warns how many articles
// the query will miss and goes on.
func syncFTS(ctx context.Context, env Env, cmd string, r store.Corpus) error {
	if _, err := r.SyncFTS(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		n, perr := r.FTSPending(ctx)
		if perr != nil {
			return fmt.Errorf("%s: %w", cmd, perr)
		}
		fmt.Fprintf(env.Stderr, "%s: warning: %d recent article(s) are not in the full-text index and will not be found (%v)\n", cmd, n, err)
	}
	return nil
}

// exportFlags are the flags of `newshound export`.
type exportFlags struct {
	filterFlags
	format         string
	output         string
	fields         []string
	bom            bool
	noFormulaGuard bool
}

// writerFor returns the constructor of a --format's writer; nil for an
// unknown format.
func writerFor(format string) func(io.Writer, export.Options) (export.Writer, error) {
	switch format {
	case "jsonl":
		return export.NewJSONL
	case "json":
		return export.NewJSON
	case "csv":
		return export.NewCSV
	case "parquet":
		return export.NewParquet
	}
	return nil
}

func newExportCmd(env Env) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export [--format jsonl|json|csv|parquet] [-o FILE] [filters]",
		Short: "Export the stored articles as JSON Lines, JSON, CSV or Parquet",
		Long: `Export the stored articles (duplicates left out unless --include-duplicates)
in id order, with the same JSON keys as ` + "`newshound extract`" + ` (see the README's
"Export formats" for every field in every format).

  newshound export -o articles.jsonl
  newshound export --format csv --bom -o articles.csv --site example.org --since 2024-01
  newshound export -o corpus.parquet --lang en --query 'election NOT poll*'
  newshound export --fields url,title,published | jq .

The database is opened read-only and read a page of articles at a time in
short read transactions: an export never blocks a crawl running on the same
database, its memory does not grow with the corpus, and it exports the
articles stored when it started.

--store postgres://user:password@host:5432/db (or $NEWSHOUND_STORE, unless
--db is given) exports a PostgreSQL corpus instead: the same records, the
same files, read through a server-side cursor in one read-only snapshot
transaction, a page at a time (--query: see ` + "`newshound search --help`" + `
for the syntax on PostgreSQL).

  newshound export --store postgres://news@db.example/news -o corpus.parquet -o writes through a temporary file renamed
into place once complete: an interrupted or failed export leaves nothing.
--format defaults to the -o file's extension (.jsonl/.ndjson, .json, .csv,
.parquet), else jsonl.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.bindChanged(cmd.Flags())
			return runExport(cmd.Context(), env, &f)
		},
	}
	fl := cmd.Flags()
	f.register(fl, true)
	fl.StringVar(&f.format, "format", "", "output format: jsonl, json, csv or parquet (default: from -o's extension, else jsonl)")
	fl.StringVarP(&f.output, "output", "o", "", "output file, written atomically (default: stdout)")
	fl.StringSliceVar(&f.fields, "fields", nil, "fields to export, in this order, comma-separated (default: all; see the README)")
	fl.BoolVar(&f.bom, "bom", false, "csv: start with a UTF-8 byte order mark (for Excel)")
	fl.BoolVar(&f.noFormulaGuard, "no-formula-guard", false, "csv: do not prefix cells starting with = + - @ tab CR with ' (for machine use)")
	return cmd
}

// exportFormat decides the format from --format or -o's extension.
func (f *exportFlags) exportFormat() (string, error) {
	format := strings.ToLower(strings.TrimSpace(f.format))
	if format == "" {
		switch strings.ToLower(filepath.Ext(f.output)) {
		case ".json":
			format = "json"
		case ".csv":
			format = "csv"
		case ".parquet", ".pq":
			format = "parquet"
		default:
			format = "jsonl"
		}
	}
	if writerFor(format) == nil {
		return "", fmt.Errorf("export: unknown --format %q (jsonl, json, csv or parquet)", f.format)
	}
	return format, nil
}

func runExport(ctx context.Context, env Env, f *exportFlags) error {
	start := time.Now()
	format, err := f.exportFormat()
	if err != nil {
		return err
	}
	opts := export.Options{Fields: nonEmpty(f.fields), BOM: f.bom, NoFormulaGuard: f.noFormulaGuard}
	newWriter := writerFor(format)
	if _, err := newWriter(io.Discard, opts); err != nil { // checks --fields before any work
		return err
	}
	flt, err := f.filter()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if f.output == "" && format == "parquet" && env.terminal(env.Stdout) {
		return errors.New("export: Parquet is binary: give -o FILE or redirect stdout")
	}
	r, _, err := f.open(ctx, env, "export")
	if err != nil {
		return err
	}
	defer r.Close()
	if flt.Query != "" {
		if err := r.CheckQuery(ctx, flt.Query); err != nil {
			return fmt.Errorf("export: --query: %w", err)
		}
		if err := syncFTS(ctx, env, "export", r); err != nil {
			return err
		}
	}
	var n int
	write := func(w io.Writer) error {
		ew, err := newWriter(w, opts)
		if err != nil {
			return err
		}
		cur := r.Cursor(ctx, store.CursorOptions{Filter: flt, Fields: opts.Fields})
		n, err = export.Run(ctx, cur, ew)
		return err
	}
	dest := "stdout"
	if f.output == "" {
		err = write(env.Stdout)
	} else {
		dest = f.output
		err = export.ToFile(f.output, write)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && f.output != "" {
			return fmt.Errorf("export: interrupted after %d articles; %s was not written", n, f.output)
		}
		return err
	}
	size := ""
	if f.output != "" {
		if fi, err := os.Stat(f.output); err == nil {
			size = ", " + humanBytes(fi.Size())
		}
	}
	fmt.Fprintf(env.Stderr, "export: %d articles to %s (%s%s) in %s\n", n, dest, format, size,
		time.Since(start).Round(time.Millisecond))
	return nil
}

// humanBytes formats a size: 512 B, 3.4 KiB, 12.0 MiB, 1.2 GiB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
