// Package scaleout_test tests crawls spread over several newshound
// processes sharing one Redis frontier and one PostgreSQL store, end to
// end: real worker processes (this test binary re-executed as
// `newshound crawl ...`), real servers (internal/clustertest), the
// generated test site (internal/testsite) behind a handler that measures
// what the workers do to it.
package scaleout_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/mattn/go-sqlite3"

	"github.com/newshound/newshound/internal/cli"
	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/testsite"
)

// pg is the PostgreSQL server of the tests.
var pg *clustertest.Postgres

// workerArgsEnv carries a worker subprocess's command line (JSON).
const workerArgsEnv = "NEWSHOUND_TEST_WORKER_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(workerArgsEnv); args != "" {
		os.Exit(runWorker(args))
	}
	var err error
	if pg, err = clustertest.StartPostgres(); err != nil {
		fmt.Fprintln(os.Stderr, "scaleout tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// runWorker runs newshound with the JSON-encoded args, as cmd/newshound
// does, and returns its exit code.
func runWorker(argsJSON string) int {
	var args []string
	if err := json.Unmarshal([]byte(argsJSON), &args); err != nil {
		fmt.Fprintln(os.Stderr, "worker args:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := cli.NewRoot(cli.OSEnv())
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "newshound:", err)
		return 1
	}
	return 0
}

// worker is one newshound process.
type worker struct {
	cmd    *exec.Cmd
	out    bytes.Buffer // stdout: the summary
	errOut lockedBuffer // stderr: logs
	done   chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startWorker starts `newshound args...` with extra environment variables.
func startWorker(t *testing.T, env []string, args ...string) *worker {
	t.Helper()
	b, _ := json.Marshal(args)
	w := &worker{cmd: exec.Command(os.Args[0], "-test.run=^$"), done: make(chan error, 1)}
	w.cmd.Env = append(append(os.Environ(), workerArgsEnv+"="+string(b)), env...)
	w.cmd.Stdout, w.cmd.Stderr = &w.out, &w.errOut
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			<-w.done
		}
	})
	return w
}

// wait waits for the worker to exit, up to d, and returns its error.
func (w *worker) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case err := <-w.done:
		return err
	case <-time.After(d):
		w.cmd.Process.Kill()
		<-w.done
		t.Fatalf("worker did not finish in %v; its log:\n%s", d, w.errOut.String())
		return nil
	}
}

// summary is the part of a worker's --summary-json output the tests read.
type summary struct {
	Fetched, Articles, Duplicates, Existing int
}

func (w *worker) summary(t *testing.T) summary {
	t.Helper()
	var s summary
	if err := json.Unmarshal(w.out.Bytes(), &s); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s\nlog:\n%s", err, w.out.String(), w.errOut.String())
	}
	return s
}

// meter wraps the test site: it counts requests in flight (robots.txt
// apart: it is fetched outside the frontier's leases) and keeps every
// request's path, start time and whether its client went away.
type meter struct {
	h http.Handler

	mu          sync.Mutex
	inflight    int
	maxInflight int
	hits        []hit
	slow        time.Duration
}

type hit struct {
	path      string
	at        time.Time
	abandoned bool // the client went away before the answer (a killed worker)
}

func (m *meter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		m.h.ServeHTTP(w, r)
		return
	}
	m.mu.Lock()
	m.inflight++
	m.maxInflight = max(m.maxInflight, m.inflight)
	i := len(m.hits)
	m.hits = append(m.hits, hit{path: r.URL.Path, at: time.Now()})
	slow := m.slow
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.inflight--
		m.mu.Unlock()
	}()
	if slow > 0 && strings.HasPrefix(r.URL.Path, "/news/") {
		select {
		case <-time.After(slow):
		case <-r.Context().Done():
			m.mu.Lock()
			m.hits[i].abandoned = true
			m.mu.Unlock()
			return
		}
	}
	m.h.ServeHTTP(w, r)
}

func (m *meter) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.hits)
}

// newSite serves a generated site of n articles behind a meter.
func newSite(t *testing.T, n int) (*testsite.Site, *meter, *httptest.Server) {
	t.Helper()
	site := testsite.New(testsite.Options{Articles: n, Traps: true, Syndicated: 5})
	m := &meter{h: site}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { site.Close() })
	return site, m, srv
}

// crawlArgs are the worker command line for a crawl of srv.
func crawlArgs(srvURL string, extra ...string) []string {
	return append([]string{"crawl", srvURL + "/", "--job", "e2e", "--delay", "0", "--concurrency", "8",
		"--timeout", "5s", "--progress", "never", "--summary-json", "--log-level", "warn"}, extra...)
}

// article is a stored article as the corpus comparison sees it.
type article struct {
	key, url, canonical, hash string
	id, dupOf                 int64
}

// corpus reads every stored article of a PostgreSQL store.
func pgCorpus(t *testing.T, dsn string) []article {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, corpusSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	return scanCorpus(t, rows)
}

