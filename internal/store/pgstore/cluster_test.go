package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The tests run against a real PostgreSQL server: the one named by
// NEWSHOUND_TEST_POSTGRES (a key=value connection string without dbname,
// e.g. "host=/run/postgresql user=postgres"), else a throwaway cluster
// that TestMain creates with initdb from /usr/lib/postgresql/*/bin and
// removes at the end. Without either, they skip.
var (
	baseDSN    string // connection string without dbname; "" = skip
	skipReason string
	dbCount    atomic.Int64
)

func TestMain(m *testing.M) {
	stop, err := startCluster()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgstore tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// startCluster sets baseDSN, starting a cluster if needed, and returns the
// function that stops it.
func startCluster() (stop func(), err error) {
	if dsn := os.Getenv("NEWSHOUND_TEST_POSTGRES"); dsn != "" {
		baseDSN = dsn
		return func() {}, nil
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		skipReason = "no PostgreSQL server: install postgresql (initdb in /usr/lib/postgresql/*/bin) or set NEWSHOUND_TEST_POSTGRES"
		return func() {}, nil
	}
	sort.Strings(bins)
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "pgstore-test-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL refuses to run as root: run it as the postgres user.
	var asUser []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			skipReason = "running as root and no postgres user to run the test cluster as"
			return func() {}, nil
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
		"-o", fmt.Sprintf("-k %s -p 5432 -c listen_addresses='' -c max_connections=200", dir), "start"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	baseDSN = fmt.Sprintf("host=%s port=5432 user=postgres", dir)
	return func() {
		run("pg_ctl", "-D", data, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	}, nil
}

// newDB creates a fresh database for t and returns its connection string;
// the database is dropped at the end of the test (after the stores of the
// test are closed: register those later).
func newDB(t testing.TB) string {
	t.Helper()
	if baseDSN == "" {
		t.Skip(skipReason)
	}
	ctx := context.Background()
	name := fmt.Sprintf("pgstore_test_%d_%d", os.Getpid(), dbCount.Add(1))
	admin, err := pgx.Connect(ctx, baseDSN+" dbname=postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, baseDSN+" dbname=postgres")
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	return baseDSN + " dbname=" + name
}
