package cli

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/testsite"
)

func TestCrawlCommand(t *testing.T) {
	site := testsite.New(testsite.Options{Articles: 30})
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")

	out, stderr, err := run(t, "", "crawl", srv.URL+"/", "--db", db, "--delay", "0", "--host-parallelism", "4",
		"--progress", "never", "--summary-json", "--log-level", "warn")
	if err != nil {
		t.Fatalf("crawl: %v\n%s", err, stderr)
	}
	var sum struct {
		Fetched, Articles, Duplicates int
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if sum.Articles != len(site.ExpectedArticles()) {
		t.Errorf("stored %d articles, want %d (summary %+v)", sum.Articles, len(site.ExpectedArticles()), sum)
	}

	// Running it again stores nothing new: every article is already there.
	out, _, err = run(t, "", "crawl", srv.URL+"/", "--db", db, "--delay", "0", "--progress", "never", "--summary-json", "--log-level", "warn")
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(out), &sum)
	if sum.Articles != 0 {
		t.Errorf("second run stored %d new articles, want 0", sum.Articles)
	}

	// A job file, with a flag overriding it.
	job := filepath.Join(dir, "job.yaml")
	os.WriteFile(job, []byte("name: test\nseeds: ["+srv.URL+"/]\ndb: "+filepath.Join(dir, "job.db")+"\nmax_pages: 3\ndelay: 0s\n"), 0o644)
	out, _, err = run(t, "", "crawl", "--config", job, "--max-pages", "5", "--progress", "never", "--summary-json", "--log-level", "warn")
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(out), &sum)
	if sum.Fetched < 4 || sum.Fetched > 5+8 { // budget 5; requests already in flight finish
		t.Errorf("job with --max-pages 5 fetched %d", sum.Fetched)
	}
	if _, err := os.Stat(filepath.Join(dir, "job.db")); err != nil {
		t.Errorf("job file's db not used: %v", err)
	}

	// Bad input: clear errors.
	os.WriteFile(job, []byte("seedz: [x]\n"), 0o644)
	if _, _, err := run(t, "", "crawl", "--config", job); err == nil || !strings.Contains(err.Error(), "seedz") {
		t.Errorf("unknown job key: %v", err)
	}
	if _, _, err := run(t, "", "crawl"); err == nil {
		t.Errorf("crawl without seeds accepted")
	}
	if _, _, err := run(t, "", "crawl", "not a url", "--db", filepath.Join(dir, "x.db")); err == nil {
		t.Errorf("bad seed accepted")
	}
}
