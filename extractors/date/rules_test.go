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

// TestRound4Rules covers the rules of the fourth round: each case names
// its rule.
func TestRound4Rules(t *testing.T) {
	fetch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, html, url, want string
	}{
		{"head JSON-LD with a stray brace is read as JSON-LD",
			`<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-10-26T18:10:00+01:00"}}</script></head>
<body><h1>Title</h1><div class="article-date-time"><span>09.08.2020 u 10:52</span></div><p>Text.</p></body></html>`,
			"https://example.org/a/1", "2020-10-26"},
		{"head state scripts are not read",
			`<html><head><script>var state={"datePublished":"2020-10-26T18:10:00+01:00"};</script></head>
<body><h1>Title</h1><p>Posted on 9 August 2020</p></body></html>`,
			"https://example.org/a/1", "2020-08-09"},
		{"a text date after the modified date is not the publication date",
			`<html><body><h1>Stammtisch</h1><p>Next meeting on 5 February 2020 at the pub.</p>
<div id="footer"><p>This page was last modified on 29 January 2020, at 13:22.</p></div></body></html>`,
			"https://example.org/wiki/Stammtisch", "2020-01-29"},
		{"a labelled byline date after the modified date stays",
			`<html><body><h1>Title</h1><p>Published on 5 February 2020</p><p>Text.</p>
<div id="footer"><p>Last modified on 29 January 2020</p></div></body></html>`,
			"https://example.org/a", "2020-02-05"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(mustPage(t, tc.html, tc.url, fetch))
			if got := day(r.Published); got != tc.want {
				t.Errorf("published = %q (%s), want %q", got, r.PublishedDecision.Source.Rule, tc.want)
			}
		})
	}
}
