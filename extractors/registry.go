package extractors

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/body"
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/sites"
)

// Rule is one site's declarative rule, loaded from YAML by package sites
// (sites.Parse, sites.Load, sites.Standard).
type Rule = sites.Rule

// Page is the parsed page an Extractor reads: the one tree, a goquery
// document over it, the URL and the page's <meta> and JSON-LD.
type Page = page.Page

// Extractor fixes the extraction of the sites whose quirks need code
// rather than a YAML rule.
//
// Extract runs after the generic engine and the site's YAML rule, on the
// Article they produced: it changes the fields it knows better and leaves
// the others alone. Every field it changes is explained as coming from
// "extractor:NAME", the previous value listed among the rejected
// candidates. Text changes update WordCount and ContentHash.
//
// An Extractor must treat the page as read-only (clone what it must
// mutate), keep no state between calls and be safe for concurrent use:
// extraction runs on all cores. An error fails the extraction of that page
// (Extract returns it, wrapped with the extractor's name); a panic is
// turned into such an error.
type Extractor interface {
	// Name identifies the extractor in provenance and errors.
	Name() string
	// Match reports whether the extractor applies to the page at u. u is
	// nil when the page's URL is unknown.
	Match(u *url.URL) bool
	// Extract corrects a using p.
	Extract(p *Page, a *Article) error
}

// Registry holds the site rules and custom Extractors that Options.Registry
// applies on top of the generic engine. Fill it once, explicitly (AddRules,
// Register); then it is only read, and one Registry may serve any number of
// concurrent extractions. The zero value is an empty registry, ready to
// use; its methods are safe for concurrent use.
//
// For a page, the rule whose host pattern matches the URL most
// specifically applies (an exact host beats *.domain, a longer host beats
// a shorter one, a longer path prefix beats a shorter one); between
// equally specific rules, the one added last wins, so rules added later
// (the user's, then --rules) override the built-in ones. Only one rule
// applies to a page: its fields replace the generic engine's field by
// field, and a field whose selectors find nothing keeps the generic value.
// Every matching Extractor then runs, in registration order.
type Registry struct {
	mu    sync.RWMutex
	rules []*Rule
	exts  []Extractor
}

// LoadRegistry returns a Registry with the standard rule sources loaded in
// order: the built-in rules, the user's (os.UserConfigDir()/newshound/rules)
// and then each of paths (files or folders). A broken rule file is an error
// naming file and line.
func LoadRegistry(paths ...string) (*Registry, error) {
	rules, err := sites.Standard(paths...)
	if err != nil {
		return nil, err
	}
	reg := &Registry{}
	reg.AddRules(rules...)
	return reg, nil
}

// AddRules adds rules, in order, after those already added: a later rule
// overrides an earlier one that is as specific for a URL. nil rules are
// ignored.
func (r *Registry) AddRules(rules ...*Rule) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rule := range rules {
		if rule != nil {
			r.rules = append(r.rules, rule)
		}
	}
}

// Register adds custom extractors, which run in registration order on the
// pages they match. nil extractors are ignored.
func (r *Registry) Register(exts ...Extractor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range exts {
		if e != nil {
			r.exts = append(r.exts, e)
		}
	}
}

// Rules returns the rules in the order they were added.
func (r *Registry) Rules() []*Rule {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.rules)
}

// Rule returns the rule that applies to u, or nil, and the other rules
// that match u but lose to it (most specific and latest first).
func (r *Registry) Rule(u *url.URL) (winner *Rule, overridden []*Rule) {
	if r == nil || u == nil {
		return nil, nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	type hit struct {
		rule *Rule
		spec [2]int
		seq  int
	}
	var hits []hit
	for i, rule := range r.rules {
		if s, ok := rule.Match(u); ok {
			hits = append(hits, hit{rule, s, i})
		}
	}
	if len(hits) == 0 {
		return nil, nil
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if c := sites.Compare(b.spec, a.spec); c != 0 {
			return c
		}
		return b.seq - a.seq
	})
	for _, h := range hits[1:] {
		overridden = append(overridden, h.rule)
	}
	return hits[0].rule, overridden
}

// IsArticle reports whether u is an article page according to the
// article_url patterns of the rule that applies to u. decided is false when
// no rule applies or the rule has no article_url patterns: the caller's
// generic heuristics decide then.
func (r *Registry) IsArticle(u *url.URL) (article, decided bool) {
	rule, _ := r.Rule(u)
	if rule == nil {
		return false, false
	}
	return rule.IsArticle(u)
}

