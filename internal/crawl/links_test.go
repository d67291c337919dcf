package crawl

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func parse(t testing.TB, s string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

const linksPage = `<!doctype html><html><head>
<base href="https://example.com/news/">
<link rel="next" href="/news/page/2">
<link rel="stylesheet" href="/style.css">
<script>var u = "<a href='/in-script'>x</a>";</script>
</head><body>
<a href="storm-hits-coast">Storm   hits
 coast</a>
<a href="/world/budget#comments">Budget</a>
<a href="/world/budget">Budget again</a>
<a href="#top">Top</a>
<a href="javascript:void(0)">JS</a>
<a href="mailto:desk@example.com">Mail</a>
<a href="tel:+123">Call</a>
<a href="data:text/html,hi">Data</a>
<a href=" HTTPS://Other.example/x ">Other site</a>
<a href="/files/report.PDF">Report</a>
<a href="/img/photo.jpg?w=800">Photo</a>
<a href="/ads" rel="sponsored nofollow">Ad</a>
<a>No href</a>
<a href="">Empty</a>
<map><area href="/map-area" alt="area"></map>
<a href="https://example.com/world/storm?x=1">Self</a>
<noscript><a href="/noscript-link">ns</a></noscript>
</body></html>`

func TestExtractLinks(t *testing.T) {
	root := parse(t, linksPage)
	tests := []struct {
		name string
		opts LinkOptions
		want []string
	}{
		{"all", LinkOptions{}, []string{
			"https://example.com/news/storm-hits-coast",
			"https://example.com/world/budget",
			"https://other.example/x",
			"https://example.com/files/report.PDF",
			"https://example.com/img/photo.jpg?w=800",
			"https://example.com/ads",
			"https://example.com/map-area",
		}},
		{"skip nofollow and non-html", LinkOptions{SkipNofollow: true, SkipNonHTML: true}, []string{
			"https://example.com/news/storm-hits-coast",
			"https://example.com/world/budget",
			"https://other.example/x",
			"https://example.com/map-area",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links := ExtractLinks(root, "https://example.com/world/storm?x=1#c", tt.opts)
			var got []string
			for _, l := range links {
				got = append(got, l.URL)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	links := ExtractLinks(root, "https://example.com/world/storm", LinkOptions{})
	if links[0].Text != "Storm hits coast" {
		t.Errorf("text %q", links[0].Text)
	}
	bare := ExtractLinks(root, "https://example.com/world/storm", LinkOptions{SkipText: true})
	if len(bare) != len(links) || bare[0].URL != links[0].URL || bare[0].Text != "" {
		t.Errorf("SkipText: %+v, want the same links without text", bare)
	}
	for _, l := range links {
		switch l.URL {
		case "https://example.com/files/report.PDF":
			if l.Kind != "pdf" {
				t.Errorf("%s kind %q", l.URL, l.Kind)
			}
		case "https://example.com/ads":
			if !l.Nofollow {
				t.Errorf("%s not nofollow", l.URL)
			}
		}
	}
}

func TestExtractLinksNoBase(t *testing.T) {
	root := parse(t, `<a href="b">b</a><a href="/c">c</a><a href="//cdn.example/d">d</a><base href="/ignored/">`)
	var got []string
	for _, l := range ExtractLinks(root, "https://example.com/a/page", LinkOptions{}) {
		got = append(got, l.URL)
	}
	want := "https://example.com/a/b https://example.com/c https://cdn.example/d"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Without a page URL, only absolute links survive.
	root = parse(t, `<a href="/rel">r</a><a href="https://example.com/abs">a</a>`)
	if l := ExtractLinks(root, "", LinkOptions{}); len(l) != 1 || l[0].URL != "https://example.com/abs" {
		t.Errorf("no page URL: %+v", l)
	}
}

func TestNonHTMLKind(t *testing.T) {
	tests := map[string]string{
		"https://e.com/a.pdf":           "pdf",
		"https://e.com/a.PDF?dl=1":      "pdf",
		"https://e.com/i/photo.JPEG":    "image",
		"https://e.com/v/clip.mp4":      "video",
		"https://e.com/p/ep1.mp3":       "audio",
		"https://e.com/d/data.zip":      "archive",
		"https://e.com/d/data.tar.gz":   "archive",
		"https://e.com/d/setup.exe":     "binary",
		"https://e.com/d/sheet.xlsx":    "document",
		"https://e.com/s/app.js":        "asset",
		"https://e.com/feed.xml":        "xml",
		"https://e.com/news/story":      "",
		"https://e.com/news/story.html": "",
		"https://e.com/news/story.php":  "",
		"https://e.com/news/v1.2/story": "",
		"https://e.com/":                "",
		"https://e.com/a.pdf/view":      "",
		"::bad":                         "",
	}
	for in, want := range tests {
		if got := NonHTMLKind(in); got != want {
			t.Errorf("NonHTMLKind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTrapScore(t *testing.T) {
	now := time.Date(2024, 5, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		url  string
		trap bool
	}{
		{"https://e.com/world/2024/05/07/storm-hits-coast", false},
		{"https://e.com/world/2024/05/05/storm", false},
		{"https://e.com/news/news-today", false},
		{"https://e.com/search?q=storm&page=3", false},
		{"https://e.com/tag/storm/page/12", false},
		{"https://e.com/a?id=1&b=2", false},
		{"https://e.com/events/2024/05", false},
		{"https://e.com/events/2024/05/08", false}, // tomorrow: within a day
		{"https://e.com/calendar/2031/01", true},
		{"https://e.com/calendar?date=2030-01-01", true},
		{"https://e.com/calendar?year=2035&month=2", true},
		{"https://e.com/calendar/1970/01", true},
		{"https://e.com/a/b/a/b/a/b/a/b", true},
		{"https://e.com/x/x/x", true},
		{"https://e.com/news/world/news/world/news/world", true},
		{"https://e.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n", true},
		{"https://e.com/shop?c=1&s=2&p=3&min=4&max=5&sort=6", true},
		{"https://e.com/list?" + strings.Repeat("filter=abc&", 30), true},
		{"https://e.com/news/page/9999", false},
		{"https://e.com/calendar/2031/01/page/9999", true},
	}
	for _, tt := range tests {
		score, why := TrapScore(tt.url, now)
		if got := score >= TrapThreshold; got != tt.trap {
			t.Errorf("TrapScore(%s) = %d (%s), trap %v, want %v", tt.url, score, why, got, tt.trap)
		}
		if score > 0 && why == "" {
			t.Errorf("TrapScore(%s) = %d without a reason", tt.url, score)
		}
	}
}

// TestTrapScoreStable: a URL whose query has two dates scores the same on
// every call (the parameters are read by name, not in map order).
func TestTrapScoreStable(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, u := range []string{
		"https://example.org/archive?b=2024-05-01&a=1990-01-01",
		"https://example.org/archive?z=2099-01-01&date=2024-05-01&m=2024-06-01",
	} {
		first, why := TrapScore(u, now)
		for range 200 {
			if got, gotWhy := TrapScore(u, now); got != first || gotWhy != why {
				t.Fatalf("TrapScore(%s) = %d (%s), then %d (%s)", u, first, why, got, gotWhy)
			}
		}
	}
	if score, why := TrapScore("https://example.org/archive?b=2024-05-01&a=1990-01-01", now); score < TrapThreshold {
		t.Errorf("date a=1990-01-01 (first by name) not scored: %d %q", score, why)
	}
}
