package dedup

import (
	"errors"
	"fmt"
	"net/url"
	"testing"
)

func TestCanonical(t *testing.T) {
	variants := CanonOptions{StripVariants: true}
	tests := []struct {
		name string
		in   string
		opts CanonOptions
		want string
	}{
		{"lower scheme and host", "HTTPS://WWW.Example.COM/News/Story", CanonOptions{}, "https://www.example.com/News/Story"},
		{"default https port", "https://example.com:443/a", CanonOptions{}, "https://example.com/a"},
		{"default http port", "http://example.com:80/a", CanonOptions{}, "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", CanonOptions{}, "http://example.com:8080/a"},
		{"empty port", "http://example.com:/a", CanonOptions{}, "http://example.com/a"},
		{"trailing dot host", "https://example.com./a", CanonOptions{}, "https://example.com/a"},
		{"fragment", "https://example.com/a#comments", CanonOptions{}, "https://example.com/a"},
		{"empty path", "https://example.com", CanonOptions{}, "https://example.com/"},
		{"root slash kept", "https://example.com/", CanonOptions{}, "https://example.com/"},
		{"trailing slash", "https://example.com/news/story/", CanonOptions{}, "https://example.com/news/story"},
		{"many trailing slashes", "https://example.com/news//", CanonOptions{}, "https://example.com/news"},
		{"index file", "https://example.com/news/index.html", CanonOptions{}, "https://example.com/news"},
		{"root index", "https://example.com/index.php", CanonOptions{}, "https://example.com/"},
		{"utm", "https://example.com/a?utm_source=tw&utm_medium=social&id=3", CanonOptions{}, "https://example.com/a?id=3"},
		{"utm case", "https://example.com/a?UTM_Source=x", CanonOptions{}, "https://example.com/a"},
		{"click ids", "https://example.com/a?fbclid=IwAR0&gclid=Cj0&msclkid=1&mc_cid=a&mc_eid=b&_ga=2.1", CanonOptions{}, "https://example.com/a"},
		{"sort params", "https://example.com/a?b=2&a=1&c=3", CanonOptions{}, "https://example.com/a?a=1&b=2&c=3"},
		{"sort same key by value", "https://example.com/a?t=b&t=a", CanonOptions{}, "https://example.com/a?t=a&t=b"},
		{"empty params", "https://example.com/a?&&x=1&", CanonOptions{}, "https://example.com/a?x=1"},
		{"only tracking leaves no ?", "https://example.com/a?utm_campaign=x", CanonOptions{}, "https://example.com/a"},
		{"ref kept by default", "https://example.com/a?ref=12", CanonOptions{}, "https://example.com/a?ref=12"},
		{"ref dropped by option", "https://example.com/a?ref=rss", CanonOptions{DropParams: []string{"ref"}}, "https://example.com/a"},
		{"drop prefix option", "https://example.com/a?cmp_x=1&cmpy=2", CanonOptions{DropParams: []string{"cmp_*"}}, "https://example.com/a?cmpy=2"},
		{"keep overrides table", "https://example.com/a?utm_source=x", CanonOptions{KeepParams: []string{"UTM_SOURCE"}}, "https://example.com/a?utm_source=x"},
		{"jsessionid param", "https://example.com/a?JSESSIONID=ABC123&x=1", CanonOptions{}, "https://example.com/a?x=1"},
		{"phpsessid", "https://example.com/a?PHPSESSID=5f3e2a9b8c7d6e5f4a3b2c1d", CanonOptions{}, "https://example.com/a"},
		{"sid token dropped", "https://example.com/a?sid=8f14e45fceea167a5a36dedd4bea2543", CanonOptions{}, "https://example.com/a"},
		{"sid story id kept", "https://example.com/article.pl?sid=05/01/01/1234", CanonOptions{}, "https://example.com/article.pl?sid=05/01/01/1234"},
		{"sid short kept", "https://example.com/a?sid=42", CanonOptions{}, "https://example.com/a?sid=42"},
		{"jsessionid path param", "https://example.com/news/story;jsessionid=0A1B2C3D?x=1", CanonOptions{}, "https://example.com/news/story?x=1"},
		{"jsessionid mid path", "https://example.com/news;JSESSIONID=abc/story", CanonOptions{}, "https://example.com/news/story"},
		{"unreserved escapes decoded", "https://example.com/%7Euser/%61rticle", CanonOptions{}, "https://example.com/~user/article"},
		{"reserved escapes upper", "https://example.com/a%2fb?q=%3d%26", CanonOptions{}, "https://example.com/a%2Fb?q=%3D%26"},
		{"utf-8 path", "https://example.com/caf%c3%a9", CanonOptions{}, "https://example.com/caf%C3%A9"},
		{"raw utf-8 path", "https://example.com/café", CanonOptions{}, "https://example.com/caf%C3%A9"},
		{"dot segments", "https://example.com/a/./b/../c", CanonOptions{}, "https://example.com/a/c"},
		{"dot dot above root", "https://example.com/../a", CanonOptions{}, "https://example.com/a"},
		{"idna host", "https://bücher.example/Buch", CanonOptions{}, "https://xn--bcher-kva.example/Buch"},
		{"idna upper", "https://BÜCHER.example/", CanonOptions{}, "https://xn--bcher-kva.example/"},
		{"userinfo dropped", "https://user:pw@example.com/a", CanonOptions{}, "https://example.com/a"},
		{"ipv6", "http://[::1]:80/a", CanonOptions{}, "http://[::1]/a"},
		{"www kept", "https://www.example.com/a", CanonOptions{}, "https://www.example.com/a"},
		{"www stripped", "https://www.example.com/a", CanonOptions{StripWWW: true}, "https://example.com/a"},
		{"www only label kept", "https://www.com/a", CanonOptions{StripWWW: true}, "https://www.com/a"},
		{"force https", "http://example.com/a", CanonOptions{ForceHTTPS: true}, "https://example.com/a"},
		{"amp kept without option", "https://example.com/news/story/amp", CanonOptions{}, "https://example.com/news/story/amp"},
		{"amp suffix segment", "https://example.com/news/story/amp/", variants, "https://example.com/news/story"},
		{"amp prefix segment", "https://example.com/amp/news/story", variants, "https://example.com/news/story"},
		{"amp html", "https://example.com/news/story.amp.html", variants, "https://example.com/news/story.html"},
		{"dot amp", "https://example.com/news/story.amp", variants, "https://example.com/news/story"},
		{"amp param", "https://example.com/news/story?amp=1", variants, "https://example.com/news/story"},
		{"amp bare param", "https://example.com/news/story?amp", variants, "https://example.com/news/story"},
		{"outputType amp", "https://example.com/news/story?outputType=amp&id=2", variants, "https://example.com/news/story?id=2"},
		{"amp subdomain", "https://amp.example.com/news/story", variants, "https://example.com/news/story"},
		{"print segment", "https://example.com/print/news/story", variants, "https://example.com/news/story"},
		{"print param", "https://example.com/news/story?print=1", variants, "https://example.com/news/story"},
		{"view print", "https://example.com/news/story?view=print", variants, "https://example.com/news/story"},
		{"view other kept", "https://example.com/news/story?view=full", variants, "https://example.com/news/story?view=full"},
		{"amp word in slug kept", "https://example.com/news/amp-festival", variants, "https://example.com/news/amp-festival"},
		{"amp cache", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story/amp?utm_source=x", variants, "https://www.example.com/news/story"},
		{"google amp viewer", "https://www.google.com/amp/s/example.com/news/story.amp.html", variants, "https://example.com/news/story.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical(tt.in, tt.opts)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonical(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := Canonical(got, tt.opts)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q -> %q (%v)", got, again, err)
			}
		})
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, in := range []string{
		"", "/relative/path", "mailto:a@example.com", "javascript:alert(1)",
		"ftp://example.com/a", "https://", "http://exa mple.com/", "https://example.com/%zz",
	} {
		t.Run(in, func(t *testing.T) {
			if got, err := Canonical(in, CanonOptions{}); err == nil {
				t.Errorf("Canonical(%q) = %q, want an error", in, got)
			}
		})
	}
	_, err := Canonical("mailto:a@example.com", CanonOptions{})
	if !errors.Is(err, ErrNotHTTP) {
		t.Errorf("error %v is not ErrNotHTTP", err)
	}
}