// site is what a Registry applies to one page. A nil *site applies
// nothing: every method is a no-op or the generic behaviour.
type site struct {
	rule       *Rule
	overridden []*Rule
	exts       []Extractor
	prep       sites.Prepared
	bodyPage   *page.Page
}

// lookup returns what applies to the page at pageURL, or nil.
func (r *Registry) lookup(pageURL string) *site {
	if r == nil {
		return nil
	}
	u, err := url.Parse(pageURL)
	if err != nil || u.Host == "" {
		u = nil
	}
	s := &site{}
	s.rule, s.overridden = r.Rule(u)
	r.mu.RLock()
	for _, e := range r.exts {
		if e.Match(u) {
			s.exts = append(s.exts, e)
		}
	}
	r.mu.RUnlock()
	if s.rule == nil && len(s.exts) == 0 {
		return nil
	}
	return s
}

// newPage builds the page extractors read. Under a rule with remove or
// body selectors, it is built over a clone of root (root is never
// modified) and the body pass gets its own narrowed page.
func (s *site) newPage(root *html.Node, pageURL string, fetchTime time.Time) *page.Page {
	if s == nil || s.rule == nil || !s.rule.HasBody() {
		return page.New(root, pageURL, fetchTime)
	}
	s.prep = s.rule.Prepare(root)
	if s.prep.Body != nil {
		s.bodyPage = page.New(s.prep.Body, pageURL, fetchTime)
	}
	return page.New(s.prep.Root, pageURL, fetchTime)
}

// extractBody runs the body pass: over the elements the rule's body
// selectors kept when they matched, else over p. When the generic pass
// keeps less than half the words of the kept elements, their own text is
// used: the rule said they are the body.
func (s *site) extractBody(p *page.Page) (body.Result, error) {
	if s == nil || s.rule == nil || !s.rule.HasBody() {
		return body.Extract(p)
	}
	if s.bodyPage == nil {
		res, err := body.Extract(p)
		res.Report.Notes = append(res.Report.Notes, s.bodyNote())
		return res, err
	}
	res, err := body.Extract(s.bodyPage)
	bodyEl := s.bodyPage.Root.FirstChild.LastChild // document > html > body
	if whole := body.Text(bodyEl); err != nil || WordCount(res.Text) < WordCount(whole)/2 {
		res = body.Result{Node: sites.Clone(bodyEl), Text: whole, Report: res.Report}
		res.Report.Method = "site"
		res.Report.Container = "body"
		res.Report.Notes = append(res.Report.Notes, "the generic pass kept less than half of the rule's body elements; their whole text is used")
		err = nil
	}
	res.Report.Notes = append(res.Report.Notes, s.bodyNote())
	return res, err
}

// bodyNote describes what the rule's body and remove selectors did.
func (s *site) bodyNote() string {
	note := fmt.Sprintf("site:%s body (%s):", s.rule.Name, s.rule.Pos())
	if s.prep.Removed > 0 {
		note += fmt.Sprintf(" removed %d element(s);", s.prep.Removed)
	}
	switch {
	case len(s.prep.Kept) > 0:
		note += fmt.Sprintf(" kept %s", strings.Join(s.prep.Kept, ", "))
	case len(s.rule.BodySelectors()) > 0:
		note += " body selectors matched nothing; generic body pass over the page"
	default:
		note += " generic body pass over the rest"
	}
	return note
}

// apply overrides a's fields with what the site rule finds on p, then runs
// the matching extractors. a.Explanation, when present, records each
// override (the generic winner among the rejected) and each rule that
// found nothing.
func (s *site) apply(p *page.Page, a *Article) error {
	if s == nil {
		return nil
	}
	ex := a.Explanation
	if s.rule != nil {
		found, missed := s.rule.Apply(p)
		for _, f := range found {
			setField(a, f)
			if ex != nil {
				override(ex, f.Field, f.Value(), f.Source, "site rule")
			}
		}
		if ex != nil {
			for _, m := range missed {
				d := decision(ex, m.Field)
				d.Notes = append(d.Notes, fmt.Sprintf("%s found nothing (%s); generic value kept", m.Rule, m.Reason))
			}
			d := decision(ex, "site_rule")
			d.Value = s.rule.String()
			d.Source = &Source{Rule: "registry: most specific host pattern, then latest loaded"}
			for _, o := range s.overridden {
				d.Rejected = append(d.Rejected, Candidate{Value: o.String(), Source: Source{Rule: "site:" + o.Name}, Reason: "less specific or loaded earlier"})
			}
			if s.bodyPage != nil {
				if d := ex.Field("text"); d != nil && d.Source != nil {
					d.Source.Rule = fmt.Sprintf("site:%s body (%s)", s.rule.Name, s.rule.Pos())
				}
			}
		}
	}
	for _, e := range s.exts {
		if err := runExtractor(e, p, a); err != nil {
			return err
		}
	}
	return nil
}

