package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/store"
	"github.com/newshound/newshound/internal/store/pgstore"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeCommand starts `newshound serve` on a free port, checks that it
// answers, and that cancelling its context shuts it down cleanly.
func TestServeCommand(t *testing.T) {
	base, stop := startServe(t, "--db", filepath.Join(t.TempDir(), "news.db"))
	for _, p := range []string{"healthz", "debug", "articles", "metrics"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET /%s: status %d", p, resp.StatusCode)
		}
	}
	stop()
	if _, err := http.Get(base + "healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
}

// startServe runs `newshound serve` with args on a free port and returns
// its base URL and a function that cancels it and checks it stopped
// cleanly (also run at the end of the test).
func startServe(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	var stderr syncBuffer
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr}
	root := NewRoot(env)
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	addrRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no listening address logged:\n%s", stderr.String())
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve after cancel: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop after cancel")
			}
		})
	}
	t.Cleanup(stop)
	return base, stop
}

func TestServeFlags(t *testing.T) {
	if _, stderr, err := run(t, "", "serve", "extra-arg"); err == nil {
		t.Errorf("serve with an argument: no error\n%s", stderr)
	}
	if _, _, err := run(t, "", "serve", "--addr", "not-an-address", "--db", filepath.Join(t.TempDir(), "x.db")); err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("bad --addr: %v", err)
	}
}

// TestServePostgres serves a PostgreSQL corpus: the browser lists and
// searches its articles, an article page shows every field, /metrics
// counts them and /healthz shows the job lines kept in PostgreSQL.
func TestServePostgres(t *testing.T) {
	ctx := context.Background()
	url := pg.NewDatabaseURL(t) // skips without a server
	ps, err := pgstore.Open(ctx, url, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := trickyArticle()
	a.Text = "The storm surge flooded the harbour. " + a.Text
	if _, err := ps.Save(ctx, store.Result{URL: a.URL, Article: a, FetchedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	finish := time.Date(2026, 3, 5, 11, 0, 0, 0, time.UTC)
	if err := ps.RecordJobEnd(ctx, "nightly", finish, "ok", map[string]int{"articles": 1}); err != nil {
		t.Fatal(err)
	}
	ps.Close()
	base, stop := startServe(t, "--store", url)
	get := func(p string, want int) string {
		t.Helper()
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Errorf("GET /%s: status %d, want %d", p, resp.StatusCode, want)
		}
		return string(b)
	}
	if body := get("healthz", 200); !strings.Contains(body, "ok\njob nightly: last run ok (2026-03-05T11:00:00.000Z), last success 2026-03-05T11:00:00.000Z") {
		t.Errorf("healthz:\n%s", body)
	}
	if body := get("articles", 200); !strings.Contains(body, "HYPERLINK") || !strings.Contains(body, "www.example.org") {
		t.Errorf("articles page lacks the article:\n%s", body)
	}
	if body := get("articles?q=harbour", 200); !strings.Contains(body, "<mark>harbour</mark>") && !strings.Contains(body, ">harbour<") {
		t.Errorf("search page lacks the marked word:\n%s", body)
	}
	if body := get("articles?q=storm+AND", 400); !strings.Contains(body, "full-text query") {
		t.Errorf("bad query page:\n%s", body)
	}
	if body := get("articles/1", 200); !strings.Contains(body, "مريم") || !strings.Contains(body, "World &gt; Europe") {
		t.Errorf("article page:\n%s", body)
	}
	get("articles/2", 404)
	metrics := get("metrics", 200)
	for _, want := range []string{"newshound_articles_stored 1", `newshound_articles_stored_by_site{site="www.example.org"} 1`,
		`newshound_job_last_success_timestamp_seconds{job="nightly"} 1.7727084e+09`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	if strings.Contains(metrics, "newshound_urls{") {
		t.Errorf("metrics count frontier URLs of a store that keeps none:\n%s", metrics)
	}
	stop()
	// An unreachable server: a clear error, at once.
	_, _, err = runCtx(ctx, "serve", "--addr", "127.0.0.1:0", "--store", "postgres://u:s3cret@127.0.0.1:1/news")
	if err == nil || !strings.Contains(err.Error(), "postgres://u:xxxxx@127.0.0.1:1/news: connect") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("unreachable: %v", err)
	}
}