// corpusSQL selects what a corpus comparison reads of every article.
const corpusSQL = `SELECT id, key, url, canonical_url, content_hash, coalesce(duplicate_of, 0) FROM articles ORDER BY id`

// scanCorpus reads corpusSQL's rows, from PostgreSQL (pgx.Rows) or SQLite
// (*sql.Rows).
func scanCorpus(t *testing.T, rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) []article {
	t.Helper()
	var out []article
	for rows.Next() {
		var a article
		if err := rows.Scan(&a.id, &a.key, &a.url, &a.canonical, &a.hash, &a.dupOf); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sqliteCorpus reads every stored article of a SQLite store.
func sqliteCorpus(t *testing.T, path string) []article {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(corpusSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	return scanCorpus(t, rows)
}

// shape is a corpus in a form independent of storage order: each key with
// its content hash, and the duplicate groups (an original and the keys
// marked as its duplicates) as sorted key lists. Which member of a group
// is the original depends on which was fetched first, so groups are
// compared as sets.
func shape(as []article) (hashes map[string]string, groups []string) {
	hashes = make(map[string]string, len(as))
	byID := make(map[int64]string, len(as))
	for _, a := range as {
		hashes[a.key] = a.hash
		byID[a.id] = a.key
	}
	members := map[int64][]string{}
	for _, a := range as {
		root := a.id
		if a.dupOf != 0 {
			root = a.dupOf
		}
		members[root] = append(members[root], a.key)
	}
	for _, m := range members {
		if len(m) > 1 {
			sort.Strings(m)
			groups = append(groups, strings.Join(m, " "))
		}
	}
	sort.Strings(groups)
	return hashes, groups
}

// sameCorpus reports how got differs from want (keys, content hashes,
// duplicate groups).
func sameCorpus(t *testing.T, got, want []article) {
	t.Helper()
	gh, gg := shape(got)
	wh, wg := shape(want)
	if len(got) != len(gh) {
		t.Errorf("%d articles stored under %d keys: some key stored twice", len(got), len(gh))
	}
	for k, h := range wh {
		if g, ok := gh[k]; !ok {
			t.Errorf("missing article %s", k)
		} else if g != h {
			t.Errorf("article %s: content hash %s, want %s", k, g, h)
		}
	}
	for k := range gh {
		if _, ok := wh[k]; !ok {
			t.Errorf("extra article %s", k)
		}
	}
	if strings.Join(gg, "\n") != strings.Join(wg, "\n") {
		t.Errorf("duplicate groups differ:\ngot  %q\nwant %q", gg, wg)
	}
}

// checkExpected checks that every article the site expects is stored
// exactly once as an original.
func checkExpected(t *testing.T, site *testsite.Site, srvURL string, as []article) {
	t.Helper()
	originals := 0
	count := map[string]int{}
	for _, a := range as {
		if a.dupOf != 0 {
			continue
		}
		originals++
		count[a.url]++
		if a.canonical != a.url {
			count[a.canonical]++
		}
	}
	want := site.ExpectedArticles()
	for _, e := range want {
		if n := count[srvURL+e.Path]; n != 1 {
			t.Errorf("article %s (via %s) stored %d times, want 1", e.Path, e.Via, n)
		}
	}
	if originals != len(want) {
		t.Errorf("%d original articles stored, want %d", originals, len(want))
	}
}

// checkNotDisallowed checks that no path robots.txt disallows was fetched.
func checkNotDisallowed(t *testing.T, site *testsite.Site, m *meter) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range m.hits {
		for _, d := range site.Disallowed() {
			if strings.HasPrefix(h.path, d) {
				t.Errorf("disallowed %s fetched", h.path)
			}
		}
	}
}

// postgresRestarter returns a function that stops the test PostgreSQL
// server, waits down, and starts it again with the same options. It skips
// the test when the server is not a throwaway cluster of clustertest.
func postgresRestarter(t *testing.T) func(down time.Duration) {
	t.Helper()
	if pg == nil || pg.DSN == "" || os.Getenv("NEWSHOUND_TEST_POSTGRES") != "" {
		t.Skip("needs a throwaway PostgreSQL cluster")
	}
	cfg, err := pgx.ParseConfig(pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(cfg.Host, "data") // clustertest's layout
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Skip("no pg_ctl")
	}
	sort.Strings(bins)
	pgctl := bins[len(bins)-1]
	run := func(args ...string) {
		argv := append([]string{pgctl}, args...)
		if os.Geteuid() == 0 {
			argv = append([]string{"runuser", "-u", "postgres", "--"}, argv...)
		}
		if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", argv, err, out)
		}
	}
	return func(down time.Duration) {
		run("stop", "-D", data, "-m", "fast", "-w")
		time.Sleep(down)
		// restart reads the options of the last start (postmaster.opts).
		run("restart", "-D", data, "-w", "-l", filepath.Join(cfg.Host, "log"))
	}
}
