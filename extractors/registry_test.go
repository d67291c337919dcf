package extractors_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/sites"
)

// sitePageURL is the address of testdata/site-rules-page.html, a made-up
// page on which the generic engine is deliberately wrong: a template
// publication date in <meta>, an "also read" box inside the story and a
// declared breadcrumb trail that is not the page's real section path.
const sitePageURL = "https://www.example.org/coast/harbour-reopens"

func sitePage(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/site-rules-page.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rulesFrom parses src as the rule file name.
func rulesFrom(t testing.TB, name, src string) []*extractors.Rule {
	t.Helper()
	rules, err := sites.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

func extract(t testing.TB, raw []byte, pageURL string, reg *extractors.Registry) *extractors.Article {
	t.Helper()
	a, err := extractors.ExtractBytes(context.Background(), raw, pageURL, extractors.Options{Registry: reg, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func crumbs(a *extractors.Article) string {
	var parts []string
	for _, c := range a.Breadcrumbs {
		parts = append(parts, c.Name+"="+c.URL)
	}
	return strings.Join(parts, " ")
}

func published(a *extractors.Article) string {
	if a.Published == nil {
		return "null"
	}
	return a.Published.Format(time.RFC3339)
}

const fixRules = `sites:
  - hosts: ["example.org"]
    notes: the <meta> date is a template default
    published:
      selector: "span.real-date"
      layout: "%-d %B %Y, %H:%M"
      timezone: Europe/London
    remove: [".walks"]
    breadcrumbs: "div.topics a"
`

// TestRuleFixesGeneric checks, field by field, that the generic engine is
// wrong on the test page and that the rule fixes it.
func TestRuleFixesGeneric(t *testing.T) {
	raw := sitePage(t)
	var reg extractors.Registry
	reg.AddRules(rulesFrom(t, "fix.yaml", fixRules)...)
	generic := extract(t, raw, sitePageURL, nil)
	fixed := extract(t, raw, sitePageURL, &reg)
	cases := []struct {
		field       string
		get         func(*extractors.Article) string
		wrong, want string
	}{
		{"published", published, "2019-01-01T00:00:00Z", "2024-03-05T14:30:00Z"},
		{"text", func(a *extractors.Article) string { return fmt.Sprint(strings.Contains(a.Text, "SIDEBARMARKER")) }, "true", "false"},
		{"breadcrumbs", crumbs,
			"Home=https://www.example.org/ Archive=https://www.example.org/archive/",
			"Start=https://www.example.org/ Coast=https://www.example.org/coast/ Harbours=https://www.example.org/coast/harbours/"},
		{"title", func(a *extractors.Article) string { return a.Title }, "Harbour reopens after storm", "Harbour reopens after storm"},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			if got := c.get(generic); got != c.wrong {
				t.Errorf("generic %s = %q, want the known wrong %q", c.field, got, c.wrong)
			}
			if got := c.get(fixed); got != c.want {
				t.Errorf("with rule %s = %q, want %q", c.field, got, c.want)
			}
		})
	}
	if !strings.Contains(fixed.Text, "Repairs to the outer breakwater") || fixed.WordCount >= generic.WordCount {
		t.Errorf("rule body lost the story or kept the box: %d words (generic %d)", fixed.WordCount, generic.WordCount)
	}
	if fixed.ContentHash == generic.ContentHash {
		t.Error("content hash not recomputed for the rule's body")
	}
}

// TestExplainNamesRule checks that --explain names the winning rule with
// its file and line and lists the generic winner among the rejected.
func TestExplainNamesRule(t *testing.T) {
	var reg extractors.Registry
	reg.AddRules(rulesFrom(t, "fix.yaml", fixRules)...)
	a := extract(t, sitePage(t), sitePageURL, &reg)
	cases := []struct{ field, rule, rejected string }{
		{"published", "site:example.org published (fix.yaml:5)", "meta.article:published_time"},
		{"breadcrumbs", "site:example.org breadcrumbs (fix.yaml:9)", "jsonld.BreadcrumbList"},
		{"site_rule", "registry: most specific host pattern, then latest loaded", ""},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			d := a.Explanation.Field(c.field)
			if d == nil || d.Source == nil {
				t.Fatalf("no decision for %s", c.field)
			}
			if d.Source.Rule != c.rule {
				t.Errorf("rule = %q, want %q", d.Source.Rule, c.rule)
			}
			if c.rejected == "" {
				return
			}
			if len(d.Rejected) == 0 || !strings.HasPrefix(d.Rejected[0].Source.Rule, c.rejected) ||
				!strings.Contains(d.Rejected[0].Reason, "overridden by site rule") {
				t.Errorf("first rejected = %+v, want the generic winner %s", d.Rejected, c.rejected)
			}
		})
	}
	if notes := strings.Join(a.Explanation.Body.Notes, "|"); !strings.Contains(notes, "site:example.org body (fix.yaml:2): removed 1 element(s)") {
		t.Errorf("body notes = %q", notes)
	}
}

// TestRuleFallback checks that a field whose rule finds nothing keeps the
// generic value, and that the explanation says why.
func TestRuleFallback(t *testing.T) {
	raw := sitePage(t)
	generic := extract(t, raw, sitePageURL, nil)
	cases := []struct {
		name, spec, field, why string
		get                    func(*extractors.Article) string
	}{
		{"selector matches nothing", `published: "span.no-such-date"`, "published", `selector "span.no-such-date" matched nothing`, published},
		{"regex does not match", `title: {selector: h1, regex: '^Breaking: (.*)'}`, "title", "regex", func(a *extractors.Article) string { return a.Title }},
		{"date does not fit layout", `published: {selector: span.real-date, layout: "%Y-%m-%d"}`, "published", "does not fit layout", published},
		{"attribute missing", `published: {selector: span.real-date, attr: datetime}`, "published", `no element with attribute "datetime"`, published},
		{"body selector matches nothing", `body: "div.no-such-body"`, "text", "", func(a *extractors.Article) string { return a.Text }},
		{"every alternative fails", "authors: [\"span.nobody\", {selector: a.writer, regex: 'Dr (.*)'}]", "authors", "matched nothing; regex", func(a *extractors.Article) string { return strings.Join(a.Authors, ",") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var reg extractors.Registry
			reg.AddRules(rulesFrom(t, "fb.yaml", "sites:\n  - hosts: [example.org]\n    "+c.spec+"\n")...)
			a := extract(t, raw, sitePageURL, &reg)
			if got, want := c.get(a), c.get(generic); got != want {
				t.Errorf("%s = %q, want the generic %q", c.field, got, want)
			}
			if c.why == "" {
				return
			}
			d := a.Explanation.Field(c.field)
			if d == nil || d.Source == nil || strings.HasPrefix(d.Source.Rule, "site:") {
				t.Fatalf("decision = %+v, want the generic winner", d)
			}
			if notes := strings.Join(d.Notes, "|"); !strings.Contains(notes, "found nothing") || !strings.Contains(notes, c.why) {
				t.Errorf("notes = %q, want a note containing %q", notes, c.why)
			}
		})
	}
}

// TestPrecedence checks which of several matching rules applies: the most
// specific pattern, then the one added last.
func TestPrecedence(t *testing.T) {
	rule := func(file, host string) string {
		return fmt.Sprintf("sites:\n  - hosts: [%q]\n    title: {selector: h1, regex: '(.*)', attr: text}\n", host)
	}
	cases := []struct {
		name  string
		rules [][2]string // file, host pattern, in load order
		url   string
		want  string // file of the winning rule
	}{
		{"later wins for the same host", [][2]string{{"builtin", "example.org"}, {"user", "example.org"}, {"flag", "example.org"}}, "https://example.org/a", "flag"},
		{"earlier exact host beats later wildcard", [][2]string{{"builtin", "example.org"}, {"user", "*.example.org"}}, "https://www.example.org/a", "builtin"},
		{"later wildcard applies where exact does not", [][2]string{{"builtin", "example.org"}, {"user", "*.example.org"}}, "https://news.example.org/a", "user"},
		{"longer host beats shorter wildcard", [][2]string{{"flag", "news.example.org"}, {"builtin", "*.example.org"}}, "https://news.example.org/a", "flag"},
		{"path prefix beats bare host", [][2]string{{"builtin", "example.org/sport/"}, {"user", "example.org"}}, "https://example.org/sport/x", "builtin"},
		{"path prefix does not apply elsewhere", [][2]string{{"builtin", "example.org/sport/"}, {"user", "example.org"}}, "https://example.org/news/x", "user"},
		{"no rule for another host", [][2]string{{"builtin", "example.org"}}, "https://example.net/a", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var reg extractors.Registry
			for _, r := range c.rules {
				reg.AddRules(rulesFrom(t, r[0], rule(r[0], r[1]))...)
			}
			u, _ := url.Parse(c.url)
			got, overridden := reg.Rule(u)
			if got == nil {
				if c.want != "" {
					t.Fatalf("no rule applies, want %s", c.want)
				}
				return
			}
			if got.File != c.want {
				t.Errorf("rule from %s applies, want %s", got.File, c.want)
			}
			if len(overridden)+1 > len(c.rules) {
				t.Errorf("%d overridden rules", len(overridden))
			}
		})
	}
}

