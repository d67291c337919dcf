package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/server"
)

// TestDebuggerAllGolden runs the debugger over every golden page: each
// extracts, and the annotation pass locates most kept blocks, in bounded
// time.
func TestDebuggerAllGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("all golden pages")
	}
	_, base := newServer(t, nil, server.Options{MaxUpload: 32 << 20})
	var kept, keptTotal, removed, removedTotal int
	marks := regexp.MustCompile(`Located on the page: (\d+) of (\d+) kept text blocks, (\d+) of (\d+) removed`)
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "pages", "*", "page.html.gz"))
	for _, p := range dirs {
		name := filepath.Base(filepath.Dir(p))
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			resp, body := postPage(t, noRedirects, base+"/debug", "https://example.org/x", "page.html.gz", b)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d: %.300s", resp.StatusCode, body)
			}
			elapsed := time.Since(start)
			_, page := get(t, base+resp.Header.Get("Location"))
			t.Logf("%v %s", elapsed.Round(time.Millisecond), between(page, "Located on the page:", "."))
			if elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
			m := marks.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no marks line")
			}
			n := func(s string) int { v, _ := strconv.Atoi(s); return v }
			kept, keptTotal, removed, removedTotal = kept+n(m[1]), keptTotal+n(m[2]), removed+n(m[3]), removedTotal+n(m[4])
		})
	}
	// Over the golden pages the annotation finds nearly all kept blocks
	// and most removed ones (today: 578 of 580 and 142 of 158).
	t.Logf("kept %d of %d, removed %d of %d", kept, keptTotal, removed, removedTotal)
	if kept < keptTotal*95/100 || removed < removedTotal*80/100 {
		t.Errorf("located kept %d of %d, removed %d of %d: below 95%% / 80%%", kept, keptTotal, removed, removedTotal)
	}
}
