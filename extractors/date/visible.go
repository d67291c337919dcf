package date

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
)

var (
	// rePublishedLabel is a label that introduces a publication date.
	rePublishedLabel = regexp.MustCompile(`(?i)(?:published|posted|first published|publication date|date of publication|veröffentlicht|erschienen|publiziert|publié|publie|mis en ligne|publicado|publicada|publicació|pubblicato|gepubliceerd|geplaatst|gepost|publiceret|publicerad|publisert|julkaistu|opublikowano|publikováno|yayınlanma|yayımlanma|datum|stand|fecha|date)\s*(?:on|am|le|el|il|em|op|den|at|:)?\s*:?`)
	// reModifiedLabel is a label that introduces a modification date.
	reModifiedLabel    = regexp.MustCompile(`(?i)(?:last updated|last edited|edited|updated|update|last modified|modified|aktualisiert|geändert|zuletzt|mis à jour|modifié|actualizado|actualizada|actualización|aggiornato|atualizado|atualização|bijgewerkt|gewijzigd|opdateret|uppdaterad|oppdatert|päivitetty|zaktualizowano|güncellenme|güncelleme)\s*(?:on|am|le|el|il|em|op|den|at|:)?\s*:?`)
	rePublishedLabelAt = regexp.MustCompile(`^` + rePublishedLabel.String())
	reModifiedLabelAt  = regexp.MustCompile(`^` + reModifiedLabel.String())
)

// hasCopyright reports whether s marks a copyright notice: it holds "©",
// "&copy;", "copyright" or "(c)", in any case. It is the pattern
// (?i)©|&copy;|copyright|\(c\) (reCopyright in the tests) read by bytes:
// none of these letters folds to a byte other than its ASCII upper case.
func hasCopyright(s string) bool {
	for i := 0; i < len(s); i++ {
		switch lowerASCII(s[i]) {
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0xa9 { // ©
				return true
			}
		case '&':
			if page.HasPrefixFold(s[i:], "&copy;") {
				return true
			}
		case 'c':
			if page.HasPrefixFold(s[i:], "copyright") {
				return true
			}
		case '(':
			if page.HasPrefixFold(s[i:], "(c)") {
				return true
			}
		}
	}
	return false
}

// labelNeedles finds the lower-case starts of the labels above, for a
// fast search before the patterns run.
var labelNeedles = newNeedleSet(map[uint32][]string{1: labelKeywords})

// labelKeywords are the lower-case starts of the labels above.
var labelKeywords = []string{"published", "posted", "first published", "publication", "date",
	"ver\u00f6ffentlicht", "erschienen", "publiziert", "publi", "mis en ligne", "pubblicato",
	"gepubliceerd", "geplaatst", "gepost", "julkaistu", "opublikowano", "yay", "datum", "fecha",
	"last updated", "last edited", "edited", "updated", "update", "last modified", "modified", "aktualisiert", "ge\u00e4ndert",
	"zuletzt", "stand", "mis \u00e0 jour", "modifi", "actualiza", "aggiornato", "atualiza",
	"bijgewerkt", "gewijzigd", "opdateret", "uppdaterad", "oppdatert", "p\u00e4ivitetty",
	"zaktualizowano", "g\u00fcncelle"}

// mayHaveLabel reports whether s may hold a label of rePublishedLabel or
// reModifiedLabel: one of labelKeywords occurs in it in any case (any
// non-ASCII byte stands for the keyword's non-ASCII byte, so "Ö" is found
// for "ö").
//
// In ASCII text, where every label is found by its keyword, "public" and
// "publicly" do not count (see notLabelAt).
func mayHaveLabel(s string) bool {
	ascii := -1 // whether s is ASCII; -1 until needed
	for i := 0; i+1 < len(s); i++ {
		a, b := lowerASCII(s[i]), lowerASCII(s[i+1])
		if !labelNeedles.maybe(a, b) {
			continue
		}
		for _, n := range labelNeedles.byFirst[a] {
			if n.s[1] == b && hasPrefixLoose(s[i:], n.s) {
				if n.s == "publi" && notLabelAt(s, i) {
					if ascii < 0 {
						ascii = b2i(page.IsASCII(s))
					}
					if ascii == 1 {
						continue
					}
				}
				return true
			}
		}
	}
	return false
}

