package date

import (
	"net/url"
	"regexp"
	"time"
)

var (
	// reURLDate is a full date in a URL path: /2019/11/19/, /2019-11-19-,
	// _20191119_. The day must end its path segment or be followed by a
	// separator and no digit, so /2023/10/3-fragen gives no day.
	reURLDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2]|[1-9])([/_-]?)(0[1-9]|[12]\d|3[01]|[1-9])(?:[/_.-]|$)`)
	// reURLMonth is a year and month in a URL path: /2019/11/.
	reURLMonth = regexp.MustCompile(`/((?:19|20)\d{2})/(0[1-9]|1[0-2]|[1-9])(?:/|$)`)
)

// urlDate returns the date in u's path, with the matched text; full is
// false when only a year and month were found (day 1).
func urlDate(u *url.URL) (t time.Time, raw string, full, ok bool) {
	if u == nil {
		return time.Time{}, "", false, false
	}
	path := u.EscapedPath()
	if !hasYear(path) {
		return time.Time{}, "", false, false // both patterns need one
	}
	var buf [12]int
	for from := 0; ; {
		m := nextURLDate(path, from, buf[:])
		if m == nil {
			break
		}
		from = m[1]
		g := func(i int) string { return path[m[2*i]:m[2*i+1]] }
		sep1, sep2, mo, d := g(2), g(4), g(3), g(5)
		if sep1 != sep2 {
			continue
		}
		if sep1 == "" && (len(mo) != 2 || len(d) != 2) {
			continue // 2019111 is not a date
		}
		// A one- or two-digit day followed by "-" is a slug's number
		// (/2023/10/3-fragen) unless the date is written with hyphens.
		end := m[1]
		if end > 0 && end <= len(path) && path[end-1] == '-' && sep1 == "/" {
			continue
		}
		if t, ok := mkDate(g(1), mo, d, "", "", ""); ok {
			return t, path[m[2]:m[11]], true, true
		}
	}
	if m := reURLMonth.FindStringSubmatch(path); m != nil {
		if t, ok := mkDate(m[1], m[2], "1", "", "", ""); ok {
			return t, m[0], false, true
		}
	}
	return time.Time{}, "", false, false
}

// nextURLDate returns, in m, the submatches of the first match of
// reURLDate in path at or after from, as FindAllStringSubmatchIndex lists
// them one after the other (from is the previous match's end), or nil.
// It tries the pattern's choices in its order of preference: a separator
// taken before one left out, the month and day alternatives in turn.
func nextURLDate(path string, from int, m []int) []int {
	for p := from; p < len(path); p++ {
		// (?:^|[/_-]): the start of the path, or a separator (a year
		// starts with a digit: the two never both open a match)
		y := p + 1
		if p == 0 && urlYearAt(path, 0) {
			y = 0
		} else if !isURLSep(path[p]) || !urlYearAt(path, y) {
			continue
		}
		if end, ok := urlDateAfterYear(path, y+4, m); ok {
			m[0], m[1], m[2], m[3] = p, end, y, y+4
			return m
		}
	}
	return nil
}

// urlYearAt reports whether (?:19|20)\d{2} matches at s[i:].
func urlYearAt(s string, i int) bool {
	return i+4 <= len(s) && (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigit(s[i+2]) && isDigit(s[i+3])
}

func isURLSep(c byte) bool { return c == '/' || c == '_' || c == '-' }

// urlDateAfterYear matches ([/_-]?)(month)([/_-]?)(day)(?:[/_.-]|$) at
// s[i:], setting m[4:12], and returns the match's end.
func urlDateAfterYear(s string, i int, m []int) (int, bool) {
	seps1, n1 := optSep(s, i)
	for _, s1 := range seps1[:n1] {
		months, nm := monthAlts(s, s1)
		for _, mo := range months[:nm] {
			seps2, n2 := optSep(s, mo)
			for _, s2 := range seps2[:n2] {
				days, nd := dayAlts(s, s2)
				for _, d := range days[:nd] {
					if d == len(s) || isURLSep(s[d]) || s[d] == '.' {
						m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11] = i, s1, s1, mo, mo, s2, s2, d
						return min(d+1, len(s)), true
					}
				}
			}
		}
	}
	return 0, false
}

// optSep returns the ends of [/_-]? at s[i:], the preferred first.
func optSep(s string, i int) ([2]int, int) {
	if i < len(s) && isURLSep(s[i]) {
		return [2]int{i + 1, i}, 2
	}
	return [2]int{i}, 1
}

// monthAlts returns the ends of 0[1-9]|1[0-2]|[1-9] at s[i:], in the
// order of the alternatives.
func monthAlts(s string, i int) ([3]int, int) {
	var out [3]int
	n := 0
	if i+1 < len(s) && s[i] == '0' && s[i+1] >= '1' && s[i+1] <= '9' {
		out[n] = i + 2
		n++
	}
	if i+1 < len(s) && s[i] == '1' && s[i+1] >= '0' && s[i+1] <= '2' {
		out[n] = i + 2
		n++
	}
	if i < len(s) && s[i] >= '1' && s[i] <= '9' {
		out[n] = i + 1
		n++
	}
	return out, n
}

// dayAlts returns the ends of 0[1-9]|[12]\d|3[01]|[1-9] at s[i:], in the
// order of the alternatives.
func dayAlts(s string, i int) ([4]int, int) {
	var out [4]int
	n := 0
	if i+1 < len(s) && s[i] == '0' && s[i+1] >= '1' && s[i+1] <= '9' {
		out[n] = i + 2
		n++
	}
	if i+1 < len(s) && (s[i] == '1' || s[i] == '2') && isDigit(s[i+1]) {
		out[n] = i + 2
		n++
	}
	if i+1 < len(s) && s[i] == '3' && (s[i+1] == '0' || s[i+1] == '1') {
		out[n] = i + 2
		n++
	}
	if i < len(s) && s[i] >= '1' && s[i] <= '9' {
		out[n] = i + 1
		n++
	}
	return out, n
}

// hasYear reports whether s holds "19" or "20" followed by two digits,
// which both URL patterns need.
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}
