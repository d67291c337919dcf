package date

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// parseISORef is parseISO as it was before its fast path for values that
// open with a date: the reference it must agree with.
func parseISORef(s string) (parsed, bool) {
	m := reISO.FindStringSubmatchIndex(s)
	if m == nil || m[2] > 4 {
		return parsed{}, false
	}
	return isoMatchRef(s, m)
}

// isoMatchRef is isoMatch reading the zone with parseZoneRef.
func isoMatchRef(s string, m []int) (parsed, bool) {
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	if g(2) != g(4) {
		return parsed{}, false
	}
	end := m[1]
	if end < len(s) && isDigit(s[end]) {
		return parsed{}, false
	}
	t, ok := mkDate(g(1), g(3), g(5), g(6), g(7), g(8))
	if !ok {
		return parsed{}, false
	}
	p := parsed{t: t, hasTime: g(6) != "", start: m[2], end: end}
	if p.hasTime {
		if loc, n := parseZoneRef(s[end:]); loc != nil {
			p.t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
			p.end += n
		}
	}
	return p, true
}

// parseZoneRef is parseZone before its shortcut for "Z".
func parseZoneRef(s string) (*time.Location, int) {
	m := reZone.FindStringSubmatch(s)
	if m == nil {
		return nil, 0
	}
	z := m[1]
	var secs int
	switch {
	case z[0] == '+' || z[0] == '-':
		secs = offsetSecs(z)
	default:
		h, ok := zoneOffsets[strings.ToUpper(z)]
		if !ok {
			return nil, 0
		}
		secs = int(h * 3600)
		if m[2] != "" {
			secs = offsetSecs(m[2] + m[3])
		}
	}
	if secs < -14*3600 || secs > 14*3600 {
		return nil, 0
	}
	if secs == 0 && (z == "Z" || strings.EqualFold(z, "UTC")) {
		return time.UTC, len(m[0])
	}
	return time.FixedZone("", secs), len(m[0])
}

// isoPieces are the pieces randomISO joins.
var isoPieces = []string{"2024", "20245", "999", "1", "05", "12", "31", "123", "-", "/", ".", ":", ",", " ", "  ", "\t",
	"T", "t", "Z", "+01:00", "-0500", "+05", "UTC", "GMT", "EST", "x", "é", "00", "59", "60", "7"}

// randomISO joins random pieces, most often opening with a year and a
// separator.
func randomISO(rng *rand.Rand) string {
	var b strings.Builder
	// a value of the usual shape, 2021-03-04T05:06:07.89Z, each part
	// maybe replaced by a random piece
	parts := []string{"2021", "-", "03", "-", "4", "T", "05", ":", "06", ":", "07", ".89", "Z"}
	for i, p := range parts {
		if rng.Intn(8) == 0 {
			p = isoPieces[rng.Intn(len(isoPieces))]
		}
		if i > 4 && rng.Intn(12) == 0 {
			break
		}
		b.WriteString(p)
	}
	for n := rng.Intn(3); n > 0; n-- {
		b.WriteString(isoPieces[rng.Intn(len(isoPieces))])
	}
	return b.String()
}

// sameParsed reports whether two results are the same, time zone
// included.
func sameParsed(a, b parsed) bool {
	_, oa := a.t.Zone()
	_, ob := b.t.Zone()
	return a.t.Equal(b.t) && oa == ob && a.t.Location().String() == b.t.Location().String() &&
		a.hasTime == b.hasTime && a.start == b.start && a.end == b.end && a.ambiguous == b.ambiguous
}

func TestParseISOMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	found := 0
	for i := 0; i < 300000; i++ {
		s := randomISO(rng)
		got, gok := parseISO(s)
		want, wok := parseISORef(s)
		if gok != wok || gok && !sameParsed(got, want) {
			t.Fatalf("parseISO(%q) = %v %v, want %v %v", s, got, gok, want, wok)
		}
		if wok {
			found++
		}
	}
	if found < 100000 {
		t.Fatalf("only %d random values are dates", found)
	}
}

func TestISOAtStartMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 300000; i++ {
		s := randomISO(rng)
		got := isoAtStart(s, nil)
		if got == nil {
			continue
		}
		want := reISO.FindStringSubmatchIndex(s)
		if len(want) != len(got) {
			t.Fatalf("isoAtStart(%q) = %v, want %v", s, got, want)
		}
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("isoAtStart(%q) = %v, want %v", s, got, want)
			}
		}
	}
}
