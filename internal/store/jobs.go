package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// JobState is a crawl job's record in the database: when it last ran and
// how that ended. It survives restarts of the scheduler.
type JobState struct {
	Name string
	// LastStart is the start of the last run; zero if never run.
	LastStart time.Time
	// LastFinish is the end of the last finished run; zero if none.
	LastFinish time.Time
	// LastStatus is "ok", "interrupted", "skipped: ..." or the error that
	// ended the last run.
	LastStatus string
	// LastSuccess is the end of the last run that finished "ok".
	LastSuccess time.Time
	// Summary is the last run's summary (JSON), as the scheduler wrote it.
	Summary json.RawMessage
}

// RecordJobStart records that job name started at t.
func (s *SQLite) RecordJobStart(ctx context.Context, name string, t time.Time) error {
	err := s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs(name, last_start, updated_at) VALUES (?1, ?2, ?2)
			ON CONFLICT(name) DO UPDATE SET last_start = ?2, updated_at = ?2`, name, t.UTC().Format(timeLayout))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record job %s start: %w", name, err)
	}
	return nil
}

// RecordJobEnd records how job name's run ended at t, with its summary
// (any JSON-encodable value; nil keeps the previous one). A status of "ok"
// also sets the last success time.
func (s *SQLite) RecordJobEnd(ctx context.Context, name string, t time.Time, status string, summary any) error {
	state, err := EncodeJobState(summary, s.lastSuccess(ctx, name, t, status))
	if err != nil {
		return fmt.Errorf("store: record job %s: %w", name, err)
	}
	at := t.UTC().Format(timeLayout)
	err = s.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs(name, last_finish, last_status, state, updated_at) VALUES (?1, ?2, ?3, coalesce(?4, '{}'), ?2)
			ON CONFLICT(name) DO UPDATE SET last_finish = ?2, last_status = ?3, state = coalesce(?4, state), updated_at = ?2`,
			name, at, status, state)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record job %s end: %w", name, err)
	}
	return nil
}

// lastSuccess is t for an "ok" run, else the job's previous last success.
func (s *SQLite) lastSuccess(ctx context.Context, name string, t time.Time, status string) string {
	return JobLastSuccess(status, t, func() (JobState, error) { return s.Job(ctx, name) })
}

// ErrNoJob is returned by Job for a job that never ran.
var ErrNoJob = errors.New("store: no such job")

// Job returns the record of job name, or ErrNoJob.
func (s *SQLite) Job(ctx context.Context, name string) (JobState, error) {
	var (
		js            JobState
		start, finish sql.NullString
		state         string
	)
	err := s.rdb.QueryRowContext(ctx, `SELECT name, last_start, last_finish, last_status, state FROM jobs WHERE name = ?`, name).
		Scan(&js.Name, &start, &finish, &js.LastStatus, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return js, ErrNoJob
	}
	if err != nil {
		return js, fmt.Errorf("store: job %s: %w", name, err)
	}
	DecodeJobState(&js, start.String, finish.String, state)
	return js, nil
}

func parseUTC(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
