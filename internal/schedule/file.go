package schedule

import (
	"bytes"
	"fmt"
	"os"

	"github.com/goccy/go-yaml"

	"github.com/newshound/newshound/internal/crawl"
)

// File is a schedule file (YAML): one database and the jobs that crawl
// into it.
type File struct {
	// DB is the SQLite database every job stores into; with Store set,
	// it keeps only the jobs' run records (and, without Frontier, their
	// queues).
	DB string `yaml:"db"`
	// Frontier and Store move every job's queue to a Redis server and
	// its articles to a PostgreSQL database shared with other processes
	// (as `newshound crawl --frontier/--store`); "" means the DB file.
	Frontier string `yaml:"frontier"`
	Store    string `yaml:"store"`
	// Jobs are the crawl jobs.
	Jobs []Spec `yaml:"jobs"`
}

// Spec is one scheduled job: a crawl job (every key of a `newshound crawl`
// job file) and when to run it.
type Spec struct {
	crawl.Job `yaml:",inline"`
	// Schedule is a 5-field cron expression ("*/30 * * * *") or a
	// descriptor ("@hourly", "@every 2h"), in the process's time zone.
	Schedule string `yaml:"schedule"`
}

// Load reads and checks a schedule file: unknown keys, bad values,
// schedules and patterns, missing or repeated job names are errors naming
// the file.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("schedule file: %w", err)
	}
	return Parse(b, path)
}

// Parse reads a schedule file's contents; name is used in errors.
func Parse(b []byte, name string) (*File, error) {
	var f File
	if len(bytes.TrimSpace(b)) > 0 {
		if err := yaml.UnmarshalWithOptions(b, &f, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("schedule file %s:\n%s", name, yaml.FormatError(err, false, true))
		}
	}
	if len(f.Jobs) == 0 {
		return nil, fmt.Errorf("schedule file %s: no jobs", name)
	}
	if f.DB == "" {
		f.DB = "newshound.db"
	}
	seen := make(map[string]bool)
	for i, j := range f.Jobs {
		if j.Name == "" {
			return nil, fmt.Errorf("schedule file %s: job %d has no name", name, i+1)
		}
		if seen[j.Name] {
			return nil, fmt.Errorf("schedule file %s: job name %q used twice", name, j.Name)
		}
		seen[j.Name] = true
		if _, err := ParseSchedule(j.Schedule); err != nil {
			return nil, fmt.Errorf("schedule file %s:%d: job %s: %w", name, lineOf(b, "schedule:", j.Schedule), j.Name, err)
		}
		if len(j.Seeds)+len(j.Sitemaps)+len(j.Feeds) == 0 {
			return nil, fmt.Errorf("schedule file %s: job %s has no seeds, sitemaps or feeds", name, j.Name)
		}
		if j.DB != "" && j.DB != f.DB {
			return nil, fmt.Errorf("schedule file %s: job %s: every job stores into the file's db (%s), not %s", name, j.Name, f.DB, j.DB)
		}
		if j.Frontier != "" || j.Store != "" {
			return nil, fmt.Errorf("schedule file %s: job %s: frontier: and store: are set once, at the top of the file, for every job", name, j.Name)
		}
		if _, _, err := j.Patterns(); err != nil {
			return nil, fmt.Errorf("schedule file %s: job %s: %w", name, j.Name, err)
		}
		if _, err := crawl.ParseSince(j.Since); err != nil {
			return nil, fmt.Errorf("schedule file %s: job %s: %w", name, j.Name, err)
		}
	}
	return &f, nil
}

// lineOf returns the 1-based number of the first line of b holding both
// key and value (where a job's setting is written), or 0 when none does.
func lineOf(b []byte, key, value string) int {
	for i, line := range bytes.Split(b, []byte("\n")) {
		if bytes.Contains(line, []byte(key)) && bytes.Contains(line, []byte(value)) {
			return i + 1
		}
	}
	return 0
}
