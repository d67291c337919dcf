package extractors_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/sites"
)

// Site rules fix one site's extraction: here the page's <meta> date is a
// template default, and the real date is in a <span>.
func ExampleRegistry() {
	rules, err := sites.Parse("example.yaml", []byte(`
sites:
  - hosts: ["example.org"]
    published:
      selector: "span.real-date"
      layout: "%d.%m.%Y"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	var reg extractors.Registry
	reg.AddRules(rules...)

	page := `<html><head><meta property="article:published_time" content="2019-01-01T08:00:00Z">
<title>Storm hits coast</title></head><body><article><h1>Storm hits coast</h1>
<p><span class="real-date">05.03.2024</span></p>
<p>Winds of one hundred kilometres an hour hit the coast on Tuesday.</p></article></body></html>`
	opts := extractors.Options{Registry: &reg, Explain: true}
	a, err := extractors.Extract(context.Background(), strings.NewReader(page), "https://www.example.org/news/1", opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := a.Explanation.Field("published")
	fmt.Println(a.Published.Format("2006-01-02"))
	fmt.Println(d.Source.Rule)
	fmt.Println("rejected:", d.Rejected[0].Value, d.Rejected[0].Source.Rule)
	// Output:
	// 2024-03-05
	// site:example.org published (example.yaml:5)
	// rejected: 2019-01-01T08:00:00Z meta.article:published_time
}

// shortTitle is a custom Extractor for a site whose quirk needs code: it
// cuts the title at " | ".
type shortTitle struct{}

func (shortTitle) Name() string { return "short-title" }

func (shortTitle) Match(u *url.URL) bool { return u != nil && u.Hostname() == "example.net" }

func (shortTitle) Extract(p *extractors.Page, a *extractors.Article) error {
	a.Title, _, _ = strings.Cut(a.Title, " | ")
	return nil
}

func ExampleExtractor() {
	var reg extractors.Registry
	reg.Register(shortTitle{})
	page := `<html><head><title>Storm hits coast | Weather | Example</title></head>
<body><h1>Storm hits coast | Weather</h1><p>Winds hit the coast.</p></body></html>`
	a, err := extractors.Extract(context.Background(), strings.NewReader(page), "https://example.net/1",
		extractors.Options{Registry: &reg, Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Explanation.Field("title").Source.Rule)
	// Output:
	// Storm hits coast
	// extractor:short-title
}
