// Package extractors is newshound's public extraction API: it turns one
// HTML page into an Article (title, dates, authors, breadcrumbs, language,
// body text and more), recording for every field where its value came from.
//
// It knows nothing of HTTP, databases or the command line, does no I/O
// besides reading the page it is given, and keeps no global state, so it is
// safe to call from many goroutines:
//
//	f, _ := os.Open("page.html")
//	defer f.Close()
//	a, err := extractors.Extract(ctx, f, "https://example.org/news/1", extractors.Options{})
//	if err != nil {
//		return err
//	}
//	fmt.Println(a.Title, a.Published, a.WordCount)
//
// The page's bytes are decoded once (package charset), parsed once into one
// tree (golang.org/x/net/html) and every extractor reads that tree:
// extractors/body for the main text, extractors/date for dates,
// extractors/meta for title, authors, language and the other metadata,
// extractors/breadcrumbs for the trail. Their provenance types live in
// extractors/provenance and are aliased here.
//
// Files: article.go is the data model; options.go the options; extract.go
// runs the stages; parse.go parses (flattening pathological nesting);
// hash.go computes content hashes and word counts; registry.go holds site
// rules (extractors/sites) and custom Extractors and applies them.
package extractors
