package pgstore_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/newshound/newshound/internal/clustertest"
)

// pg is the PostgreSQL server of the tests (see clustertest.StartPostgres);
// without one they skip.
var pg *clustertest.Postgres

func TestMain(m *testing.M) {
	var err error
	if pg, err = clustertest.StartPostgres(); err != nil {
		fmt.Fprintln(os.Stderr, "pgstore tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// newDB creates a fresh database for t and returns its connection string;
// the database is dropped at the end of the test.
func newDB(t testing.TB) string {
	t.Helper()
	return pg.NewDatabase(t)
}
