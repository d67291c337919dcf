package redisfrontier_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/clustertest"
	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
)

var (
	t0    = frontiertest.T0
	entry = frontiertest.Entry
	urls  = frontiertest.URLs
)

// startRedis starts a throwaway redis-server for the test and returns its
// URL; the test is skipped when redis-server is not installed.
func startRedis(t testing.TB) string { return clustertest.StartRedis(t) }

// open starts a server and returns a frontier on it.
func open(t testing.TB, opts redisfrontier.Options) *redisfrontier.Frontier {
	t.Helper()
	return connect(t, startRedis(t), opts)
}

// connect returns another client's frontier on the server at u.
func connect(t testing.TB, u string, opts redisfrontier.Options) *redisfrontier.Frontier {
	t.Helper()
	opts.Now = func() time.Time { return t0 }
	f, err := redisfrontier.Open(context.Background(), u, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

func TestOpenErrorNamesServerWithoutPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := redisfrontier.Open(ctx, "redis://user:s3cret@127.0.0.1:1/0", redisfrontier.Options{})
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	msg := err.Error()
	if strings.Contains(msg, "s3cret") || !strings.Contains(msg, "127.0.0.1:1") {
		t.Errorf("error = %q: want the address, not the password", msg)
	}
}

// atomicCounter hands out 0, 1, 2, ... to concurrent callers.
type atomicCounter struct{ n atomic.Int64 }

func (c *atomicCounter) next() int { return int(c.n.Add(1) - 1) }
