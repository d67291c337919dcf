package extractors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/breadcrumbs"
	"github.com/newshound/newshound/extractors/charset"
	"github.com/newshound/newshound/extractors/date"
	"github.com/newshound/newshound/extractors/meta"
	"github.com/newshound/newshound/extractors/page"
)

var (
	// ErrTooLarge is returned for a page larger than Options.MaxBytes.
	ErrTooLarge = errors.New("extractors: page too large")
	// ErrEmpty is returned for a page with no content at all.
	ErrEmpty = errors.New("extractors: empty page")
	// ErrNotHTML is returned for input that is not text (an image, a PDF,
	// an archive).
	ErrNotHTML = errors.New("extractors: not an html page")
)

// Extract reads one HTML page from r, in any charset, and extracts its
// article. pageURL is the page's address; it may be empty, but relative
// links, canonical URLs and URL-path dates need it. r is read to its end
// (at most Options.MaxBytes) and never closed.
//
// Extract does no I/O besides reading r; ctx is checked between stages so
// that a cancelled batch stops early. A page whose body cannot be found
// still yields its metadata: an error means no article at all.
func Extract(ctx context.Context, r io.Reader, pageURL string, opts Options) (*Article, error) {
	max := opts.maxBytes()
	raw, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read page: %w", err)
	}
	if int64(len(raw)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, max)
	}
	return ExtractBytes(ctx, raw, pageURL, opts)
}

// ExtractBytes is Extract over a page already in memory.
func ExtractBytes(ctx context.Context, raw []byte, pageURL string, opts Options) (*Article, error) {
	root, cs, err := Parse(raw, opts)
	if err != nil {
		return nil, err
	}
	a, err := ExtractNode(ctx, root, pageURL, opts)
	if err != nil {
		return nil, err
	}
	if a.Explanation != nil {
		a.Explanation.Charset = cs.String()
	}
	return a, nil
}

// Parse decodes raw (any charset; Options.ContentType is the HTTP hint)
// and parses it into the tree ExtractNode reads, refusing empty, binary
// and oversized input. Callers that need the tree for more than extraction
// (a crawler following links) parse once with Parse and call ExtractNode.
func Parse(raw []byte, opts Options) (*html.Node, charset.Decision, error) {
	if max := opts.maxBytes(); int64(len(raw)) > max {
		return nil, charset.Decision{}, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(raw), max)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, charset.Decision{}, ErrEmpty
	}
	if kind := sniffKind(raw); kind != "" {
		return nil, charset.Decision{}, fmt.Errorf("%w: looks like %s", ErrNotHTML, kind)
	}
	decoded, cs := charset.Decode(raw, opts.ContentType)
	root, err := parseHTML(decoded)
	if err != nil {
		return nil, cs, err
	}
	return root, cs, nil
}

// sniffKind names the content type of raw when it is clearly not an HTML
// or text page, and returns "" otherwise.
func sniffKind(raw []byte) string {
	ct := http.DetectContentType(raw)
	switch {
	case strings.HasPrefix(ct, "text/"), strings.Contains(ct, "xml"),
		strings.HasPrefix(ct, "application/octet-stream") && !bytes.Contains(raw[:min(len(raw), 512)], []byte{0}):
		return ""
	}
	return ct
}

// ExtractNode extracts the article from an already parsed, UTF-8 tree. The
// tree is not modified. It is the entry point for callers that decode and
// parse pages themselves (newshound's crawler does).
func ExtractNode(ctx context.Context, root *html.Node, pageURL string, opts Options) (*Article, error) {
	a, _, err := ExtractPage(ctx, root, pageURL, opts)
	return a, err
}

// ExtractPage is ExtractNode that also returns the page.Page the
// extraction read (JSON-LD, <meta> tags), so that a caller judging the
// page (the crawler's "is this an article?") need not build it again.
// The page is over root itself, or over a clone of it when a site rule
// removes nodes (then p.Root != root). The page is nil when err is not.
// Neither root nor the page may be modified.
func ExtractPage(ctx context.Context, root *html.Node, pageURL string, opts Options) (*Article, *page.Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	site := opts.Registry.lookup(pageURL)            // site rules hook: registry.go
	p := site.newPage(root, pageURL, opts.FetchTime) // page.New, over a clone when a rule removes nodes
	a := &Article{URL: pageURL, Authors: []string{}, Tags: []string{}, Breadcrumbs: []Crumb{}}
	var ex Explanation
	note := func(stage string, r any) {
		ex.Fields = append(ex.Fields, Decision{Field: stage, Notes: []string{fmt.Sprintf("%s failed: %v", stage, r)}})
	}

	bodyRes, err := site.extractBody(p) // body.Extract, narrowed by a rule's body selectors
	if err != nil {
		ex.Body.Notes = append(ex.Body.Notes, err.Error())
	}
	ex.Body = bodyRes.Report
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	var md meta.Result
	guard("meta", note, func() { md = meta.Extract(p, bodyRes.Text) })
	var dates date.Result
	guard("date", note, func() {
		if opts.Explain {
			dates = date.Extract(p)
		} else {
			dates = date.Dates(p) // the decisions are only read to explain
		}
	})
	var crumbs []Crumb
	var crumbDecision Decision
	guard("breadcrumbs", note, func() { crumbs, crumbDecision = breadcrumbs.Extract(p) })

	a.CanonicalURL = md.CanonicalURL
	a.SiteName = md.SiteName
	a.Title = md.Title
	a.Authors = nonNil(md.Authors)
	a.Language = md.Language
	a.Description = md.Description
	a.Section = md.Section
	a.Tags = nonNil(md.Tags)
	a.Image = md.Image
	a.Published, a.Modified = dates.Published, dates.Modified
	if crumbs != nil {
		a.Breadcrumbs = crumbs
	}
	a.Text = bodyRes.Text
	a.WordCount = WordCount(a.Text)
	a.ContentHash = ContentHash(a.Text)

	if bodyRes.Node != nil && (opts.WithHTML || opts.WithMarkdown) {
		if opts.WithHTML {
			var b strings.Builder
			if err := html.Render(&b, bodyRes.Node); err == nil {
				a.HTML = b.String()
			}
		}
		if opts.WithMarkdown {
			guard("markdown", note, func() {
				if md, err := htmltomarkdown.ConvertNode(bodyRes.Node); err == nil {
					a.Markdown = strings.TrimSpace(string(md))
				}
			})
		}
	}
	if opts.Explain {
		ex.Fields = append(ex.Fields, md.Decisions...)
		ex.Fields = append(ex.Fields, dates.PublishedDecision, dates.ModifiedDecision, crumbDecision)
		ex.Fields = append(ex.Fields, Decision{Field: "text", Value: page.Truncate(a.Text, 80),
			Source: &Source{Rule: "body." + ex.Body.Method, Node: ex.Body.Container}})
		a.Explanation = &ex
	}
	if err := site.apply(p, a); err != nil { // site rules and custom extractors override fields
		return nil, nil, err
	}
	return a, p, nil
}

// guard runs f, turning a panic inside an extractor (a library failing on a
// pathological page) into a note, so that one field's failure never costs
// the whole article.
func guard(stage string, note func(string, any), f func()) {
	defer func() {
		if r := recover(); r != nil {
			note(stage, r)
		}
	}()
	f()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
