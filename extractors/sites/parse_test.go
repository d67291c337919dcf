package sites

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestParseSmallest(t *testing.T) {
	rules, err := Parse("min.yaml", []byte("sites:\n  - hosts: [\"example.org\"]\n    published:\n      selector: \"span.real-date\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 1 {
		t.Fatalf("got %d rules, want 1", len(rules))
	}
	r := rules[0]
	if r.Name != "example.org" || r.Line != 2 || r.File != "min.yaml" {
		t.Errorf("rule = %q at %s, want example.org at min.yaml:2", r.Name, r.Pos())
	}
	if got := strings.Join(r.Fields(), ","); got != "published" {
		t.Errorf("fields = %q", got)
	}
}

func TestParseForms(t *testing.T) {
	src := `# several sites, every form of field
sites:
  - hosts: [example.org, "*.example.net/sport/"]
    name: ex
    notes: demo
    title: h1.headline
    authors:
      - a[rel=author]
      - {selector: "meta[name=byl]", regex: '^By (.*)', split: " and "}
    published: {selector: time, attr: datetime, layout: "%Y-%m-%d %H:%M", timezone: Europe/Paris}
    modified: {selector: .upd, layout: "2 January 2006"}
    breadcrumbs: nav.trail a
    body: div.story
    remove: [.related, .promo]
    article_url: ['^/news/\d+']
---
sites:
  - hosts: other.org
    tags: {selector: .tags, split: ","}
`
	rules, err := Parse("forms.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 {
		t.Fatalf("got %d rules, want 2", len(rules))
	}
	r := rules[0]
	if r.Name != "ex" || r.Notes != "demo" || len(r.Hosts) != 2 {
		t.Errorf("rule = %+v", r)
	}
	if got, want := strings.Join(r.Fields(), ","), "title,published,modified,authors,breadcrumbs"; got != want {
		t.Errorf("fields = %q, want %q", got, want)
	}
	if got := r.BodySelectors(); len(got) != 1 || got[0] != "div.story" {
		t.Errorf("body = %q", got)
	}
	if got := r.RemoveSelectors(); len(got) != 2 {
		t.Errorf("remove = %q", got)
	}
	for _, c := range []struct {
		url  string
		want bool
	}{{"https://example.org/news/12", true}, {"https://example.org/about", false}} {
		u, _ := url.Parse(c.url)
		if got, decided := r.IsArticle(u); got != c.want || !decided {
			t.Errorf("IsArticle(%s) = %v, %v", c.url, got, decided)
		}
	}
	if rules[1].Line != 18 {
		t.Errorf("second document's rule at line %d, want 18", rules[1].Line)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n"} {
		rules, err := Parse("e.yaml", []byte(src))
		if err != nil || len(rules) != 0 {
			t.Errorf("Parse(%q) = %d rules, %v; want none, nil", src, len(rules), err)
		}
	}
}

// TestParseErrors checks that every kind of problem is reported with the
// file and the line (and column) of the offending value.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // each a substring of one problem, in order
	}{
		{"yaml syntax", "sites:\n  - hosts: [example.org\n    title: h1\n",
			[]string{"rules bad.yaml:3:5: invalid YAML: ',' or ']' must be specified"}},
		{"tab indentation", "sites:\n\t- hosts: x\n",
			[]string{"rules bad.yaml:2:1: invalid YAML"}},
		{"not a mapping", "- hosts: [example.org]\n",
			[]string{"bad.yaml:1:1: a rule file must be a mapping"}},
		{"no sites key", "site:\n  - hosts: [a.org]\n",
			[]string{`bad.yaml:1:1: unknown key "site"`, "bad.yaml:1:1: no sites key"}},
		{"sites not a list", "sites: example.org\n",
			[]string{"bad.yaml:1:8: sites must be a list"}},
		{"unknown site key", "sites:\n  - hosts: [a.org]\n    titel: h1\n",
			[]string{`bad.yaml:3:5: unknown key "titel"`}},
		{"unknown spec key", "sites:\n  - hosts: [a.org]\n    title:\n      selecter: h1\n",
			[]string{`bad.yaml:4:7: title: unknown key "selecter"`}},
		{"no hosts", "sites:\n  - title: h1\n",
			[]string{"bad.yaml:2:5: site has no hosts key"}},
		{"empty hosts", "sites:\n  - hosts: []\n    title: h1\n",
			[]string{"bad.yaml:2:5: hosts is empty"}},
		{"host with scheme", "sites:\n  - hosts: [\"https://a.org/\"]\n",
			[]string{`bad.yaml:2:13: host "https://a.org/": write the host without a scheme`}},
		{"host with inner wildcard", "sites:\n  - hosts: [\"a.*.org\"]\n",
			[]string{`bad.yaml:2:13: host "a.*.org"`}},
		{"bad selector", "sites:\n  - hosts: [a.org]\n    published:\n      selector: \"span[\"\n",
			[]string{`bad.yaml:4:17: invalid CSS selector "span["`}},
		{"bad bare selector", "sites:\n  - hosts: [a.org]\n    title: \"h1 >> \"\n",
			[]string{`bad.yaml:3:12: invalid CSS selector`}},
		{"bad body selector", "sites:\n  - hosts: [a.org]\n    body: [div.ok, \"div..x\"]\n",
			[]string{`bad.yaml:3:20: invalid CSS selector "div..x"`}},
		{"bad regex", "sites:\n  - hosts: [a.org]\n    title: {selector: h1, regex: \"(a\"}\n",
			[]string{"bad.yaml:3:34: title.regex: invalid regular expression"}},
		{"bad article_url", "sites:\n  - hosts: [a.org]\n    article_url: [\"[a-\"]\n",
			[]string{"bad.yaml:3:19: article_url: invalid regular expression"}},
		{"layout without day", "sites:\n  - hosts: [a.org]\n    published: {selector: time, layout: \"2006-01\"}\n",
			[]string{`bad.yaml:3:41: published.layout "2006-01": the layout must contain a year, a month and a day`}},
		{"unknown strftime", "sites:\n  - hosts: [a.org]\n    published: {selector: time, layout: \"%Y-%m-%Q\"}\n",
			[]string{"published.layout \"%Y-%m-%Q\": unknown directive %Q"}},
		{"layout on a text field", "sites:\n  - hosts: [a.org]\n    title: {selector: h1, layout: \"2006\"}\n",
			[]string{"bad.yaml:3:27: title: layout applies to published and modified only"}},
		{"split on a date", "sites:\n  - hosts: [a.org]\n    published: {selector: h1, split: \",\"}\n",
			[]string{"published: split applies to authors and tags only"}},
		{"bad timezone", "sites:\n  - hosts: [a.org]\n    published: {selector: t, layout: \"2006-01-02\", timezone: Mars/Olympus}\n",
			[]string{`published.timezone: unknown time zone "Mars/Olympus"`}},
		{"spec without selector", "sites:\n  - hosts: [a.org]\n    title: {attr: content}\n",
			[]string{"bad.yaml:3:13: title: no selector"}},
		{"empty field", "sites:\n  - hosts: [a.org]\n    title:\n",
			[]string{"bad.yaml:3:12: title must be a single value, not empty"}},
		{"duplicate key", "sites:\n  - hosts: [a.org]\n    title: h1\n    title: h2\n",
			[]string{`bad.yaml:4:5: invalid YAML: mapping key "title" already defined at [3:5]`}},
		{"alias to unknown anchor", "sites:\n  - hosts: [a.org]\n    title: *nope\n",
			[]string{"bad.yaml:3"}},
		{"merge key", "base: &b {title: h1}\nsites:\n  - hosts: [a.org]\n    <<: *b\n",
			[]string{`unknown key "base"`, "bad.yaml:4:5: merge keys (<<) are not supported"}},
		{"several problems", "sites:\n  - hosts: [a.org]\n    title: \"h1[\"\n  - hosts: [b.org]\n    nope: 1\n",
			[]string{"bad.yaml:3:12: invalid CSS selector", `bad.yaml:5:5: unknown key "nope"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rules, err := Parse("bad.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("no error; got %d rules", len(rules))
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			if len(ps) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.Contains(ps[i].Error(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, ps[i].Error(), w)
				}
			}
		})
	}
}

func TestParseAlias(t *testing.T) {
	src := "sites:\n  - hosts: [a.org]\n    title: &h {selector: h1}\n  - hosts: [b.org]\n    title: *h\n"
	rules, err := Parse("alias.yaml", []byte(src))
	if err != nil || len(rules) != 2 || len(rules[1].Fields()) != 1 {
		t.Fatalf("Parse = %d rules, %v", len(rules), err)
	}
}

func TestHostMatch(t *testing.T) {
	cases := []struct {
		pattern, url string
		want         bool
	}{
		{"example.org", "https://example.org/a", true},
		{"example.org", "https://www.example.org/a", true},
		{"example.org", "https://WWW.Example.ORG./a", true},
		{"example.org", "https://news.example.org/a", false},
		{"example.org", "https://notexample.org/a", false},
		{"www.example.org", "https://example.org/a", true},
		{"*.example.org", "https://example.org/a", true},
		{"*.example.org", "https://a.b.example.org/a", true},
		{"*.example.org", "https://badexample.org/a", false},
		{"example.org:8080", "", false}, // invalid, checked below
		{"example.org/sport", "https://example.org/sport", true},
		{"example.org/sport", "https://example.org/sport/x", true},
		{"example.org/sport", "https://example.org/sports/x", false},
		{"example.org/sport/", "https://example.org/sport/x", true},
		{"example.org/sport/", "https://example.org/sport", false},
		{"example.org/", "https://example.org", true},
	}
	for _, c := range cases {
		t.Run(c.pattern+" "+c.url, func(t *testing.T) {
			h, err := parseHost(c.pattern)
			if c.url == "" {
				if err == nil {
					t.Fatalf("parseHost(%q) accepted", c.pattern)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(c.url)
			if got := h.match(normalizeHost(u.Hostname()), u.EscapedPath()); got != c.want {
				t.Errorf("match = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSpecificity(t *testing.T) {
	// Each pattern is more specific than the next, for news.example.org/sport/x.
	order := []string{"news.example.org/sport/", "news.example.org", "*.news.example.org", "*.example.org/sport/", "*.example.org"}
	for i := 0; i+1 < len(order); i++ {
		a, _ := parseHost(order[i])
		b, _ := parseHost(order[i+1])
		if Compare(a.specificity(), b.specificity()) <= 0 {
			t.Errorf("%s should be more specific than %s", order[i], order[i+1])
		}
	}
}

func TestLayouts(t *testing.T) {
	cases := []struct {
		layout, value, want string
	}{
		{"%Y-%m-%d", "2024-03-05", "2024-03-05T00:00:00Z"},
		{"%d.%m.%Y, %H:%M", "05.03.2024, 14:30", "2024-03-05T14:30:00Z"},
		{"%-d %B %Y", "5 March 2024", "2024-03-05T00:00:00Z"},
		{"%b %e, %Y %I:%M %p", "Mar  5, 2024 02:30 PM", "2024-03-05T14:30:00Z"},
		{"%Y-%m-%dT%H:%M:%S%:z", "2024-03-05T14:30:00+01:00", "2024-03-05T14:30:00+01:00"},
		{"January 2, 2006", "March 5, 2024", "2024-03-05T00:00:00Z"},
		{"", "2024-03-05T14:30:00+01:00", "2024-03-05T14:30:00+01:00"},
		{"", "2024-03-05 14:30", "2024-03-05T14:30:00Z"},
	}
	for _, c := range cases {
		t.Run(c.layout+" "+c.value, func(t *testing.T) {
			s := &spec{}
			if c.layout != "" {
				l, err := compileLayout(c.layout)
				if err != nil {
					t.Fatal(err)
				}
				s.layout, s.source = l, c.layout
			}
			got, err := s.parseDate(c.value)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format("2006-01-02T15:04:05Z07:00") != c.want {
				t.Errorf("got %s, want %s", got.Format("2006-01-02T15:04:05Z07:00"), c.want)
			}
		})
	}
}

// FuzzParse checks that no input makes Parse panic, and that every error
// is a Problems list naming the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"sites:\n  - hosts: [\"example.org\"]\n    published:\n      selector: \"span.real-date\"\n",
		"sites:\n  - hosts: [a.org]\n    title: [h1, {selector: h2, regex: '(x)'}]\n    body: div\n",
		"a: &a [*a]\n", "sites: [*x]\n", "sites:\n - hosts: &h [a.org]\n   tags: *h\n",
		"sites:\n  - hosts: [a.org]\n    published: {selector: t, layout: '%Y%m%d'}\n", "\t", "{{", "sites: !!binary aGk=\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rules, err := Parse("fuzz.yaml", []byte(src))
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not a non-empty Problems: %v", err)
			}
			if !strings.HasPrefix(ps[0].Error(), "rules fuzz.yaml") {
				t.Fatalf("problem does not name the file: %v", ps[0])
			}
			return
		}
		for _, r := range rules {
			if r.Name == "" || len(r.Hosts) == 0 {
				t.Fatalf("rule without name or hosts: %+v", r)
			}
		}
	})
}
