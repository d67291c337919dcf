package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
	"github.com/newshound/newshound/internal/robots/redisrobots"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// crawlBackends are the frontier and store a crawl or a schedule runs on:
// the SQLite file for both (the default), or a Redis frontier and a
// PostgreSQL store shared by many processes, or the SQLite frontier with a
// PostgreSQL store.
type crawlBackends struct {
	// sqlite is the --db file, open when the store or the frontier is it;
	// sqliteShared when the caller opened it (and closes it).
	sqlite       *store.SQLite
	sqliteShared bool
	pg           *pgstore.PG
	redis        *redisfrontier.Frontier
	// frontierName and storeName name them for logs, without credentials.
	frontierName, storeName string
}

// backendLocations are where the frontier and store live ("" for the
// SQLite file db).
type backendLocations struct {
	frontier, store, db string
}

// connectTimeout bounds connecting to a server at start: an unreachable
// one is an error within it.
const connectTimeout = 15 * time.Second

// openCrawlBackends opens the backends at loc. politeness gives the Redis
// frontier the shared per-host limits (host parallelism, delay, attempts,
// lease timeout). Errors name servers without their passwords.
// crawlCommitWait is how long a crawl's SQLite writer keeps a transaction
// open before committing (store.Options.BatchWait). Commits cost CPU in
// proportion to the pages they write, so fewer, larger ones leave more
// for fetching and extraction; a save waits up to this long, a lease not
// at all.
const crawlCommitWait = 10 * time.Millisecond

func openCrawlBackends(ctx context.Context, loc backendLocations, politeness redisfrontier.Options) (*crawlBackends, error) {
	return openBackends(ctx, loc, politeness, nil)
}

// openBackends is openCrawlBackends, with the SQLite store of loc.db
// already open when sqlite is not nil (not closed by Close).
func openBackends(ctx context.Context, loc backendLocations, politeness redisfrontier.Options, sqlite *store.SQLite) (*crawlBackends, error) {
	b := &crawlBackends{sqlite: sqlite, sqliteShared: sqlite != nil}
	ok := false
	defer func() {
		if !ok {
			b.Close()
		}
	}()
	if loc.frontier != "" && !isRedisURL(loc.frontier) {
		return nil, fmt.Errorf("--frontier %s: want redis://HOST:PORT/DB (or none for the SQLite file --db)", redactLocation(loc.frontier))
	}
	if loc.store != "" && !isPostgresURL(loc.store) {
		return nil, fmt.Errorf("--store %s: want postgres://... (or none for the SQLite file --db)", redactLocation(loc.store))
	}
	if loc.frontier != "" && loc.store == "" {
		return nil, errors.New("a Redis frontier needs a shared store: give --store postgres://... (the SQLite store keeps URL states in its own file)")
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), connectTimeout)
	defer cancel()
	if loc.store != "" {
		b.storeName = pgstore.Redact(loc.store)
		pg, err := pgstore.Open(cctx, loc.store, pgstore.Options{})
		if err != nil {
			return nil, fmt.Errorf("store %s unreachable or unusable: %w", b.storeName, err)
		}
		b.pg = pg
	}
	if loc.frontier != "" {
		b.frontierName = redisfrontier.Redact(loc.frontier)
		fr, err := redisfrontier.Open(cctx, loc.frontier, politeness)
		if err != nil {
			return nil, fmt.Errorf("frontier %s unreachable or unusable: %w", b.frontierName, err)
		}
		b.redis = fr
	}
	if (loc.frontier == "" || loc.store == "") && b.sqlite == nil {
		// Store work must finish even when ctx is cancelled (draining).
		st, err := store.Open(context.WithoutCancel(ctx), loc.db, store.Options{PerHost: politeness.HostParallel, BatchWait: crawlCommitWait})
		if err != nil {
			return nil, err
		}
		b.sqlite = st
	}
	if loc.frontier == "" {
		b.frontierName = loc.db
	}
	if loc.store == "" {
		b.storeName = loc.db
	}
	ok = true
	return b, nil
}

// openSharedBackends opens the servers at loc for a schedule whose run
// records are in the already open SQLite store st (also the jobs' queues
// without a Redis frontier), which the result does not close.
func openSharedBackends(ctx context.Context, loc backendLocations, st *store.SQLite) (*crawlBackends, error) {
	// Every job gets its own politeness (forJob): no options here.
	return openBackends(ctx, loc, redisfrontier.Options{}, st)
}

// forJob returns the backends of one job: on Redis, with the job's
// politeness (redisOptions).
func (b *crawlBackends) forJob(job *crawl.Job) crawl.Backends {
	var out crawl.Backends
	if b.redis != nil {
		out.Frontier = b.redis.WithOptions(redisOptions(job)).ForJob(job.Name)
		out.Robots = redisrobots.New(b.redis.Client(), redisrobots.Options{})
	} else {
		out.Frontier = b.sqlite.Frontier().ForJob(job.Name)
	}
	if b.pg != nil {
		out.Store = b.pg
	} else {
		out.Store = b.sqlite
	}
	return out
}

// jobFrontier returns the job's frontier, for progress counts.
func (b *crawlBackends) jobFrontier(job *crawl.Job) frontier.Frontier { return b.forJob(job).Frontier }

// scheduleBackends are crawlBackends for the jobs of a schedule file
// (schedule.Backends).
type scheduleBackends struct {
	b    *crawlBackends
	jobs map[string]*crawl.Job
}

// ForJob returns the backends of the named job.
func (s scheduleBackends) ForJob(name string) crawl.Backends {
	job := s.jobs[name]
	if job == nil {
		job = &crawl.Job{Name: name}
	}
	return s.b.forJob(job)
}

// claimSettings records the job's settings on a shared frontier (refusing
// a job run elsewhere with other settings); stop ends the claim. Without a
// shared frontier it does nothing.
func (b *crawlBackends) claimSettings(ctx context.Context, job *crawl.Job, logger *slog.Logger) (stop func(), err error) {
	if b.redis == nil {
		return func() {}, nil
	}
	stop, err = crawl.ClaimSettings(ctx, b.forJob(job).Frontier.(crawl.SettingsClaimer), job, logger)
	if err != nil {
		return nil, fmt.Errorf("frontier %s: %w", b.frontierName, err)
	}
	return stop, nil
}

// Close closes what is open; the first error is returned.
func (b *crawlBackends) Close() error {
	var errs []error
	if b.pg != nil {
		errs = append(errs, b.pg.Close())
	}
	if b.redis != nil {
		errs = append(errs, b.redis.Close())
	}
	if b.sqlite != nil && !b.sqliteShared {
		errs = append(errs, b.sqlite.Close())
	}
	return errors.Join(errs...)
}

// redactLocation hides the password of a location that is neither
// PostgreSQL nor Redis (a typo'd scheme may still carry one).
func redactLocation(loc string) string {
	if isPostgresURL(loc) {
		return pgstore.Redact(loc)
	}
	return redisfrontier.Redact(loc)
}
