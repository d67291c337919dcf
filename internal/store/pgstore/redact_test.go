package pgstore_test

import (
	"testing"

	"github.com/newshound/newshound/internal/store/pgstore"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u:pw@db:5432/news", "postgres://u:xxxxx@db:5432/news"},
		{"postgres://u@db/news?password=pw&sslmode=disable", "postgres://u@db/news?password=xxxxx&sslmode=disable"},
		{"postgres://u:pw@db:bad/news?x=1", "postgres://u:xxxxx@db:bad/news"},
		{"host=db user=u password=pw dbname=news", "host=db user=u password=xxxxx dbname=news"},
		{"host=db password='a b'", "(unreadable connection string)"},
	} {
		if got := pgstore.Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
