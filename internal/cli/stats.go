package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
	"github.com/newshound/newshound/internal/store"
)

// statsFlags are the flags of `newshound stats`.
type statsFlags struct {
	corpusFlags
	format   string
	days     int
	frontier string
	job      string
	// frontierChanged says --frontier was given.
	frontierChanged bool
}

func newStatsCmd(env Env) *cobra.Command {
	var f statsFlags
	cmd := &cobra.Command{
		Use:   "stats [--db FILE | --store postgres://...] [--frontier redis://...] [--format text|json] [--days N]",
		Short: "Summarise the database: articles by site, day and language, duplicates, failures, queue",
		Long: `Summarise what the database holds: articles by site, by publication day and by
language, duplicates, the crawl queue (URLs by state), failed and skipped
URLs by reason, and when articles were last fetched. Counts by day and
language are of originals (duplicates left out).

  newshound stats
  newshound stats --days 0            every publication day
  newshound stats --format json | jq .sites

The database is opened read-only, and the numbers come from one read
transaction, so they agree with each other even while a crawl runs.

--store postgres://... (or $NEWSHOUND_STORE, unless --db is given) reads a
PostgreSQL corpus: the same report of its articles. That store keeps no
crawl queue: with --frontier redis://HOST:PORT/DB (or $NEWSHOUND_FRONTIER)
the queue (URLs by state) and the due URLs queued per host are read from
the Redis frontier of the crawl (--job names a scheduled job's; default the
ad-hoc crawl's). Failed and skipped URLs by reason are counted by the
SQLite frontier only.

  newshound stats --store postgres://news@db.example/news --frontier redis://db.example:6379/0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.bindChanged(cmd.Flags())
			f.frontierChanged = cmd.Flags().Changed("frontier")
			return runStats(cmd.Context(), env, f)
		},
	}
	fl := cmd.Flags()
	f.corpusFlags.register(fl)
	fl.StringVar(&f.frontier, "frontier", "", "Redis frontier (redis://host:6379/0) whose crawl queue to show; default $"+FrontierEnv)
	fl.StringVar(&f.job, "job", "", "with --frontier: the crawl job whose queue to show (default: the ad-hoc crawl's)")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.IntVar(&f.days, "days", 30, "publication days listed: the N most recent days with articles (0: all)")
	return cmd
}

// statsJSON is the JSON output: the store's Stats plus the database and,
// with --frontier, the frontier's queue.
type statsJSON struct {
	Database string `json:"database"`
	Bytes    int64  `json:"bytes"`
	*store.Stats
	// Frontier is the Redis frontier read (without its password), "" for
	// none; QueueByHost its due queued URLs per host.
	Frontier    string         `json:"frontier,omitempty"`
	QueueByHost map[string]int `json:"queue_by_host,omitempty"`
}

// sizer is a corpus that knows its size on disk (PostgreSQL's).
type sizer interface {
	Size(ctx context.Context) (int64, error)
}

func runStats(ctx context.Context, env Env, f statsFlags) error {
	if f.format != "text" && f.format != "json" {
		return fmt.Errorf("stats: unknown --format %q (text or json)", f.format)
	}
	if f.days < 0 {
		return fmt.Errorf("stats: invalid --days %d: want 0 (all) or more", f.days)
	}
	floc := location(f.frontier, f.frontierChanged, "", env, FrontierEnv)
	if floc != "" && !isRedisURL(floc) {
		return fmt.Errorf("stats: --frontier %s: want a redis://, rediss:// or unix:// URL", redisfrontier.Redact(floc))
	}
	r, name, err := f.open(ctx, env, "stats")
	if err != nil {
		return err
	}
	defer r.Close()
	st, err := r.Stats(ctx, store.StatsOptions{Days: f.days})
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	out := statsJSON{Database: name, Stats: st}
	if sz, ok := r.(sizer); ok {
		if out.Bytes, err = sz.Size(ctx); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
	} else {
		out.Bytes = dbBytes(f.db)
	}
	if floc != "" {
		if err := frontierStats(ctx, floc, f.job, &out); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
	}
	if f.format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	return writeStats(env.Stdout, out, f.days)
}

// frontierStats reads the crawl queue of job from the Redis frontier at
// loc into out: URLs by state (replacing the store's, every state present)
// and due URLs per host.
func frontierStats(ctx context.Context, loc, job string, out *statsJSON) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	fr, err := redisfrontier.Open(ctx, loc, redisfrontier.Options{})
	if err != nil {
		return err
	}
	defer fr.Close()
	f := fr
	if job != "" {
		f = fr.ForJob(job)
	}
	counts, err := f.Counts(ctx)
	if err != nil {
		return err
	}
	sizes, err := f.QueueSizes(ctx)
	if err != nil {
		return err
	}
	out.Queue = map[string]int{}
	for _, state := range queueStates {
		out.Queue[state] = counts[frontier.State(state)]
	}
	out.Frontier, out.QueueByHost = redisfrontier.Redact(loc), sizes
	return nil
}

// queueStates are the frontier states, in report order.
var queueStates = []string{"queued", "inflight", "done", "failed", "skipped"}

// dbBytes is the size of the database with its WAL.
func dbBytes(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// writeStats prints the readable report.
func writeStats(w io.Writer, s statsJSON, days int) error {
	sw := &stickyWriter{w: w}
	sw.printf("database   %s (%s)\n", s.Database, humanBytes(s.Bytes))
	sw.printf("articles   %d: %d originals, %d duplicates", s.Articles, s.Originals, s.Duplicates)
	if s.Unindexed > 0 {
		sw.printf(" (%d not yet in the full-text index)", s.Unindexed)
	}
	sw.printf("\n")
	if s.LastFetchedAt != nil {
		sw.printf("fetched    %s to %s\n", fmtTime(s.FirstFetchedAt), fmtTime(s.LastFetchedAt))
	}
	if s.LastActivityAt != nil {
		sw.printf("last crawl activity  %s\n", fmtTime(s.LastActivityAt))
	}

	sw.printf("\nsites\n")
	tw := tabwriter.NewWriter(sw.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if sw.err == nil {
		fmt.Fprintf(tw, "  site\toriginals\tduplicates\tlanguages\tpublished from\tto\tlast fetched\t\n")
		for _, c := range s.Sites {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%s\t%s\t%s\t\n", c.Site, c.Originals, c.Duplicates, c.Languages,
				orDash(c.FirstDay), orDash(c.LastDay), fmtTime(c.LastFetch))
		}
		if len(s.Sites) == 0 {
			fmt.Fprintf(tw, "  (none)\t\n")
		}
		sw.err = tw.Flush()
	}

	if days > 0 {
		sw.printf("\noriginals by publication day (the last %d days with articles)\n", days)
	} else {
		sw.printf("\noriginals by publication day\n")
	}
	most := 0
	for _, d := range s.Days {
		most = max(most, d.Count)
	}
	for _, d := range s.Days {
		sw.printf("  %s  %6d  %s\n", d.Key, d.Count, bar(d.Count, most, 40))
	}
	sw.printf("  undated     %6d\n", s.Undated)

	sw.printf("\noriginals by language\n")
	writeCounts(sw, s.Languages, "(unknown)")

	var queue []string
	for _, state := range queueStates {
		queue = append(queue, fmt.Sprintf("%s %d", state, s.Queue[state]))
	}
	if s.Frontier != "" {
		sw.printf("\nqueue (URLs by state, frontier %s)\n  %s\n", s.Frontier, strings.Join(queue, ", "))
		sw.printf("\nqueued URLs due by host\n")
		writeCounts(sw, store.SortedCounts(s.QueueByHost), "")
	} else {
		sw.printf("\nqueue (URLs by state)\n  %s\n", strings.Join(queue, ", "))
	}
	sw.printf("\nfailed URLs by reason\n")
	writeCounts(sw, s.Failed, "")
	sw.printf("\nskipped URLs by reason\n")
	writeCounts(sw, s.Skipped, "")
	return sw.err
}

// writeCounts prints counts as an aligned list, "(none)" when empty;
// blank names an empty key.
func writeCounts(sw *stickyWriter, cs []store.Count, blank string) {
	if len(cs) == 0 {
		sw.printf("  (none)\n")
		return
	}
	if sw.err != nil {
		return
	}
	tw := tabwriter.NewWriter(sw.w, 0, 0, 2, ' ', 0)
	for _, c := range cs {
		k := c.Key
		if k == "" {
			k = blank
		}
		fmt.Fprintf(tw, "  %s\t%d\n", k, c.Count)
	}
	sw.err = tw.Flush()
}

// bar draws n against most as a bar of up to width blocks.
func bar(n, most, width int) string {
	if most == 0 || n == 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*width/most))
}

// fmtTime prints a UTC time to the second, "-" for nil.
func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// orDash returns s, or "-" when empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
