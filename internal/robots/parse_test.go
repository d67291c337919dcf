package robots

import (
	"testing"
	"time"
)

const ua = "newshound/0.1 (+https://github.com/newshound/newshound)"

func TestRulesAllowed(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		agent string
		path  string
		want  bool
	}{
		{"empty file", "", ua, "/a", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", ua, "/a", false},
		{"robots.txt always allowed", "User-agent: *\nDisallow: /\n", ua, "/robots.txt", true},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", ua, "/a", true},
		{"prefix", "User-agent: *\nDisallow: /private\n", ua, "/private/x", false},
		{"prefix not matching", "User-agent: *\nDisallow: /private\n", ua, "/public", true},
		{"prefix matches longer names", "User-agent: *\nDisallow: /fish\n", ua, "/fish.html", false},
		{"case sensitive path", "User-agent: *\nDisallow: /Fish\n", ua, "/fish", true},
		{"longest match wins", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", ua, "/a/b/c", true},
		{"longest disallow wins", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", ua, "/a/b/c", false},
		{"tie goes to allow", "User-agent: *\nDisallow: /page\nAllow: /page\n", ua, "/page", true},
		{"tie goes to allow (allow first)", "User-agent: *\nAllow: /page\nDisallow: /page\n", ua, "/page", true},
		{"wildcard", "User-agent: *\nDisallow: /*.php\n", ua, "/index.php?x=1", false},
		{"wildcard middle", "User-agent: *\nDisallow: /a/*/c\n", ua, "/a/b/b/c/d", false},
		{"end anchor", "User-agent: *\nDisallow: /*.php$\n", ua, "/index.php?x=1", true},
		{"end anchor matches", "User-agent: *\nDisallow: /*.php$\n", ua, "/index.php", false},
		{"allow root only", "User-agent: *\nAllow: /$\nDisallow: /\n", ua, "/", true},
		{"allow root only, others", "User-agent: *\nAllow: /$\nDisallow: /\n", ua, "/page", false},
		{"query in path", "User-agent: *\nDisallow: /*?s=\n", ua, "/search?s=x", false},
		{"our group wins over star", "User-agent: *\nDisallow: /\n\nUser-agent: newshound\nDisallow: /x\n", ua, "/a", true},
		{"our group, case-insensitive", "User-agent: NewsHound/2.0\nDisallow: /x\n", ua, "/x", false},
		{"other bot's group ignored", "User-agent: googlebot\nDisallow: /\n", ua, "/a", true},
		{"token must match exactly", "User-agent: news\nDisallow: /\n", ua, "/a", true},
		{"groups for us merge", "User-agent: newshound\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\nUser-agent: newshound\nDisallow: /c\n", ua, "/c", false},
		{"multi-agent group", "User-agent: other\nUser-agent: newshound\nDisallow: /a\n", ua, "/a", false},
		{"star and us in one group", "User-agent: *\nUser-agent: newshound\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", ua, "/b", true},
		{"star groups merge", "User-agent: *\nDisallow: /a\n\nUser-agent: x\nDisallow: /\n\nUser-agent: *\nDisallow: /b\n", ua, "/b", false},
		{"rules before user-agent ignored", "Disallow: /\nUser-agent: *\nDisallow: /x\n", ua, "/a", true},
		{"comments", "# hi\nUser-agent: * # all\nDisallow: /a # no a\n", ua, "/a", false},
		{"crlf and cr", "User-agent: *\r\nDisallow: /a\rDisallow: /b\r\n", ua, "/b", false},
		{"spaces and case in keys", "  USER-AGENT :*\n  disallow :  /a  \n", ua, "/a", false},
		{"misspelt keys", "useragent: *\ndissallow: /a\n", ua, "/a", false},
		{"percent-encoding normalised", "User-agent: *\nDisallow: /caf%c3%a9\n", ua, "/caf%C3%A9", false},
		{"utf-8 rule vs escaped path", "User-agent: *\nDisallow: /café\n", ua, "/caf%C3%A9", false},
		{"sitemap line does not end group", "User-agent: *\nSitemap: https://x/s.xml\nDisallow: /a\n", ua, "/a", false},
		{"html page allows all", "<!DOCTYPE html><html><body>User-agent: *<br>Disallow: /</body></html>", ua, "/a", true},
		{"garbage allows all", "\x00\x01\x02binary{}][", ua, "/a", true},
		{"bom", "\xEF\xBB\xBFUser-agent: *\nDisallow: /a\n", ua, "/a", false},
		{"empty user agent uses star", "User-agent: *\nDisallow: /a\n", "", "/a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse([]byte(tt.file)).Allowed(tt.path, tt.agent); got != tt.want {
				t.Errorf("Allowed(%q) = %v, want %v\nfile:\n%s", tt.path, got, tt.want, tt.file)
			}
		})
	}
}

func TestRulesCrawlDelayAndSitemaps(t *testing.T) {
	r := Parse([]byte("Sitemap: https://example.com/s1.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n\nUser-agent: newshound\nCrawl-delay: 7\n\nUser-agent: slowbot\nCrawl-delay: bad\nsitemap: /s2.xml\n"))
	if d, ok := r.CrawlDelay(ua); !ok || d != 7*time.Second {
		t.Errorf("CrawlDelay(newshound) = %v %v, want 7s", d, ok)
	}
	if d, ok := r.CrawlDelay("otherbot"); !ok || d != 2500*time.Millisecond {
		t.Errorf("CrawlDelay(otherbot) = %v %v, want 2.5s", d, ok)
	}
	if _, ok := r.CrawlDelay("slowbot"); ok {
		t.Error("a bad crawl-delay was accepted")
	}
	if got := r.Sitemaps(); len(got) != 2 || got[0] != "https://example.com/s1.xml" || got[1] != "/s2.xml" {
		t.Errorf("Sitemaps = %q", got)
	}
	if AllowAll().Allowed("/x", ua) != true || DisallowAll().Allowed("/x", ua) != false {
		t.Error("AllowAll/DisallowAll")
	}
	var nilRules *Rules
	if !nilRules.Allowed("/x", ua) {
		t.Error("nil Rules must allow")
	}
}

func TestMatches(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/", true},
		{"/a", "/", false},
		{"*", "", true},
		{"/*", "/anything", true},
		{"/a*b*c", "/axxbyyc", true},
		{"/a*b*c", "/axxbyy", false},
		{"/a$", "/a", true},
		{"/a$", "/ab", false},
		{"/*$", "/x", true},
		{"/a$b", "/a$b", true},
		{"**/x", "/y/x", true},
	}
	for _, tt := range tests {
		if got := matches(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matches(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\nCrawl-delay: 3\nSitemap: /s.xml\n"), "/a/b")
	f.Add([]byte("<html>"), "/")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		r := Parse(body)
		r.Allowed(path, ua)
		r.Allowed("/"+path, "*")
		r.CrawlDelay(ua)
		r.Sitemaps()
	})
}
