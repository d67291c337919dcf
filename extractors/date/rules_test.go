package date

import (
	"testing"
	"time"
)

// TestFallbackRules covers the whole-text fallback's rules.
func TestFallbackRules(t *testing.T) {
	fetch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	sidebar := `<html><body><h1>Title</h1><div class="entry"><p>Some text here.</p></div>
<div class="sidebar"><h2>About this post</h2><p>Posted on 19. Mai 2010 at 23:03</p><p>Other: 3 June 2011</p></div></body></html>`
	comments := `<html><body><h1>Title</h1><div class="entry"><p>Some text here.</p></div>
<div class="comments"><p>Reply of 19. Mai 2010</p></div></body></html>`
	tests := []struct {
		name, html, url, want string
	}{
		{"sidebar date in the URL's month", sidebar, "https://example.org/2010/05/post/", "2010-05-19"},
		{"sidebar date without URL month", sidebar, "https://example.org/post/", ""},
		{"sidebar date in another month", sidebar, "https://example.org/2011/02/post/", ""},
		{"comment date in the URL's month", comments, "https://example.org/2010/05/post/", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(mustPage(t, tc.html, tc.url, fetch))
			if got := day(r.Published); got != tc.want && !(tc.want == "" && r.PublishedDecision.Source.Rule == "url") {
				t.Errorf("published = %q (%s), want %q", got, r.PublishedDecision.Source.Rule, tc.want)
			}
		})
	}
}
