package page

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

func mustParse(t *testing.T, src string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestTextPrefix(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		limit int
		want  string
		done  bool
	}{
		{"all", "<p>Hello <b>big</b><br>world</p><script>x()</script>", 100, "Hello big world", true},
		{"cut", "<p>Hello</p><p>big</p><p>world</p>", 7, "Hello bi", false},
		{"exact limit", "<p>abcde</p>", 5, "abcde", true},
		{"empty", "<div> </div>", 0, "", true},
		{"spaces do not count", "<div>  a  \n\n  b  </div>", 3, "a b", true},
		{"soft hyphens dropped", "<p>ab\u00adcd</p>", 4, "abcd", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustParse(t, tt.src)
			got, done := TextPrefix(root, tt.limit)
			if got != tt.want || done != tt.done {
				t.Errorf("TextPrefix = %q, %v; want %q, %v", got, done, tt.want, tt.done)
			}
			if done && got != Text(root) {
				t.Errorf("complete TextPrefix %q differs from Text %q", got, Text(root))
			}
			if !done && !strings.HasPrefix(Text(root), got) {
				t.Errorf("TextPrefix %q is not a prefix of Text %q", got, Text(root))
			}
		})
	}
}

func TestContainsFold(t *testing.T) {
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"Display: NONE", "none", true},
		{"visibility:Hidden;", "hidden", true},
		{"color: red", "none", false},
		{"", "none", false},
		{"non", "none", false},
		{"anything", "", true},
		{"nonone", "none", true},
	}
	for _, tt := range tests {
		if got := ContainsFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("ContainsFold(%q, %q) = %v, want %v", tt.s, tt.sub, got, tt.want)
		}
	}
}

func TestIsHidden(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`<div hidden>x</div>`, true},
		{`<div aria-hidden="TRUE">x</div>`, true},
		{`<div style="DISPLAY: none">x</div>`, true},
		{`<div style="visibility : hidden">x</div>`, true},
		{`<div style="border: none">x</div>`, false},
		{`<div style="color: red">x</div>`, false},
		{`<div>x</div>`, false},
	}
	for _, tt := range tests {
		root := mustParse(t, tt.src)
		var div *html.Node
		for n := range root.Descendants() {
			if n.Type == html.ElementNode && n.Data == "div" {
				div = n
			}
		}
		if got := IsHidden(div); got != tt.want {
			t.Errorf("IsHidden(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// collapseRune is collapse written the plain way, rune by rune: the
// reference its fast paths must agree with.
func collapseRune(s string, keepSoftHyphens bool) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' && !keepSoftHyphens,
			r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", " a b ", "a  b", "a\tb", "a\nb\r\n", "ab ", "a b c\u00a0d",
		"caf\u00e9 au lait", "soft\u00adhyphen", "zero\u200bwidth", "\u00ad", "x\u00ad ", "\ufeffbom",
		"bad \xff utf-8", "\xe2\x80", "a\u2003em space", "a \u0085b", "\x00nul", "a\vb\fc",
		"ends in space\u3000", "  lead", "one two  three   four",
	} {
		for _, keep := range []bool{false, true} {
			if got, want := collapse(s, keep), collapseRune(s, keep); got != want {
				t.Errorf("collapse(%q, %v) = %q, want %q", s, keep, got, want)
			}
		}
	}
}

func TestHasPrefixFold(t *testing.T) {
	for _, tt := range []struct {
		s, prefix string
		want      bool
	}{
		{"Photo: AP", "photo", true},
		{"PHOTO", "photo", true},
		{"phot", "photo", false},
		{"Fotó", "foto", false},
		{"", "", true},
		{"Élan", "élan", false}, // only ASCII letters fold
	} {
		if got := HasPrefixFold(tt.s, tt.prefix); got != tt.want {
			t.Errorf("HasPrefixFold(%q, %q) = %v", tt.s, tt.prefix, got)
		}
	}
}
