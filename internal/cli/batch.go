package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/newshound/newshound/extractors"
)

// manifestEntry is one input line of a batch: other keys are ignored.
type manifestEntry struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	HTML string `json:"html"`
}

// batchLine is one output line: the input's id, then the article or the
// error.
type batchLine struct {
	ID string `json:"id"`
	*extractors.Article
	Error string `json:"error,omitempty"`
}

type batchResult struct {
	line    batchLine
	elapsed time.Duration
}

// runBatch extracts every page of the manifest with f.workers workers and
// writes the results in input order.
func runBatch(ctx context.Context, env Env, f extractFlags) error {
	entries, err := readManifest(f.manifest)
	if err != nil {
		return err
	}
	workers := f.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out, commit, err := openOutput(env, f.output)
	if err != nil {
		return err
	}
	defer commit(false)

	base := filepath.Dir(f.manifest)
	opts := f.options()
	jobs := make(chan int)
	results := make([]chan batchResult, len(entries))
	for i := range results {
		results[i] = make(chan batchResult, 1)
	}
	for w := 0; w < workers; w++ {
		go func() {
			for i := range jobs {
				results[i] <- extractEntry(ctx, entries[i], base, opts, f.maxBytes)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range entries {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()

	bar := newProgress(env, f.progress, len(entries))
	w := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	start := time.Now()
	var failed int
	var slow []batchResult
	for i := range entries {
		var r batchResult
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			bar.done()
			return fmt.Errorf("extract: interrupted after %d of %d pages: %w", i, len(entries), ctx.Err())
		}
		if r.line.Error != "" {
			failed++
		}
		if err := enc.Encode(r.line); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		slow = keepSlowest(slow, r, 3)
		bar.add(1, failed)
	}
	bar.done()
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := commit(true); err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(env.Stderr, "extracted %d pages (%d failed) in %.1fs: %.1f pages/s with %d workers\n",
		len(entries), failed, secs, float64(len(entries))/secs, workers)
	for _, r := range slow {
		fmt.Fprintf(env.Stderr, "  slowest: %s %.0fms\n", r.line.ID, float64(r.elapsed.Microseconds())/1000)
	}
	if failed > 0 {
		return ExitError{Code: 1}
	}
	return nil
}

func keepSlowest(slow []batchResult, r batchResult, n int) []batchResult {
	r.line.Article = nil
	slow = append(slow, r)
	sort.Slice(slow, func(i, j int) bool { return slow[i].elapsed > slow[j].elapsed })
	if len(slow) > n {
		slow = slow[:n]
	}
	return slow
}

// extractEntry extracts one manifest page; every failure, a panic
// included, becomes the line's error.
func extractEntry(ctx context.Context, e manifestEntry, base string, opts extractors.Options, max int64) (res batchResult) {
	start := time.Now()
	res.line.ID = e.ID
	defer func() {
		if r := recover(); r != nil {
			res.line.Article = nil
			res.line.Error = fmt.Sprintf("internal error: %v", r)
		}
		res.elapsed = time.Since(start)
	}()
	if e.HTML == "" {
		res.line.Error = "manifest entry has no html path"
		return res
	}
	path := e.HTML
	if !filepath.IsAbs(path) {
		path = filepath.Join(base, path)
	}
	raw, err := readPage(path, nil, max)
	if err != nil {
		res.line.Error = err.Error()
		return res
	}
	a, err := extractors.ExtractBytes(ctx, raw, e.URL, opts)
	if err != nil {
		res.line.Error = err.Error()
		return res
	}
	res.line.Article = a
	return res
}

// readManifest reads the batch manifest; a malformed line is an error
// naming its line number.
func readManifest(path string) ([]manifestEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	defer f.Close()
	var entries []manifestEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(trimSpace(line)) == 0 {
			continue
		}
		var e manifestEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("manifest %s:%d: %w", path, n, err)
		}
		if e.ID == "" {
			e.ID = fmt.Sprint(n)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	return entries, nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// openOutput opens path for writing through a temporary file in the same
// folder that commit(true) renames into place, so an interrupted run never
// leaves a half-written file; commit(false) removes it. "" or "-" is
// stdout.
func openOutput(env Env, path string) (io.Writer, func(ok bool) error, error) {
	if path == "" || path == "-" {
		return env.Stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, nil, fmt.Errorf("output: %w", err)
	}
	done := false
	commit := func(ok bool) error {
		if done {
			return nil
		}
		done = true
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil
		}
		if err := tmp.Close(); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("output %s: %w", path, err)
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("output %s: %w", path, err)
		}
		return nil
	}
	return tmp, commit, nil
}
