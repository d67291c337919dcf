package redisfrontier_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/frontier/frontiertest"
	"github.com/newshound/newshound/internal/frontier/redisfrontier"
)

var (
	t0    = frontiertest.T0
	entry = frontiertest.Entry
	urls  = frontiertest.URLs
)

// startRedis starts a redis-server without persistence on a Unix socket
// in a temporary directory, stopped at the end of the test, and returns
// its URL. The test is skipped when redis-server is not installed.
func startRedis(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed (apt-get install redis-server): skipping Redis frontier tests")
	}
	dir, err := os.MkdirTemp("", "redisfr")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "redis.sock")
	var out bytes.Buffer
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no", "--dir", dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return "unix://" + sock
}

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
