package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/store"
)

// crashEnv names the database a re-executed test binary writes to until it
// is killed (see TestCrashSafety).
const crashEnv = "NEWSHOUND_STORE_CRASH_DB"

// TestCrashWriter is the subprocess of TestCrashSafety: it leases URLs and
// saves an article for each from 8 goroutines, printing "saved URL" after
// each Save returns, until it is killed.
func TestCrashWriter(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("subprocess of TestCrashSafety")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.Options{MaxAttempts: -1})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	f := s.Frontier()
	if _, err := f.Recover(ctx); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				ls, err := f.Next(ctx, time.Now(), 2, nil, 1<<20)
				if err != nil || len(ls) == 0 {
					return
				}
				for _, l := range ls {
					// Each page links to two more pages: the crawl never ends.
					n := strings.TrimPrefix(l.URL, "https://crash.example/")
					r := result(l.URL, text(uint64(len(l.URL))*7919+uint64(len(n)), 60)+" "+l.URL,
						"https://crash.example/"+n+"0", "https://crash.example/"+n+"1")
					if _, err := s.Save(ctx, r); err != nil {
						mu.Lock()
						fmt.Fprintln(out, "error", err)
						out.Flush()
						mu.Unlock()
						return
					}
					mu.Lock()
					fmt.Fprintln(out, "saved", l.URL)
					out.Flush()
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}

// TestCrashSafety kills a writing process with SIGKILL several times and
// checks after each that the database is intact, every Save that returned
// is stored, and URLs and articles agree.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns subprocesses")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Frontier().Add(ctx, []frontier.Entry{{URL: "https://crash.example/1", Source: "seed"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	acked := map[string]bool{}
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$", "-test.v")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a number of acknowledged saves that varies by round.
		sc := bufio.NewScanner(stdout)
		limit := 50 + round*70
		n := 0
		for sc.Scan() {
			line := sc.Text()
			if u, ok := strings.CutPrefix(line, "saved "); ok {
				acked[u] = true
				if n++; n == limit {
					cmd.Process.Signal(syscall.SIGKILL)
				}
			} else if strings.HasPrefix(line, "error") {
				t.Errorf("round %d: writer: %s", round, line)
			}
		}
		cmd.Wait()
		if n < limit {
			t.Fatalf("round %d: writer stopped after %d saves", round, n)
		}
		checkCrashDB(t, path, acked, round)
	}
}

// checkCrashDB reopens the database and checks its integrity and
// consistency.
func checkCrashDB(t *testing.T, path string, acked map[string]bool, round int) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer s.Close()
	db := s.ReadDB()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("round %d: integrity_check = %q, %v", round, ok, err)
	}
	var fk int
	db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk)
	if fk != 0 {
		t.Errorf("round %d: %d foreign key violations", round, fk)
	}
	stored := map[string]bool{}
	rows, err := db.QueryContext(ctx, `SELECT key FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		stored[k] = true
	}
	rows.Close()
	for u := range acked {
		if !stored[u] {
			t.Errorf("round %d: Save of %s returned but the article is missing", round, u)
		}
	}
	var orphans, undone, dupKeys int
	db.QueryRowContext(ctx, `SELECT count(*) FROM articles a LEFT JOIN urls u ON u.url = a.key
		WHERE u.state IS NOT 'done' OR u.article_id IS NOT a.id`).Scan(&orphans)
	db.QueryRowContext(ctx, `SELECT count(*) FROM urls u LEFT JOIN articles a ON a.id = u.article_id
		WHERE u.state = 'done' AND a.id IS NULL`).Scan(&undone)
	db.QueryRowContext(ctx, `SELECT count(*) - count(DISTINCT key) FROM articles`).Scan(&dupKeys)
	if orphans != 0 || undone != 0 || dupKeys != 0 {
		t.Errorf("round %d: %d articles without their URL done, %d done URLs without an article, %d keys stored twice",
			round, orphans, undone, dupKeys)
	}
	// Every original has its near-duplicate bands (Open indexed those a
	// kill left in memory).
	var unbanded int
	db.QueryRowContext(ctx, `SELECT count(*) FROM articles a WHERE a.duplicate_of IS NULL AND a.simhash != 0
		AND a.word_count >= 20 AND (SELECT count(*) FROM simhash_bands b WHERE b.article_id = a.id) != ?`,
		store.SimHashBands).Scan(&unbanded)
	if unbanded != 0 {
		t.Errorf("round %d: %d originals without their %d bands", round, unbanded, store.SimHashBands)
	}
	var fts, articles int
	db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&articles)
	db.QueryRowContext(ctx, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'crash'`).Scan(&fts)
	t.Logf("round %d: %d articles, %d acknowledged, %d in the full-text index", round, articles, len(acked), fts)
}
