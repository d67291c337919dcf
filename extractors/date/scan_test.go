package date

import (
	"strings"
	"testing"
	"time"
)

func TestMonthDates(t *testing.T) {
	tests := []struct {
		in   string
		want string // "start-end:YYYY-MM-DD ..." or ""
	}{
		{"on 5 March 2019 at", "3-15:2019-03-05"},
		{"5. März 2019", "0-13:2019-03-05"},
		{"the 5th of March, 2019", "4-22:2019-03-05"},
		{"5 de marzo de 2019", "0-18:2019-03-05"},
		{"1er mars 2020", "0-13:2020-03-01"},
		{"March 5th, 2019", "0-15:2019-03-05"},
		{"Okt. 3, 2020", "0-12:2020-10-03"},
		{"2019. március 5.", "0-16:2019-03-05"},
		{"2019 June 2", "0-11:2019-06-02"},
		{"Retrieved 27 January \n      2020 .", "10-32:2020-01-27"},
		{"5 мая 2019", "0-13:2019-05-05"},
		{"MAY 05 2021", "0-11:2021-05-05"},
		// no date
		{"March 2019", ""},
		{"2019 June 20190", ""},
		{"x5 March 2019", ""},
		{"mayor 5 2019", ""},
		{"123 March 2019", ""},
		{"5 March 20190", ""},
		{"31 February 2019", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var b strings.Builder
			for _, p := range monthDates(tt.in, nil) {
				b.WriteString(strings.Join([]string{itoa(p.start) + "-" + itoa(p.end), p.t.Format("2006-01-02")}, ":") + " ")
			}
			if got := strings.TrimSpace(b.String()); got != tt.want {
				t.Errorf("monthDates(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestLookupMonth(t *testing.T) {
	for in, want := range map[string]int{"March": 3, "MÄRZ": 3, "okt.": 10, "Sept": 9, "мая": 5, "mayor": 0, "": 0,
		strings.Repeat("a", 40): 0} {
		if got := lookupMonth(in); got != want {
			t.Errorf("lookupMonth(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestNeedleScans(t *testing.T) {
	if bits := classNeedles.scan("post-meta entry"); bits&bitHeader == 0 || bits&bitDateish == 0 {
		t.Errorf("classNeedles.scan: %b", bits)
	}
	if bits := classNeedles.scan("zzz qqq"); bits != 0 {
		t.Errorf("classNeedles.scan(zzz): %b", bits)
	}
	for in, want := range map[string]bool{"more-from-site": true, "x more_stories": true, "nomorefrom": false,
		"related": true, "un-related": true, "wp-block": false} {
		got := prefixNeedles.scanPrefixes(in)&bitRelated != 0
		if got != want {
			t.Errorf("scanPrefixes(%q) related = %v, want %v", in, got, want)
		}
	}
}

func TestReadAttrs(t *testing.T) {
	p := mustPage(t, `<div class="a" id="b" role="main" itemprop="datePublished" itemscope itemtype="T" style="display: none">x</div>`, "", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	n := p.Root.FirstChild.LastChild.FirstChild
	na := readAttrs(n)
	if na.class != "a" || na.id != "b" || na.role != "main" || na.itemprop != "datePublished" || !na.itemscope || na.itemtype != "T" || !na.hidden {
		t.Errorf("readAttrs = %+v", na)
	}
}

func TestRelativePrefilters(t *testing.T) {
	for _, tt := range []struct {
		s    string
		word string
		want bool
	}{
		{"vor 3 stunden", "vor", true},
		{"vor einer woche", "vor", true},
		{"vor ort", "vor", false},
		{"3 hours ago", "ago", true},
		{"an hour ago", "ago", true},
		{"long ago", "ago", false},
		{"the years ago", "ago", false}, // the prefilter lets it through
	} {
		k := strings.Index(tt.s, tt.word)
		var got bool
		if k == 0 {
			got = numberAfter(tt.s, k+len(tt.word))
		} else {
			got = numberBefore(tt.s, k)
		}
		if got != tt.want && tt.want {
			t.Errorf("%q: got %v, want %v", tt.s, got, tt.want)
		}
		if m := reRelative.FindString(tt.s); (m != "") != tt.want {
			t.Errorf("%q: reRelative disagrees with the prefilter", tt.s)
		}
	}
}

func TestMayHaveLabel(t *testing.T) {
	for in, want := range map[string]bool{"Published on ": true, "VERÖFFENTLICHT am": true, "Güncelleme:": true,
		"by Paul Roe, ": false, "": false} {
		if got := mayHaveLabel(in); got != want {
			t.Errorf("mayHaveLabel(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestHasPrefixToken(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"entry-content", true},
		{"x  entry_content", true},
		{"-entry-content", true},
		{"main entry", false},
		{"post_tag-entrycontent", false},
		{"wrap entrycontentx", true},
	} {
		if got := hasPrefixToken(tt.s, mainBodyPrefixes); got != tt.want {
			t.Errorf("hasPrefixToken(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestHasScriptDate(t *testing.T) {
	for in, want := range map[string]bool{`{"datePublished":"2020"}`: true, `x.publication_date=1`: true,
		`{"dateModified":1}`: true, `var public = 1; publicKey()`: false, ``: false} {
		if got := hasScriptDate(in); got != want {
			t.Errorf("hasScriptDate(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestScanSpacedDots covers dotted dates with a space after each dot.
func TestScanSpacedDots(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Von Deutscher Tennis Bund 4. 2. 2022.", "2022-02-04"},
		{"am 14. 11. 2021", "2021-11-14"},
		{"1. 2. 3. 4", ""},           // a numbered list, no year
		{"Nr. 4. 2. 20222", ""},      // five digits: not a year
		{"31. 2. 2022", ""},          // no such day
		{"Version 1.4. 2. 2022", ""}, // part of a version number
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ""
			if ps := scan(tt.in, orderDMY, 1); len(ps) > 0 {
				got = ps[0].t.Format("2006-01-02")
			}
			if got != tt.want {
				t.Errorf("scan(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
