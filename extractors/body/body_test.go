package body

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/page"
)

func parsePage(t testing.TB, src string) *page.Page {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return page.New(root, "https://example.com/a", time.Time{})
}

// para repeats a sentence into a paragraph long enough to score.
func para(s string) string {
	return "<p>" + strings.Repeat(s+", and more words here. ", 4) + "</p>"
}

func TestExtractCleanup(t *testing.T) {
	article := para("First lead sentence") + para("Second body paragraph") + para("Third body paragraph")
	tests := []struct {
		name       string
		body       string
		want, miss []string
	}{
		{"share bar", `<div class="share-buttons"><a href="#">Facebook</a><a href="#">Twitter</a></div>` + article,
			[]string{"First lead"}, []string{"Facebook"}},
		{"related list", article + `<ul><li><a href="/1">Other story one</a></li><li><a href="/2">Other story two</a></li></ul>`,
			[]string{"Third body"}, []string{"Other story"}},
		{"read more line", article + `<p>Read more: <a href="/x">Something else entirely</a></p>`,
			nil, []string{"Something else"}},
		{"newsletter box", article + `<div class="newsletter-signup"><p>Get our daily mail in your inbox every morning.</p></div>`,
			nil, []string{"daily mail"}},
		{"advertisement label", `<p>Advertisement</p>` + article, nil, []string{"Advertisement"}},
		{"dashed advertisement label", `<p>- Anzeige -</p>` + article, nil, []string{"Anzeige"}},
		{"caption", `<figure><img src="a.jpg"><figcaption>A man walks (Photo: Agency)</figcaption></figure>` + article,
			nil, []string{"A man walks"}},
		{"comments", article + `<div id="comments"><p>` + strings.Repeat("I disagree with this strongly, ", 10) + `</p></div>`,
			nil, []string{"disagree"}},
		{"hidden", article + `<p style="display:none">Invisible words here</p>`, nil, []string{"Invisible"}},
		{"keeps structure", article + `<h2>A subheading</h2><blockquote>A quoted line.</blockquote><ul><li>point one</li><li>point two</li></ul><table><tr><td>cell text</td></tr></table><p>Short.</p>`,
			[]string{"A subheading", "A quoted line.", "point one", "cell text", "Short."}, nil},
		{"widget with prose kept", `<div class="elementor-widget">` + para("Builder block prose in a longer sentence") + `</div>` + article, []string{"Builder block prose"}, nil},
		{"widget with links dropped", article + `<div class="widget"><a href="/a">Link one here</a> <a href="/b">Link two here</a></div>`, nil, []string{"Link one"}},
		{"contact section after the text", article + `<p><strong>Kontakt:</strong></p><p>Jane Doe</p><p>Telefon 0123 456</p>`,
			[]string{"Third body"}, []string{"Jane Doe", "Kontakt", "Telefon"}},
		{"contact heading at the start kept", `<h2>Contact</h2>` + article, []string{"Contact", "First lead"}, nil},
		{"headline dropped", `<h1>The headline</h1>` + article, []string{"First lead"}, []string{"The headline"}},
		{"rating prompt", article + `<div><strong>War der Artikel nützlich?</strong></div>`, []string{"Third body"}, []string{"nützlich"}},
		{"share prompt", article + `<p>Möchten Sie den Artikel teilen?</p>`, nil, []string{"teilen?"}},
		{"disclaimer line", article + `<p>Alle Angaben ohne Gewähr.</p>`, nil, []string{"Gewähr"}},
		{"agency credit", article + `<div>Augusta National/Getty Images</div>`, nil, []string{"Getty"}},
		{"photo label in a line", article + `<p>Roman Prymula, photo: Agency</p>`, nil, []string{"Prymula"}},
		{"follow prompt", article + `<p><strong>Follow The Daily on Twitter and Instagram @daily and on Facebook @daily. Send us a story at the desk.</strong></p>`,
			[]string{"Third body"}, []string{"Follow The Daily"}},
		{"app prompt", article + `<p>For the latest stories download the Daily apps for iOS and Android.</p>`, nil, []string{"latest stories"}},
		{"back link between blocks", article + `<a href="/news">« zurück zur Listenansicht</a>`, nil, []string{"Listenansicht"}},
		{"back phrase inside a paragraph kept", `<p>He went <a href="/x">back to the station</a> and waited there for a long time, as he always did.</p>` + article,
			[]string{"back to the station"}, nil},
		{"sources section after the text", article + `<h4>Quellenangaben:</h4><ol><li>WWF (2020): Living Planet Report</li></ol>`,
			[]string{"Third body"}, []string{"Quellenangaben", "Living Planet"}},
		{"cjk", `<p>` + strings.Repeat("日本語の文章です。", 20) + `</p>` + article, []string{"日本語の文章です。"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parsePage(t, `<html><body><nav><a href="/">Home</a><a href="/news">News</a></nav><article>`+tt.body+`</article><footer>Copyright footer</footer></body></html>`)
			res, err := Extract(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, res.Text)
				}
			}
			for _, m := range append(tt.miss, "Copyright footer", "Home") {
				if strings.Contains(res.Text, m) {
					t.Errorf("text keeps %q:\n%s", m, res.Text)
				}
			}
			if res.Node == nil || res.Node.Parent != nil {
				t.Errorf("node not detached: %v", res.Node)
			}
		})
	}
}

