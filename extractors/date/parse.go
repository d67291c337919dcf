package date

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// order is the day/month order of ambiguous numeric dates like 04/05/2017.
type order int

const (
	orderDMY order = iota // 04/05/2017 is 4 May
	orderMDY              // 04/05/2017 is 5 April
)

func (o order) String() string {
	if o == orderMDY {
		return "month/day"
	}
	return "day/month"
}

// parsed is one date found in a string.
type parsed struct {
	t       time.Time
	hasTime bool
	// start and end are the byte offsets of the match in the scanned string.
	start, end int
	// ambiguous is set for numeric dates whose day/month order was guessed.
	ambiguous bool
}

var (
	reISO = regexp.MustCompile(`(?:^|[^\d])(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?`)
	// reBasic is the ISO 8601 basic format of whole values: 20191119 or
	// 20191119T103000Z.
	reBasic = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?`)
	reNum   = regexp.MustCompile(`(?:^|[^\d.,])(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})`)
	// reNumSpaced is a dotted date with a space after each dot and a
	// four-digit year: 4. 2. 2022.
	reNumSpaced = regexp.MustCompile(`(?:^|[^\d.,])(\d{1,2})\. (\d{1,2})\. (\d{4})(?:[^\d]|$)`)
	reCJK       = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})`)
	// reTime is a time of day right after a date.
	reTime = regexp.MustCompile(`(?i)^[\s,;|·•–—/-]*(?:at\s|um\s|à\s|a las\s|alle\s|às\s|om\s|kl\.?\s?|klo\s)?\s*(\d{1,2})[:h](\d{2})`)
	// reZone is a UTC offset or zone name right after a time.
	reZone = regexp.MustCompile(`^\s*\(?(Z|UTC|GMT|[A-Z]{3,4}\b|[+-]\d{2}:?\d{2}\b|[+-]\d{2}\b)(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?`)
)

// zoneOffsets are the UTC offsets in hours of common zone abbreviations.
var zoneOffsets = map[string]float64{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "MEZ": 1, "CEST": 2,
	"MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6,
	"CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AEST": 10, "AEDT": 11,
	"JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "NZST": 12, "NZDT": 13,
}

// parseValue parses a machine-readable date value (a datetime attribute,
// meta content, a JSON-LD value): ISO 8601 first, then Unix timestamps when
// epoch is set, then the text formats.
func parseValue(s string, o order, epoch bool) (parsed, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	if s == "" {
		return parsed{}, false
	}
	if p, ok := parseISO(s); ok {
		return p, true
	}
	if m := reBasic.FindStringSubmatch(s); m != nil && (len(s) == len(m[0]) || !isDigit(s[len(m[0])])) {
		if len(s) >= 9 && len(m[0]) == 8 && isDigit(s[8]) {
			// part of a longer number: a timestamp, not a date
		} else if t, ok := mkDate(m[1], m[2], m[3], m[4], m[5], m[6]); ok {
			return parsed{t: t, hasTime: m[4] != "", end: len(m[0])}, true
		}
	}
	if epoch && (len(s) == 10 || len(s) == 13) && allDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			if len(s) == 13 {
				n /= 1000
			}
			return parsed{t: time.Unix(n, 0).UTC(), hasTime: true, end: len(s)}, true
		}
	}
	if epoch && reSlashTime.MatchString(s) {
		// Machine values like "11/01/2023 12:43:42" come from US-style
		// formatters: month first.
		o = orderMDY
	}
	ps := scan(s, o, 1)
	if len(ps) > 0 {
		return ps[0], true
	}
	return parsed{}, false
}

