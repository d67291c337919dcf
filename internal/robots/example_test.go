package robots_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/newshound/newshound/internal/robots"
)

func ExampleCache_Check() {
	files := map[string]string{
		"https://news.example/robots.txt": "User-agent: *\nDisallow: /search\nCrawl-delay: 2\nSitemap: https://news.example/sitemap.xml\n",
	}
	fetch := robots.FetcherFunc(func(_ context.Context, u string) (int, []byte, error) {
		if body, ok := files[u]; ok {
			return 200, []byte(body), nil
		}
		return 404, nil, nil
	})
	c := robots.New(fetch, robots.Options{})
	ctx := context.Background()
	const ua = "newshound/0.1 (+https://github.com/newshound/newshound)"
	for _, u := range []string{"https://news.example/world/story", "https://news.example/search?q=x", "https://other.example/x"} {
		switch err := c.Check(ctx, u, ua); {
		case err == nil:
			fmt.Println(u, "allowed")
		case errors.Is(err, robots.ErrDisallowed):
			fmt.Println(u, "disallowed")
		case errors.Is(err, robots.ErrUnreachable):
			fmt.Println(u, "retry later")
		}
	}
	fmt.Println(c.CrawlDelay(ctx, "news.example", ua), c.Sitemaps(ctx, "news.example"))
	// Output:
	// https://news.example/world/story allowed
	// https://news.example/search?q=x disallowed
	// https://other.example/x allowed
	// 2s [https://news.example/sitemap.xml]
}
