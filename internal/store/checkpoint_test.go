package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/store"
)

// TestCheckpointOffTheWriter: committed pages reach the database file
// soon, long before the writer's own checkpoint threshold (32 MiB of WAL),
// because the checkpointer copies them back from its own connection.
func TestCheckpointOffTheWriter(t *testing.T) {
	s := open(t, store.Options{})
	size := func() int64 {
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	ctx := context.Background()
	for i := range 50 {
		if _, err := s.Save(ctx, result(fmt.Sprintf("https://example.org/news/%d", i), text(uint64(i), 300))); err != nil {
			t.Fatal(err)
		}
	}
	wal, err := os.Stat(s.Path() + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if wal.Size() > 32<<20 {
		t.Fatalf("WAL is %d bytes: the writer's own checkpoint may have run", wal.Size())
	}
	deadline := time.Now().Add(10 * time.Second)
	for size() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes 10s after the commits: no checkpoint", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
