// Package date finds an article's publication and modification dates.
//
// Extract collects date candidates from every source it knows, each with a
// rule name and a score, rejects the impossible ones (before 1995, after the
// fetch time, copyright lines, comments, related-article lists, sidebars),
// groups the rest by calendar day and picks the best-supported day: a
// candidate's score plus a bonus for each other kind of source agreeing
// with it. Modification dates are chosen the same way and stand in for the
// publication date only when the page has nothing else. It does no I/O and
// keeps no state: Extract is a pure function of the page.
//
// Files: date.go runs the cascade and decides; meta.go reads <meta> tags,
// JSON-LD and scripts; walk.go walks the tree once, collecting <time>
// elements, microdata, date-like elements and the visible text; class.go
// reads what class and id values say (comments, sidebar, byline, article
// body), remembering each value per page; visible.go
// reads dates in that text (labelled bylines, date elements, the text near
// the headline); url.go reads the URL path; parse.go parses date strings in
// many formats; order.go decides the day/month order of numeric dates;
// months.go holds month names and reads the dates written with them, byte
// by byte; relative.go reads "3 hours ago".
package date

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
)

// Result is the dates found on a page, each with its provenance.
type Result struct {
	// Published is the publication time in the page's own UTC offset; nil
	// when unknown. A date without a time of day is midnight in that offset.
	Published *time.Time
	// Modified is the last modification time, like Published.
	Modified *time.Time
	// PublishedDecision records how Published was decided.
	PublishedDecision provenance.Decision
	// ModifiedDecision records how Modified was decided.
	ModifiedDecision provenance.Decision
}

// cand is one date candidate.
type cand struct {
	t       time.Time
	hasTime bool
	rule    string
	// node describes the element the candidate is in; el, when set, is
	// that element, described only for a decision (see nodeText).
	node     string
	el       *html.Node
	attr     string
	raw      string
	score    float64
	modified bool
	// family groups rules that read the same evidence (all JSON-LD, all
	// <meta>); agreement between families raises a day's score.
	family string
	reject string
	pos    int
	seq    int
	// dayText caches day(): the decision compares days many times.
	dayText string
}

// extraction is the state of one Extract call.
type extraction struct {
	p     *page.Page
	w     *walkResult
	order order
	lo    time.Time
	hi    time.Time
	cands []cand
	notes []string
	// urlDay is the day in the URL path, "" when none.
	urlDay string
	// url is urlDate of the page's URL, read once (see urlDate).
	url urlDateResult
}

// urlDateResult holds urlDate's results.
type urlDateResult struct {
	t        time.Time
	raw      string
	full, ok bool
}

// maxRejected caps the rejected candidates recorded in a decision.
const maxRejected = 40

// Extract finds the publication and modification dates of p. It reads
// JSON-LD, microdata, <meta> tags, <time> elements, the visible text near
// the headline and the URL. Dates before 1995 or after p.FetchTime (plus a
// day; the year 2100 when FetchTime is zero) are rejected. A nil page or
// one without a tree gives an empty Result.
func Extract(p *page.Page) Result { return extract(p, true) }

// Dates is Extract without the provenance, for callers that do not
// explain: the decisions hold their Field only. Published and Modified are
// Extract's.
func Dates(p *page.Page) Result { return extract(p, false) }

func extract(p *page.Page, explain bool) Result {
	res := Result{
		PublishedDecision: provenance.Decision{Field: "published"},
		ModifiedDecision:  provenance.Decision{Field: "modified"},
	}
	if p == nil || p.Root == nil {
		return res
	}
	x := &extraction{p: p, lo: time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC),
		hi: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), cands: make([]cand, 0, 8)}
	if !p.FetchTime.IsZero() {
		x.hi = p.FetchTime.Add(24 * time.Hour)
	}
	x.url.t, x.url.raw, x.url.full, x.url.ok = urlDate(p.URL)
	x.w = walk(p.Root)
	x.order = x.dayMonthOrder()

	x.jsonldCandidates()
	x.metaCandidates()
	x.scriptCandidates()
	x.timeCandidates()
	x.visibleCandidates()
	x.relativeCandidates()
	x.urlCandidates()
	x.wholeTextFallback()

	pub, mod := x.decide()
	if pub != nil {
		t := pub.t
		res.Published = &t
	}
	if mod != nil {
		t := mod.t
		res.Modified = &t
	}
	if explain {
		res.PublishedDecision = x.decision("published", pub, false)
		res.ModifiedDecision = x.decision("modified", mod, true)
	}
	return res
}

