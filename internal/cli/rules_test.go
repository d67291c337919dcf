package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rulesPage is a page on which the generic engine takes a template date
// from <meta> and keeps a "readers' choice" box in the body.
const rulesPage = `<html lang="en"><head><title>Storm hits coast</title>
<meta property="article:published_time" content="2019-01-01T00:00:00Z"></head>
<body><article><h1>Storm hits coast</h1>
<p class="dateline">Filed <span class="real-date">05.03.2024 14:30</span></p>
<div class="story">
<p>The storm reached the coast on Monday night, bringing winds of more than a hundred kilometres an hour to the towns along the bay.</p>
<div class="walks"><p>Readers' choice: the ten best storm photographs of the year, chosen by our readers and ranked by our editors in a long list.</p></div>
<p>Emergency services said that several roads were closed and that residents should stay indoors until the warning is lifted.</p>
<p>Forecasters expect the weather to calm down by Wednesday, when the storm will have moved further inland and lost most of its strength.</p>
</div></article></body></html>`

const rulesFile = `sites:
  - hosts: ["example.org"]
    published:
      selector: "span.real-date"
      layout: "%d.%m.%Y %H:%M"
      timezone: Europe/Paris
    title: "h2.missing"
    remove: [".walks"]
`

// isolate points the user's config folder at an empty temporary folder.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	return dir
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRulesTest(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	rules := writeFile(t, filepath.Join(dir, "example.yaml"), rulesFile)
	pagePath := filepath.Join(dir, "page.html.gz")
	writeGz(t, pagePath, rulesPage)
	cases := []struct {
		name     string
		url      string
		want     []string
		wantExit int
	}{
		{"rule applies", "https://www.example.org/news/storm", []string{
			"rule site:example.org (" + rules + ":2) applies to https://www.example.org/news/storm",
			"2019-01-01T00:00:00Z  2024-03-05T14:30:00+01:00",
			"2024-03-05T14:30:00+01:00",
			"site:example.org published (" + rules + ":4)",
			"title", "found nothing (selector \"h2.missing\" matched nothing); generic value kept",
			"removed 1 element(s)",
			"- Readers' choice: the ten best storm photographs",
		}, 0},
		{"no rule for the host", "https://example.net/news/storm", []string{"no rule of " + rules + " applies"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := run(t, "", "rules", "test", rules, pagePath, "--url", c.url)
			var exit ExitError
			if c.wantExit != 0 {
				if !errors.As(err, &exit) || exit.Code != c.wantExit {
					t.Fatalf("err = %v, want exit %d", err, c.wantExit)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("no url", func(t *testing.T) {
		if _, _, err := run(t, "", "rules", "test", rules, pagePath); err == nil || !strings.Contains(err.Error(), "--url") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestRulesLint(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "ok", "good.yaml"), rulesFile)
	bad := writeFile(t, filepath.Join(dir, "bad", "bad.yml"), `sites:
  - hosts: [example.org]
    titel: h1
    published: {selector: "span[", layout: "%Y-%m"}
    authors: {selector: a, regex: "(unclosed"}
`)
	broken := writeFile(t, filepath.Join(dir, "bad", "broken.yaml"), "sites:\n  - hosts: [example.org\n    title: h1\n")
	cases := []struct {
		name    string
		paths   []string
		want    []string
		summary string
		exit    int
	}{
		{"clean file", []string{good}, nil, "1 file(s), 1 rule(s), 0 problem(s)", 0},
		{"folder with problems", []string{filepath.Join(dir, "bad")}, []string{
			"rules " + bad + `:3:5: unknown key "titel"`,
			"rules " + bad + `:4:27: invalid CSS selector "span["`,
			"rules " + bad + `:4:44: published.layout "%Y-%m": the layout must contain a year, a month and a day`,
			"rules " + bad + `:5:35: authors.regex: invalid regular expression`,
			"rules " + broken + ":3:5: invalid YAML: ',' or ']' must be specified",
		}, "2 file(s), 0 rule(s), 5 problem(s)", 1},
		{"missing path", []string{filepath.Join(dir, "nope")}, []string{"no such file"}, "0 file(s), 0 rule(s), 1 problem(s)", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := run(t, "", append([]string{"rules", "lint"}, c.paths...)...)
			var exit ExitError
			if c.exit != 0 {
				if !errors.As(err, &exit) || exit.Code != c.exit {
					t.Fatalf("err = %v, want exit %d", err, c.exit)
				}
			} else if err != nil {
				t.Fatalf("err = %v\n%s", err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errOut, c.summary) {
				t.Errorf("summary = %q, want %q", errOut, c.summary)
			}
		})
	}
}

// TestExtractRules checks --rules and the user's rule folder on extract,
// and that a broken rule file is an error, not a silent skip.
func TestExtractRules(t *testing.T) {
	cfg := isolate(t)
	dir := t.TempDir()
	page := writeFile(t, filepath.Join(dir, "page.html"), rulesPage)
	rules := writeFile(t, filepath.Join(dir, "r.yaml"), rulesFile)
	u := "https://example.org/news/storm"
	cases := []struct {
		name    string
		setup   func()
		args    []string
		want    string
		wantErr string
	}{
		{"generic", func() {}, nil, `"published": "2019-01-01T00:00:00Z"`, ""},
		{"--rules file", func() {}, []string{"--rules", rules}, `"published": "2024-03-05T14:30:00+01:00"`, ""},
		{"user folder", func() {
			writeFile(t, filepath.Join(cfg, "newshound", "rules", "user.yaml"), rulesFile)
		}, nil, `"published": "2024-03-05T14:30:00+01:00"`, ""},
		{"--rules overrides the user folder", func() {}, []string{"--rules", writeFile(t, filepath.Join(dir, "later.yaml"),
			"sites:\n  - hosts: [example.org]\n    published: {selector: span.real-date, layout: \"%d.%m.%Y %H:%M\"}\n")},
			`"published": "2024-03-05T14:30:00Z"`, ""},
		{"broken rules file", func() {}, []string{"--rules", writeFile(t, filepath.Join(dir, "broken.yaml"), "sites:\n  - hosts: [example.org]\n    title: \"h1[\"\n")},
			"", "broken.yaml:3:12: invalid CSS selector"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.setup()
			out, _, err := run(t, "", append([]string{"extract", page, "--url", u, "--format", "json"}, c.args...)...)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("output lacks %s:\n%s", c.want, out)
			}
			if c.args == nil && c.name == "generic" && strings.Contains(out, "Readers' choice") == false {
				t.Error("generic body lost the readers' choice box: the test page no longer shows the problem")
			}
		})
	}
}
