package date

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors/page"
)

// reRelative is a relative date: "3 hours ago", "vor 3 Stunden", "il y a 3
// heures", "hace 3 horas", "3 ore fa", "há 3 horas", "3 uur geleden".
var reRelative = regexp.MustCompile(`(?i)(?:(?:vor|il y a|hace|há|ha)\s+(\d{1,3}|an?|einer?|une?|un|una|uma)\s+(\pL+)|(\d{1,3}|an?|one)\s+(\pL+)\s+(?:ago|fa|geleden|sitten|temu|önce))`)

// relativeWords are the lower-case words reRelative needs, one of which
// must occur before the pattern runs.
var relativeWords = []string{"vor ", "il y a", "hace", "há", "ha ", "ago", "fa", "geleden", "sitten", "temu", "önce"}

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
	if !containsAny(strings.ToLower(s[from:to]), relativeWords...) {
		return
	}
	m := reRelative.FindStringSubmatchIndex(s[from:to])
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
	c := cand{rule: "visible.relative", node: page.Describe(seg.node), raw: s[at : from+m[1]],
		score: 0.6, family: "visible", pos: at}
	x.scopeAdjust(&c, seg.sc, at)
	t := x.p.FetchTime.Add(-time.Duration(n) * d)
	x.addParsed(parsed{t: t, hasTime: d < 24*time.Hour}, c)
}