// addValue parses a machine-readable value (or, with structured false, a
// datetime attribute or short text) and adds the candidate.
func (x *extraction) addValue(raw string, structured bool, c cand) {
	c.raw = page.Truncate(strings.TrimSpace(raw), 120)
	if c.attr == "" && structured {
		c.attr = "content"
	}
	p, ok := parseValue(raw, x.order, true)
	if !ok {
		if c.raw != "" {
			c.reject = "not a date"
			c.seq = len(x.cands)
			x.cands = append(x.cands, c)
		}
		return
	}
	x.addParsed(p, c)
}

// addParsed checks a parsed date's bounds and adds the candidate.
func (x *extraction) addParsed(p parsed, c cand) {
	c.t, c.hasTime = p.t, p.hasTime
	if c.reject == "" {
		switch {
		case c.t.Before(x.lo):
			c.reject = "before 1995"
		case c.t.After(x.hi):
			if x.p.FetchTime.IsZero() {
				c.reject = "after 2100"
			} else {
				c.reject = "after the fetch time"
			}
		}
	}
	c.seq = len(x.cands)
	x.cands = append(x.cands, c)
}

// urlCandidates reads the date in the URL path.
func (x *extraction) urlCandidates() {
	t, raw, full, ok := x.url.t, x.url.raw, x.url.full, x.url.ok
	if !ok || !full {
		return
	}
	x.urlDay = t.Format("2006-01-02")
	x.addParsed(parsed{t: t}, cand{rule: "url.path", raw: raw, score: 0.8, family: "url", pos: -1})
}

// nodeText describes the element the candidate is in, for provenance.
func (c *cand) nodeText() string {
	if c.el != nil {
		return page.Describe(c.el)
	}
	return c.node
}

// day is the calendar day of a candidate in its own offset.
func (c *cand) day() string {
	if c.dayText == "" {
		c.dayText = c.t.Format("2006-01-02")
	}
	return c.dayText
}

// group is the candidates for one calendar day.
type group struct {
	day      string
	best     *cand
	score    float64
	families map[string]bool
}

// decide picks the published and modified candidates.
func (x *extraction) decide() (pub, mod *cand) {
	urlMonth := ""
	if x.url.ok && !x.url.full {
		urlMonth = x.url.t.Format("2006-01")
		x.notes = append(x.notes, "URL gives year and month "+x.url.raw)
	}
	pub = x.best(false, urlMonth)
	mod = x.best(true, "")
	if pub == nil && mod != nil {
		pub = mod
		x.notes = append(x.notes, "no publication date: the modification date stands in")
	}
	if pub != nil && mod != nil && mod.t.Before(pub.t) && mod.day() < pub.day() {
		if isTextRule(pub.rule) && !isTextRule(mod.rule) {
			// A page is not published after its last change: a date
			// merely read in the text after it is one the text talks
			// about (an event, a deadline), and the change date is the
			// best the page says of itself.
			x.notes = append(x.notes, "text date "+pub.day()+" is after the modified date: the modified date stands in")
			return mod, mod
		}
		// A "modified" date before the publication day is a mislabelled
		// publication date or noise; keep the publication date alone.
		x.notes = append(x.notes, "modified date "+mod.day()+" is before the publication date")
	}
	return pub, mod
}

// isTextRule reports whether rule reads a date in running text with
// nothing marking it as the page's (the fallbacks).
func isTextRule(rule string) bool {
	return rule == "visible.text" || rule == "visible.fulltext"
}