// TestCanonicalFiftyVariants builds 50 addresses of one article, the way
// they reach a crawler (shares, feeds, AMP, print, session ids), and checks
// that they all meet in one key.
func TestCanonicalFiftyVariants(t *testing.T) {
	opts := CanonOptions{StripVariants: true, StripWWW: true, ForceHTTPS: true}
	const want = "https://example.com/world/2024/05/storm-hits-coast"
	hosts := []string{"https://www.example.com", "http://example.com", "HTTPS://EXAMPLE.COM:443", "https://amp.example.com", "http://www.example.com:80"}
	paths := []string{
		"/world/2024/05/storm-hits-coast",
		"/world/2024/05/storm-hits-coast/",
		"/world/2024/05/storm-hits-coast/amp",
		"/amp/world/2024/05/storm-hits-coast",
		"/world/2024/05/storm-hits-coast/print/",
		"/world/./2024/05/storm-hits-coast",
		"/world/2024/05/%73torm-hits-coast",
		"/world/2024/05/storm-hits-coast;jsessionid=9A8B7C6D5E",
		"/world/2024/05/storm-hits-coast/index.html",
		"/world/2024/06/../05/storm-hits-coast",
	}
	queries := []string{"", "?utm_source=twitter&utm_medium=social", "?fbclid=IwAR2x", "?amp=1#top", "?print=1&gclid=abc", "#comments"}
	var inputs []string
	for i := 0; i < 50; i++ {
		inputs = append(inputs, hosts[i%len(hosts)]+paths[(i/len(hosts))%len(paths)]+queries[i%len(queries)])
	}
	for _, in := range inputs {
		got, err := Canonical(in, opts)
		if err != nil {
			t.Errorf("Canonical(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
	// A different article must not collapse into it.
	other, _ := Canonical("https://www.example.com/world/2024/05/storm-hits-coast-2?utm_source=x", opts)
	if other == want {
		t.Errorf("a different article collapsed into %s", want)
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"https://www.example.com/a/b?utm_source=x&b=2&a=1#f",
		"http://bücher.example:80/%7e/./../amp/x.amp.html?amp=1",
		"https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a",
		"https://www.google.com/amp/s/",
		"http://[::1]:443/a;jsessionid=1",
		"https://a.b/%",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, variants bool) {
		opts := CanonOptions{StripVariants: variants, StripWWW: variants}
		got, err := Canonical(raw, opts)
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which does not parse: %v", raw, got, err)
		}
		if u.Fragment != "" || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("Canonical(%q) = %q: fragment or scheme left", raw, got)
		}
		again, err := Canonical(got, opts)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which fails again: %v", raw, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, got, again)
		}
	})
}

