package sites

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// compileLayout turns a date layout into a Go layout. A layout containing
// "%" is strftime-like (%Y-%m-%d %H:%M); any other is a Go layout
// (2006-01-02 15:04). The layout must read year, month and day.
func compileLayout(s string) (string, error) {
	layout := s
	if strings.Contains(s, "%") {
		l, err := strftime(s)
		if err != nil {
			return "", err
		}
		layout = l
	}
	ref := time.Date(2021, time.November, 23, 19, 8, 7, 0, time.UTC)
	out := ref.Format(layout)
	t, err := time.Parse(layout, out)
	if err != nil {
		return "", fmt.Errorf("not a date layout: %v", err)
	}
	if t.Year() != 2021 || t.Month() != time.November || t.Day() != 23 {
		return "", errors.New("the layout must contain a year, a month and a day (Go: 2006, 01 or Jan, 02; strftime: %Y, %m or %b, %d)")
	}
	return layout, nil
}

// strftime converts a strftime-like layout to a Go layout. Literal text is
// copied; it must not itself look like a Go layout element (2006, Jan, 15).
func strftime(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", errors.New("layout ends with a lone %")
		}
		d := string(s[i])
		if (s[i] == '-' || s[i] == ':') && i+1 < len(s) {
			i++
			d += string(s[i])
		}
		g, ok := strftimeDirective(d)
		if !ok {
			return "", fmt.Errorf("unknown directive %%%s (known: %%Y %%y %%m %%-m %%d %%-d %%e %%B %%b %%A %%a %%H %%I %%-I %%M %%S %%f %%p %%z %%:z %%Z %%F %%T %%%%)", d)
		}
		b.WriteString(g)
	}
	return b.String(), nil
}

func strftimeDirective(d string) (string, bool) {
	switch d {
	case "Y":
		return "2006", true
	case "y":
		return "06", true
	case "m":
		return "01", true
	case "-m":
		return "1", true
	case "d":
		return "02", true
	case "-d":
		return "2", true
	case "e":
		return "_2", true
	case "B":
		return "January", true
	case "b", "h":
		return "Jan", true
	case "A":
		return "Monday", true
	case "a":
		return "Mon", true
	case "H":
		return "15", true
	case "I":
		return "03", true
	case "-I":
		return "3", true
	case "M":
		return "04", true
	case "S":
		return "05", true
	case "f":
		return "000000", true
	case "p":
		return "PM", true
	case "z":
		return "-0700", true
	case ":z":
		return "-07:00", true
	case "Z":
		return "MST", true
	case "F":
		return "2006-01-02", true
	case "T":
		return "15:04:05", true
	case "%":
		return "%", true
	}
	return "", false
}

// defaultLayouts are tried in order when a date rule has no layout.
func defaultLayouts() []string {
	return []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
		time.RFC1123Z, time.RFC1123, "2006/01/02", "02.01.2006",
		"January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006",
	}
}

// parseDate parses v with the spec's layout (or the default layouts) in
// the spec's zone (UTC when none). Values carrying their own offset keep it.
func (s *spec) parseDate(v string) (time.Time, error) {
	loc := s.loc
	if loc == nil {
		loc = time.UTC
	}
	if s.layout != "" {
		t, err := time.ParseInLocation(s.layout, v, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q does not fit layout %q", v, s.source)
		}
		return t, nil
	}
	for _, l := range defaultLayouts() {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date in a known form; give a layout", v)
}
