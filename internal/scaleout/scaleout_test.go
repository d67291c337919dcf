package scaleout_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jackc/pgx/v5"

	"github.com/newshound/newshound/internal/clustertest"
)

// articles is the size of the generated site: a few hundred articles keep
// each test to seconds.
const articles = 300

// TestThreeWorkers crawls the site with 3 worker processes through one
// Redis and one PostgreSQL: every expected article stored exactly once,
// nothing disallowed fetched, and never more requests in flight to the
// host than --host-parallelism, counted at the server across all workers.
func TestThreeWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site, m, srv := newSite(t, articles)
	m.slow = 5 * time.Millisecond // let requests overlap
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	const perHost = 3
	var ws []*worker
	for range 3 {
		ws = append(ws, startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn,
			"--host-parallelism", "3")...))
	}
	total := 0
	for i, w := range ws {
		if err := w.wait(t, 2*time.Minute); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, w.errOut.String())
		}
		s := w.summary(t)
		t.Logf("worker %d: %+v", i, s)
		total += s.Fetched
		if s.Fetched == 0 {
			t.Errorf("worker %d fetched nothing: the work was not shared", i)
		}
	}
	as := pgCorpus(t, dsn)
	checkExpected(t, site, srv.URL, as)
	checkNotDisallowed(t, site, m)
	m.mu.Lock()
	peak := m.maxInflight
	m.mu.Unlock()
	t.Logf("%d fetches, %d requests at the server, peak %d in flight (limit %d)", total, m.count(), peak, perHost)
	if peak > perHost {
		t.Errorf("peak of %d requests in flight to the host across workers, limit %d", peak, perHost)
	}
}

// TestKillWorker kills one of 3 workers with SIGKILL mid-crawl: the URLs
// it held are fetched by the others once their lease expires, and the
// corpus ends as a single-process crawl's.
func TestKillWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site, m, srv := newSite(t, articles)

	// The reference: one process, SQLite.
	ref := filepath.Join(t.TempDir(), "ref.db")
	w := startWorker(t, nil, crawlArgs(srv.URL, "--db", ref, "--host-parallelism", "6")...)
	if err := w.wait(t, 2*time.Minute); err != nil {
		t.Fatalf("reference crawl: %v\n%s", err, w.errOut.String())
	}
	want := sqliteCorpus(t, ref)
	if len(want) == 0 {
		t.Fatal("reference crawl stored nothing")
	}
	before := m.count()

	// Slow article pages and few requests per worker (--concurrency 2: a
	// worker leases at most 4 URLs ahead, and 3 of them fit in the host's
	// 12 slots, so none is starved): the crawl lasts seconds and every
	// worker always holds leases, so the one killed strands some.
	m.slow = 150 * time.Millisecond
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	const lease = 3 * time.Second
	args := crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn, "--host-parallelism", "12", "--concurrency", "2", "--lease-timeout", lease.String())
	var ws []*worker
	for range 3 {
		ws = append(ws, startWorker(t, nil, args...))
	}
	// Kill worker 0 once a third of the reference's requests are done.
	// It may hold no lease at that instant: then start another worker in
	// its place and kill that one a little later.
	mustReach(t, func() bool { return m.count()-before >= before/3 }, "a third of the reference's requests")
	rdb := redisClient(t, redisURL)
	leasesKey := "newshound:{e2e}:leases"
	var (
		stranded []string
		killedAt time.Time
	)
	for try := 1; len(stranded) == 0; try++ {
		if try > 5 {
			t.Fatal("no killed worker held a lease: nothing to check (make the site slower?)")
		}
		ws[0].cmd.Process.Signal(syscall.SIGKILL)
		killedAt = time.Now()
		<-ws[0].done
		atKill, _ := rdb.ZRange(context.Background(), leasesKey, 0, -1).Result()
		// The live workers finish their URLs in milliseconds; the dead
		// one's stay leased until the lease expires.
		time.Sleep(lease / 3)
		still, _ := rdb.ZRange(context.Background(), leasesKey, 0, -1).Result()
		stranded = intersect(atKill, still)
		t.Logf("kill %d after %d requests: %d leases at the kill, %d of them still leased %v later", try, m.count()-before, len(atKill), len(stranded), lease/3)
		if len(stranded) == 0 {
			ws[0] = startWorker(t, nil, args...)
			// The crawl may end before 30 more requests: then the next
			// kill finds no lease and the test says so.
			n := m.count()
			reach(10*time.Second, func() bool { return m.count() >= n+30 })
		}
	}
	for i, w := range ws[1:] {
		if err := w.wait(t, 2*time.Minute); err != nil {
			t.Fatalf("worker %d: %v\n%s", i+1, err, w.errOut.String())
		}
	}
	// Each stranded URL was fetched again by a live worker, after its
	// lease expired (not before: nobody else may take a leased URL).
	for _, u := range stranded {
		path := strings.TrimPrefix(u, srv.URL)
		var refetched time.Time
		m.mu.Lock()
		for _, h := range m.hits {
			if h.path == path && h.at.After(killedAt) {
				refetched = h.at
			}
		}
		m.mu.Unlock()
		switch {
		case refetched.IsZero():
			t.Errorf("%s, leased by the killed worker, was never fetched again", u)
		case refetched.Sub(killedAt) < lease/3:
			t.Errorf("%s fetched again %v after the kill, before its lease (%v) could expire", u, refetched.Sub(killedAt), lease)
		}
		state, _ := rdb.HGet(context.Background(), "newshound:{e2e}:u:"+u, "state").Result()
		if state != "done" {
			t.Errorf("%s ends %q, want done", u, state)
		}
	}
	got := pgCorpus(t, dsn)
	sameCorpus(t, got, want)
	checkExpected(t, site, srv.URL, got)
}