// best returns the best candidate of one kind, grouping by day.
func (x *extraction) best(modified bool, urlMonth string) *cand {
	groups := map[string]*group{}
	var order []*group
	for i := range x.cands {
		c := &x.cands[i]
		if c.reject != "" || c.modified != modified {
			continue
		}
		g := groups[c.day()]
		if g == nil {
			g = &group{day: c.day(), families: map[string]bool{}}
			groups[c.day()] = g
			order = append(order, g)
		}
		g.families[c.family] = true
		if g.best == nil || c.score > g.best.score || (c.score == g.best.score && c.hasTime && !g.best.hasTime) {
			g.best = c
		}
	}
	if len(order) == 0 {
		return nil
	}
	for _, g := range order {
		g.score = g.best.score + 0.04*float64(len(g.families)-1)
		if urlMonth != "" && !strings.HasPrefix(g.day, urlMonth) {
			g.score -= 0.2
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].score > order[j].score })
	win := order[0]
	if !modified && win.best.hasTime {
		// A time near midnight read in another offset than the one the
		// URL was written in: the URL's day, one day off, wins.
		if ug := groups[x.urlDay]; ug != nil && ug != win && oneDayApart(ug.day, win.day) && nearMidnight(win.best.t, ug.day > win.day) {
			x.notes = append(x.notes, "URL day "+ug.day+" preferred over "+win.day+" (one day apart)")
			win = ug
		}
	}
	if !modified {
		if g := x.sameInstant(win, groups); g != nil {
			win = g
		} else {
			win = x.localDay(win, groups)
		}
	}
	if p := x.precise(win); p != nil {
		x.notes = append(x.notes, fmt.Sprintf("%s decided the day; %s gives its time and offset", win.best.rule, p.rule))
		win.best = p
	}
	win.best.score = min(win.score, 0.99)
	return win.best
}

// localDay handles a winner written in UTC (or without offset) with a
// time near midnight: the page's local day may be the next or previous
// one. When a labelled byline date gives that adjacent day, it wins.
func (x *extraction) localDay(win *group, groups map[string]*group) *group {
	b := win.best
	if !b.hasTime {
		return win
	}
	if _, off := b.t.Zone(); off != 0 {
		return win
	}
	h := b.t.Hour()
	for i := range x.cands {
		c := &x.cands[i]
		if c.reject != "" || c.modified || c.day() == win.day || !oneDayApart(c.day(), win.day) {
			continue
		}
		// Only dates a reader sees next to the headline count: header
		// "today" widgets and other zoned values proved unreliable.
		if c.rule != "visible.byline" && c.rule != "time" {
			continue
		}
		next := c.day() > win.day
		if (next && h >= 14) || (!next && h < 10) {
			g := groups[c.day()]
			if g == nil {
				continue
			}
			x.notes = append(x.notes, fmt.Sprintf("%s (%s) is %s in UTC; %s gives the local day %s",
				b.rule, b.raw, win.day, c.rule, c.day()))
			return g
		}
	}
	return win
}

// precise returns a machine-readable candidate of the winning day with a
// time of day, when the winner is visible text: the text decides the day,
// the markup gives the time and offset the text lacks. Nil when there is
// none or the winner is markup.
func (x *extraction) precise(win *group) *cand {
	if !strings.HasPrefix(win.best.rule, "visible.") {
		return nil
	}
	var p *cand
	for i := range x.cands {
		c := &x.cands[i]
		if c.reject != "" || c.modified != win.best.modified || !c.hasTime || c.day() != win.day ||
			strings.HasPrefix(c.rule, "visible.") || c.rule == "url.path" || c.rule == "time" {
			continue
		}
		if p == nil || c.score > p.score {
			p = c
		}
	}
	return p
}

// nearMidnight reports whether t, read in some other offset, could fall
// on the next day (next set) or the previous one: its hour is late for a
// next day (from 14:00, the offsets of Asia and Oceania) or early for a
// previous day (before 10:00, the offsets of the Americas).
func nearMidnight(t time.Time, next bool) bool {
	if next {
		return t.Hour() >= 14
	}
	return t.Hour() < 10
}