func TestExtractParagraphs(t *testing.T) {
	p := parsePage(t, `<html><body><article>`+para("One")+para("Two")+`<p>Line a<br>line b</p></article></body></html>`)
	res, _ := Extract(p)
	parts := strings.Split(res.Text, "\n\n")
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "Two") || parts[2] != "Line a\nline b" {
		t.Errorf("paragraphs = %q", parts)
	}
}

func TestExtractDoesNotMutate(t *testing.T) {
	src := `<html><body><div class="share">Share</div><article>` + para("Body") + `</article></body></html>`
	p := parsePage(t, src)
	var before strings.Builder
	html.Render(&before, p.Root)
	res, _ := Extract(p)
	var after strings.Builder
	html.Render(&after, p.Root)
	if before.String() != after.String() {
		t.Error("page tree was modified")
	}
	res.Node.AppendChild(&html.Node{Type: html.TextNode, Data: "x"}) // detached: must not panic
}

func TestExtractEmpty(t *testing.T) {
	for _, src := range []string{"", "<html></html>", "<p>tiny</p>"} {
		res, err := Extract(parsePage(t, src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
		}
		_ = res
	}
}

func TestChooseDeclaredBody(t *testing.T) {
	body := para("Declared body text") + para("More declared text") + para("Even more declared text")
	for _, tt := range []struct{ name, src, wantContainer string }{
		{"itemprop", `<div class="wrap"><div itemprop="articleBody">` + body + `</div><div class="related">` + para("Other") + `</div></div>`, `div[itemprop="articleBody"]`},
		{"class", `<div class="wrap"><div class="article-body">` + body + `</div></div>`, "div.article-body"},
		{"scorer", `<div id="x">` + body + body + `</div><div id="y"><p>short</p></div>`, "div#x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := Extract(parsePage(t, "<html><body>"+tt.src+"</body></html>"))
			if !strings.HasPrefix(res.Report.Container, tt.wantContainer) {
				t.Errorf("container = %q (%s), want %q", res.Report.Container, res.Report.Notes, tt.wantContainer)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		tag, class string
		drop       string
		marker     bool
	}{
		{"div", "social-share-bar", kindShare, false},
		{"div", "relatedPosts", kindRelated, false},
		{"div", "post-11 tag-politics category-news", "", false},
		{"div", "article-body", "", true},
		{"div", "articleBody", "", true},
		{"section", "comments-area", kindComments, false},
		{"div", "hidden-xs", "", false},
		{"span", "sr-only", kindHidden, false},
		{"div", "particle", "", false},
		{"nav", "", kindNav, false},
		{"body", "has-sidebar", "", false},
		{"main", "skip-main", "", false},
		{"span", "post-ratings", kindForm, false},
		{"section", "editorial-disclosure", kindAd, false},
		{"div", "donation-box", kindNewsletter, false},
		{"span", "linkbox_large", kindRelated, false},
		{"div", "article__intro", "", false},
	} {
		root, _ := html.Parse(strings.NewReader(`<` + tt.tag + ` class="` + tt.class + `">x</` + tt.tag + `>`))
		var n *html.Node
		for d := range root.Descendants() {
			if d.Type == html.ElementNode && d.Data == tt.tag {
				n = d
				break
			}
		}
		h := classify(n)
		if strings.Contains(tt.class, "intro") && !h.lead {
			t.Errorf("%s.%s: not named as the lead", tt.tag, tt.class)
		}
		if h.drop != tt.drop || h.marker != tt.marker {
			t.Errorf("%s.%s: drop %q marker %v, want %q %v", tt.tag, tt.class, h.drop, h.marker, tt.drop, tt.marker)
		}
	}
}

func TestCountText(t *testing.T) {
	for _, tt := range []struct {
		s         string
		n, commas int
	}{{"a b, c", 4, 1}, {" \u00a0 ", 0, 0}, {"日本", 4, 0}, {"一，二", 6, 1}} {
		n, c := countText(tt.s)
		if n != tt.n || c != tt.commas {
			t.Errorf("countText(%q) = %d, %d; want %d, %d", tt.s, n, c, tt.n, tt.commas)
		}
	}
}

// BenchmarkBody measures Extract alone (parse excluded) over the golden
// pages in testdata/pages.
func BenchmarkBody(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/pages/*/page.html.gz")
	if len(files) == 0 {
		b.Skip("no golden pages")
	}
	var pages []*page.Page
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := io.ReadAll(zr)
		fh.Close()
		root, err := html.Parse(strings.NewReader(string(raw)))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page.New(root, "", time.Time{}))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			if _, err := Extract(p); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}

func TestHeadLead(t *testing.T) {
	body := `<div class="article-body">` + para("Body one") + para("Body two") + para("Body three") + `</div>`
	lead := `<p class="teaser">The lead sentence tells the reader what the whole story is about today, in brief.</p>`
	for _, tt := range []struct {
		name, src string
		want      bool
	}{
		{"lead between headline and body", `<header><h1>Headline</h1>` + lead + `</header>` + body, true},
		{"byline is no lead", `<h1>Headline</h1><div>By Jane Doe and John Roe, reporters of the daily news desk</div>` + body, false},
		{"declared headline", `<h3 itemprop="headline">Headline</h3><div class="teaser-text"><p>The lead sentence tells the reader what the whole story is about today, in brief.</p></div>` + body, true},
		{"description heading is the lead", `<h1>Headline</h1><h2 itemprop="description"><p>The lead sentence tells the reader what the whole story is about today, in brief.</p></h2>` + body, true},
		{"heading in between", `<h1>Headline</h1>` + lead + `<h2>Other story</h2>` + body, false},
		{"table of contents between lead and body", `<h1>Headline</h1>` + lead + `<div class="toc"><h2>Topics</h2><ul><li><a href="#a">First topic of the page</a></li><li><a href="#b">Second topic of the page</a></li><li><a href="#c">Third topic of the page here</a></li></ul></div>` + body, true},
		{"named lead without final stop", `<h1>Headline</h1><div class="teaser-text"><p>Seven weeks of rumours end: the board tells the reader its decision</p></div>` + body, true},
		{"headline in a boilerplate-named wrapper", `<div class="title-rating-wrapper"><h1>Headline</h1></div><div class="article-intro"><p>The lead sentence tells the reader what the whole story is about today, in brief.</p></div>` + body, true},
		{"short dek under a wrapped headline", `<div class="title-rating-wrapper"><h1>Headline</h1><p>A subtitle that tells the reader a little, and ends with a stop.</p></div>` + body, false},
		{"link teaser", `<h1>Headline</h1><p><a href="/x">The lead sentence tells the reader what the whole story is.</a></p>` + body, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := Extract(parsePage(t, `<html><body><article>`+tt.src+`</article></body></html>`))
			got := strings.Contains(res.Text, "tells the reader") || strings.Contains(res.Text, "Jane Doe")
			if got != tt.want {
				t.Errorf("lead kept = %v, want %v:\n%s", got, tt.want, res.Text)
			}
			if !strings.Contains(res.Text, "Body one") {
				t.Errorf("body lost:\n%s", res.Text)
			}
		})
	}
}

func TestEndsSentence(t *testing.T) {
	for s, want := range map[string]bool{"A sentence.": true, `He said "yes!"`: true, "By Jane Doe": false, "Wer weiß?)": true, "": false} {
		if got := endsSentence(s); got != want {
			t.Errorf("endsSentence(%q) = %v", s, got)
		}
	}
}

func TestCollapseSpaceKeepsSoftHyphen(t *testing.T) {
	for in, want := range map[string]string{" Werk\u00adzeug \u00a0 und\u200b\tmehr ": "Werk\u00adzeug und mehr", "": ""} {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitSections(t *testing.T) {
	section := func(s string) string {
		return `<div class="row"><div class="col">` + para(s+" one") + para(s+" two") + `</div></div>`
	}
	for _, tt := range []struct {
		name, src  string
		want, miss []string
	}{
		{"same-shape sections join", section("Part A") + `<div class="ad-row"><p>Ad</p></div>` + section("Part B") + section("Part C"),
			[]string{"Part A one", "Part B two", "Part C one"}, nil},
		{"other-shape block stays out", section("Part A") + `<div class="teaser-row"><div class="col"><p>Unrelated teaser, a single line of text with words here.</p></div></div>`,
			[]string{"Part A one"}, []string{"Unrelated teaser"}},
		{"boilerplate-named section stays out", section("Part A") + `<div class="row related"><div class="col">` + para("Other story") + `</div></div>`,
			[]string{"Part A one"}, []string{"Other story"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := Extract(parsePage(t, `<html><body><nav><a href="/">Home</a></nav><div class="wrap">`+tt.src+`</div></body></html>`))
			for _, w := range tt.want {
				if !strings.Contains(res.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, res.Text)
				}
			}
			for _, m := range tt.miss {
				if strings.Contains(res.Text, m) {
					t.Errorf("text keeps %q:\n%s", m, res.Text)
				}
			}
		})
	}
}

// TestShortArticleSkipsSecondOpinion: a short article whose block holds
// nearly all the page's paragraph text needs no readability pass.
func TestShortArticleSkipsSecondOpinion(t *testing.T) {
	short := `<html><body><nav><a href="/">Home</a></nav><div id="story">` +
		para("The council met on Monday") + para("Residents asked about the new bridge") +
		`</div><footer><p>Contact us</p></footer></body></html>`
	res, _ := Extract(parsePage(t, short))
	if res.Report.Method != "blocks" {
		t.Errorf("method = %q (notes %v), want blocks without a second opinion", res.Report.Method, res.Report.Notes)
	}
	if !strings.Contains(res.Text, "new bridge") {
		t.Errorf("text = %q", res.Text)
	}
	// Text spread over competing blocks still asks readability.
	spread := `<html><body><div id="a">` + para("First block words") + `</div><div id="b">` +
		para("Second block words") + `</div><div id="c">` + para("Third block words") + `</div></body></html>`
	res, _ = Extract(parsePage(t, spread))
	if strings.Contains(strings.Join(res.Report.Notes, " "), "nearly all") {
		t.Errorf("spread text taken as nearly all the text: %v", res.Report.Notes)
	}
}
