package server_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/newshound/newshound/internal/crawl"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/server"
	"github.com/newshound/newshound/internal/server/metrics"
	"github.com/newshound/newshound/internal/store"
)

func TestMetrics(t *testing.T) {
	st := openStore(t)
	seed(t, st)
	ctx := context.Background()
	for _, u := range []string{"https://news.example/gone", "https://news.example/gone2"} {
		if _, err := st.Save(ctx, store.Result{URL: u, Outcome: frontier.Outcome{State: frontier.Failed, Reason: "http 404", Status: 404}, FetchedAt: fixedNow()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs (name, last_finish, last_status, updated_at) VALUES (?, ?, ?, ?)`,
			"nightly", "2026-03-05T11:00:00.000Z", "ok", "2026-03-05T11:00:00.000Z")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	m.Track("nightly", func() crawl.Snapshot {
		return crawl.Snapshot{Fetched: 42, Articles: 30, Duplicates: 2, Failed: map[string]int{"http 500": 3}, Bytes: 1 << 20}
	})
	m.ObserveFetch("nightly", 200, 300*time.Millisecond)
	m.ObserveFetch("nightly", 0, 2*time.Second)
	_, base := newServer(t, st, server.Options{Metrics: m})

	resp, body := get(t, base+"/metrics")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not Prometheus text: %v\n%s", err, body)
	}
	for name := range fams {
		if !strings.HasPrefix(name, "newshound_") {
			t.Errorf("metric %s lacks the newshound_ prefix", name)
		}
	}
	value := func(name string, labels map[string]string) float64 {
		t.Helper()
		f := fams[name]
		if f == nil {
			t.Fatalf("no metric %s", name)
		}
	next:
		for _, m := range f.Metric {
			for _, lp := range m.Label {
				if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
					continue next
				}
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				return m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				return m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				return float64(m.GetHistogram().GetSampleCount())
			}
		}
		t.Fatalf("no %s%v", name, labels)
		return 0
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"newshound_articles_stored", nil, 60},
		{"newshound_articles_duplicates", nil, 1},
		{"newshound_articles_stored_by_site", map[string]string{"site": "news.example"}, 4},
		{"newshound_articles_stored_by_site", map[string]string{"site": "bulk.example"}, 55},
		{"newshound_articles_stored_by_language", map[string]string{"language": "de"}, 1},
		{"newshound_urls", map[string]string{"state": "failed"}, 2},
		{"newshound_urls", map[string]string{"state": "done"}, 60},
		{"newshound_urls", map[string]string{"state": "queued"}, 0},
		{"newshound_url_failures", map[string]string{"reason": "http 404"}, 2},
		{"newshound_job_last_success_timestamp_seconds", map[string]string{"job": "nightly"}, float64(time.Date(2026, 3, 5, 11, 0, 0, 0, time.UTC).Unix())},
		{"newshound_pages_fetched_total", map[string]string{"job": "nightly"}, 42},
		{"newshound_crawl_articles_total", map[string]string{"job": "nightly", "result": "new"}, 30},
		{"newshound_crawl_errors_total", map[string]string{"reason": "http 500"}, 3},
		{"newshound_fetch_duration_seconds", map[string]string{"job": "nightly"}, 2},
		{"newshound_fetches_total", map[string]string{"job": "nightly", "class": "error"}, 1},
	} {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func TestHealthz(t *testing.T) {
	st := openStore(t)
	_, base := newServer(t, st, server.Options{})
	if resp, body := get(t, base+"/healthz"); resp.StatusCode != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("healthy: %d %q", resp.StatusCode, body)
	}
	st.Close()
	if resp, _ := get(t, base+"/healthz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("closed database: status %d, want 503", resp.StatusCode)
	}
}
