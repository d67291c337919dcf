package schedule

import (
	"context"
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
