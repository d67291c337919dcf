package date

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
)

// reRelative is a relative date: "3 hours ago", "vor 3 Stunden", "il y a 3
// heures", "hace 3 horas", "3 ore fa", "há 3 horas", "3 uur geleden".
var reRelative = regexp.MustCompile(`(?i)(?:(?:vor|il y a|hace|há|ha)\s+(\d{1,3}|an?|einer?|une?|un|una|uma)\s+(\pL+)|(\d{1,3}|an?|one)\s+(\pL+)\s+(?:ago|fa|geleden|sitten|temu|önce))`)

// relativeWords are the lower-case words reRelative needs, one of which
// must occur before the pattern runs.
var relativeWords = []string{"vor", "il y a", "hace", "há", "ha", "ago", "fa", "geleden", "sitten", "temu", "önce"}

// relativeBefore is the index in relativeWords of the first word that
// follows the number ("3 hours ago") rather than precedes it.
const relativeBefore = 5

// relativeEdgeBytes marks, in lower case, the last bytes of the words
// before the number ("vor") and the first bytes of the words after it
// ("ago"): the bytes next to the white space the pattern needs. Read-only.
var relativeEdgeBytes = func() (e struct{ last, first [256]bool }) {
	for wi, w := range relativeWords {
		if wi < relativeBefore {
			e.last[w[len(w)-1]] = true
		} else {
			e.first[w[0]] = true
		}
	}
	return e
}()

// isSpace reports whether c is white space for the \s of a pattern.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// relativeReach is how far a relative date can reach from its "ago" or
// "vor" word.
const relativeReach = 50

// firstRelative returns the first reRelative match in s[from:to] (indexes
// relative to from), running the pattern only on windows around the words
// it needs. The pattern puts white space after "vor" and before "ago", so
// the words are looked for, in any ASCII case, only next to white space:
// one pass over the text, most of whose bytes are not white space.
func firstRelative(s string, from, to int) []int {
	ls := s[from:to]
	var wins [][2]int
	for j := 0; j < len(ls); j++ {
		if !isSpace(ls[j]) {
			continue
		}
		if j > 0 && relativeEdgeBytes.last[lowerASCII(ls[j-1])] {
			// "vor", "hace" and the like ending at j, then a number.
			for _, w := range relativeWords[:relativeBefore] {
				if k := j - len(w); k >= 0 && page.HasPrefixFold(ls[k:], w) && numberAfter(ls, j) {
					wins = append(wins, [2]int{max(0, k-relativeReach), min(len(ls), j+relativeReach)})
				}
			}
		}
		if k := j + 1; k < len(ls) && relativeEdgeBytes.first[lowerASCII(ls[k])] {
			// A number, then "ago", "fa" and the like starting at k.
			for _, w := range relativeWords[relativeBefore:] {
				if page.HasPrefixFold(ls[k:], w) && numberBefore(ls, k) {
					wins = append(wins, [2]int{max(0, k-relativeReach), min(len(ls), k+len(w)+relativeReach)})
				}
			}
		}
	}
	if len(wins) == 0 {
		return nil
	}
	sort.Slice(wins, func(i, j int) bool { return wins[i][0] < wins[j][0] })
	merged := wins[:1]
	for _, w := range wins[1:] {
		if last := &merged[len(merged)-1]; w[0] <= last[1] {
			last[1] = max(last[1], w[1])
		} else {
			merged = append(merged, w)
		}
	}
	for _, w := range merged {
		lo, hi := w[0], w[1]
		for lo > 0 && !utf8.RuneStart(ls[lo]) {
			lo--
		}
		for hi < len(ls) && !utf8.RuneStart(ls[hi]) {
			hi++
		}
		if m := reRelative.FindStringSubmatchIndex(s[from+lo : from+hi]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += lo
				}
			}
			return m
		}
	}
	return nil
}

// numberAfter reports whether the white space at ls[i:] is followed by
// what reRelative needs after "vor", "hace" and the like: a digit or a
// word starting a, e or u in any case ("an", "einer", "une", "uma").
func numberAfter(ls string, i int) bool {
	for i < len(ls) && isSpace(ls[i]) {
		i++
	}
	if i == len(ls) {
		return false
	}
	c := lowerASCII(ls[i])
	return isDigit(c) || c == 'a' || c == 'e' || c == 'u'
}

// numberBefore reports whether the text before the white space ending at
// ls[k] is what reRelative needs before "ago", "fa" and the like: a word,
// white space and a digit or a word ending a, n or e in any case ("a",
// "an", "one").
func numberBefore(ls string, k int) bool {
	j := k
	for j > 0 && isSpace(ls[j-1]) {
		j--
	}
	w := j
	for j > 0 && !isSpace(ls[j-1]) {
		j--
	}
	if j == w || j == 0 || !isSpace(ls[j-1]) {
		return false
	}
	for j > 0 && isSpace(ls[j-1]) {
		j--
	}
	if j == 0 {
		return false
	}
	c := lowerASCII(ls[j-1])
	return isDigit(c) || c == 'a' || c == 'n' || c == 'e'
}

// relativeUnits maps unit words to their duration.
var relativeUnits = func() map[string]time.Duration {
	m := map[string]time.Duration{}
	for d, words := range map[time.Duration][]string{
		time.Minute:        {"minute", "minutes", "min", "mins", "minuten", "minuto", "minutos", "minuti", "minuut", "minuttia"},
		time.Hour:          {"hour", "hours", "stunde", "stunden", "heure", "heures", "hora", "horas", "ora", "ore", "uur", "tuntia"},
		24 * time.Hour:     {"day", "days", "tag", "tagen", "jour", "jours", "día", "días", "dia", "dias", "giorno", "giorni", "dag", "dagen", "päivää"},
		7 * 24 * time.Hour: {"week", "weeks", "woche", "wochen", "semaine", "semaines", "semana", "semanas", "settimana", "settimane", "weken"},
	} {
		for _, w := range words {
			m[w] = d
		}
	}
	return m
}()

// relativeCandidates reads "3 hours ago" near the headline, against the
// fetch time; nothing when the fetch time is unknown.
func (x *extraction) relativeCandidates() {
	if x.p.FetchTime.IsZero() || x.w.h1 < 0 {
		return
	}
	s := x.w.stream.String()
	from, to := max(0, x.w.h1-300), min(len(s), x.w.h1+1500)
	m := firstRelative(s, from, to)
	if m == nil {
		return
	}
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[from+m[2*i] : from+m[2*i+1]]
	}
	num, unit := g(1), g(2)
	if num == "" {
		num, unit = g(3), g(4)
	}
	d, ok := relativeUnits[strings.ToLower(unit)]
	if !ok {
		return
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		n = 1
	}
	at := from + m[0]
	seg, _ := x.w.textAt(at)
	c := cand{rule: "visible.relative", el: seg.node, raw: s[at : from+m[1]],
		score: 0.6, family: "visible", pos: at}
	x.scopeAdjust(&c, seg.sc, at)
	t := x.p.FetchTime.Add(-time.Duration(n) * d)
	x.addParsed(parsed{t: t, hasTime: d < 24*time.Hour}, c)
}
