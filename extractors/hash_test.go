package extractors

import "testing"

func TestWordCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one two  three", 3},
		{"It's a well-known fact.", 4},
		{"日本語", 3},
		{"Hello 世界", 3},
		{"2024 — 15 km", 3},
	}
	for _, tt := range tests {
		if got := WordCount(tt.in); got != tt.want {
			t.Errorf("WordCount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestContentHash(t *testing.T) {
	a := ContentHash("Hello   World\n\nSecond paragraph")
	b := ContentHash("hello world second paragraph")
	if a != b {
		t.Errorf("layout-only differences changed the hash: %s != %s", a, b)
	}
	if ContentHash("hello world") == a {
		t.Errorf("different text, same hash")
	}
	if ContentHash("  ") != "" {
		t.Errorf("empty text should hash to empty")
	}
}
