package crawl

import (
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/fetch"
)

func TestSettings(t *testing.T) {
	base := Job{Name: "news", Seeds: []string{"https://news.example/"}}
	explicit := base
	explicit.Delay = &Duration{DefaultDelay}
	explicit.HostParallelism = DefaultHostParallelism
	explicit.UserAgent = fetch.DefaultUserAgent
	explicit.Concurrency = 64       // speed only
	explicit.Frontier = "redis://x" // where, not what
	explicit.LeaseTimeout = &Duration{time.Second}
	if base.Settings() != explicit.Settings() {
		t.Errorf("defaults and the same values given explicitly differ:\n%s\n%s", base.Settings(), explicit.Settings())
	}
	for _, c := range []struct {
		name   string
		change func(*Job)
	}{
		{"delay", func(j *Job) { j.Delay = &Duration{0} }},
		{"seeds", func(j *Job) { j.Seeds = append(j.Seeds, "https://news.example/world/") }},
		{"exclude", func(j *Job) { j.Exclude = []string{"/video/"} }},
		{"max_depth", func(j *Job) { j.MaxDepth = 3 }},
		{"max_pages", func(j *Job) { j.MaxPages = 100 }},
		{"user_agent", func(j *Job) { j.UserAgent = "other/1.0" }},
		{"host_parallelism", func(j *Job) { j.HostParallelism = 8 }},
	} {
		j := base
		c.change(&j)
		if j.Settings() == base.Settings() {
			t.Errorf("%s: a change leaves the settings equal", c.name)
			continue
		}
		if d := settingsDiff(j.Settings(), base.Settings()); !strings.HasPrefix(d, c.name+":") || strings.Contains(d, ";") {
			t.Errorf("%s: diff = %q, want only %s", c.name, d, c.name)
		}
	}
}
