package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testArticle = `<html lang="en"><head><title>Storm hits coast - The Daily</title>
<meta property="og:site_name" content="The Daily">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Storm hits coast","datePublished":"2024-03-05T14:30:00+01:00","author":{"@type":"Person","name":"Jane Doe"}}</script>
</head><body><nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/weather">Weather</a></li></ol></nav>
<article><h1>Storm hits coast</h1>
<p>The storm reached the coast on Monday night, bringing winds of more than a hundred kilometres an hour to the towns along the bay.</p>
<p>Emergency services said that several roads were closed and that residents should stay indoors until the warning is lifted.</p>
<p>Forecasters expect the weather to calm down by Wednesday, when the storm will have moved further inland and lost most of its strength.</p>
</article></body></html>`

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	root := NewRoot(env)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func writeGz(t *testing.T, path, content string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(content))
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExtractFileAndStdin(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "page.html")
	os.WriteFile(plain, []byte(testArticle), 0o644)
	gz := filepath.Join(dir, "page.html.gz")
	writeGz(t, gz, testArticle)

	for _, tc := range []struct {
		name, stdin string
		args        []string
	}{
		{"file", "", []string{"extract", plain, "--url", "https://example.org/weather/storm"}},
		{"gzip file", "", []string{"extract", gz, "--url", "https://example.org/weather/storm"}},
		{"stdin", testArticle, []string{"extract", "-", "--url", "https://example.org/weather/storm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := run(t, tc.stdin, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			var a map[string]any
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if a["title"] != "Storm hits coast" {
				t.Errorf("title = %v", a["title"])
			}
			if !strings.HasPrefix(a["published"].(string), "2024-03-05T14:30:00+01:00") {
				t.Errorf("published = %v", a["published"])
			}
			if !strings.Contains(a["text"].(string), "storm reached the coast") {
				t.Errorf("text = %v", a["text"])
			}
		})
	}
}

func TestExtractFormats(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "page.html")
	os.WriteFile(path, []byte(testArticle), 0o644)
	u := "https://example.org/weather/storm"

	out, _, err := run(t, "", "extract", path, "--url", u, "--format", "text", "--explain")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Title:       Storm hits coast", "== Explanation", "title:", "published:", "breadcrumbs:", "body: kept"} {
		if !strings.Contains(out, want) {
			t.Errorf("text --explain output lacks %q:\n%s", want, out)
		}
	}
	for _, field := range []string{"title", "published", "breadcrumbs", "text"} {
		// every one of these fields must name a source on this page
		i := strings.Index(out, "\n"+field+":")
		if i < 0 || !strings.Contains(out[i:min(len(out), i+400)], "from  ") || strings.Contains(out[i:min(len(out), i+200)], "(nothing found)") {
			t.Errorf("--explain names no source for %s:\n%s", field, out)
		}
	}

	out, _, err = run(t, "", "extract", path, "--url", u, "--format", "markdown")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "# Storm hits coast") || !strings.Contains(out, "storm reached the coast") {
		t.Errorf("markdown output:\n%s", out)
	}

	out, _, err = run(t, "", "extract", path, "--url", u, "--with-html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"html": "<`) {
		t.Errorf("--with-html output lacks html:\n%s", out)
	}

	if _, _, err := run(t, "", "extract", path, "--format", "yaml"); err == nil {
		t.Errorf("unknown format accepted")
	}
	if _, _, err := run(t, "", "extract", filepath.Join(dir, "missing.html")); err == nil {
		t.Errorf("missing file accepted")
	}
}

func TestExtractURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/storm":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(testArticle))
		case "/big":
			w.Write(bytes.Repeat([]byte("<p>x</p>"), 4096))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	out, _, err := run(t, "", "extract", srv.URL+"/storm")
	if err != nil {
		t.Fatal(err)
	}
	var a map[string]any
	json.Unmarshal([]byte(out), &a)
	if a["url"] != srv.URL+"/storm" || a["title"] != "Storm hits coast" {
		t.Errorf("url=%v title=%v", a["url"], a["title"])
	}
	if _, _, err := run(t, "", "extract", srv.URL+"/missing"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404 error = %v", err)
	}
	if _, _, err := run(t, "", "extract", srv.URL+"/big", "--max-bytes", "1000"); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("oversized page error = %v", err)
	}
}

func TestExtractBatch(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "pages"), 0o755)
	writeGz(t, filepath.Join(dir, "pages", "a.html.gz"), testArticle)
	os.WriteFile(filepath.Join(dir, "pages", "b.html"), []byte(strings.Replace(testArticle, "Storm hits coast", "Second story", -1)), 0o644)
	os.WriteFile(filepath.Join(dir, "pages", "empty.html"), nil, 0o644)
	manifest := filepath.Join(dir, "truth.jsonl")
	lines := []string{
		`{"id": "a", "url": "https://example.org/a", "html": "pages/a.html.gz", "body": "ignored"}`,
		`{"id": "missing", "html": "pages/nope.html"}`,
		``,
		`{"id": "empty", "html": "pages/empty.html"}`,
		`{"id": "b", "html": "pages/b.html"}`,
	}
	os.WriteFile(manifest, []byte(strings.Join(lines, "\n")), 0o644)
	outPath := filepath.Join(dir, "out.jsonl")

	_, stderr, err := run(t, "", "extract", "--manifest", manifest, "-o", outPath, "--workers", "3")
	var exit ExitError
	if !errors.As(err, &exit) || exit.Code != 1 {
		t.Fatalf("err = %v, want exit code 1 (some pages failed)", err)
	}
	if !strings.Contains(stderr, "4 pages (2 failed)") {
		t.Errorf("summary = %q", stderr)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	outLines := strings.Split(strings.TrimSpace(string(b)), "\n")
	wantIDs := []string{"a", "missing", "empty", "b"}
	if len(outLines) != len(wantIDs) {
		t.Fatalf("got %d lines, want %d:\n%s", len(outLines), len(wantIDs), b)
	}
	for i, line := range outLines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["id"] != wantIDs[i] {
			t.Errorf("line %d id = %v, want %s (input order)", i, rec["id"], wantIDs[i])
		}
		_, hasErr := rec["error"]
		if wantErr := wantIDs[i] == "missing" || wantIDs[i] == "empty"; hasErr != wantErr {
			t.Errorf("line %d (%s): error present = %v", i, wantIDs[i], hasErr)
		}
	}
	if !strings.Contains(outLines[3], `"title":"Second story"`) {
		t.Errorf("b's title wrong: %s", outLines[3])
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// A malformed manifest line is an error naming the line.
	os.WriteFile(manifest, []byte("{\"id\":\"x\",\"html\":\"a\"}\n{broken\n"), 0o644)
	if _, _, err := run(t, "", "extract", "--manifest", manifest, "-o", outPath); err == nil || !strings.Contains(err.Error(), ":2:") {
		t.Errorf("malformed manifest error = %v", err)
	}
}