func ExampleCanonical() {
	for _, raw := range []string{
		"HTTPS://WWW.Example.com:443/news/storm/?utm_source=twitter&b=2&a=1#comments",
		"https://www.example.com/news/storm/amp/?fbclid=IwAR0",
		"https://www.example.com/print/news/storm;jsessionid=0A1B2C",
	} {
		c, err := Canonical(raw, CanonOptions{StripVariants: true})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(c)
	}
	// Output:
	// https://www.example.com/news/storm?a=1&b=2
	// https://www.example.com/news/storm
	// https://www.example.com/news/storm
}

func BenchmarkCanonical(b *testing.B) {
	opts := CanonOptions{StripVariants: true}
	for b.Loop() {
		_, _ = Canonical("https://www.example.com/world/2024/05/storm-hits-coast/?utm_source=twitter&b=2&a=1#top", opts)
	}
}

// BenchmarkCanonicalArticle: the addresses a crawl canonicalises most,
// article pages without a query, with and without a port.
func BenchmarkCanonicalArticle(b *testing.B) {
	opts := CanonOptions{StripVariants: true, KeepTrailingSlash: true}
	urls := [...]string{
		"http://127.0.0.1:8091/news/science/2025/03/14/1-plan-launched-as-digital-turbine-meets.html",
		"https://www.example.com/world/2024/05/17/storm-hits-coast.html",
	}
	i := 0
	for b.Loop() {
		_, _ = Canonical(urls[i%len(urls)], opts)
		i++
	}
}