// TestRedisRestartWithoutPersistence restarts Redis mid-crawl with its
// data lost: the workers retry until it is back, notice that the job is
// gone, re-seed it from the store, and the crawl completes with the full
// corpus.
func TestRedisRestartWithoutPersistence(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site, m, srv := newSite(t, articles)
	m.slow = 10 * time.Millisecond
	sock := filepath.Join(t.TempDir(), "redis.sock")
	r, err := clustertest.NewRedis(sock)
	if err != nil {
		t.Skip(err)
	}
	dsn := pg.NewDatabaseURL(t)
	args := crawlArgs(srv.URL, "--frontier", r.URL, "--store", dsn, "--host-parallelism", "4")
	ws := []*worker{startWorker(t, nil, args...), startWorker(t, nil, args...)}
	mustReach(t, func() bool { return m.count() >= articles/2 }, "half the articles fetched")
	r.Stop()
	time.Sleep(time.Second) // the workers find it gone
	r, err = clustertest.NewRedis(sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	reseeded := 0
	for i, w := range ws {
		if err := w.wait(t, 2*time.Minute); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, w.errOut.String())
		}
		t.Logf("worker %d: %+v", i, w.summary(t))
		if strings.Contains(w.errOut.String(), "re-seeded it from the store") {
			reseeded++
		}
	}
	if reseeded == 0 {
		t.Error("no worker re-seeded the job after the restart")
	}
	checkExpected(t, site, srv.URL, pgCorpus(t, dsn))
	checkNotDisallowed(t, site, m)
}

// TestPostgresRestart stops PostgreSQL mid-crawl and starts it again: the
// workers wait for it with their results in hand, and no article is lost.
func TestPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	restart := postgresRestarter(t)
	site, m, srv := newSite(t, articles)
	m.slow = 10 * time.Millisecond
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	args := crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn, "--host-parallelism", "4")
	ws := []*worker{startWorker(t, nil, args...), startWorker(t, nil, args...)}
	mustReach(t, func() bool { return m.count() >= articles/2 }, "half the articles fetched")
	restart(2 * time.Second)
	for i, w := range ws {
		if err := w.wait(t, 2*time.Minute); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, w.errOut.String())
		}
		t.Logf("worker %d: %+v", i, w.summary(t))
	}
	checkExpected(t, site, srv.URL, pgCorpus(t, dsn))
}

// TestOtherSettingsRefused starts a second worker of the same job with
// another delay while the first runs: it is refused, naming the setting.
func TestOtherSettingsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	_, m, srv := newSite(t, articles)
	m.slow = 20 * time.Millisecond
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	first := startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn)...)
	mustReach(t, func() bool { return m.count() >= 5 }, "5 requests")
	second := startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn, "--delay", "2s")...)
	err := second.wait(t, 30*time.Second)
	if err == nil {
		t.Fatal("a worker with another --delay joined the crawl")
	}
	if msg := second.errOut.String(); !strings.Contains(msg, "other settings") || !strings.Contains(msg, "delay") {
		t.Errorf("refusal does not name the setting:\n%s", msg)
	}
	// The same settings are welcome.
	third := startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn)...)
	if err := third.wait(t, 2*time.Minute); err != nil {
		t.Errorf("a worker with the same settings: %v\n%s", err, third.errOut.String())
	}
	if err := first.wait(t, 2*time.Minute); err != nil {
		t.Errorf("first worker: %v\n%s", err, first.errOut.String())
	}
}