// notLabelAt reports whether s[i:] starts with "public" (in any case) and
// then neither an a nor an e: the labels that start with "public" go on
// with one ("publication", "publicado", "publiceret"), and these letters
// fold to no other, so no label starts at i. "public" and "publicly" are
// common words.
func notLabelAt(s string, i int) bool {
	j := i + 6
	if j > len(s) || !page.HasPrefixFold(s[i:], "public") {
		return false
	}
	return j == len(s) || lowerASCII(s[j]) != 'a' && lowerASCII(s[j]) != 'e'
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasPrefixLoose reports whether s starts with the lower-case prefix in
// any ASCII case, where a non-ASCII byte of the prefix matches any
// non-ASCII byte.
func hasPrefixLoose(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c, p := lowerASCII(s[i]), prefix[i]
		if c != p && (c < utf8.RuneSelf || p < utf8.RuneSelf) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// labelKind says whether the text just before offset i of s (up to 40
// bytes) labels a date as modified ("updated") or published; 0 none, 1
// published, 2 modified.
func labelKind(s string, i int) int {
	from := max(0, i-40)
	before := s[from:i]
	if !mayHaveLabel(before) {
		return 0
	}
	pm := rePublishedLabel.FindAllStringIndex(before, -1)
	mm := reModifiedLabel.FindAllStringIndex(before, -1)
	pEnd, mEnd := -1, -1
	if len(pm) > 0 {
		pEnd = pm[len(pm)-1][1]
	}
	if len(mm) > 0 {
		mEnd = mm[len(mm)-1][1]
	}
	switch {
	case mEnd < 0 && pEnd < 0:
		return 0
	case mEnd > pEnd:
		return 2
	}
	return 1
}

// visibleCandidates reads dates written in the page text: after a
// "Published"/"Updated" label anywhere in the visible text, in elements
// whose class says date or byline, and, as a fallback, the first date near
// the headline.
func (x *extraction) visibleCandidates() {
	s := x.w.stream.String()
	// Labelled dates: find label words (in any ASCII case) at word
	// starts, then check the label and the date after it.
	n := 0
	for i := 0; i+1 < len(s) && n < 30; i++ {
		if i > 0 && isWordByte(s[i-1]) || !labelNeedles.atFold(s, i) || notLabelAt(s, i) {
			continue
		}
		win := s[i:min(len(s), i+90)]
		modified := false
		m := rePublishedLabelAt.FindStringIndex(win)
		if mm := reModifiedLabelAt.FindStringIndex(win); mm != nil && (m == nil || mm[1] > m[1]) {
			m, modified = mm, true
		}
		if m == nil {
			continue
		}
		ps := scan(win[m[1]:], x.order, 1)
		if len(ps) == 0 || ps[0].start > 25 {
			continue
		}
		n++
		p := ps[0]
		seg, _ := x.w.textAt(i)
		rule, score := "visible.byline", 0.9
		if modified {
			rule, score = "visible.updated", 0.85
		}
		word := strings.ToLower(win[:m[1]])
		if !modified && (strings.HasPrefix(word, "date") || strings.HasPrefix(word, "fecha") || strings.HasPrefix(word, "stand")) {
			score = 0.8
		}
		c := cand{rule: rule, el: seg.node, raw: strings.TrimSpace(win[:m[1]+p.end]),
			score: score, modified: modified, family: "visible", pos: i}
		x.scopeAdjust(&c, seg.sc, i)
		x.addParsed(p, c)
	}
	// Elements whose class or id says date, time, byline or meta.
	for i, el := range x.w.dateish {
		if el.sc.hidden {
			continue
		}
		text := x.w.dateishText(i)
		if text == "" {
			continue
		}
		ps := scan(text, x.order, 2)
		for _, p := range ps {
			cls := strings.ToLower(page.Attr(el.node, "class") + " " + page.Attr(el.node, "id"))
			kind := labelKind(text, p.start)
			modified := kind == 2 || (kind == 0 && containsAny(cls, "updated", "modified", "lastmod"))
			score := 0.72
			if containsAny(cls, "publish", "posted", "created", "pubdate", "entry-date", "dateline") || kind == 1 {
				score = 0.8
			}
			c := cand{rule: "visible.date", el: el.node, raw: text, score: score,
				modified: modified, family: "visible", pos: el.pos}
			if hasCopyright(text[:p.start]) {
				c.reject = "copyright notice"
			}
			x.scopeAdjust(&c, el.sc, el.pos)
			x.addParsed(p, c)
		}
	}
	// Fallback: the first date near the headline.
	if x.w.h1 >= 0 {
		from := max(0, x.w.h1-300)
		to := min(len(s), x.w.h1+2500)
		// Scan in slices, nearest the headline first, stopping at the
		// first usable date: the month patterns are costly on long text.
		for lo := from; lo < to; lo += 400 {
			hi := cutAt(s, min(to, lo+440))
			if x.fallbackIn(s, lo, hi) {
				break
			}
		}
	}
}

// fallbackIn adds the first usable date of s[lo:hi] as a visible.text
// candidate and reports whether it found one.
func (x *extraction) fallbackIn(s string, lo, hi int) bool {
	for _, p := range scan(s[lo:hi], x.order, 4) {
		at := lo + p.start
		seg, _ := x.w.textAt(at)
		if seg.sc.excluded() != "" || hasCopyright(s[max(0, at-20):at]) {
			continue
		}
		kind := labelKind(s, at)
		dist := at - x.w.h1
		if dist < 0 {
			dist = -3 * dist
		}
		score := 0.55 - float64(dist)/10000
		c := cand{rule: "visible.text", el: seg.node, raw: s[at : lo+p.end],
			score: score, modified: kind == 2, family: "text", pos: at}
		x.addParsed(p, c)
		return true
	}
	return false
}

// cutAt moves a slice end i of s forward to the next space (at most 40
// bytes), so that a slice never ends inside a date.
func cutAt(s string, i int) int {
	for j := i; j < len(s) && j < i+40; j++ {
		if s[j] == ' ' {
			return j
		}
	}
	return min(len(s), i+40)
}

// scopeAdjust rejects a candidate inside comments, related lists or
// sidebars, and raises one in the article header or near the headline.
func (x *extraction) scopeAdjust(c *cand, sc scope, pos int) {
	if sc.excluded() != "" && c.reject == "" {
		c.reject = "in " + sc.excluded()
		return
	}
	if sc.header {
		c.score += 0.04
	}
	if sc.footer {
		c.score -= 0.1
	}
	if x.w.h1 >= 0 {
		d := pos - x.w.h1
		switch {
		case d >= -400 && d <= 1500:
			c.score += 0.03
		case d > 1500:
			c.score -= 0.03
		}
	}
}

// timeCandidates reads <time> elements and elements with itemprop=date*.
func (x *extraction) timeCandidates() {
	s := x.w.stream.String()
	for _, el := range x.w.times {
		n := el.node
		raw, attr := page.Attr(n, "datetime"), "datetime"
		if raw == "" {
			raw, attr = limitedText(n, 100), ""
		}
		cls := strings.ToLower(page.Attr(n, "class") + " " + page.Attr(n, "itemprop"))
		_, pub := page.AttrOK(n, "pubdate")
		score := 0.7
		if pub || containsAny(cls, "publish", "pubdate", "entry-date", "created", "posted") {
			score = 0.86
		}
		kind := labelKind(s, el.pos)
		modified := kind == 2 || (kind == 0 && !pub && containsAny(cls, "updated", "modified"))
		if kind == 1 {
			score = max(score, 0.86)
		}
		rule := "time[datetime]"
		if attr == "" {
			rule = "time"
		}
		c := cand{rule: rule, el: n, attr: attr, score: score, modified: modified, family: "time", pos: el.pos}
		x.scopeAdjust(&c, el.sc, el.pos)
		x.addValue(raw, false, c)
	}
	for _, el := range x.w.itemprop {
		n := el.node
		ip := strings.ToLower(page.Attr(n, "itemprop"))
		var modified bool
		score := 0.9
		switch {
		case strings.Contains(ip, "datepublished"):
		case strings.Contains(ip, "datecreated"), strings.Contains(ip, "uploaddate"):
			score = 0.82
		case strings.Contains(ip, "datemodified"):
			modified = true
		default:
			continue
		}
		raw, attr := "", ""
		for _, a := range [...]string{"content", "datetime", "value"} {
			if v := page.Attr(n, a); v != "" {
				raw, attr = v, a
				break
			}
		}
		if raw == "" {
			raw = limitedText(n, 100)
		}
		c := cand{rule: "microdata." + page.Attr(n, "itemprop"), el: n, attr: attr,
			score: score, modified: modified, family: "microdata", pos: el.pos}
		if containsAny(el.sc.itemType, "comment", "person", "review", "offer") {
			c.reject = "date of a " + el.sc.itemType
		}
		x.scopeAdjust(&c, el.sc, el.pos)
		x.addValue(raw, false, c)
	}
}

// maxFallbackText bounds the text the whole-page fallback reads.
const maxFallbackText = 300 << 10

// wholeTextFallback reads every date of the visible text outside
// comments, related lists and sidebars, when no rule found anything, and
// adds the most frequent day (the earliest on a tie) as a candidate.
func (x *extraction) wholeTextFallback() {
	for i := range x.cands {
		if x.cands[i].reject == "" {
			return
		}
	}
	s := x.w.stream.String()
	end := min(len(s), maxFallbackText)
	// A sidebar's "about this post" box dates the article as well, when
	// the URL's year and month agree with it.
	urlMonth := ""
	if x.url.ok && !x.url.full {
		urlMonth = x.url.t.Format("2006-01")
	}
	type tally struct {
		p     parsed
		at    int
		count int
	}
	days := map[string]*tally{}
	var best *tally
	for lo := 0; lo < end; lo += 2000 {
		hi := cutAt(s, min(end, lo+2040))
		for _, p := range scan(s[lo:hi], x.order, 0) {
			at := lo + p.start
			if at >= lo+2000 && hi < end {
				continue // seen by the next slice
			}
			seg, _ := x.w.textAt(at)
			day := p.t.Format("2006-01-02")
			if ex := seg.sc.excluded(); ex != "" && (ex == "comments" || urlMonth == "" || !strings.HasPrefix(day, urlMonth)) ||
				hasCopyright(s[max(0, at-20):at]) {
				continue
			}
			if p.t.Before(x.lo) || p.t.After(x.hi) {
				continue
			}
			t := days[day]
			if t == nil {
				t = &tally{p: p, at: at}
				days[day] = t
			}
			t.count++
			if best == nil || t.count > best.count || (t.count == best.count && t.at < best.at) {
				best = t
			}
		}
	}
	if best == nil {
		return
	}
	seg, _ := x.w.textAt(best.at)
	x.addParsed(best.p, cand{rule: "visible.fulltext", el: seg.node,
		raw:   s[best.at:min(len(s), best.at+best.p.end-best.p.start)],
		score: 0.3 + 0.02*float64(min(best.count, 5)), family: "text", pos: best.at})
}
