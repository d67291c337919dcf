package export

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCursor is a Cursor over records with an optional error after them.
type fakeCursor struct {
	recs   []*Record
	i      int
	err    error // returned by Err once the records are read
	cancel func()
	closed int
}

func (c *fakeCursor) Next() bool {
	if c.cancel != nil && c.i == 1 { // cancelled while reading the second record
		c.cancel()
	}
	if c.i >= len(c.recs) {
		return false
	}
	c.i++
	return true
}
func (c *fakeCursor) Record() *Record { return c.recs[c.i-1] }
func (c *fakeCursor) Err() error {
	if c.i >= len(c.recs) {
		return c.err
	}
	return nil
}
func (c *fakeCursor) Close() error { c.closed++; return nil }

// countWriter is a Writer counting calls, failing writes after fail.
type countWriter struct {
	writes, closes int
	fail           int
}

func (w *countWriter) Write(*Record) error {
	if w.fail > 0 && w.writes >= w.fail {
		return errDiskFull
	}
	w.writes++
	return nil
}
func (w *countWriter) Close() error { w.closes++; return nil }

func TestRun(t *testing.T) {
	errRead := errors.New("database is locked")
	tests := []struct {
		name    string
		recs    int
		readErr error
		fail    int
		cancel  bool
		wantN   int
		wantErr error
	}{
		{name: "all", recs: 5, wantN: 5},
		{name: "none", recs: 0, wantN: 0},
		{name: "read error", recs: 3, readErr: errRead, wantN: 3, wantErr: errRead},
		{name: "write error", recs: 5, fail: 2, wantN: 2, wantErr: errDiskFull},
		{name: "cancelled", recs: 5, cancel: true, wantN: 2, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cur := &fakeCursor{recs: make([]*Record, tt.recs), err: tt.readErr}
			for i := range cur.recs {
				cur.recs[i] = &Record{ID: int64(i + 1)}
			}
			if tt.cancel {
				cur.cancel = cancel
			}
			w := &countWriter{fail: tt.fail}
			n, err := Run(ctx, cur, w)
			if n != tt.wantN || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Run = %d, %v; want %d, %v", n, err, tt.wantN, tt.wantErr)
			}
			if cur.closed != 1 || w.closes != 1 {
				t.Errorf("cursor closed %d times, writer %d; want 1 and 1", cur.closed, w.closes)
			}
		})
	}
}

func TestToFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	leftovers := func(t *testing.T) {
		t.Helper()
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("temporary file %s left behind", e.Name())
			}
		}
	}

	t.Run("success", func(t *testing.T) {
		err := ToFile(path, func(w io.Writer) error {
			ew, err := NewJSONL(w, Options{Fields: []string{"id"}})
			if err != nil {
				return err
			}
			_, err = Run(context.Background(), &fakeCursor{recs: []*Record{{ID: 1}, {ID: 2}}}, ew)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != "{\"id\":1}\n{\"id\":2}\n" {
			t.Errorf("file holds %q", got)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644", fi.Mode())
		}
		leftovers(t)
	})

	t.Run("failure keeps the old file", func(t *testing.T) {
		err := ToFile(path, func(w io.Writer) error {
			w.Write([]byte("half a file"))
			return errDiskFull
		})
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("got %v, want %v", err, errDiskFull)
		}
		got, _ := os.ReadFile(path)
		if string(got) != "{\"id\":1}\n{\"id\":2}\n" {
			t.Errorf("file holds %q, want the previous export", got)
		}
		leftovers(t)
	})

	t.Run("failure leaves nothing", func(t *testing.T) {
		p := filepath.Join(dir, "new.csv")
		err := ToFile(p, func(w io.Writer) error { return errDiskFull })
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("got %v", err)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s exists after a failed export", p)
		}
		leftovers(t)
	})

	t.Run("directory", func(t *testing.T) {
		called := false
		err := ToFile(dir, func(io.Writer) error { called = true; return nil })
		if err == nil || !strings.Contains(err.Error(), "is a directory") || called {
			t.Errorf("got %v (write called: %v), want a directory error before writing", err, called)
		}
	})

	t.Run("missing folder", func(t *testing.T) {
		err := ToFile(filepath.Join(dir, "no", "such", "out.csv"), func(io.Writer) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "export: create") {
			t.Errorf("got %v, want a create error", err)
		}
	})
}
