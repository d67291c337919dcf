package testsite_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/newshound/newshound/internal/testsite"
)

// A crawler test serves the site, crawls it, then compares what it stored
// with ExpectedArticles and what it requested with HitPaths.
func Example() {
	site := testsite.New(testsite.Options{Articles: 50, Faults: true})
	srv := httptest.NewServer(site)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/robots.txt")
	if err != nil {
		panic(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	byVia := map[testsite.Via]int{}
	for _, a := range site.ExpectedArticles() {
		byVia[a.Via]++
	}
	fmt.Println("articles:", byVia)
	fmt.Println("disallowed:", site.Disallowed())
	fmt.Println("fault pages:", len(site.FaultURLs()), site.FaultURLs()["/faults/503-once.html"])
	fmt.Println("robots.txt fetched:", site.Hits("/robots.txt"))
	// Output:
	// articles: map[all:35 faults:6 feed:5 links:5 sitemap:5]
	// disallowed: [/private/ /search]
	// fault pages: 18 done after retry
	// robots.txt fetched: 1
}
