package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/export"
)

func ExampleNewCSV() {
	published := time.Date(2024, 3, 5, 14, 30, 0, 0, time.FixedZone("", 3600))
	original := int64(1)
	var out bytes.Buffer
	w, err := export.NewCSV(&out, export.Options{
		Fields: []string{"id", "title", "authors", "published", "duplicate_of"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Write(&export.Record{ID: 1, Article: extractors.Article{
		Title:     "Storm hits coast, again",
		Authors:   []string{"Jane Doe", "Ali Ben"},
		Published: &published,
	}})
	w.Write(&export.Record{ID: 2, Article: extractors.Article{
		Title: `=HYPERLINK("http://evil.example")`, // neutralised with a quote
	}, DuplicateOf: &original})
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	// Records end in CRLF; shown here as plain line breaks.
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// id,title,authors,published,duplicate_of
	// 1,"Storm hits coast, again",Jane Doe | Ali Ben,2024-03-05T14:30:00+01:00,
	// 2,"'=HYPERLINK(""http://evil.example"")",,,1
}

func ExampleNewJSONL() {
	published := time.Date(2024, 3, 5, 14, 30, 0, 0, time.FixedZone("", 3600))
	w, err := export.NewJSONL(os.Stdout, export.Options{
		Fields: []string{"id", "title", "authors", "published", "breadcrumbs", "fetched_at", "duplicate_of"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Write(&export.Record{
		ID: 1,
		Article: extractors.Article{
			Title:     "Storm hits coast & town",
			Authors:   []string{"Jane Doe"},
			Published: &published,
			Breadcrumbs: []extractors.Crumb{
				{Name: "Home", URL: "https://www.example.org/"},
				{Name: "World"},
			},
		},
		FetchedAt: published.Add(90 * time.Minute),
	})
	w.Write(&export.Record{ID: 2}) // unknown dates are null, lists []
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"id":1,"title":"Storm hits coast & town","authors":["Jane Doe"],"published":"2024-03-05T14:30:00+01:00","breadcrumbs":[{"name":"Home","url":"https://www.example.org/"},{"name":"World"}],"fetched_at":"2024-03-05T15:00:00Z","duplicate_of":null}
	// {"id":2,"title":"","authors":[],"published":null,"breadcrumbs":[],"fetched_at":"0001-01-01T00:00:00Z","duplicate_of":null}
}

func ExampleSchema() {
	fmt.Println("schema version", export.SchemaVersion)
	for _, f := range export.Schema() {
		fmt.Printf("%s: %s\n", f.Name, f.JSON)
	}
	// Output:
	// schema version 1
	// id: integer
	// url: string
	// canonical_url: string
	// site_name: string
	// title: string
	// authors: list of strings
	// published: RFC 3339 string or null
	// modified: RFC 3339 string or null
	// language: string
	// description: string
	// section: string
	// breadcrumbs: list of {name, url}
	// tags: list of strings
	// image: string
	// text: string
	// word_count: integer
	// content_hash: string
	// site: string
	// fetched_at: RFC 3339 string, UTC
	// job: string
	// duplicate_of: integer or null
}

// sliceCursor is a Cursor over records in memory; the store's cursor
// pages through the database instead.
type sliceCursor struct {
	recs []*export.Record
	i    int
}

func (c *sliceCursor) Next() bool             { c.i++; return c.i <= len(c.recs) }
func (c *sliceCursor) Record() *export.Record { return c.recs[c.i-1] }
func (c *sliceCursor) Err() error             { return nil }
func (c *sliceCursor) Close() error           { return nil }

func ExampleRun() {
	cur := &sliceCursor{recs: []*export.Record{
		{ID: 1, Site: "www.example.org"},
		{ID: 2, Site: "news.example.net"},
	}}
	w, err := export.NewJSON(os.Stdout, export.Options{Fields: []string{"id", "site"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := export.Run(context.Background(), cur, w) // closes cur and w
	fmt.Println(n, err)
	// Output:
	// [
	// {"id":1,"site":"www.example.org"},
	// {"id":2,"site":"news.example.net"}
	// ]
	// 2 <nil>
}
