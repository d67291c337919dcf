package extractors

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const article = `<html lang="en"><head><title>Storm hits coast | Daily</title></head><body>
<article><h1>Storm hits coast</h1>
<p>The storm reached the coast on Monday night, bringing winds of more than a hundred kilometres an hour to the towns along the bay.</p>
<p>Emergency services said that several roads were closed and that residents should stay indoors until the warning is lifted.</p>
<p>Forecasters expect the weather to calm down by Wednesday, when the storm will have moved further inland and lost most of its strength.</p>
</article></body></html>`

func TestExtractBadInput(t *testing.T) {
	ctx := context.Background()
	deep := strings.Repeat("<div>", 2000) + "<p>" + strings.Repeat("Deeply nested text survives. ", 20) + "</p>" + strings.Repeat("</div>", 2000)
	tests := []struct {
		name    string
		in      []byte
		opts    Options
		wantErr error
		check   func(t *testing.T, a *Article)
	}{
		{name: "empty", in: nil, wantErr: ErrEmpty},
		{name: "whitespace only", in: []byte(" \n\t "), wantErr: ErrEmpty},
		{name: "binary png", in: append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 100)...), wantErr: ErrNotHTML},
		{name: "pdf", in: []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"), wantErr: ErrNotHTML},
		{name: "too large", in: bytes.Repeat([]byte("a"), 2048), opts: Options{MaxBytes: 1024}, wantErr: ErrTooLarge},
		{name: "truncated", in: []byte(article[:len(article)/2]), check: func(t *testing.T, a *Article) {
			if !strings.Contains(a.Text, "storm reached the coast") {
				t.Errorf("truncated page lost its text: %q", a.Text)
			}
		}},
		{name: "2000-deep nesting", in: []byte(deep), check: func(t *testing.T, a *Article) {
			if !strings.Contains(a.Text, "Deeply nested text survives") {
				t.Errorf("deep page lost its text: %q", a.Text)
			}
		}},
		{name: "plain text", in: []byte("just some words, no markup at all"), check: func(t *testing.T, a *Article) {}},
		{name: "wrong declared charset", in: []byte(strings.Replace(article, "<head>", "<head><meta charset=\"shift_jis\">", 1)), check: func(t *testing.T, a *Article) {
			if a.Title != "Storm hits coast" && !strings.Contains(a.Title, "Storm") {
				t.Errorf("title = %q", a.Title)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ExtractBytes(ctx, tt.in, "https://example.org/news/storm", tt.opts)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Errorf("invalid UTF-8 in output")
			}
			tt.check(t, a)
		})
	}
}

func TestExtractHugePageIsBounded(t *testing.T) {
	// 50 MB of paragraphs: refused by the default cap, quickly.
	big := bytes.Repeat([]byte("<p>word word word word word word word word word</p>\n"), 50<<20/52)
	start := time.Now()
	_, err := Extract(context.Background(), bytes.NewReader(big), "", Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing a 50 MB page took %v", d)
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExtractBytes(ctx, []byte(article), "", Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestExtractBasics(t *testing.T) {
	a, err := ExtractBytes(context.Background(), []byte(article), "https://example.org/news/storm", Options{WithHTML: true, WithMarkdown: true, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(a.Text, "\n\n")
	if len(paras) < 3 {
		t.Errorf("want paragraphs separated by blank lines, got %q", a.Text)
	}
	if a.WordCount < 50 {
		t.Errorf("word_count = %d", a.WordCount)
	}
	if a.ContentHash != ContentHash(a.Text) || len(a.ContentHash) != 64 {
		t.Errorf("content_hash = %q", a.ContentHash)
	}
	if !strings.Contains(a.HTML, "<p>") {
		t.Errorf("html = %q", a.HTML)
	}
	if !strings.Contains(a.Markdown, "storm reached the coast") {
		t.Errorf("markdown = %q", a.Markdown)
	}
	if a.Explanation == nil || a.Explanation.Charset == "" || a.Explanation.Body.Method == "" {
		t.Errorf("explanation = %+v", a.Explanation)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(article), "https://example.org/a")
	f.Add([]byte("<html><body><div><div><p>x"), "")
	f.Add([]byte("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-01-02\"}]}</script>"), "http://x/2019/11/19/y")
	f.Add([]byte("\xff\xfe<\x00h\x001\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, b []byte, u string) {
		a, err := ExtractBytes(context.Background(), b, u, Options{Explain: true, WithMarkdown: true})
		if err != nil {
			return
		}
		for _, s := range []string{a.Title, a.Text, a.Description, a.SiteName, a.Language} {
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				t.Fatalf("invalid UTF-8 or NUL in %q", s)
			}
		}
	})
}
