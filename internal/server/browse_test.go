package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/frontier"
	"github.com/newshound/newshound/internal/server"
	"github.com/newshound/newshound/internal/store"
)

// seed stores articles on two sites in two languages, one of them a
// duplicate, and a title carrying an XSS payload.
func seed(t *testing.T, st *store.SQLite) {
	t.Helper()
	ctx := context.Background()
	type art struct {
		url, title, lang, text string
		day                    int
	}
	arts := []art{
		{"https://news.example/world/storm", "Storm hits the coast", "en", "The storm brought winds of 100 km/h to the harbour town on Tuesday.", 3},
		{"https://news.example/world/election", "Election results are in", "en", "Voters turned out in record numbers for the regional election.", 5},
		{"https://zeitung.example/politik/wahl", "Die Wahl ist entschieden", "de", "Die Wähler haben in großer Zahl an der Regionalwahl teilgenommen.", 4},
		{"https://news.example/culture/xss", `<script>alert("t")</script> Festival opens`, "en", "The harbour festival opened with music and <b>fireworks</b>.", 1},
		{"https://news.example/world/storm-copy", "Storm hits the coast (copy)", "en", "The storm brought winds of 100 km/h to the harbour town on Tuesday.", 6},
	}
	for i := range 55 { // enough for two pages
		arts = append(arts, art{fmt.Sprintf("https://bulk.example/a/%d", i), fmt.Sprintf("Bulk article %d", i), "en",
			fmt.Sprintf("Filler text number %d about nothing in particular.", i), 10 + i%10})
	}
	for _, a := range arts {
		pub := time.Date(2026, 2, a.day, 9, 30, 0, 0, time.FixedZone("", 3600))
		_, err := st.Save(ctx, store.Result{
			URL:     a.url,
			Outcome: frontier.Outcome{State: frontier.Done, Status: 200},
			Article: &extractors.Article{
				URL: a.url, CanonicalURL: a.url, SiteName: "Example", Title: a.title,
				Authors: []string{"Jane Doe"}, Published: &pub, Language: a.lang,
				Breadcrumbs: []extractors.Crumb{{Name: "Home", URL: "https://news.example/"}, {Name: "World"}},
				Tags:        []string{"news"}, Text: a.text, WordCount: len(strings.Fields(a.text)),
				ContentHash: extractors.ContentHash(a.text),
			},
			IsArticleReason: "json-ld NewsArticle",
			FetchedAt:       fixedNow(),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestBrowser(t *testing.T) {
	st := openStore(t)
	seed(t, st)
	_, base := newServer(t, st, server.Options{})

	titles := regexp.MustCompile(`<td><a href="/articles/(\d+)">([^<]*)</a>`)
	list := func(t *testing.T, query string) (int, []string, string) {
		t.Helper()
		resp, body := get(t, base+"/articles?"+query)
		var got []string
		for _, m := range titles.FindAllStringSubmatch(body, -1) {
			got = append(got, m[2])
		}
		return resp.StatusCode, got, body
	}

	for _, c := range []struct {
		name, query string
		want        []string // titles in order; nil means only check the count
		count       int
	}{
		{"site and date range", "site=news.example&from=2026-02-02&to=2026-02-05", []string{"Election results are in", "Storm hits the coast"}, 2},
		{"language", "lang=de", []string{"Die Wahl ist entschieden"}, 1},
		{"full text", "q=harbour", []string{"Storm hits the coast (copy)", "Storm hits the coast", "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Festival opens"}, 3},
		{"full text and site", "q=harbour&site=zeitung.example", nil, 0},
		{"originals only", "q=storm&originals=1", []string{"Storm hits the coast"}, 1},
		{"first page", "", nil, 50},
		{"second page", "page=2", nil, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, got, _ := list(t, c.query)
			if code != 200 {
				t.Fatalf("status %d", code)
			}
			if len(got) != c.count || (c.want != nil && strings.Join(got, "|") != strings.Join(c.want, "|")) {
				t.Errorf("got %d %q, want %d %q", len(got), got, c.count, c.want)
			}
		})
	}

	t.Run("snippet marks matches, escaped", func(t *testing.T) {
		_, _, body := list(t, "q=fireworks")
		if !strings.Contains(body, `<mark>fireworks</mark>`) || strings.Contains(body, "<b>fireworks") {
			t.Errorf("snippet: %s", between(body, `class="snippet"`, "</p>"))
		}
	})
	t.Run("pagination links keep filters", func(t *testing.T) {
		_, _, body := list(t, "site=bulk.example")
		if !strings.Contains(body, `href="/articles?page=2&amp;site=bulk.example"`) {
			t.Errorf("no next link with the filter: %s", between(body, `class="pages"`, "</nav>"))
		}
	})
	t.Run("bad input", func(t *testing.T) {
		for _, q := range []string{"from=yesterday", "q=%22unterminated", "q=AND"} {
			code, _, body := list(t, q)
			if code != http.StatusBadRequest || !strings.Contains(body, `class="error"`) {
				t.Errorf("%s: status %d", q, code)
			}
		}
	})
	t.Run("injection is data", func(t *testing.T) {
		code, got, _ := list(t, "site="+urlEscape("x' OR '1'='1"))
		if code != 200 || len(got) != 0 {
			t.Errorf("status %d, %d rows", code, len(got))
		}
	})

	t.Run("article", func(t *testing.T) {
		_, got, body := list(t, "lang=de")
		if len(got) != 1 {
			t.Fatal("no article")
		}
		id := titles.FindStringSubmatch(body)[1]
		resp, page := get(t, base+"/articles/"+id)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{
			"<h1>Die Wahl ist entschieden</h1>",
			`href="https://zeitung.example/politik/wahl" rel="noopener noreferrer nofollow">Original:`,
			"Jane Doe", "2026-02-04T09:30:00&#43;01:00", "Die Wähler haben in großer Zahl",
			`<a href="https://news.example/" rel="noopener noreferrer nofollow">Home</a> » World`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("article page lacks %q", want)
			}
		}
	})
	t.Run("xss title escaped", func(t *testing.T) {
		_, _, body := list(t, "q=festival")
		if strings.Contains(body, `<script>alert`) {
			t.Error("title not escaped")
		}
	})
	t.Run("missing article", func(t *testing.T) {
		for _, p := range []string{"/articles/99999", "/articles/abc", "/articles/-1"} {
			if resp, _ := get(t, base+p); resp.StatusCode != 404 {
				t.Errorf("%s: status %d", p, resp.StatusCode)
			}
		}
	})
}

func urlEscape(s string) string {
	return strings.NewReplacer(" ", "+", "'", "%27", "=", "%3D").Replace(s)
}

// between returns the text of s from the first from to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