// TestUnreachableServers: a server that does not answer at start is an
// error naming it, without its password, within seconds; credentials
// given through the environment never show in the output of a crawl.
func TestUnreachableServers(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	_, _, srv := newSite(t, 20)
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	for _, c := range []struct {
		name, frontier, store, want string
	}{
		{"redis", "redis://user:r3dis-secret@127.0.0.1:1/0", dsn, "127.0.0.1:1"},
		{"postgres", redisURL, "postgres://news:pg-s3cret@127.0.0.1:1/news", "127.0.0.1:1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			w := startWorker(t, []string{"NEWSHOUND_FRONTIER=" + c.frontier, "NEWSHOUND_STORE=" + c.store}, crawlArgs(srv.URL)...)
			err := w.wait(t, time.Minute)
			if err == nil {
				t.Fatal("crawl against an unreachable server succeeded")
			}
			msg := w.errOut.String() + w.out.String()
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %v to give up", took)
			}
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "unreachable") {
				t.Errorf("error does not name the server:\n%s", msg)
			}
			for _, secret := range []string{"r3dis-secret", "pg-s3cret"} {
				if strings.Contains(msg, secret) {
					t.Errorf("output shows the password %q:\n%s", secret, msg)
				}
			}
		})
	}
}

// TestCredentialsRedacted crawls with a password in the store URL (which
// PostgreSQL's trust authentication ignores) and debug logs: the password
// never shows in logs or the summary.
func TestCredentialsRedacted(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site, _, srv := newSite(t, 20)
	redisURL := clustertest.StartRedis(t)
	dsn := strings.Replace(pg.NewDatabaseURL(t), "postgres@", "postgres:pg-s3cret-pw@", 1)
	if !strings.Contains(dsn, "pg-s3cret-pw") {
		t.Fatalf("no password in %s", dsn)
	}
	w := startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn, "--log-level", "debug", "--log-format", "json")...)
	if err := w.wait(t, time.Minute); err != nil {
		t.Fatalf("%v\n%s", err, w.errOut.String())
	}
	out := w.errOut.String() + w.out.String()
	if strings.Contains(out, "pg-s3cret-pw") {
		t.Errorf("the password shows in the output")
	}
	if !strings.Contains(out, "xxxxx") {
		t.Errorf("the store is not named (redacted) in the logs")
	}
	checkExpected(t, site, srv.URL, pgCorpus(t, dsn))
}

func redisClient(t *testing.T, u string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(o)
	t.Cleanup(func() { c.Close() })
	return c
}

func intersect(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if in[s] {
			out = append(out, s)
		}
	}
	return out
}

// TestScheduleOnShared runs a schedule file's job once with its queue on
// Redis and its articles in PostgreSQL (the run records stay in the db
// file), next to a `newshound crawl` worker of the same job.
func TestScheduleOnShared(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site, _, srv := newSite(t, 100)
	redisURL := clustertest.StartRedis(t)
	dsn := pg.NewDatabaseURL(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "jobs.yaml")
	body := "db: " + filepath.Join(dir, "runs.db") + "\nstore: " + dsn + "\njobs:\n  - name: e2e\n    schedule: \"@hourly\"\n    seeds: [" + srv.URL + "/]\n    delay: 0s\n    timeout: 5s\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	sched := startWorker(t, []string{"NEWSHOUND_FRONTIER=" + redisURL}, "schedule", "--config", file, "--once", "--log-level", "warn")
	crawler := startWorker(t, nil, crawlArgs(srv.URL, "--frontier", redisURL, "--store", dsn)...)
	for name, w := range map[string]*worker{"schedule": sched, "crawl": crawler} {
		if err := w.wait(t, 2*time.Minute); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, w.errOut.String())
		}
	}
	checkExpected(t, site, srv.URL, pgCorpus(t, dsn))
	// The run is recorded in PostgreSQL, next to the corpus.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var status string
	if err := conn.QueryRow(ctx, `SELECT last_status FROM jobs WHERE name = 'e2e'`).Scan(&status); err != nil {
		t.Fatalf("no run record of job e2e in PostgreSQL: %v", err)
	}
	if status != "ok" {
		t.Errorf("job e2e's last status in PostgreSQL = %q, want ok", status)
	}
}

// reach polls cond every 5 ms until it holds or d has passed, and reports
// whether it held.
func reach(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// mustReach is reach with a minute's patience, failing the test (instead
// of hanging it) when the crawl never gets there.
func mustReach(t *testing.T, cond func() bool, what string) {
	t.Helper()
	if !reach(time.Minute, cond) {
		t.Fatalf("the crawl did not reach %s within a minute", what)
	}
}
