package cli

// rules.go is `newshound rules` (test, lint) and loads the site rules that
// `newshound extract` applies.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/sites"
)

// loadRegistry loads the site rules in the standard order (built-in, the
// user's folder, then paths) into a Registry.
func loadRegistry(paths []string) (*extractors.Registry, error) {
	return extractors.LoadRegistry(paths...)
}

func newRulesCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Check and try site rules (YAML files that fix one site's extraction)",
		Long: `Site rules are YAML files that fix one site's extraction without
recompiling: selectors for a field the generic engine gets wrong, body
elements to keep or drop, breadcrumbs, what is an article.

Rules are loaded from the built-in set, then ~/.config/newshound/rules/,
then each --rules FILE|DIR of newshound extract; for a URL the most specific
host pattern wins, and between equally specific ones the later.

  newshound rules test example.yaml page.html --url https://example.org/news/1
  newshound rules lint ~/.config/newshound/rules my-rules.yaml`,
	}
	cmd.AddCommand(newRulesTestCmd(env), newRulesLintCmd(env))
	return cmd
}

func newRulesTestCmd(env Env) *cobra.Command {
	var (
		pageURL  string
		maxBytes int64
	)
	cmd := &cobra.Command{
		Use:   "test RULES.yaml PAGE.html[.gz] --url URL",
		Short: "Show a page's fields before and after the rules of one file",
		Long: `Extract a saved page twice, with the generic engine alone and with the rules
of RULES.yaml (only that file), and print each field before and after, with
the rule that changed it or why it found nothing. PAGE may be
gzip-compressed or - for standard input. The exit status is 1 when no rule
of the file applies to --url.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRulesTest(cmd.Context(), env, args[0], args[1], pageURL, maxBytes)
		},
	}
	cmd.Flags().StringVar(&pageURL, "url", "", "the page's original URL (required: rules match it)")
	cmd.Flags().Int64Var(&maxBytes, "max-bytes", 10<<20, "largest page accepted, in bytes")
	return cmd
}

func runRulesTest(ctx context.Context, env Env, rulesPath, pagePath, pageURL string, maxBytes int64) error {
	u, err := url.Parse(pageURL)
	if pageURL == "" || err != nil || u.Host == "" {
		return fmt.Errorf("rules test: give the page's address with --url (rules match its host)")
	}
	rules, err := sites.Load(rulesPath)
	if err != nil {
		return err
	}
	reg := &extractors.Registry{}
	reg.AddRules(rules...)
	rule, _ := reg.Rule(u)
	if rule == nil {
		fmt.Fprintf(env.Stdout, "no rule of %s applies to %s (%d rules)\n", rulesPath, pageURL, len(rules))
		return ExitError{Code: 1}
	}
	raw, err := readPage(pagePath, env.Stdin, maxBytes)
	if err != nil {
		return err
	}
	opts := extractors.Options{MaxBytes: maxBytes, Explain: true}
	before, err := extractors.ExtractBytes(ctx, raw, pageURL, opts)
	if err != nil {
		return fmt.Errorf("extract %s: %w", pagePath, err)
	}
	opts.Registry = reg
	after, err := extractors.ExtractBytes(ctx, raw, pageURL, opts)
	if err != nil {
		return fmt.Errorf("extract %s with %s: %w", pagePath, rulesPath, err)
	}
	return writeRulesDiff(env.Stdout, rule, pageURL, before, after)
}

// writeRulesDiff prints the fields of before and after as a table, with
// the rule behind each change, then the body paragraphs removed and added.
func writeRulesDiff(w io.Writer, rule *extractors.Rule, pageURL string, before, after *extractors.Article) error {
	s := &stickyWriter{w: w}
	s.printf("rule %s applies to %s\n", rule, pageURL)
	if rule.Notes != "" {
		s.printf("notes: %s\n", rule.Notes)
	}
	s.printf("\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "FIELD\tBEFORE (generic)\tAFTER (with rules)\tBY\n")
	changed := 0
	for _, f := range diffFields() {
		b, a := f.get(before), f.get(after)
		by := ""
		if d := after.Explanation.Field(f.name); d != nil {
			if d.Source != nil && strings.HasPrefix(d.Source.Rule, "site:") {
				by = d.Source.Rule
			}
			for _, n := range d.Notes {
				if strings.HasPrefix(n, "site:") {
					by = n
				}
			}
		}
		if f.name == "text" {
			for _, n := range after.Explanation.Body.Notes {
				if strings.HasPrefix(n, "site:") {
					by = n
				}
			}
		}
		if b == a && by == "" {
			continue
		}
		shown := cell(a)
		if b == a {
			shown = "="
		} else {
			changed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.name, cell(b), shown, by)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s.printf("\n%d field(s) changed; fields not listed are the same and have no rule.\n", changed)
	if before.Text != after.Text {
		removed, added := paragraphDiff(before.Text, after.Text)
		s.printf("text paragraphs removed (-) and added (+):\n")
		for _, p := range removed {
			s.printf("  - %s\n", page.Truncate(p, 100))
		}
		for _, p := range added {
			s.printf("  + %s\n", page.Truncate(p, 100))
		}
	}
	return s.err
}

// diffField is one row of the rules test table.
type diffField struct {
	name string
	get  func(*extractors.Article) string
}

func diffFields() []diffField {
	t := func(p *time.Time) string {
		if p == nil {
			return "null"
		}
		return p.Format(time.RFC3339)
	}
	return []diffField{
		{"title", func(a *extractors.Article) string { return a.Title }},
		{"published", func(a *extractors.Article) string { return t(a.Published) }},
		{"modified", func(a *extractors.Article) string { return t(a.Modified) }},
		{"authors", func(a *extractors.Article) string { return strings.Join(a.Authors, "; ") }},
		{"section", func(a *extractors.Article) string { return a.Section }},
		{"tags", func(a *extractors.Article) string { return strings.Join(a.Tags, "; ") }},
		{"description", func(a *extractors.Article) string { return a.Description }},
		{"image", func(a *extractors.Article) string { return a.Image }},
		{"language", func(a *extractors.Article) string { return a.Language }},
		{"site_name", func(a *extractors.Article) string { return a.SiteName }},
		{"canonical_url", func(a *extractors.Article) string { return a.CanonicalURL }},
		{"breadcrumbs", func(a *extractors.Article) string { return crumbNames(a.Breadcrumbs) }},
		{"text", func(a *extractors.Article) string {
			return fmt.Sprintf("%d words, %s", a.WordCount, page.Truncate(a.ContentHash, 8))
		}},
	}
}

// cell shortens a table cell.
func cell(s string) string {
	if s == "" {
		return `""`
	}
	return page.Truncate(strings.ReplaceAll(s, "\t", " "), 40)
}

// paragraphDiff returns the paragraphs of before missing from after and
// those of after missing from before.
func paragraphDiff(before, after string) (removed, added []string) {
	in := func(text string) map[string]bool {
		m := map[string]bool{}
		for _, p := range strings.Split(text, "\n\n") {
			m[p] = true
		}
		return m
	}
	b, a := in(before), in(after)
	for _, p := range strings.Split(before, "\n\n") {
		if p != "" && !a[p] {
			removed = append(removed, p)
		}
	}
	for _, p := range strings.Split(after, "\n\n") {
		if p != "" && !b[p] {
			added = append(added, p)
		}
	}
	return removed, added
}

func newRulesLintCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "lint PATH...",
		Short: "Check rule files: YAML, keys, selectors, regular expressions, date layouts",
		Long: `Check rule files and folders (their *.yaml and *.yml files, recursively):
YAML syntax, unknown keys, CSS selectors, regular expressions, date layouts
and time zones. Each problem is printed as FILE:LINE:COLUMN: message; the
exit status is 1 when there is any.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRulesLint(env, args)
		},
	}
}

func runRulesLint(env Env, paths []string) error {
	var files, rules, problems int
	for _, p := range paths {
		list, err := sites.RuleFiles(p)
		if err != nil {
			fmt.Fprintln(env.Stdout, err)
			problems++
			continue
		}
		for _, f := range list {
			files++
			data, err := os.ReadFile(f)
			if err != nil {
				fmt.Fprintf(env.Stdout, "rules %s: %v\n", f, err)
				problems++
				continue
			}
			rs, err := sites.Parse(f, data)
			var ps sites.Problems
			if errors.As(err, &ps) {
				for _, pr := range ps {
					fmt.Fprintln(env.Stdout, pr)
				}
				problems += len(ps)
				continue
			}
			rules += len(rs)
		}
	}
	var summary bytes.Buffer
	fmt.Fprintf(&summary, "%d file(s), %d rule(s), %d problem(s)", files, rules, problems)
	fmt.Fprintln(env.Stderr, summary.String())
	if problems > 0 {
		return ExitError{Code: 1}
	}
	return nil
}
