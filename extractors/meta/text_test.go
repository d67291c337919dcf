package meta

import (
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestHasClassWord(t *testing.T) {
	tests := []struct {
		v     string
		words []string
		want  bool
	}{
		{"", []string{"nav"}, false},
		{"main-nav", []string{"nav"}, true},
		{"Main_NAV other", []string{"nav"}, true},
		{"navigation", []string{"nav"}, false},
		{"a\tb\nsidebar", []string{"nav", "sidebar"}, true},
		{"--", []string{"nav"}, false},
		{"navé", []string{"nav"}, false},
		{"entry-title", []string{"headline", "title"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			if got := hasClassWord(tt.v, tt.words...); got != tt.want {
				t.Errorf("hasClassWord(%q, %q) = %v, want %v", tt.v, tt.words, got, tt.want)
			}
			// The old definition: lower-case, split, compare.
			old := false
			for _, f := range strings.FieldsFunc(strings.ToLower(tt.v), func(r rune) bool {
				return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
			}) {
				for _, w := range tt.words {
					old = old || f == w
				}
			}
			if old != tt.want {
				t.Errorf("old definition gives %v", old)
			}
		})
	}
}

func TestHiddenClass(t *testing.T) {
	tests := []struct {
		class string
		want  bool
	}{
		{"", false},
		{"hidden", true},
		{"foo SR-ONLY", true},
		{"d-none\td-md-block", true},
		{"hidden-xs", false},
		{"unhidden", false},
		{"  ", false},
	}
	for _, tt := range tests {
		if got := hiddenClass(tt.class); got != tt.want {
			t.Errorf("hiddenClass(%q) = %v, want %v", tt.class, got, tt.want)
		}
	}
}

func TestGroupsOf(t *testing.T) {
	for _, g := range groupWords {
		for _, w := range g.words {
			if len(w) > maxGroupWord {
				t.Errorf("%q is longer than maxGroupWord", w)
			}
			// Each word is found, as hasClassWord finds it, in any case.
			if want := hasClassWord("x "+strings.ToUpper(w)+"-y", g.words...); want != (groupsOf("x "+strings.ToUpper(w)+"-y")&g.group != 0) {
				t.Errorf("groupsOf disagrees with hasClassWord on %q", w)
			}
		}
	}
	tests := []struct {
		v    string
		want wordGroup
	}{
		{"", 0},
		{"main-nav", gChrome | gArticle | gHeadlineHome},
		{"entry-title", gHeadline | gHeadlineHome | gNotLogo | gArticle},
		{"site-header", gHeader | gLogo},
		{"navigation-extra-long-class-name-words", gChrome},
		{"averyveryverylongclassname", 0},
	}
	for _, tt := range tests {
		if got := groupsOf(tt.v); got != tt.want {
			t.Errorf("groupsOf(%q) = %b, want %b", tt.v, got, tt.want)
		}
	}
}

func TestClassIDHas(t *testing.T) {
	c := classID{class: groupsOf("post"), id: groupsOf("site-header")}
	if !c.has(gHeader) || !c.has(gArticle) || c.has(gComment) {
		t.Errorf("classID.has wrong for %+v", c)
	}
}

func BenchmarkGroupsOf(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		groupsOf("col-md-8 Article-Body js-content")
	}
}

func BenchmarkHasClassWord(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		hasClassWord("col-md-8 Article-Body js-content", chromeWords...)
	}
}

// titleSep is the regular expression findSeps replaces: the reference it
// must agree with.
var titleSep = regexp.MustCompile(`\s+(?:[|\-–—»·~/•│]{1,2}|::)\s+|\s*[|»·•│]\s*|:\s+`)

// seps returns findSeps(s) in the form of the regexp's FindAllStringIndex.
func seps(s string) [][]int {
	var out [][]int
	for _, m := range findSeps(s) {
		out = append(out, []int{m[0], m[1]})
	}
	return out
}

func TestFindSeps(t *testing.T) {
	for _, s := range []string{"", "Plain title", "Title | Site", "Title - Site", "Kicker: Title", "A–B", "News » World", "a::b", "AC/DC live", "x · y", "Title ~ Site", "Ünïcödé — Sité"} {
		if got, want := seps(s), titleSep.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("findSeps(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFindSepsRandom checks findSeps against its regular expression on
// random titles built of separators, white space, invalid UTF-8 and words.
func TestFindSepsRandom(t *testing.T) {
	pieces := []string{"|", "-", "–", "—", "»", "·", "~", "/", "•", "│", ":", "::", " ", "  ", "\t", "\n", "\r", "\f", "\v",
		"\u00a0", "Title", "Site", "a", "é", "\xe2", "\xe2\x80", "\xc2", "\xbb", "\ufffd", "«", "—|", "--", "x:y"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.Intn(10); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := seps(s), titleSep.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Fatalf("findSeps(%q) = %v, want %v", s, got, want)
		}
	}
}
