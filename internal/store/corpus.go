package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newshound/newshound/internal/export"
)

// Corpus is the read side of a stored corpus, whatever the database: what
// export, search and stats call. *Reader (SQLite) and *pgstore.Reader
// (PostgreSQL) implement it with the same rows, the same JSON and the same
// errors (ErrBadQuery). Safe for concurrent use.
type Corpus interface {
	// Cursor returns a cursor over the articles opts.Filter chooses, in
	// id order. Always Close it.
	Cursor(ctx context.Context, opts CursorOptions) export.Cursor
	// Search runs a full-text query and returns the best hits, best
	// first.
	Search(ctx context.Context, opts SearchOptions) (*SearchResult, error)
	// Stats summarises the corpus in one read transaction.
	Stats(ctx context.Context, opts StatsOptions) (*Stats, error)
	// CheckQuery returns an error wrapping ErrBadQuery when q is not a
	// valid full-text query, reading no article.
	CheckQuery(ctx context.Context, q string) error
	// SyncFTS brings the full-text index up to date (a no-op where the
	// database indexes every article as it is stored) and returns how
	// many articles it added.
	SyncFTS(ctx context.Context) (int, error)
	// FTSPending returns how many articles a full-text query would miss.
	FTSPending(ctx context.Context) (int, error)
	// Close releases what the Corpus opened.
	Close() error
}

var (
	_ Corpus        = (*Reader)(nil)
	_ JobRecorder   = (*SQLite)(nil)
	_ export.Cursor = (*Cursor)(nil)
)

// JobRecorder keeps the state of scheduled crawl jobs in the database, so
// that it survives restarts of the scheduler. *SQLite and *pgstore.PG
// implement it.
type JobRecorder interface {
	// RecordJobStart records that job name started at t.
	RecordJobStart(ctx context.Context, name string, t time.Time) error
	// RecordJobEnd records how job name's run ended at t, with its
	// summary (any JSON-encodable value; nil keeps the previous one). A
	// status of "ok" also sets the last success time.
	RecordJobEnd(ctx context.Context, name string, t time.Time, status string, summary any) error
	// Job returns the record of job name, or ErrNoJob.
	Job(ctx context.Context, name string) (JobState, error)
}

// defaultSearchLimit is SearchOptions.Limit when zero.
const defaultSearchLimit = 20

// Normalize checks o and returns it with its defaults applied (Query
// trimmed, Limit 20 when zero): every backend's Search starts with it. An
// empty query is an error wrapping ErrBadQuery.
func (o SearchOptions) Normalize() (SearchOptions, error) {
	o.Query = strings.TrimSpace(o.Query)
	if o.Query == "" {
		return o, fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	if o.Filter.Query != "" {
		return o, errors.New("store: search: Filter.Query must be empty")
	}
	if o.Limit <= 0 {
		o.Limit = defaultSearchLimit
	}
	return o, nil
}

// NewStats returns empty Stats as every backend starts them: lists empty
// (never null in JSON) and every frontier state counted zero.
func NewStats() *Stats {
	return &Stats{Sites: []SiteCount{}, Days: []Count{}, Languages: []Count{},
		Failed: []Count{}, Skipped: []Count{},
		Queue: map[string]int{"queued": 0, "inflight": 0, "done": 0, "failed": 0, "skipped": 0}}
}

// SortDays puts st.Days in date order, oldest first (backends read the
// most recent StatsOptions.Days days, newest first).
func (st *Stats) SortDays() {
	sort.Slice(st.Days, func(i, j int) bool { return st.Days[i].Key < st.Days[j].Key })
}

// CheckMigrations compares the migrations applied to a database with the
// ones this program embeds: a database with one it does not know has a
// newer schema (its columns could mean something else), one lacking some
// needs upgrading by a writer first. Readers of every backend refuse both.
func CheckMigrations(applied, known map[string]bool) error {
	for name := range applied {
		if !known[name] {
			return fmt.Errorf("database has migration %s, unknown to this program: its schema is newer (upgrade newshound)", name)
		}
	}
	var missing []string
	for name := range known {
		if !applied[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("database lacks migration %s: open it once with `newshound crawl` to upgrade it", missing[0])
	}
	return nil
}

// JobLastSuccess returns the last success to record for a run of a job
// ending at t with status: t for an "ok" run, else the job's previous last
// success (read by previous) or "" for none, in TimeLayout.
func JobLastSuccess(status string, t time.Time, previous func() (JobState, error)) string {
	if status == "ok" {
		return t.UTC().Format(TimeLayout)
	}
	if js, err := previous(); err == nil && !js.LastSuccess.IsZero() {
		return js.LastSuccess.UTC().Format(TimeLayout)
	}
	return ""
}

// jobStateJSON is the jobs.state column: the scheduler's summary of the
// last run and the end of the last successful one.
type jobStateJSON struct {
	Summary     json.RawMessage `json:"summary"`
	LastSuccess string          `json:"last_success"`
}

// EncodeJobState returns the jobs.state value recording summary and the
// last success (in TimeLayout; "" for none), or nil when summary is nil
// (the column keeps its value).
func EncodeJobState(summary any, lastSuccess string) (*string, error) {
	if summary == nil {
		return nil, nil
	}
	b, err := json.Marshal(map[string]any{"summary": summary, "last_success": lastSuccess})
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// DecodeJobState fills js from a jobs row: start and finish times in
// TimeLayout ("" for none) and the state column. A state that does not
// decode leaves Summary and LastSuccess zero.
func DecodeJobState(js *JobState, start, finish, state string) {
	js.LastStart = parseUTC(start)
	js.LastFinish = parseUTC(finish)
	var st jobStateJSON
	if json.Unmarshal([]byte(state), &st) == nil {
		js.Summary = st.Summary
		js.LastSuccess = parseUTC(st.LastSuccess)
	}
}
