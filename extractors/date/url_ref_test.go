package date

import (
	"math/rand"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// urlDateRef is urlDate as it was before nextURLDate read the path: the
// reference it must agree with.
func urlDateRef(u *url.URL) (t time.Time, raw string, full, ok bool) {
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

// randomURLPath joins random pieces of dated paths.
func randomURLPath(rng *rand.Rand) string {
	pieces := []string{"/", "_", "-", ".", "2019", "2020", "1999", "1899", "2100", "20", "19", "0", "1", "2", "3",
		"01", "09", "10", "11", "12", "13", "29", "30", "31", "32", "7", "news", "a", "x.html", "2019111", "20191119"}
	seps := []string{"/", "_", "-", "", ".", "x"}
	var b strings.Builder
	for n := rng.Intn(4); n >= 0; n-- {
		if rng.Intn(2) == 0 {
			// a dated part: a year, separators, a month and a day
			b.WriteString(seps[rng.Intn(3)])
			b.WriteString([]string{"2019", "2020", "1999", "1899", "2019"}[rng.Intn(5)])
			for k := 0; k < 2; k++ {
				b.WriteString(seps[rng.Intn(len(seps))])
				b.WriteString(pieces[5+rng.Intn(len(pieces)-5)])
			}
			b.WriteString(seps[rng.Intn(len(seps))])
		} else {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
	}
	return b.String()
}

func TestNextURLDateMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	matched, dated := 0, 0
	for i := 0; i < 300000; i++ {
		path := randomURLPath(rng)
		want := reURLDate.FindAllStringSubmatchIndex(path, -1)
		var got [][]int
		var buf [12]int
		for from := 0; ; {
			m := nextURLDate(path, from, buf[:])
			if m == nil {
				break
			}
			got = append(got, append([]int(nil), m...))
			from = m[1]
		}
		if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("nextURLDate(%q) gives %v, want %v", path, got, want)
		}
		matched += len(want)
		u := &url.URL{Path: path}
		gt, graw, gfull, gok := urlDate(u)
		wt, wraw, wfull, wok := urlDateRef(u)
		if !gt.Equal(wt) || graw != wraw || gfull != wfull || gok != wok {
			t.Fatalf("urlDate(%q) = %v %q %v %v, want %v %q %v %v", path, gt, graw, gfull, gok, wt, wraw, wfull, wok)
		}
		if wok {
			dated++
		}
	}
	if matched < 50000 || dated < 10000 {
		t.Fatalf("%d matches, %d dated paths", matched, dated)
	}
}
