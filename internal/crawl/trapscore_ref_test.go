package crawl

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// trapScoreRef and its helpers are TrapScore as first written, before
// its allocation-free fast paths: the reference TrapScore must agree with.
func trapScoreRef(rawURL string, now time.Time) (score int, reason string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, ""
	}
	var why []string
	add := func(points int, format string, args ...any) {
		score += points
		why = append(why, fmt.Sprintf(format, args...))
	}
	segs := splitPathRef(u.Path)

	counts := map[string]int{}
	for i, s := range segs {
		if isDigits(s) {
			continue // /2024/05/05/ is a date, not a loop
		}
		counts[s]++
		if i > 0 && segs[i-1] == s {
			add(2, "segment %q repeated in a row", s)
		}
	}
	for _, s := range segs {
		if n := counts[s]; n >= 3 {
			add(2*(n-2), "segment %q %d times", s, n)
			counts[s] = 0 // count each segment once
		}
	}
	if len(segs) > 10 {
		add(len(segs)-10, "%d path segments", len(segs))
	}

	q := u.Query()
	if len(u.RawQuery) > 200 {
		add(2, "query of %d bytes", len(u.RawQuery))
	}
	nparams := 0
	numeric := 0
	for _, vs := range q {
		for _, v := range vs {
			nparams++
			if _, err := strconv.ParseFloat(v, 64); err == nil && v != "" {
				numeric++
			}
		}
	}
	if nparams > 6 {
		add(nparams-6, "%d query parameters", nparams)
	}
	if numeric >= 3 {
		add(numeric-2, "%d numeric parameters", numeric)
	}

	if d, ok := dateInURLRef(segs, q); ok {
		switch {
		case d.After(now.AddDate(0, 0, 1)):
			add(4, "date %s in the future", d.Format("2006-01-02"))
		case d.Year() < 1995:
			add(4, "date %s before 1995", d.Format("2006-01-02"))
		}
	}
	if n := pageNumberRef(segs, q); n > 500 {
		add(2, "page %d", n)
	}
	return score, strings.Join(why, "; ")
}

// splitPath returns the non-empty segments of a path.
func splitPathRef(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dateInURL finds a calendar date in a path (/2024/05, /2024/05/17,
// /2024-05-17) or in a query parameter value (date=2024-05-17,
// year=2024&month=5, month=2024-05). It returns the first day it names.
func dateInURLRef(segs []string, q url.Values) (time.Time, bool) {
	for i, s := range segs {
		if t, ok := parseYMDRef(s); ok {
			return t, true
		}
		y, ok := yearOfRef(s)
		if !ok || i+1 >= len(segs) {
			continue
		}
		m, err := strconv.Atoi(segs[i+1])
		if err != nil || m < 1 || m > 12 {
			continue
		}
		day := 1
		if i+2 < len(segs) {
			if d, err := strconv.Atoi(segs[i+2]); err == nil && d >= 1 && d <= 31 {
				day = d
			}
		}
		return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC), true
	}
	for _, vs := range q {
		for _, v := range vs {
			if t, ok := parseYMDRef(v); ok {
				return t, true
			}
		}
	}
	if y, ok := yearOfRef(q.Get("year")); ok {
		m, _ := strconv.Atoi(q.Get("month"))
		if m < 1 || m > 12 {
			m = 1
		}
		return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// parseYMD reads "2024-05-17", "2024-05" or "20240517".
func parseYMDRef(s string) (time.Time, bool) {
	for _, layout := range [...]string{"2006-01-02", "2006-01", "20060102"} {
		if len(s) == len(layout) {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// yearOf reads a four-digit year between 1000 and 2999.
func yearOfRef(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1000 && y <= 2999
}

// pageNumber returns the page of /page/N or ?page=N (also p, pg, paged),
// or 0.
func pageNumberRef(segs []string, q url.Values) int {
	for i := 0; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], "page") {
			if n, err := strconv.Atoi(segs[i+1]); err == nil {
				return n
			}
		}
	}
	for _, k := range [...]string{"page", "pg", "paged"} {
		if n, err := strconv.Atoi(q.Get(k)); err == nil {
			return n
		}
	}
	return 0
}

// TestTrapScoreAgainstRef compares TrapScore with the reference on random
// URLs built from the pieces traps are made of.
func TestTrapScoreAgainstRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	segPieces := []string{"", "a", "news", "page", "PAGE", "calendar", "2024", "1990", "2031", "1994", "05", "5", "13",
		"0", "17", "32", "2024-05-17", "2031-01", "20240517", "19900101", "900", "501", "+7", "-3", "x", "x",
		"archive", "tag", "%41", "é", "2024-13-01", "99999999999999999999", "amp"}
	queryPieces := []string{"page=900", "page=2", "pg=", "paged=x", "p=3", "year=2031", "year=1990", "month=5",
		"month=13", "month=x", "date=2031-05-17", "date=1990-01-01", "a=1", "b=2.5", "c=3", "d=-4", "e=", "f",
		"utm_source=x", "q=" + strings.Repeat("x", 190), "month=2024-05", "year=abcd", "%zz"}
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	for range 100000 {
		var b strings.Builder
		b.WriteString([]string{"http://example.org", "https://Example.ORG:8080", "http://ex.org", ""}[rng.IntN(4)])
		for k := rng.IntN(14); k > 0; k-- {
			b.WriteByte('/')
			b.WriteString(segPieces[rng.IntN(len(segPieces))])
		}
		if rng.IntN(2) == 0 {
			b.WriteByte('?')
			for k := rng.IntN(9); k > 0; k-- {
				if k > 0 {
					b.WriteByte('&')
				}
				b.WriteString(queryPieces[rng.IntN(len(queryPieces))])
			}
		}
		raw := b.String()
		if rng.IntN(50) == 0 {
			raw += "\x7f" // unparseable
		}
		if datesInQuery(raw) > 1 {
			continue // which one counts depends on map order, in both
		}
		score, why := TrapScore(raw, now)
		wantScore, wantWhy := trapScoreRef(raw, now)
		if score != wantScore || why != wantWhy {
			t.Fatalf("TrapScore(%q) = %d %q, want %d %q", raw, score, why, wantScore, wantWhy)
		}
	}
}

// datesInQuery counts the query values of raw that parse as dates.
func datesInQuery(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	n := 0
	for _, vs := range u.Query() {
		for _, v := range vs {
			if _, ok := parseYMDRef(v); ok {
				n++
			}
		}
	}
	return n
}

// BenchmarkTrapScore: the URLs a news crawl scores, mostly articles.
func BenchmarkTrapScore(b *testing.B) {
	urls := [...]string{
		"http://127.0.0.1:8091/news/science/2025/03/14/1-plan-launched-as-digital-turbine-meets.html",
		"http://127.0.0.1:8091/tag/elections/",
		"http://127.0.0.1:8091/section/world/?page=3",
		"https://example.org/calendar/2031/05/",
	}
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		TrapScore(urls[i%len(urls)], now)
		i++
	}
}

// BenchmarkTrapScoreRef is BenchmarkTrapScore on the reference.
func BenchmarkTrapScoreRef(b *testing.B) {
	urls := [...]string{
		"http://127.0.0.1:8091/news/science/2025/03/14/1-plan-launched-as-digital-turbine-meets.html",
		"http://127.0.0.1:8091/tag/elections/",
		"http://127.0.0.1:8091/section/world/?page=3",
		"https://example.org/calendar/2031/05/",
	}
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		trapScoreRef(urls[i%len(urls)], now)
		i++
	}
}
