// Package clustertest starts real PostgreSQL and Redis servers for tests:
// throwaway ones in temporary folders, listening on Unix sockets only, so
// that tests of the scale-out backends run against the servers they will
// meet in production, never mocks. Tests skip when a server is not
// installed (Debian: postgresql, redis-server; .ci/run installs both).
package clustertest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a PostgreSQL server for the tests of one package: the one
// named by NEWSHOUND_TEST_POSTGRES (a key=value connection string without
// dbname, e.g. "host=/run/postgresql user=postgres"), else a throwaway
// cluster made with initdb from /usr/lib/postgresql/*/bin.
type Postgres struct {
	// DSN is the key=value connection string without dbname; "" when no
	// server could be found (SkipReason says why).
	DSN        string
	SkipReason string
	stop       func()
	dbs        atomic.Int64
}

// StartPostgres starts (or finds) the server. Call it from TestMain and
// Stop it after m.Run. An error means a server was found but would not
// start.
func StartPostgres() (*Postgres, error) {
	p := &Postgres{stop: func() {}}
	if dsn := os.Getenv("NEWSHOUND_TEST_POSTGRES"); dsn != "" {
		p.DSN = dsn
		return p, nil
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		p.SkipReason = "no PostgreSQL server: install postgresql (initdb in /usr/lib/postgresql/*/bin) or set NEWSHOUND_TEST_POSTGRES"
		return p, nil
	}
	sort.Strings(bins)
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "newshound-pg-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL refuses to run as root: run it as the postgres user.
	var asUser []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			p.SkipReason = "running as root and no postgres user to run the test cluster as"
			return p, nil
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		os.Chmod(dir, 0o755)
		asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(name string, args ...string) error {
		argv := append(append(asUser[:len(asUser):len(asUser)], filepath.Join(bin, name)), args...)
		out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w\n%s", name, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := run("pg_ctl", "-D", data, "-w", "-l", filepath.Join(dir, "log"),
		"-o", fmt.Sprintf("-k %s -p 5432 -c listen_addresses='' -c max_connections=200 -c fsync=off", dir), "start"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p.DSN = fmt.Sprintf("host=%s port=5432 user=postgres", dir)
	p.stop = func() {
		run("pg_ctl", "-D", data, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	}
	return p, nil
}

// Stop stops a server StartPostgres started.
func (p *Postgres) Stop() { p.stop() }

// NewDatabase creates a fresh database for t and returns its key=value
// connection string; the database is dropped at the end of the test
// (after the stores of the test are closed: register those later). The
// test is skipped when there is no server.
func (p *Postgres) NewDatabase(t testing.TB) string {
	t.Helper()
	name := p.createDatabase(t)
	return p.DSN + " dbname=" + name
}

// NewDatabaseURL is NewDatabase as a postgres:// URL (the form the
// command line takes).
func (p *Postgres) NewDatabaseURL(t testing.TB) string {
	t.Helper()
	name := p.createDatabase(t)
	cfg, err := pgx.ParseConfig(p.DSN)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{}
	q.Set("host", cfg.Host)
	q.Set("port", strconv.Itoa(int(cfg.Port)))
	u := url.URL{Scheme: "postgres", User: url.User(cfg.User), Path: "/" + name, RawQuery: q.Encode()}
	if cfg.Password != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
	}
	return u.String()
}

func (p *Postgres) createDatabase(t testing.TB) string {
	t.Helper()
	if p == nil || p.DSN == "" {
		reason := "no PostgreSQL server"
		if p != nil {
			reason = p.SkipReason
		}
		t.Skip(reason)
	}
	ctx := context.Background()
	name := fmt.Sprintf("newshound_test_%d_%d", os.Getpid(), p.dbs.Add(1))
	admin, err := pgx.Connect(ctx, p.DSN+" dbname=postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, p.DSN+" dbname=postgres")
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	return name
}

// Redis is a running throwaway redis-server.
type Redis struct {
	// URL is the server's unix:// URL.
	URL string
	cmd *exec.Cmd
	dir string
}

// StartRedis starts a redis-server without persistence on a Unix socket
// in a temporary folder, stopped at the end of the test, and returns its
// URL (unix://...). The test is skipped when redis-server is not
// installed.
func StartRedis(t testing.TB) string {
	t.Helper()
	r, err := NewRedis("")
	if err != nil {
		if err == errNoRedis {
			t.Skip("redis-server not installed (apt-get install redis-server)")
		}
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r.URL
}

var errNoRedis = fmt.Errorf("clustertest: redis-server not installed")

// NewRedis starts a redis-server without persistence; sock is the Unix
// socket to listen on ("" for one in a new temporary folder), so that a
// test can stop the server and start another on the same address (a
// restart that lost its data). Stop it with Stop.
func NewRedis(sock string) (*Redis, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, errNoRedis
	}
	dir, err := os.MkdirTemp("", "newshound-redis-")
	if err != nil {
		return nil, err
	}
	if sock == "" {
		sock = filepath.Join(dir, "redis.sock")
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no", "--dir", dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	r := &Redis{URL: "unix://" + sock, cmd: cmd, dir: dir}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(sock); err == nil {
			return r, nil
		}
		if time.Now().After(deadline) {
			r.Stop()
			return nil, fmt.Errorf("redis-server did not start:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop kills the server and removes its folder.
func (r *Redis) Stop() {
	r.cmd.Process.Kill()
	r.cmd.Wait()
	os.RemoveAll(r.dir)
}
