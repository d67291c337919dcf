package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/store"
)

var _ store.JobRecorder = (*PG)(nil)

// RecordJobStart records that job name started at t.
func (s *PG) RecordJobStart(ctx context.Context, name string, t time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO jobs (name, last_start, updated_at) VALUES ($1, $2, $2)
		ON CONFLICT (name) DO UPDATE SET last_start = $2, updated_at = $2`, name, t.UTC().Format(store.TimeLayout))
	if err != nil {
		return fmt.Errorf("pgstore: record job %s start on %s: %w", name, s.name, err)
	}
	return nil
}

// RecordJobEnd records how job name's run ended at t, with its summary
// (any JSON-encodable value; nil keeps the previous one). A status of "ok"
// also sets the last success time.
func (s *PG) RecordJobEnd(ctx context.Context, name string, t time.Time, status string, summary any) error {
	state, err := store.EncodeJobState(summary, store.JobLastSuccess(status, t, func() (store.JobState, error) {
		return s.Job(ctx, name)
	}))
	if err != nil {
		return fmt.Errorf("pgstore: record job %s: %w", name, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO jobs (name, last_finish, last_status, state, updated_at)
		VALUES ($1, $2, $3, coalesce($4, '{}'), $2)
		ON CONFLICT (name) DO UPDATE SET last_finish = $2, last_status = $3,
			state = coalesce($4, jobs.state), updated_at = $2`,
		name, t.UTC().Format(store.TimeLayout), status, state)
	if err != nil {
		return fmt.Errorf("pgstore: record job %s end on %s: %w", name, s.name, err)
	}
	return nil
}

// Job returns the record of job name, or store.ErrNoJob.
func (s *PG) Job(ctx context.Context, name string) (store.JobState, error) {
	js, err := s.Reader().job(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNoJob) {
		return js, fmt.Errorf("pgstore: job %s on %s: %w", name, s.name, err)
	}
	return js, err
}

// job reads one jobs row.
func (r *Reader) job(ctx context.Context, name string) (store.JobState, error) {
	js := store.JobState{Name: name}
	var start, finish *string
	var state string
	err := r.pool.QueryRow(ctx, `SELECT last_start, last_finish, last_status, state FROM jobs WHERE name = $1`, name).
		Scan(&start, &finish, &js.LastStatus, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		return js, store.ErrNoJob
	}
	if err != nil {
		return js, err
	}
	store.DecodeJobState(&js, deref(start), deref(finish), state)
	return js, nil
}

// Jobs returns the record of every job, by name.
func (r *Reader) Jobs(ctx context.Context) ([]store.JobState, error) {
	rows, err := r.pool.Query(ctx, `SELECT name, last_start, last_finish, last_status, state FROM jobs ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("pgstore: jobs on %s: %w", r.name, err)
	}
	defer rows.Close()
	var out []store.JobState
	for rows.Next() {
		var (
			js            store.JobState
			start, finish *string
			state         string
		)
		if err := rows.Scan(&js.Name, &start, &finish, &js.LastStatus, &state); err != nil {
			return nil, fmt.Errorf("pgstore: jobs on %s: %w", r.name, err)
		}
		store.DecodeJobState(&js, deref(start), deref(finish), state)
		out = append(out, js)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: jobs on %s: %w", r.name, err)
	}
	return out, nil
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