// TestStandardOrder checks the loading order of rule sources: the user's
// folder, then --rules paths, later overriding earlier.
func TestStandardOrder(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("HOME", cfg)
	userDir, err := sites.UserDir()
	if err != nil {
		t.Fatal(err)
	}
	write := func(path, title string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		src := fmt.Sprintf("sites:\n  - hosts: [example.org]\n    name: %s\n    title: {selector: h1, regex: '(Harbour)'}\n", title)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	flagDir := t.TempDir()
	write(filepath.Join(userDir, "a.yaml"), "user-a")
	write(filepath.Join(userDir, "b.yml"), "user-b")
	write(filepath.Join(flagDir, "one.yaml"), "flag")
	u, _ := url.Parse(sitePageURL)
	cases := []struct {
		name  string
		paths []string
		want  string
	}{
		{"user folder alone: last file wins", nil, "user-b"},
		{"--rules overrides the user folder", []string{filepath.Join(flagDir, "one.yaml")}, "flag"},
		{"--rules folder", []string{flagDir}, "flag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rules, err := sites.Standard(c.paths...)
			if err != nil {
				t.Fatal(err)
			}
			var reg extractors.Registry
			reg.AddRules(rules...)
			got, _ := reg.Rule(u)
			if got == nil || got.Name != c.want {
				t.Fatalf("rule = %v, want %s", got, c.want)
			}
		})
	}
	t.Run("missing --rules path is an error", func(t *testing.T) {
		if _, err := sites.Standard(filepath.Join(flagDir, "nope.yaml")); err == nil {
			t.Error("no error")
		}
	})
	t.Run("broken user file fails the load with file and line", func(t *testing.T) {
		bad := filepath.Join(userDir, "c.yaml")
		if err := os.WriteFile(bad, []byte("sites:\n  - hosts: [x.org]\n    title: \"h1[\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(bad)
		_, err := sites.Standard()
		if err == nil || !strings.Contains(err.Error(), "rules "+bad+":3:12: invalid CSS selector") {
			t.Errorf("error = %v", err)
		}
	})
}

func TestBuiltinRulesLoad(t *testing.T) {
	if _, err := sites.Builtin(); err != nil {
		t.Fatal(err)
	}
}

// TestTreeNotModified checks that a rule with remove and body selectors
// leaves the caller's tree as it was.
func TestTreeNotModified(t *testing.T) {
	root, err := html.Parse(strings.NewReader(string(sitePage(t))))
	if err != nil {
		t.Fatal(err)
	}
	render := func() string {
		var b strings.Builder
		if err := html.Render(&b, root); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	before := render()
	var reg extractors.Registry
	reg.AddRules(rulesFrom(t, "t.yaml", "sites:\n  - hosts: [example.org]\n    remove: [.walks, aside, header]\n    body: div.story\n")...)
	a, err := extractors.ExtractNode(context.Background(), root, sitePageURL, extractors.Options{Registry: &reg, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "SIDEBARMARKER") || !strings.HasPrefix(a.Text, "The harbour of Example Bay") {
		t.Errorf("text = %q", a.Text)
	}
	if render() != before {
		t.Error("the caller's tree was modified")
	}
}

// titleFixer is a custom Extractor: it strips a prefix from titles.
type titleFixer struct {
	host   string
	fail   error
	panics bool
}

func (f titleFixer) Name() string { return "title-fixer" }

func (f titleFixer) Match(u *url.URL) bool { return u != nil && u.Hostname() == f.host }

func (f titleFixer) Extract(p *extractors.Page, a *extractors.Article) error {
	if f.panics {
		panic("boom")
	}
	if f.fail != nil {
		return f.fail
	}
	a.Title = "Fixed: " + p.Doc.Find("h1").First().Text()
	a.Text += "\n\nAppendix."
	return nil
}

func TestExtractor(t *testing.T) {
	raw := sitePage(t)
	errPaywall := errors.New("paywalled")
	cases := []struct {
		name    string
		ext     titleFixer
		title   string
		wantErr string
	}{
		{"changes fields with provenance", titleFixer{host: "www.example.org"}, "Fixed: Harbour reopens after storm", ""},
		{"does not match", titleFixer{host: "example.net"}, "Harbour reopens after storm", ""},
		{"error fails the page", titleFixer{host: "www.example.org", fail: errPaywall}, "", "extractor title-fixer: paywalled"},
		{"panic becomes an error", titleFixer{host: "www.example.org", panics: true}, "", "extractor title-fixer: panic: boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var reg extractors.Registry
			reg.Register(c.ext)
			a, err := extractors.ExtractBytes(context.Background(), raw, sitePageURL, extractors.Options{Registry: &reg, Explain: true})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error = %v, want %q", err, c.wantErr)
				}
				if c.ext.fail != nil && !errors.Is(err, errPaywall) {
					t.Error("error does not wrap the extractor's")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.title {
				t.Errorf("title = %q, want %q", a.Title, c.title)
			}
			if c.ext.host != "www.example.org" {
				return
			}
			d := a.Explanation.Field("title")
			if d.Source.Rule != "extractor:title-fixer" || len(d.Rejected) == 0 || d.Rejected[0].Source.Rule != "visible.h1" {
				t.Errorf("title decision = %+v", d)
			}
			if !strings.HasSuffix(a.Text, "Appendix.") || a.WordCount != extractors.WordCount(a.Text) || a.ContentHash != extractors.ContentHash(a.Text) {
				t.Error("text change not reflected in word count and hash")
			}
		})
	}
}

func TestIsArticle(t *testing.T) {
	var reg extractors.Registry
	reg.AddRules(rulesFrom(t, "a.yaml", "sites:\n  - hosts: [example.org]\n    article_url: ['^/coast/[a-z-]+$', 'story\\.php\\?id=\\d+']\n  - hosts: [example.net]\n    title: h1\n")...)
	cases := []struct {
		url              string
		article, decided bool
	}{
		{"https://example.org/coast/harbour-reopens", true, true},
		{"https://example.org/story.php?id=12", true, true},
		{"https://example.org/coast/", false, true},
		{"https://example.net/coast/x", false, false},
		{"https://example.com/coast/x", false, false},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			u, _ := url.Parse(c.url)
			a, d := reg.IsArticle(u)
			if a != c.article || d != c.decided {
				t.Errorf("IsArticle = %v, %v; want %v, %v", a, d, c.article, c.decided)
			}
		})
	}
}

// TestRegistryConcurrent extracts with one registry from many goroutines
// (run with -race) and checks every result is the same.
func TestRegistryConcurrent(t *testing.T) {
	raw := sitePage(t)
	var reg extractors.Registry
	reg.AddRules(rulesFrom(t, "fix.yaml", fixRules)...)
	reg.Register(titleFixer{host: "www.example.org"})
	want := extract(t, raw, sitePageURL, &reg)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := extractors.ExtractBytes(context.Background(), raw, sitePageURL, extractors.Options{Registry: &reg, Explain: true})
			if err != nil {
				errs <- err.Error()
				return
			}
			if a.Title != want.Title || a.ContentHash != want.ContentHash || published(a) != published(want) || crumbs(a) != crumbs(want) {
				errs <- "result differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestBodySelectors checks what the body pass reads under body selectors.
func TestBodySelectors(t *testing.T) {
	raw := sitePage(t)
	cases := []struct {
		name, body, prefix, absent, note string
	}{
		{"story container", `"div.story"`, "The harbour of Example Bay", "Most read", "kept div.story"},
		{"alternatives in document order", `["aside", "div.story"]`, "The harbour of Example Bay", "", "kept div.story, aside"},
		{"matches nothing: generic body", `"div.nothing"`, "The harbour of Example Bay", "", "body selectors matched nothing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var reg extractors.Registry
			reg.AddRules(rulesFrom(t, "b.yaml", "sites:\n  - hosts: [example.org]\n    body: "+c.body+"\n")...)
			a := extract(t, raw, sitePageURL, &reg)
			if !strings.HasPrefix(a.Text, c.prefix) {
				t.Errorf("text = %q, want prefix %q", page(a.Text), c.prefix)
			}
			if c.absent != "" && strings.Contains(a.Text, c.absent) {
				t.Errorf("text contains %q", c.absent)
			}
			if notes := strings.Join(a.Explanation.Body.Notes, "|"); !strings.Contains(notes, c.note) {
				t.Errorf("body notes = %q, want %q", notes, c.note)
			}
		})
	}
}

func page(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