// reSlashTime is a slashed numeric date with a time of day.
var reSlashTime = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4},?\s+\d{1,2}:\d{2}`)

// parseISO parses an ISO 8601 / RFC 3339 value at the start of s, keeping
// its UTC offset (UTC when it has none).
func parseISO(s string) (parsed, bool) {
	var buf [18]int
	m := isoAtStart(s, buf[:0])
	if m == nil {
		m = reISO.FindStringSubmatchIndex(s)
	}
	if m == nil || m[2] > 4 {
		return parsed{}, false
	}
	return isoMatch(s, m)
}

// isoAtStart returns, appended to m, what reISO.FindStringSubmatchIndex
// returns for s when its match is the one at the start of s (by ^, the
// pattern's first choice there): four digits and a separator open s, as
// in most machine-readable values. It returns nil when the pattern does
// not match there; the pattern itself then looks further.
func isoAtStart(s string, m []int) []int {
	if len(s) < 5 || digitRun(s, 0) != 4 || !isISOSep(s[4]) {
		return nil
	}
	// (\d{1,2})([-/.]) backtracks to a whole run of one or two digits
	mo := 5 + digitRun(s, 5)
	if mo == 5 || mo > 7 || mo == len(s) || !isISOSep(s[mo]) {
		return nil
	}
	// the day: greedy, then nothing it must be followed by
	d := mo + 1 + min(2, digitRun(s, mo+1))
	if d == mo+1 {
		return nil
	}
	m = append(m, 0, d, 0, 4, 4, 5, 5, mo, mo, mo+1, mo+1, d, -1, -1, -1, -1, -1, -1)
	// (?:T|\s+|\s*,\s*): the choices exclude each other on the byte after
	// the white space, which the hour's digit or the comma must be.
	h := d
	if h < len(s) && s[h] == 'T' {
		h++
	} else {
		h = skipSpace(s, h)
		if h < len(s) && s[h] == ',' {
			h = skipSpace(s, h+1)
		} else if h == d {
			return m
		}
	}
	// (\d{1,2}):(\d{2}), the hour again a whole run
	c := h + digitRun(s, h)
	if c == h || c > h+2 || c+2 >= len(s) || s[c] != ':' || !isDigit(s[c+1]) || !isDigit(s[c+2]) {
		return m
	}
	end := c + 3
	m[1], m[12], m[13], m[14], m[15] = end, h, c, c+1, end
	// (?::(\d{2})(?:[.,]\d+)?)?
	if end+2 < len(s) && s[end] == ':' && isDigit(s[end+1]) && isDigit(s[end+2]) {
		m[16], m[17] = end+1, end+3
		end += 3
		if end+1 < len(s) && (s[end] == '.' || s[end] == ',') && isDigit(s[end+1]) {
			end += 1 + digitRun(s, end+1)
		}
		m[1] = end
	}
	return m
}

// isISOSep reports whether c is one of reISO's separators [-/.].
func isISOSep(c byte) bool { return c == '-' || c == '/' || c == '.' }

// digitRun returns the number of digits at s[i:].
func digitRun(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}

func isoMatch(s string, m []int) (parsed, bool) {
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
		if loc, n := parseZone(s[end:]); loc != nil {
			p.t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
			p.end += n
		}
	}
	return p, true
}

// parseZone reads a zone at the start of s: "Z", "+01:00", "+0100", "GMT",
// "GMT+2", "EST". It returns nil when there is none.
func parseZone(s string) (*time.Location, int) {
	if s == "Z" {
		return time.UTC, 1 // what the pattern gives, without running it
	}
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

// offsetSecs converts "+01:00", "+0100", "+01" or "+1" to seconds.
func offsetSecs(z string) int {
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	d := strings.ReplaceAll(z[1:], ":", "")
	h, m := 0, 0
	switch len(d) {
	case 1, 2:
		h, _ = strconv.Atoi(d)
	case 3:
		h, _ = strconv.Atoi(d[:1])
		m, _ = strconv.Atoi(d[1:])
	case 4:
		h, _ = strconv.Atoi(d[:2])
		m, _ = strconv.Atoi(d[2:])
	}
	return sign * (h*3600 + m*60)
}

// mkDate builds a time from decimal strings; hh, mm, ss may be empty. The
// location is UTC; callers set a known offset afterwards.
func mkDate(ys, ms, ds, hh, mm, ss string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if len(ys) == 2 {
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	if !validYMD(y, mo, d) {
		return time.Time{}, false
	}
	h, mi, se := 0, 0, 0
	if hh != "" {
		h, _ = strconv.Atoi(hh)
		mi, _ = strconv.Atoi(mm)
		se, _ = strconv.Atoi(ss)
		if h > 23 || mi > 59 || se > 60 {
			h, mi, se = 0, 0, 0
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC), true
}

func validYMD(y, m, d int) bool {
	if y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// scan finds up to max dates (max <= 0: all) in free text, in order of
// position; numeric dates like 04/05/2017 are read in order o unless one
// number is above 12. A time of day and zone right after a date are read
// too.
func scan(s string, o order, max int) []parsed {
	if !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	var out []parsed
	add := func(p parsed) {
		out = append(out, p)
	}
	// Cheap byte tests decide which patterns can match at all: the
	// patterns are costly on long text.
	yearSep, numSep, spaced := digitShapes(s)
	if yearSep {
		for _, m := range reISO.FindAllStringSubmatchIndex(s, -1) {
			if p, ok := isoMatch(s, m); ok {
				add(p)
			}
		}
	}
	if strings.Contains(s, "年") || strings.Contains(s, "년") {
		for _, m := range reCJK.FindAllStringSubmatchIndex(s, -1) {
			if t, ok := mkDate(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]], "", "", ""); ok {
				add(parsed{t: t, start: m[0], end: m[1]})
			}
		}
	}
	for _, m := range numMatches(s, numSep) {
		a, sep1, b, sep2, y := s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]], s[m[8]:m[9]], s[m[10]:m[11]]
		if sep1 != sep2 || (m[1] < len(s) && isDigit(s[m[1]])) {
			continue
		}
		if m[1]+1 < len(s) && (s[m[1]] == '.' || s[m[1]] == sep1[0]) && isDigit(s[m[1]+1]) {
			continue // 1.2.3.4, 1-2-34-5: not a date
		}
		if len(y) == 2 && sep1 == "-" {
			continue
		}
		ai, _ := strconv.Atoi(a)
		bi, _ := strconv.Atoi(b)
		day, month := a, b
		amb := ai <= 12 && bi <= 12 && ai != bi
		switch {
		case ai > 12:
		case bi > 12:
			day, month = b, a
		case sep1 == ".":
			amb = false // dotted dates are day first everywhere
		case o == orderMDY:
			day, month = b, a
		}
		if t, ok := mkDate(y, month, day, "", "", ""); ok {
			add(parsed{t: t, start: m[2], end: m[1], ambiguous: amb})
		}
	}
	if spaced {
		// "4. 2. 2022": dotted, day first, a space (a thin one in the
		// page, collapsed) after each dot
		for _, m := range reNumSpaced.FindAllStringSubmatchIndex(s, -1) {
			if t, ok := mkDate(s[m[6]:m[7]], s[m[4]:m[5]], s[m[2]:m[3]], "", "", ""); ok {
				add(parsed{t: t, start: m[2], end: m[7]})
			}
		}
	}
	out = monthDates(s, out)
	if len(out) == 0 {
		return nil
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].end > out[j].end
	})
	// Drop matches overlapping an earlier one.
	kept := out[:0]
	last := -1
	for _, p := range out {
		if p.start < last {
			continue
		}
		if !p.hasTime {
			p = withTime(s, p)
		}
		kept = append(kept, p)
		last = p.end
		if max > 0 && len(kept) == max {
			break
		}
	}
	return kept
}

// withTime reads a time of day (and zone) right after p's match.
func withTime(s string, p parsed) parsed {
	rest := s[p.end:]
	if len(rest) > 40 {
		rest = rest[:40]
	}
	m := reTime.FindStringSubmatchIndex(rest)
	if m == nil || m[4] < 0 {
		return p
	}
	h, _ := strconv.Atoi(rest[m[2]:m[3]])
	mi, _ := strconv.Atoi(rest[m[4]:m[5]])
	end := m[1]
	tail := strings.ToLower(rest[end:])
	tailTrim := strings.TrimLeft(tail, " ")
	switch {
	case strings.HasPrefix(tailTrim, "pm") || strings.HasPrefix(tailTrim, "p.m."):
		if h < 12 {
			h += 12
		}
		end += len(tail) - len(tailTrim) + 2
	case strings.HasPrefix(tailTrim, "am") || strings.HasPrefix(tailTrim, "a.m."):
		if h == 12 {
			h = 0
		}
		end += len(tail) - len(tailTrim) + 2
	}
	if h > 23 || mi > 59 {
		return p
	}
	loc := time.UTC
	if l, n := parseZone(rest[min(end, len(rest)):]); l != nil {
		loc = l
		end += n
	}
	t := p.t
	p.t = time.Date(t.Year(), t.Month(), t.Day(), h, mi, 0, 0, loc)
	p.hasTime = true
	p.end += min(end, len(rest))
	return p
}

// numMatches runs reNum on s when numSep says a digit, a separator and a
// digit occur in it.
func numMatches(s string, numSep bool) [][]int {
	if !numSep {
		return nil
	}
	return reNum.FindAllStringSubmatchIndex(s, -1)
}

// digitShapes reports whether s has four digits followed by - / or .
// (yearSep, needed by reISO), a digit, one of . / - and a digit (numSep,
// needed by reNum), and a digit, a dot, a space and a digit (spaced,
// needed by reNumSpaced).
func digitShapes(s string) (yearSep, numSep, spaced bool) {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			run++
			continue
		}
		if run > 0 && (c == '-' || c == '/' || c == '.') && i+1 < len(s) && isDigit(s[i+1]) {
			numSep = true
			if run >= 4 {
				yearSep = true
			}
		}
		if yearSep && numSep {
			break
		}
		run = 0
	}
	return yearSep, numSep, hasSpacedDot(s)
}

// hasSpacedDot reports whether s has a digit, a dot, a space and a digit.
func hasSpacedDot(s string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], ". ")
		if i < 0 {
			return false
		}
		i += from
		if i > 0 && isDigit(s[i-1]) && i+2 < len(s) && isDigit(s[i+2]) {
			return true
		}
		from = i + 2
	}
}

func notDigitAt(s string, i int) bool { return i >= len(s) || !isDigit(s[i]) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
