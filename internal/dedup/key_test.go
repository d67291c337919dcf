package dedup

import "testing"

func TestArticleKey(t *testing.T) {
	opts := CanonOptions{StripVariants: true}
	tests := []struct {
		name                      string
		fetched, canonical, ogURL string
		want                      string
	}{
		{"no declarations", "https://www.example.com/news/a?utm_source=x", "", "", "https://www.example.com/news/a"},
		{"canonical same host", "https://www.example.com/news/a/amp", "https://www.example.com/news/a", "", "https://www.example.com/news/a"},
		{"canonical other subdomain same site", "https://m.example.com/a", "https://www.example.com/news/a", "", "https://www.example.com/news/a"},
		{"canonical public suffix site", "https://news.example.co.uk/a", "https://www.example.co.uk/b", "", "https://www.example.co.uk/b"},
		{"canonical relative", "https://www.example.com/news/a?id=1", "/news/a-slug", "", "https://www.example.com/news/a-slug"},
		{"canonical off site (syndication) ignored", "https://www.paper.com/wire/story", "https://apnews.com/article/story", "", "https://www.paper.com/wire/story"},
		{"different co.uk sites", "https://a.co.uk/x", "https://b.co.uk/x", "", "https://a.co.uk/x"},
		{"canonical home page ignored", "https://www.example.com/news/a", "https://www.example.com/", "", "https://www.example.com/news/a"},
		{"canonical home with index ignored", "https://www.example.com/news/a", "https://www.example.com/index.html", "", "https://www.example.com/news/a"},
		{"og:url used when canonical missing", "https://www.example.com/news/a?x=1", "", "https://www.example.com/news/a", "https://www.example.com/news/a"},
		{"og:url used when canonical rejected", "https://www.example.com/news/a?x=1", "https://www.example.com/", "https://www.example.com/news/a", "https://www.example.com/news/a"},
		{"canonical garbage", "https://www.example.com/news/a", "javascript:void(0)", "", "https://www.example.com/news/a"},
		{"ip host", "http://127.0.0.1:8080/a/amp", "http://127.0.0.1:8080/a", "", "http://127.0.0.1:8080/a"},
		{"ip host other port is same host name", "http://127.0.0.1:8080/a", "http://127.0.0.1:9090/a", "", "http://127.0.0.1:9090/a"},
		{"other ip ignored", "http://127.0.0.1/a", "http://127.0.0.2/a", "", "http://127.0.0.1/a"},
		{"fetched not canonicalisable", " not a url ", "", "", "not a url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArticleKey(tt.fetched, tt.canonical, tt.ogURL, opts); got != tt.want {
				t.Errorf("ArticleKey(%q, %q, %q) = %q, want %q", tt.fetched, tt.canonical, tt.ogURL, got, tt.want)
			}
		})
	}
}

func TestSameSite(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"www.example.com", "example.com", true},
		{"news.example.com", "WWW.EXAMPLE.COM.", true},
		{"example.com", "example.org", false},
		{"bbc.co.uk", "www.bbc.co.uk", true},
		{"a.github.io", "b.github.io", false},
		{"localhost", "localhost", true},
		{"127.0.0.1", "127.0.0.2", false},
	}
	for _, tt := range tests {
		if got := SameSite(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSite(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
