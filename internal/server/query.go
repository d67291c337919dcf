package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/newshound/newshound/internal/store"
)

// The browser's queries run in the store (Store.Browse, Article, Facets),
// in each database's SQL; this file holds the form and its rendering.

// listFilter is the browser's query: the form's fields.
type listFilter struct {
	Site  string // host, lower case ("" any)
	Lang  string // language tag ("" any)
	From  string // first published day, YYYY-MM-DD ("" open)
	To    string // last published day, YYYY-MM-DD ("" open)
	Query string // full-text query, the search syntax ("" none)
	// Originals leaves duplicates out.
	Originals bool
	Page      int // 1-based
}

// validate checks the filter, returning a 400 error for bad input.
func (f *listFilter) validate() error {
	for _, d := range []struct{ name, v string }{{"from", f.From}, {"to", f.To}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return withStatus(http.StatusBadRequest, fmt.Errorf("%s %q: want a date as YYYY-MM-DD", d.name, d.v))
		}
	}
	if len(f.Query) > 500 {
		return withStatus(http.StatusBadRequest, errors.New("query longer than 500 bytes"))
	}
	if f.Page < 1 {
		f.Page = 1
	}
	f.Site = strings.ToLower(f.Site)
	return nil
}

// listItem is one row of the article list.
type listItem struct {
	ID          int64
	URL         string
	Site        string
	SiteName    string
	Title       string
	Language    string
	Published   string
	WordCount   int
	DuplicateOf int64
	// Snippet is the text around the query's matches, for searches.
	Snippet []snippetPart
}

// snippetPart is a piece of a search snippet; Hit marks matched words.
type snippetPart struct {
	Text string
	Hit  bool
}

// Snippet markers: control characters that never occur in stored text,
// split in Go so that the template escapes every piece (no HTML from the
// database reaches a page unescaped).
const hitStart, hitEnd = "\x02", "\x03"

// listArticles returns the page of articles matching f, newest first, and
// whether there is a next page. A malformed full-text query is a 400.
func listArticles(ctx context.Context, st Store, f listFilter, pageSize int) ([]listItem, bool, error) {
	items, err := st.Browse(ctx, store.BrowseOptions{Site: f.Site, Language: f.Lang, From: f.From, To: f.To,
		Query: f.Query, Originals: f.Originals, Offset: (f.Page - 1) * pageSize, Limit: pageSize + 1})
	if errors.Is(err, store.ErrBadQuery) {
		return nil, false, withStatus(http.StatusBadRequest, fmt.Errorf("full-text query: %w", err))
	}
	if err != nil {
		return nil, false, fmt.Errorf("list articles: %w", err)
	}
	out := make([]listItem, 0, len(items))
	for _, it := range items {
		out = append(out, listItem{ID: it.ID, URL: it.URL, Site: it.Site, SiteName: it.SiteName, Title: it.Title,
			Language: it.Language, Published: it.Published, WordCount: it.WordCount, DuplicateOf: it.DuplicateOf,
			Snippet: splitSnippet(it.Snippet)})
	}
	more := len(out) > pageSize
	if more {
		out = out[:pageSize]
	}
	return out, more, nil
}

func splitSnippet(s string) []snippetPart {
	if s == "" {
		return nil
	}
	var out []snippetPart
	for s != "" {
		i := strings.Index(s, hitStart)
		if i < 0 {
			out = append(out, snippetPart{Text: s})
			break
		}
		if i > 0 {
			out = append(out, snippetPart{Text: s[:i]})
		}
		s = s[i+len(hitStart):]
		j := strings.Index(s, hitEnd)
		if j < 0 {
			j = len(s)
		}
		out = append(out, snippetPart{Text: s[:j], Hit: true})
		s = strings.TrimPrefix(s[j:], hitEnd)
	}
	return out
}

// facet is one value of a filter with its number of articles.
type facet struct {
	Value string
	Count int
}

// facets returns the most common values of column (site or language), for
// the filter form's choices.
func facets(ctx context.Context, st Store, column string, limit int) ([]facet, error) {
	cs, err := st.Facets(ctx, column, limit)
	if err != nil {
		return nil, err
	}
	out := make([]facet, len(cs))
	for i, c := range cs {
		out[i] = facet{Value: c.Key, Count: c.Count}
	}
	return out, nil
}

// getArticle reads one stored article by id; an unknown id is a 404.
func getArticle(ctx context.Context, st Store, id int64) (*store.StoredArticle, error) {
	a, err := st.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, withStatus(http.StatusNotFound, err)
	}
	return a, err
}
