package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/server"
)

const (
	expressPage = "breadcrumbs-express_de-539e00f2b1"
	expressURL  = "https://www.express.de/duesseldorf/duesseldorf-tote-tauben-im-iss-dome-gefunden----peta--erstattet-strafanzeige-33335766"
)

// TestDebuggerUpload uploads a golden page and checks the result page
// (fields with their sources, rejected candidates, body report) and the
// annotated frame (kept and removed blocks marked, scripts gone).
func TestDebuggerUpload(t *testing.T) {
	_, base := newServer(t, nil, server.Options{})
	resp, _ := postPage(t, noRedirects, base+"/debug", expressURL, "page.html.gz", goldenPage(t, expressPage))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /debug: status %d, want 303", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	if !regexp.MustCompile(`^/debug/[0-9a-f]{32}$`).MatchString(loc) {
		t.Fatalf("redirect to %q", loc)
	}
	resp, page := get(t, base+loc)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", loc, resp.StatusCode)
	}
	for _, want := range []string{
		// title, date and breadcrumbs with their sources
		`<tr id="field-title">`, `Düsseldorf: Tote Tauben im ISS Dome gefunden`, `<code class="rule">visible.h2</code>`,
		`<tr id="field-published">`, `2019-10-19T11:29:00&#43;02:00`, `<code class="rule">jsonld.datePublished</code>`,
		`<tr id="field-breadcrumbs">`, `<code class="rule">jsonld.BreadcrumbList</code>`,
		`href="https://www.express.de/duesseldorf"`, // a crumb
		`class="rejected"><ul>`,                     // rejected candidates listed
		`container <code>div.dm_article_text.clearfix</code>`,
		`<th scope="row">advertisement</th>`,
		`<iframe class="page" src="` + loc + `/frame#newshound-body" sandbox=""`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("result page has a script element")
	}

	resp, frame := get(t, base+loc+"/frame")
	if resp.StatusCode != 200 {
		t.Fatalf("GET frame: %d", resp.StatusCode)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "sandbox", "frame-ancestors 'self'", "style-src 'unsafe-inline'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("frame CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "script-src") {
		t.Errorf("frame CSP allows scripts: %q", csp)
	}
	if n := strings.Count(frame, `data-newshound="kept"`); n < 5 {
		t.Errorf("%d kept blocks marked, want at least 5", n)
	}
	if !regexp.MustCompile(`<div (class="[^"]*" )?id="newshound-body" data-newshound-container="div.dm_article_text.clearfix"|data-newshound-container="div.dm_article_text.clearfix" id="newshound-body"`).MatchString(frame) {
		t.Error("container not marked")
	}
	for _, reason := range []string{`data-newshound-removed="advertisement"`, `data-newshound-removed="related links (links)"`} {
		if !strings.Contains(frame, reason) {
			t.Errorf("frame lacks %s", reason)
		}
	}
	if regexp.MustCompile(`(?i)<script|\son[a-z]+=|javascript:`).MatchString(frame) {
		t.Error("frame still has scripts, event handlers or javascript: URLs")
	}
	// The kept paragraph is the page's own, highlighted in place.
	if !regexp.MustCompile(`<p data-newshound="kept">Tierschützer laufen seit Monaten Sturm`).MatchString(frame) {
		t.Error("first body paragraph not marked kept")
	}
}

// TestDebuggerXSS: a page whose title and body carry script payloads shows
// them as text on the result page and strips them from the frame.
func TestDebuggerXSS(t *testing.T) {
	_, base := newServer(t, nil, server.Options{})
	payload := `<html><head><title>Hi &lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>
<h1>Headline <img src=x onerror=alert(1)> "><script>alert(2)</script></h1>
<article><p>` + strings.Repeat("Plain words in a paragraph of the body, long enough to be kept. ", 8) + `</p>
<p onclick="alert(3)">Second paragraph <a href="javascript:alert(4)">link</a> ` + strings.Repeat("more words here. ", 20) + `</p>
<iframe src="https://evil.example/"></iframe><script>alert(5)</script><svg onload="alert(6)"></svg>
<form action="https://evil.example/"><input name=x></form></article></body></html>`
	resp, _ := postPage(t, noRedirects, base+"/debug", "https://news.example/a", "x.html", []byte(payload))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	_, page := get(t, base+loc)
	if strings.Contains(page, "<script") || strings.Contains(page, "<img src=x") {
		t.Error("payload reached the result page unescaped")
	}
	_, frame := get(t, base+loc+"/frame")
	for _, bad := range []string{"<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<form", "<svg", "evil.example"} {
		if strings.Contains(strings.ToLower(frame), bad) {
			t.Errorf("frame keeps %q", bad)
		}
	}
}

// TestAPIExtract posts an upload to the JSON API.
func TestAPIExtract(t *testing.T) {
	_, base := newServer(t, nil, server.Options{})
	resp, body := postPage(t, http.DefaultClient, base+"/api/extract", expressURL, "page.html.gz", goldenPage(t, expressPage))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var got struct {
		Article     extractors.Article     `json:"article"`
		Explanation extractors.Explanation `json:"explanation"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Article.URL != expressURL || !strings.HasPrefix(got.Article.Title, "Düsseldorf: Tote Tauben") {
		t.Errorf("article %q %q", got.Article.URL, got.Article.Title)
	}
	if got.Article.Explanation != nil {
		t.Error("explanation inside article too")
	}
	if d := got.Explanation.Field("published"); d == nil || d.Source == nil || d.Source.Rule != "jsonld.datePublished" {
		t.Errorf("published decision %+v", d)
	}
	if got.Explanation.Body.Container != "div.dm_article_text.clearfix" || len(got.Explanation.Body.Removed) == 0 {
		t.Errorf("body report %+v", got.Explanation.Body)
	}

	// Bad requests answer JSON errors with their status.
	for _, c := range []struct {
		name   string
		fields map[string]string
		want   int
	}{
		{"nothing", map[string]string{}, 400},
		{"not http", map[string]string{"url": "file:///etc/passwd"}, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := postForm(t, base+"/api/extract", c.fields)
			if resp.StatusCode != c.want || !strings.Contains(body, `"error"`) {
				t.Errorf("status %d body %s, want %d and an error", resp.StatusCode, body, c.want)
			}
		})
	}
}
