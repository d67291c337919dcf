package page

import (
	"strings"
	"testing"

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
