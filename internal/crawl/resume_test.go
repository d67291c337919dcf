package crawl_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/testsite"
)

// TestCrawlChild is the crawl that TestKillAndResume runs in a subprocess;
// it does nothing in a normal test run.
func TestCrawlChild(t *testing.T) {
	srvURL, db := os.Getenv("NEWSHOUND_CHILD_URL"), os.Getenv("NEWSHOUND_CHILD_DB")
	if srvURL == "" || db == "" {
		t.Skip("runs only as TestKillAndResume's subprocess")
	}
	// A URL in flight (or leased ahead) when the process is killed counts
	// an attempt, so that a page that kills the crawler is given up in
	// the end (store.Options.MaxAttempts); more attempts than kills keep
	// innocent pages in the race.
	st, _, err := crawlSiteStore(t, context.Background(), srvURL, db, store.Options{PerHost: 8, MaxAttempts: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// storedArticles lists a database's articles by key (the canonical URL an
// article is stored under, sorted) and counts the originals. Not by the
// URL each was fetched from: which variant of an article (AMP, print,
// tracking parameters) comes first depends on timing.
func storedArticles(t *testing.T, path string) (keys []string, originals int) {
	t.Helper()
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.ReadDB().Query(`SELECT key, duplicate_of IS NULL FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		var orig bool
		rows.Scan(&u, &orig)
		keys = append(keys, u)
		if orig {
			originals++
		}
	}
	sort.Strings(keys)
	return keys, originals
}

// urlState describes u's row in the frontier of the database at path.
func urlState(t *testing.T, path, u string) string {
	t.Helper()
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var state, reason string
	var attempts int
	if err := st.ReadDB().QueryRow(`SELECT state, reason, attempts FROM urls WHERE url = ?`, u).Scan(&state, &reason, &attempts); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%s after %d attempts: %q", state, attempts, reason)
}

// TestKillAndResume kills a crawl subprocess with SIGKILL at random
// moments, restarts it each time, and checks that the end result equals an
// uninterrupted crawl's: no article lost, none stored twice, database
// intact.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawls")
	}
	site := testsite.New(testsite.Options{Articles: 800, Traps: true, Syndicated: 5})
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()

	run := func(db string, killAfter time.Duration) (killed bool) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrawlChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "NEWSHOUND_CHILD_URL="+srv.URL, "NEWSHOUND_CHILD_DB="+db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if killAfter > 0 {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("child failed: %v", err)
				}
				return false
			case <-time.After(killAfter):
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
				return true
			}
		}
		if err := <-done; err != nil {
			t.Fatalf("child failed: %v", err)
		}
		return false
	}

	reference := filepath.Join(dir, "reference.db")
	start := time.Now()
	run(reference, 0)
	full := time.Since(start)
	want, wantOriginals := storedArticles(t, reference)

	resumed := filepath.Join(dir, "resumed.db")
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	kills := 0
	for attempt := 0; kills < 4 && attempt < 15; attempt++ {
		// Each restart has less left to do, so kill early in a run: from
		// process start up to half a full run.
		after := 30*time.Millisecond + time.Duration(float64(full)*0.3*rng.Float64())
		if run(resumed, after) {
			kills++
		}
	}
	run(resumed, 0)
	t.Logf("full crawl %v; %d kills before the final run", full, kills)

	got, gotOriginals := storedArticles(t, resumed)
	if len(got) != len(want) || gotOriginals != wantOriginals {
		t.Errorf("resumed crawl stored %d articles (%d originals), uninterrupted %d (%d)", len(got), gotOriginals, len(want), wantOriginals)
	}
	wantSet := make(map[string]bool, len(want))
	for _, u := range want {
		wantSet[u] = true
	}
	gotSet := make(map[string]bool, len(got))
	for _, u := range got {
		gotSet[u] = true
	}
	for _, u := range want {
		if !gotSet[u] {
			t.Errorf("lost by the resumed crawl: %s (%s)", u, urlState(t, resumed, u))
		}
	}
	for i, u := range got {
		if i > 0 && got[i-1] == u {
			t.Errorf("stored twice: %s", u)
		}
		if !wantSet[u] {
			t.Errorf("stored only by the resumed crawl: %s", u)
		}
	}
	checkIntegrity(t, resumed)
}
