package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/newshound/newshound/internal/fetch"
)

// Settings returns the job's settings that change what a crawl fetches and
// stores, as canonical JSON (defaults applied, lists in order given): the
// name, the start URLs (seeds, sitemaps, feeds), the scope (allowed
// domains, include and exclude patterns, max depth, since), the budgets
// (max pages, per host), politeness (delay, host parallelism, user agent,
// which robots.txt groups apply to), the request timeout, the page size
// cap, the recrawl intervals and the site-rule files. Not in it: the
// concurrency (speed only), where the frontier and store live, the lease
// timeout and the log settings. Every worker of one job on one shared
// frontier must have the same Settings (ClaimSettings).
func (j *Job) Settings() string {
	dur := func(d *Duration, def time.Duration) string {
		if d == nil {
			return def.String()
		}
		return d.Duration.String()
	}
	pages, articles := j.Recrawl()
	ua := j.UserAgent
	if ua == "" {
		ua = fetch.DefaultUserAgent
	}
	maxBytes := j.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	m := map[string]any{
		"name": j.Name, "seeds": j.Seeds, "sitemaps": j.Sitemaps, "feeds": j.Feeds,
		"allowed_domains": j.AllowedDomains, "include": j.Include, "exclude": j.Exclude,
		"max_depth": j.MaxDepth, "max_pages": j.MaxPages, "max_pages_per_host": j.MaxPagesPerHost,
		"host_parallelism": orInt(j.HostParallelism, DefaultHostParallelism),
		"delay":            dur(j.Delay, DefaultDelay), "timeout": dur(j.Timeout, DefaultTimeout),
		"recrawl_pages": pages.String(), "recrawl_articles": articles.String(),
		"user_agent": ua, "since": j.Since, "max_bytes": maxBytes, "rules": j.Rules,
	}
	for k, v := range m {
		if l, ok := v.([]string); ok && l == nil {
			m[k] = []string{}
		}
	}
	b, _ := json.Marshal(m) // map keys sorted: canonical
	return string(b)
}

// settingsDiff names the settings that differ between two Settings
// values, with both values ("delay: 1s here, 0s in the running workers").
func settingsDiff(mine, theirs string) string {
	var a, b map[string]json.RawMessage
	if json.Unmarshal([]byte(mine), &a) != nil || json.Unmarshal([]byte(theirs), &b) != nil {
		return "unreadable settings"
	}
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var diffs []string
	for _, k := range keys {
		if !slices.Equal(a[k], b[k]) {
			diffs = append(diffs, fmt.Sprintf("%s: %s here, %s in the running workers", k, orNone(a[k]), orNone(b[k])))
		}
	}
	return strings.Join(diffs, "; ")
}

func orNone(v json.RawMessage) string {
	if len(v) == 0 {
		return "(none)"
	}
	return string(v)
}

// SettingsClaimer is a frontier shared by processes that keeps the
// settings of a job's running workers (redisfrontier.Frontier).
type SettingsClaimer interface {
	ClaimSettings(ctx context.Context, settings string, ttl time.Duration) (other string, err error)
}

// ErrOtherSettings is returned by ClaimSettings when workers of the same
// job on the same frontier run with other settings.
var ErrOtherSettings = errors.New("crawl: workers of this job run with other settings")

// settingsTTL is how long a job's settings outlive its last worker.
const settingsTTL = 30 * time.Second

// ClaimSettings records job's settings in the shared frontier fr and
// keeps them fresh until stop is called, so that a worker started later
// with other settings is refused. It fails with ErrOtherSettings, naming
// the settings that differ, when the job's running workers (those that
// refreshed their claim in the last 30 seconds) use other settings.
func ClaimSettings(ctx context.Context, fr SettingsClaimer, job *Job, logger *slog.Logger) (stop func(), err error) {
	mine := job.Settings()
	if other, err := fr.ClaimSettings(ctx, mine, settingsTTL); err != nil {
		if other != "" {
			return nil, fmt.Errorf("%w: job %q is being crawled on this frontier with other settings (%s): give every worker the same settings, wait until the others stop, or use another job name (--job)",
				ErrOtherSettings, job.Name, settingsDiff(mine, other))
		}
		return nil, err
	}
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(settingsTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
			}
			if other, err := fr.ClaimSettings(hctx, mine, settingsTTL); err != nil && hctx.Err() == nil {
				if logger != nil {
					logger.Warn("could not refresh the job's settings on the frontier", "err", err, "differences", settingsDiff(mine, other))
				}
			}
		}
	}()
	return func() { cancel(); <-done }, nil
}
