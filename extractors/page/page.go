// Package page holds the parsed page that every extractor reads: the one
// *html.Node tree, a goquery document wrapping it, the page URL, and the
// metadata that several extractors need and that is cheaper to collect once
// (JSON-LD objects, <meta> tags, the declared language). It does no
// extraction itself. The tree is read-only for everyone: a pass that must
// mutate clones first.
//
// Files: page.go builds the Page; jsonld.go parses JSON-LD; node.go has small
// read-only helpers over nodes (text, attributes, descriptions for provenance).
package page

import (
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is a parsed HTML page with the shared metadata its extractors read.
type Page struct {
	// Root is the document node of the parsed tree. Read-only.
	Root *html.Node
	// Doc wraps Root for CSS queries (no reparse).
	Doc *goquery.Document
	// URL is the page's address; nil when unknown.
	URL *url.URL
	// FetchTime is when the page was fetched; zero when unknown. Date
	// extraction rejects dates more than a day after it.
	FetchTime time.Time
	// Lang is the <html lang> attribute as written (may be empty).
	Lang string
	// JSONLD holds every JSON-LD object of the page in document order, with
	// @graph members and top-level arrays flattened into the list.
	JSONLD []JSONLD
	// Meta holds every <meta> tag with a content attribute, in document order.
	Meta []Meta
}

// Meta is one <meta> tag.
type Meta struct {
	// Key is the lower-cased name, property, itemprop or http-equiv
	// attribute (the first one present), e.g. "og:title", "author".
	Key string
	// Attr is the attribute that held Key ("name", "property", ...).
	Attr string
	// Content is the content attribute, whitespace-trimmed.
	Content string
	// Node is the <meta> element.
	Node *html.Node
}

// New builds a Page over root. pageURL may be empty. The tree is walked once
// to collect <meta> tags and JSON-LD scripts.
func New(root *html.Node, pageURL string, fetchTime time.Time) *Page {
	p := &Page{Root: root, Doc: goquery.NewDocumentFromNode(root), FetchTime: fetchTime}
	if pageURL != "" {
		if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
			p.URL = u
		}
	}
	p.Doc.Url = p.URL
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			if p.Lang == "" {
				p.Lang = strings.TrimSpace(Attr(n, "lang"))
				if p.Lang == "" {
					p.Lang = strings.TrimSpace(Attr(n, "xml:lang"))
				}
			}
		case atom.Meta:
			p.addMeta(n)
		case atom.Script:
			if strings.Contains(strings.ToLower(Attr(n, "type")), "ld+json") && n.FirstChild != nil {
				for _, obj := range parseJSONLD(n.FirstChild.Data, n) {
					obj.Index = len(p.JSONLD)
					obj.desc = obj.describe() // extractors describe an object many times
					p.JSONLD = append(p.JSONLD, obj)
				}
			}
		}
	}
	return p
}

func (p *Page) addMeta(n *html.Node) {
	content, ok := AttrOK(n, "content")
	if !ok {
		return
	}
	for _, a := range [...]string{"property", "name", "itemprop", "http-equiv"} {
		if k := strings.ToLower(strings.TrimSpace(Attr(n, a))); k != "" {
			if p.Meta == nil {
				p.Meta = make([]Meta, 0, 16) // pages have a dozen or two
			}
			p.Meta = append(p.Meta, Meta{Key: k, Attr: a, Content: strings.TrimSpace(content), Node: n})
			return
		}
	}
}

// MetaContent returns the first non-empty content of a <meta> tag whose key
// is one of keys (lower case), trying keys in order, and the tag found.
func (p *Page) MetaContent(keys ...string) (string, *Meta) {
	for _, k := range keys {
		for i := range p.Meta {
			if p.Meta[i].Key == k && p.Meta[i].Content != "" {
				return p.Meta[i].Content, &p.Meta[i]
			}
		}
	}
	return "", nil
}

// MetaAll returns every <meta> tag whose key is key (lower case).
func (p *Page) MetaAll(key string) []Meta {
	var out []Meta
	for _, m := range p.Meta {
		if m.Key == key && m.Content != "" {
			out = append(out, m)
		}
	}
	return out
}

// Host returns the page's host name in lower case without "www.", or "".
func (p *Page) Host() string {
	if p.URL == nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.URL.Hostname()), "www.")
}

// Resolve makes ref absolute against the page URL; it returns ref unchanged
// when either cannot be parsed.
func (p *Page) Resolve(ref string) string {
	ref = strings.TrimSpace(ref)
	if p.URL == nil || ref == "" {
		return ref
	}
	u, err := p.URL.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}
