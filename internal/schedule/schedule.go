// Package schedule runs crawl jobs on cron schedules, unattended, for
// months: each job is an incremental crawl (see crawl.Options: conditional
// GETs, lastmod-driven and interval recrawls) over one shared database, no
// job overlaps itself (a run that is still going when its next slot comes
// makes that slot be skipped and logged), a job whose slot passed while the
// process was down runs at start, and every run's start, end and summary
// are recorded in the database, so the schedule survives restarts.
//
// It does not crawl (internal/crawl) or store (internal/store) itself.
//
// Files: schedule.go runs the jobs; file.go reads the schedule file.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/store"
)

// Hooks let a caller observe runs (metrics, tests). Nil fields are
// skipped. They may be called from several goroutines at once.
type Hooks struct {
	// Started is called when a job's run starts.
	Started func(job string, crawler *crawl.Crawler)
	// Finished is called when a run ends, with its summary and error.
	Finished func(job string, summary crawl.Snapshot, err error)
	// Skipped is called when a slot is skipped because the job's
	// previous run is still going.
	Skipped func(job string)
}

// Options configure a Scheduler. The zero value is usable.
type Options struct {
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Hooks observe runs.
	Hooks Hooks
	// WrapTransport, when not nil, wraps each job's fetch transport (to
	// time requests for metrics); it receives the job's name.
	WrapTransport func(job string, rt http.RoundTripper) http.RoundTripper
}

// JobRecorder keeps each job's runs (start, end, status, summary), so
// that the schedule survives restarts. *store.SQLite is one.
type JobRecorder interface {
	RecordJobStart(ctx context.Context, name string, t time.Time) error
	RecordJobEnd(ctx context.Context, name string, t time.Time, status string, summary any) error
	Job(ctx context.Context, name string) (store.JobState, error)
}

// Backends gives each job the frontier and store its runs crawl with.
type Backends interface {
	ForJob(name string) crawl.Backends
}

// sqliteBackends are the SQLite store and its frontier, for every job.
type sqliteBackends struct{ st *store.SQLite }

func (b sqliteBackends) ForJob(name string) crawl.Backends {
	return crawl.Backends{Frontier: b.st.Frontier().ForJob(name), Store: b.st}
}

// Scheduler runs the jobs of a schedule file over one store.
type Scheduler struct {
	store    JobRecorder
	backends Backends
	jobs     []*job
	opts     Options
}

type job struct {
	spec    Spec
	sched   cron.Schedule
	running atomic.Bool
}

// New returns a Scheduler for the jobs of f over st.
func New(f *File, st *store.SQLite, opts Options) (*Scheduler, error) {
	return NewOn(f, st, sqliteBackends{st}, opts)
}

// NewOn returns a Scheduler for the jobs of f that records their runs in
// rec and crawls on the backends b gives each job (a Redis frontier and a
// PostgreSQL store shared with other processes, say). On a frontier shared
// between processes, each run claims its job's settings
// (crawl.ClaimSettings): a run of the job elsewhere with other settings
// makes it fail.
func NewOn(f *File, rec JobRecorder, b Backends, opts Options) (*Scheduler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Scheduler{store: rec, backends: b, opts: opts}
	for _, spec := range f.Jobs {
		sched, err := ParseSchedule(spec.Schedule)
		if err != nil {
			return nil, fmt.Errorf("schedule: job %s: %w", spec.Name, err)
		}
		s.jobs = append(s.jobs, &job{spec: spec, sched: sched})
	}
	return s, nil
}

// ParseSchedule parses a standard 5-field cron expression or a descriptor
// such as "@hourly" or "@every 30m".
func ParseSchedule(expr string) (cron.Schedule, error) {
	sched, err := cron.ParseStandard(expr)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", expr, err)
	}
	return sched, nil
}