// sameInstant looks for a date near the headline that shows the
// winner's instant in the page's local offset, on the adjacent day: "3
// May 2022, 11:37 pm" beside 2022-05-04T03:37:37Z, or a datetime of
// 2022-05-03T23:37:37-04:00. The reader's day wins. Only a winner given in
// UTC (or without an offset) is moved; visible text, which has no offset,
// must differ from it by whole or half hours.
func (x *extraction) sameInstant(win *group, groups map[string]*group) *group {
	w := win.best
	if !w.hasTime {
		return nil
	}
	if _, off := w.t.Zone(); off != 0 {
		return nil
	}
	wu := w.t.UTC().Truncate(time.Minute)
	for i := range x.cands {
		c := &x.cands[i]
		if c.reject != "" || c.modified || !c.hasTime || !x.nearHeadline(c.pos) {
			continue
		}
		g := groups[c.day()]
		if g == nil || g == win || !oneDayApart(c.day(), win.day) {
			continue
		}
		match := false
		if _, off := c.t.Zone(); off != 0 {
			match = c.t.UTC().Truncate(time.Minute).Equal(wu)
		} else if strings.HasPrefix(c.rule, "visible.") || c.rule == "time" {
			wall := time.Date(c.t.Year(), c.t.Month(), c.t.Day(), c.t.Hour(), c.t.Minute(), 0, 0, time.UTC)
			d := wall.Sub(wu)
			match = d != 0 && d%(30*time.Minute) == 0 && d >= -12*time.Hour && d <= 14*time.Hour
		}
		if match {
			x.notes = append(x.notes, fmt.Sprintf("%s (%s) is %s in UTC; %s shows the same instant on %s",
				w.rule, w.raw, win.day, c.rule, c.day()))
			return g
		}
	}
	return nil
}

// nearHeadline reports whether stream offset pos is near the headline
// (or anywhere when the page has none).
func (x *extraction) nearHeadline(pos int) bool {
	if x.w.h1 < 0 || pos < 0 {
		return x.w.h1 < 0
	}
	d := pos - x.w.h1
	return d >= -1000 && d <= 2000
}

// oneDayApart reports whether two YYYY-MM-DD days are adjacent.
func oneDayApart(a, b string) bool {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return false
	}
	d := ta.Sub(tb)
	return d == 24*time.Hour || d == -24*time.Hour
}

// decision renders the provenance of one field.
func (x *extraction) decision(field string, win *cand, modified bool) provenance.Decision {
	d := provenance.Decision{Field: field}
	if win != nil {
		d.Value = win.t.Format(time.RFC3339)
		d.Source = &provenance.Source{Rule: win.rule, Node: win.nodeText(), Attr: win.attr, Raw: win.raw}
		d.Confidence = max(0, min(1, win.score))
	}
	for i := range x.cands {
		c := &x.cands[i]
		if c == win || (c.modified != modified && c.reject == "") {
			continue
		}
		if c.modified != modified && !(win != nil && !modified && win.modified) {
			continue
		}
		reason := c.reject
		if reason == "" {
			if win != nil && c.day() == win.day() {
				reason = "agrees with the winner"
			} else {
				reason = fmt.Sprintf("lower score than %s", d.Value)
			}
		}
		if len(d.Rejected) == maxRejected {
			d.Notes = append(d.Notes, "more rejected candidates not listed")
			break
		}
		v := ""
		if !c.t.IsZero() {
			v = c.t.Format(time.RFC3339)
		}
		d.Rejected = append(d.Rejected, provenance.Candidate{Value: v,
			Source: provenance.Source{Rule: c.rule, Node: c.nodeText(), Attr: c.attr, Raw: c.raw},
			Score:  c.score, Reason: reason})
	}
	if !modified {
		d.Notes = append(d.Notes, x.notes...)
	}
	return d
}
