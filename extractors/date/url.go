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
	for _, m := range reURLDate.FindAllStringSubmatchIndex(path, -1) {
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