// RunOnce runs every job once, all at the same time, and returns when all
// have finished (or ctx is cancelled and they have drained). The error
// joins the jobs' errors.
func (s *Scheduler) RunOnce(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, j := range s.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.run(ctx, j); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("job %s: %w", j.spec.Name, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Run runs the jobs on their schedules until ctx is cancelled, then lets
// running crawls finish the requests in flight and returns.
func (s *Scheduler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, j := range s.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx, j)
		}()
	}
	wg.Wait()
	return nil
}

// loop fires one job at its slots. A slot missed while the process was
// down fires at once.
func (s *Scheduler) loop(ctx context.Context, j *job) {
	log := s.opts.Logger.With("job", j.spec.Name)
	var runs sync.WaitGroup
	defer runs.Wait()
	next := j.sched.Next(s.opts.Now())
	if st, err := s.store.Job(ctx, j.spec.Name); err == nil && !st.LastStart.IsZero() {
		if missed := j.sched.Next(st.LastStart); missed.Before(s.opts.Now()) {
			next = s.opts.Now()
			log.Info("slot missed while down: running now", "last_start", st.LastStart, "missed", missed)
		}
	}
	for {
		log.Info("next run", "at", next)
		wait := time.Until(next)
		if wait < 0 {
			wait = 0
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		if j.running.Load() {
			log.Warn("slot skipped: the previous run is still going")
			if h := s.opts.Hooks.Skipped; h != nil {
				h(j.spec.Name)
			}
			s.store.RecordJobEnd(context.WithoutCancel(ctx), j.spec.Name, s.opts.Now(), "skipped: previous run still going", nil)
		} else {
			runs.Add(1)
			go func() {
				defer runs.Done()
				if err := s.run(ctx, j); err != nil && !errors.Is(err, context.Canceled) {
					log.Error("run failed", "err", err)
				}
			}()
		}
		next = j.sched.Next(s.opts.Now())
	}
}

// run crawls one job once, recording its start, end and summary.
func (s *Scheduler) run(ctx context.Context, j *job) error {
	if !j.running.CompareAndSwap(false, true) {
		return errors.New("already running")
	}
	defer j.running.Store(false)
	name := j.spec.Name
	log := s.opts.Logger.With("job", name)
	record := context.WithoutCancel(ctx) // bookkeeping survives shutdown
	if err := s.store.RecordJobStart(record, name, s.opts.Now()); err != nil {
		return err
	}
	var wrap func(http.RoundTripper) http.RoundTripper
	if w := s.opts.WrapTransport; w != nil {
		wrap = func(rt http.RoundTripper) http.RoundTripper { return w(name, rt) }
	}
	b := s.backends.ForJob(name)
	if cl, ok := b.Frontier.(crawl.SettingsClaimer); ok {
		stop, err := crawl.ClaimSettings(ctx, cl, &j.spec.Job, log)
		if err != nil {
			s.store.RecordJobEnd(record, name, s.opts.Now(), "error: "+err.Error(), nil)
			return err
		}
		defer stop()
	}
	cr, err := crawl.FromJobOn(&j.spec.Job, b, log, wrap)
	if err != nil {
		s.store.RecordJobEnd(record, name, s.opts.Now(), "error: "+err.Error(), nil)
		return err
	}
	if h := s.opts.Hooks.Started; h != nil {
		h(name, cr)
	}
	log.Info("run started")
	snap, runErr := cr.Run(ctx)
	status := "ok"
	switch {
	case errors.Is(runErr, context.Canceled):
		status = "interrupted"
	case runErr != nil:
		status = "error: " + runErr.Error()
	}
	if err := s.store.RecordJobEnd(record, name, s.opts.Now(), status, snap); err != nil {
		log.Error("record run", "err", err)
	}
	log.Info("run finished", "status", status, "fetched", snap.Fetched, "articles", snap.Articles,
		"duplicates", snap.Duplicates, "not_modified", snap.NotModified, "elapsed", snap.Elapsed)
	if h := s.opts.Hooks.Finished; h != nil {
		h(name, snap, runErr)
	}
	return runErr
}
