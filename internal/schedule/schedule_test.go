package schedule

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

func TestParse(t *testing.T) {
	ok := "db: x.db\njobs:\n  - name: a\n    schedule: '*/30 * * * *'\n    seeds: [https://example.org/]\n    delay: 2s\n  - name: b\n    schedule: '@every 1h'\n    sitemaps: [https://example.net/sitemap.xml]\n"
	f, err := Parse([]byte(ok), "jobs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.DB != "x.db" || len(f.Jobs) != 2 || f.Jobs[0].Delay.Duration != 2*time.Second || f.Jobs[1].Schedule != "@every 1h" {
		t.Errorf("parsed %+v", f)
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"no jobs", "db: x.db\n", "no jobs"},
		{"bad cron", "jobs:\n  - name: a\n    schedule: 'every day'\n    seeds: [https://e.org/]\n", "schedule"},
		{"no name", "jobs:\n  - schedule: '@hourly'\n    seeds: [https://e.org/]\n", "no name"},
		{"twice", "jobs:\n  - {name: a, schedule: '@hourly', seeds: [https://e.org/]}\n  - {name: a, schedule: '@hourly', seeds: [https://e.org/]}\n", "twice"},
		{"no seeds", "jobs:\n  - {name: a, schedule: '@hourly'}\n", "no seeds"},
		{"unknown key", "jobs:\n  - {name: a, schedule: '@hourly', seeds: [https://e.org/], speed: 3}\n", "speed"},
		{"own db", "db: a.db\njobs:\n  - {name: a, schedule: '@hourly', seeds: [https://e.org/], db: b.db}\n", "db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Parse([]byte(tc.yaml), "jobs.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func fileFor(urls map[string]string, schedule string) *File {
	f := &File{}
	for name, u := range urls {
		spec := Spec{Schedule: schedule}
		spec.Name = name
		spec.Seeds = []string{u + "/"}
		spec.Delay = &crawl.Duration{}
		spec.HostParallelism = 4
		f.Jobs = append(f.Jobs, spec)
	}
	return f
}

func TestRunOnceRecordsJobs(t *testing.T) {
	a, b := testsite.New(testsite.Options{Articles: 20, Seed: 1}), testsite.New(testsite.Options{Articles: 30, Seed: 2})
	srvA, srvB := httptest.NewServer(a), httptest.NewServer(b)
	defer srvA.Close()
	defer srvB.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var stored sync.Map
	s, err := New(fileFor(map[string]string{"a": srvA.URL, "b": srvB.URL}, "@hourly"), st, Options{Hooks: Hooks{
		Finished: func(job string, snap crawl.Snapshot, err error) { stored.Store(job, snap.Articles) },
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := stored.Load("a"); n != 20 {
		t.Errorf("job a stored %v articles, want 20", n)
	}
	if n, _ := stored.Load("b"); n != 30 {
		t.Errorf("job b stored %v articles, want 30", n)
	}
	js, err := st.Job(context.Background(), "a")
	if err != nil || js.LastStatus != "ok" || js.LastSuccess.IsZero() || len(js.Summary) == 0 {
		t.Errorf("job record = %+v, %v", js, err)
	}
	// A second run is incremental: nothing new.
	stored = sync.Map{}
	if err := s.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := stored.Load("a"); n != 0 {
		t.Errorf("second run of job a stored %v new articles, want 0", n)
	}
}

// TestRunSkipsOverlaps runs a job every second whose crawl takes longer:
// slots that come while it runs are skipped, never run in parallel.
func TestRunSkipsOverlaps(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 15, CrawlDelay: 200 * time.Millisecond})
	srv := httptest.NewServer(site)
	defer srv.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var started, skipped, running, overlap atomic.Int32
	f := fileFor(map[string]string{"slow": srv.URL}, "@every 1s")
	s, err := New(f, st, Options{Hooks: Hooks{
		Started: func(string, *crawl.Crawler) {
			started.Add(1)
			if running.Add(1) > 1 {
				overlap.Add(1)
			}
		},
		Finished: func(string, crawl.Snapshot, error) { running.Add(-1) },
		Skipped:  func(string) { skipped.Add(1) },
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
	defer cancel()
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if started.Load() == 0 || skipped.Load() == 0 || overlap.Load() != 0 {
		t.Errorf("started %d, skipped %d, overlapping %d", started.Load(), skipped.Load(), overlap.Load())
	}
	js, _ := st.Job(context.Background(), "slow")
	if js.LastStatus == "" {
		t.Errorf("no status recorded: %+v", js)
	}
}

// TestMissedSlotRunsAtStart: a job whose slot passed while the process was
// down runs as soon as the scheduler starts.
func TestMissedSlotRunsAtStart(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 5})
	srv := httptest.NewServer(site)
	defer srv.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.RecordJobStart(context.Background(), "daily", time.Now().Add(-48*time.Hour))
	var started atomic.Int32
	s, _ := New(fileFor(map[string]string{"daily": srv.URL}, "@daily"), st, Options{Hooks: Hooks{
		Started: func(string, *crawl.Crawler) { started.Add(1) },
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	s.Run(ctx)
	if started.Load() != 1 {
		t.Errorf("missed daily slot: %d runs at start, want 1", started.Load())
	}
}

// TestScheduleFileInREADME parses the schedule file the README shows.
func TestScheduleFileInREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "# jobs.yaml")
	if i < 0 {
		t.Fatal("README has no jobs.yaml example")
	}
	end := strings.Index(s[i:], "```")
	f, err := Parse([]byte(s[i:i+end]), "README jobs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Jobs) != 2 || f.Jobs[0].RecrawlPages == nil || f.Jobs[0].RecrawlPages.Duration != time.Hour {
		t.Errorf("parsed %+v", f)
	}
}

// swapHandler serves whichever site is current.
type swapHandler struct{ site atomic.Pointer[testsite.Site] }

func (h *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.site.Load().ServeHTTP(w, r)
}

// TestScheduledJobsAreIncremental runs two jobs every second against two
// local sites over several ticks. Between ticks one site grows: the next
// run fetches the new articles and the listing pages, never the articles
// it already has (counted at the server), and stores only the new ones.
func TestScheduledJobsAreIncremental(t *testing.T) {
	small := testsite.New(testsite.Options{Articles: 30, Seed: 7})
	grown := testsite.New(testsite.Options{Articles: 40, Seed: 7})
	other := testsite.New(testsite.Options{Articles: 20, Seed: 8})
	var h swapHandler
	h.site.Store(small)
	srvA, srvB := httptest.NewServer(&h), httptest.NewServer(other)
	defer srvA.Close()
	defer srvB.Close()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	f := fileFor(map[string]string{"grows": srvA.URL, "static": srvB.URL}, "@every 1s")
	for i := range f.Jobs {
		f.Jobs[i].RecrawlPages = &crawl.Duration{Duration: time.Nanosecond} // listing pages every run
	}
	var (
		mu   sync.Mutex
		runs = map[string][]crawl.Snapshot{}
		ctx  context.Context
		stop context.CancelFunc
	)
	ctx, stop = context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	s, err := New(f, st, Options{Hooks: Hooks{Finished: func(job string, snap crawl.Snapshot, err error) {
		if errors.Is(err, context.Canceled) {
			return // the test's stop interrupted a run
		}
		if err != nil {
			t.Errorf("job %s: %v", job, err)
		}
		mu.Lock()
		defer mu.Unlock()
		runs[job] = append(runs[job], snap)
		if job == "grows" && len(runs[job]) == 1 {
			h.site.Store(grown) // the site publishes 10 more articles
		}
		if len(runs["grows"]) >= 3 && len(runs["static"]) >= 2 {
			stop()
		}
	}}})
	if err != nil {
		t.Fatal(err)
	}
	s.Run(ctx)

	mu.Lock()
	defer mu.Unlock()
	g, o := runs["grows"], runs["static"]
	if len(g) < 3 || len(o) < 2 {
		t.Fatalf("runs: grows %d, static %d", len(g), len(o))
	}
	if g[0].Articles != 30 || g[1].Articles != 10 || g[2].Articles != 0 {
		t.Errorf("grows stored %d, %d, %d new articles per run, want 30, 10, 0", g[0].Articles, g[1].Articles, g[2].Articles)
	}
	if o[0].Articles != 20 || o[1].Articles != 0 {
		t.Errorf("static stored %d, %d, want 20, 0", o[0].Articles, o[1].Articles)
	}
	// At the server: each article of the grown site was fetched exactly
	// once over all runs (old ones in the first run only; new ones once).
	for _, a := range grown.ExpectedArticles() {
		if n := small.Hits(a.Path) + grown.Hits(a.Path); n != 1 {
			t.Errorf("article %s fetched %d times, want 1", a.Path, n)
		}
	}
	if g[2].NotModified == 0 {
		t.Errorf("third run made no conditional GET that was answered 304: %+v", g[2])
	}
}

// TestParseErrorNamesLine: a malformed cron expression is reported with
// the line it is on.
func TestParseErrorNamesLine(t *testing.T) {
	src := "db: x.db\njobs:\n  - name: a\n    schedule: '@hourly'\n    seeds: [https://e.org/]\n  - name: b\n    schedule: '61 * * * *'\n    seeds: [https://e.org/]\n"
	_, err := Parse([]byte(src), "jobs.yaml")
	if err == nil || !strings.Contains(err.Error(), "jobs.yaml:7") {
		t.Errorf("err = %v, want it to name jobs.yaml:7", err)
	}
}
