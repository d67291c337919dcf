package page

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// describeRef is JSONLD.Describe as it was before New kept its text.
func describeRef(j JSONLD) string {
	return fmt.Sprintf("script[type=ld+json] #%d %s", j.Index, strings.Join(j.Types(), ","))
}

func TestJSONLDDescribeKept(t *testing.T) {
	src := `<html><head><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle","Article"]},{"name":"x"}]}</script>
<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"Organization"}]</script></head><body></body></html>`
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	p := New(root, "https://example.org/a", time.Time{})
	if len(p.JSONLD) != 5 {
		t.Fatalf("%d objects", len(p.JSONLD))
	}
	for _, j := range p.JSONLD {
		if got, want := j.Describe(), describeRef(j); got != want {
			t.Errorf("Describe() = %q, want %q", got, want)
		}
	}
	// an object built elsewhere is described on the call
	j := JSONLD{Object: map[string]any{"@type": "Article"}, Index: 3}
	if got, want := j.Describe(), describeRef(j); got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}
