package crawl

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestJobFileInREADME parses the job file the README shows, so the
// documentation cannot drift from the parser.
func TestJobFileInREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "# job.yaml")
	if i < 0 {
		t.Fatal("README has no job.yaml example")
	}
	end := strings.Index(s[i:], "```")
	job, err := ParseJob([]byte(s[i:i+end]), "README job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if job.Name != "example-news" || len(job.Seeds) != 2 || job.Delay == nil || job.Delay.Duration != time.Second || job.MaxDepth != 4 {
		t.Errorf("parsed job = %+v", job)
	}
	inc, exc, err := job.Patterns()
	if err != nil || len(inc) != 1 || len(exc) != 2 {
		t.Errorf("patterns: %v %v %v", inc, exc, err)
	}
	if !exc[1].MatchString("https://www.example.org/a?replytocom=5") {
		t.Errorf("exclude pattern %q does not match a reply URL", exc[1])
	}
}

func TestParseJobErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "name: x\nseedz: [a]\n", "seedz"},
		{"bad duration", "delay: soon\n", "duration"},
		{"bad pattern", "include: ['(']\n", "include pattern"},
		{"bad since", "since: yesterday\n", "since"},
		{"wrong type", "max_pages: many\n", "max_pages"},
		{"broken yaml", "seeds: [a, b\n", "job file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseJob([]byte(tc.yaml), "job.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), "job.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
	if j, err := ParseJob(nil, "empty.yaml"); err != nil || j == nil {
		t.Errorf("empty job file: %v", err)
	}
	if d, err := ParseSince("2025-01-02"); err != nil || d.Day() != 2 {
		t.Errorf("ParseSince: %v %v", d, err)
	}
}
