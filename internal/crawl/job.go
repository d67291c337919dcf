package crawl

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Job is a crawl job file (YAML). Every key has a `newshound crawl` flag
// of the same name (with dashes); flags given on the command line win.
type Job struct {
	// Name names the job; stored with its articles.
	Name string `yaml:"name"`
	// Seeds, Sitemaps and Feeds are where the crawl starts.
	Seeds    []string `yaml:"seeds"`
	Sitemaps []string `yaml:"sitemaps"`
	Feeds    []string `yaml:"feeds"`
	// AllowedDomains defaults to the hosts of the start URLs.
	AllowedDomains []string `yaml:"allowed_domains"`
	// Include and Exclude are regular expressions over URLs.
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
	// MaxDepth, MaxPages and MaxPagesPerHost are limits; 0 means none.
	MaxDepth        int `yaml:"max_depth"`
	MaxPages        int `yaml:"max_pages"`
	MaxPagesPerHost int `yaml:"max_pages_per_host"`
	// Concurrency and HostParallelism bound requests in flight overall
	// and per host.
	Concurrency     int `yaml:"concurrency"`
	HostParallelism int `yaml:"host_parallelism"`
	// Delay is the minimum gap between request starts to one host
	// (e.g. "1s"); nil means the default (1s).
	Delay *Duration `yaml:"delay"`
	// Timeout bounds one request (e.g. "30s").
	Timeout *Duration `yaml:"timeout"`
	// RecrawlPages and RecrawlArticles re-fetch non-article pages and
	// articles last fetched longer ago than this (e.g. "1h", "168h");
	// unset means never.
	RecrawlPages    *Duration `yaml:"recrawl_pages"`
	RecrawlArticles *Duration `yaml:"recrawl_articles"`
	// UserAgent is sent with every request.
	UserAgent string `yaml:"user_agent"`
	// Since skips sitemap and feed entries published before this date
	// (YYYY-MM-DD or RFC 3339).
	Since string `yaml:"since"`
	// DB is the SQLite database file.
	DB string `yaml:"db"`
	// Frontier is where the crawl queue lives: "" for the SQLite database
	// (DB), or a Redis server ("redis://host:6379/0") shared by many
	// crawler processes.
	Frontier string `yaml:"frontier"`
	// Store is where articles are stored: "" for the SQLite database (DB),
	// or a PostgreSQL database ("postgres://user@host/db").
	Store string `yaml:"store"`
	// LeaseTimeout is how long a URL leased from a Redis frontier stays
	// with its worker before another may take it (a dead worker's URLs);
	// nil means 5m. It must exceed the longest fetch and handling.
	LeaseTimeout *Duration `yaml:"lease_timeout"`
	// Rules are site-rule files or folders.
	Rules []string `yaml:"rules"`
	// MaxBytes is the largest page accepted.
	MaxBytes int64 `yaml:"max_bytes"`
}

// Duration is a time.Duration written as "1s", "500ms" in YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML parses a Go duration string ("1s", "250ms"); a bare 0
// is zero.
func (d *Duration) UnmarshalYAML(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"'`)
	if s == "0" {
		d.Duration = 0
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("bad duration %q (want e.g. 1s, 500ms): %w", s, err)
	}
	d.Duration = v
	return nil
}

// LoadJob reads a job file. Unknown keys, bad values and bad patterns are
// errors naming the file (and the line, where YAML gives one).
func LoadJob(path string) (*Job, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("job file: %w", err)
	}
	return ParseJob(b, path)
}

// ParseJob parses a job file's contents; name is used in errors.
func ParseJob(b []byte, name string) (*Job, error) {
	var j Job
	if len(bytes.TrimSpace(b)) > 0 {
		if err := yaml.UnmarshalWithOptions(b, &j, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("job file %s:\n%s", name, yaml.FormatError(err, false, true))
		}
	}
	if _, _, err := j.Patterns(); err != nil {
		return nil, fmt.Errorf("job file %s: %w", name, err)
	}
	if _, err := ParseSince(j.Since); err != nil {
		return nil, fmt.Errorf("job file %s: %w", name, err)
	}
	return &j, nil
}

// Recrawl returns the job's recrawl intervals (0 when unset).
func (j *Job) Recrawl() (pages, articles time.Duration) {
	if j.RecrawlPages != nil {
		pages = j.RecrawlPages.Duration
	}
	if j.RecrawlArticles != nil {
		articles = j.RecrawlArticles.Duration
	}
	return pages, articles
}

// Patterns compiles the job's include and exclude expressions.
func (j *Job) Patterns() (include, exclude []*regexp.Regexp, err error) {
	compile := func(list []string, key string) ([]*regexp.Regexp, error) {
		var out []*regexp.Regexp
		for _, p := range list {
			re, err := regexp.Compile(p)
			if err != nil {
				return nil, fmt.Errorf("%s pattern %q: %w", key, p, err)
			}
			out = append(out, re)
		}
		return out, nil
	}
	if include, err = compile(j.Include, "include"); err != nil {
		return nil, nil, err
	}
	if exclude, err = compile(j.Exclude, "exclude"); err != nil {
		return nil, nil, err
	}
	return include, exclude, nil
}

// ParseSince parses a --since value: YYYY-MM-DD (midnight UTC) or RFC
// 3339. "" is the zero time.
func ParseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("since %q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}