// runExtractor runs one custom extractor, records the fields it changed
// and recomputes the text's derived fields.
func runExtractor(e Extractor, p *page.Page, a *Article) (err error) {
	before := fieldValues(a)
	ex := a.Explanation
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor %s: panic: %v", e.Name(), r)
		}
	}()
	if err := e.Extract(p, a); err != nil {
		return fmt.Errorf("extractor %s: %w", e.Name(), err)
	}
	a.Explanation = ex // an extractor does not write provenance itself
	a.Authors, a.Tags = nonNil(a.Authors), nonNil(a.Tags)
	if a.Breadcrumbs == nil {
		a.Breadcrumbs = []Crumb{}
	}
	after := fieldValues(a)
	if after["text"] != before["text"] {
		a.WordCount = WordCount(a.Text)
		a.ContentHash = ContentHash(a.Text)
	}
	if ex == nil {
		return nil
	}
	for _, name := range articleFields() {
		if after[name] != before[name] {
			v := after[name]
			if name == "text" {
				v = page.Truncate(v, 80)
			}
			override(ex, name, v, Source{Rule: "extractor:" + e.Name()}, "extractor "+e.Name())
		}
	}
	return nil
}

// setField stores a site rule's value in its Article field.
func setField(a *Article, f sites.Found) {
	switch f.Field {
	case "title":
		a.Title = f.Text
	case "published":
		a.Published = f.Time
	case "modified":
		a.Modified = f.Time
	case "authors":
		a.Authors = f.List
	case "section":
		a.Section = f.Text
	case "tags":
		a.Tags = f.List
	case "description":
		a.Description = f.Text
	case "image":
		a.Image = f.Text
	case "language":
		a.Language = f.Text
	case "site_name":
		a.SiteName = f.Text
	case "canonical_url":
		a.CanonicalURL = f.Text
	case "breadcrumbs":
		a.Breadcrumbs = f.Crumbs
	}
}

// articleFields are the Article fields an Extractor's changes are
// recorded for, in report order.
func articleFields() []string {
	return []string{"title", "published", "modified", "authors", "section", "tags", "description",
		"image", "language", "site_name", "canonical_url", "breadcrumbs", "text"}
}

// fieldValues returns the fields of a as comparable text.
func fieldValues(a *Article) map[string]string {
	t := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.Format(time.RFC3339Nano)
	}
	crumbs := ""
	for _, c := range a.Breadcrumbs {
		crumbs += c.Name + " <" + c.URL + "> » "
	}
	return map[string]string{
		"title": a.Title, "published": t(a.Published), "modified": t(a.Modified),
		"authors": fmt.Sprintf("%q", a.Authors), "section": a.Section, "tags": fmt.Sprintf("%q", a.Tags),
		"description": a.Description, "image": a.Image, "language": a.Language, "site_name": a.SiteName,
		"canonical_url": a.CanonicalURL, "breadcrumbs": crumbs, "text": a.Text,
	}
}

// decision returns ex's decision for field, adding an empty one if needed.
func decision(ex *Explanation, field string) *Decision {
	if d := ex.Field(field); d != nil {
		return d
	}
	ex.Fields = append(ex.Fields, Decision{Field: field})
	return &ex.Fields[len(ex.Fields)-1]
}

// override makes src the winner of field, moving the previous winner to
// the front of the rejected candidates.
func override(ex *Explanation, field, value string, src Source, by string) {
	d := decision(ex, field)
	var rejected []Candidate
	if d.Source != nil {
		rejected = append(rejected, Candidate{Value: d.Value, Source: *d.Source, Score: d.Confidence, Reason: "overridden by " + by})
	}
	d.Rejected = append(rejected, d.Rejected...)
	d.Value, d.Confidence = value, 0
	d.Source = &src
}
