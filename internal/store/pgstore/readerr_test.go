package pgstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/store/pgstore"
)

// TestOpenReaderBadInput: every database OpenReader cannot read gives a
// one-line error naming it without its password, within the connect
// timeout.
func TestOpenReaderBadInput(t *testing.T) {
	ctx := context.Background()
	empty := newDB(t)
	newer := newDB(t)
	older := newDB(t)
	for _, dsn := range []string{newer, older} {
		s := open(t, dsn, pgstore.Options{})
		s.Close()
	}
	admin := open(t, newer, pgstore.Options{})
	if _, err := admin.Pool().Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ('9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	lag := open(t, older, pgstore.Options{})
	if _, err := lag.Pool().Exec(ctx, `DELETE FROM schema_migrations WHERE name = '0002_jobs.sql'`); err != nil {
		t.Fatal(err)
	}
	// A role that must give a password: the test cluster trusts local
	// connections, so switch password authentication on for this role
	// only (pg_hba.conf is read first-match) and reload.
	var hba string
	if err := admin.Pool().QueryRow(ctx, `SHOW hba_file`).Scan(&hba); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE ROLE nh_reader LOGIN PASSWORD 'right'`,
		`CREATE TEMP TABLE hba (line text)`,
		`COPY hba FROM '` + hba + `'`,
		`COPY (SELECT 'local all nh_reader scram-sha-256' UNION ALL SELECT line FROM hba WHERE line IS NOT NULL) TO '` + hba + `'`,
		`SELECT pg_reload_conf()`,
	} {
		if _, err := admin.Pool().Exec(ctx, q); err != nil {
			t.Skipf("cannot set up password authentication (%s): %v", q, err)
		}
	}
	t.Cleanup(func() { admin.Pool().Exec(ctx, `DROP ROLE IF EXISTS nh_reader`) })
	time.Sleep(200 * time.Millisecond) // the reload is asynchronous
	host := empty[:strings.Index(empty, " dbname=")]
	host = strings.Replace(host, "user=postgres", "user=nh_reader", 1)
	for _, c := range []struct {
		name, dsn, want string
	}{
		{"unreachable", "postgres://u:s3cret@127.0.0.1:1/news", "pgstore: open postgres://u:xxxxx@127.0.0.1:1/news: connect: failed to connect"},
		{"wrong password", host + " dbname=postgres password=s3cret", "password authentication failed for user \"nh_reader\""},
		{"no schema", empty, "not a newshound database (no schema_migrations table)"},
		{"newer schema", newer, "database has migration 9999_future.sql, unknown to this program: its schema is newer"},
		{"older schema", older, "database lacks migration 0002_jobs.sql"},
		{"empty", "", "empty DSN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			r, err := pgstore.OpenReader(ctx, c.dsn, pgstore.ReaderOptions{})
			if err == nil {
				r.Close()
				t.Fatal("opened")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "s3cret") {
				t.Errorf("error %q, want one line with %q and no password", msg, c.want)
			}
			if d := time.Since(start); d > pgstore.DefaultConnectTimeout+time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	// The right password opens it (a database without the schema: the
	// next check refuses it, after connecting).
	_, err := pgstore.OpenReader(ctx, host+" dbname=postgres password=right", pgstore.ReaderOptions{})
	if err == nil || !strings.Contains(err.Error(), "not a newshound database") {
		t.Errorf("right password: %v", err)
	}
}
