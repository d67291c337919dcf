package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// articlesPage is the data of the article list template.
type articlesPage struct {
	Filter    listFilter
	Items     []listItem
	Sites     []facet
	Languages []facet
	Prev      string // URL of the previous page, "" on the first
	Next      string // URL of the next page, "" on the last
	Error     string
	// IndexLag is set when the full-text index could not be brought up
	// to date: the newest articles may be missing from search results.
	IndexLag bool
}

// handleArticles lists stored articles, filtered and paginated. A
// full-text query first adds the newest articles to the index (SyncFTS);
// if that fails (another process holding the write lock for long), the
// search runs on the index as it is and the page says so. The sync waits
// at most two seconds.
func (s *Server) handleArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	f := listFilter{Site: q.Get("site"), Lang: q.Get("lang"), From: q.Get("from"), To: q.Get("to"),
		Query: q.Get("q"), Originals: q.Get("originals") != "", Page: page}
	data := articlesPage{Filter: f}
	st := s.opts.Store
	var err error
	if data.Sites, err = facets(r.Context(), st, "site", 500); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Languages, err = facets(r.Context(), st, "language", 200); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := f.validate(); err != nil {
		data.Error = err.Error()
		s.render(w, r, statusOf(err), "articles", data)
		return
	}
	data.Filter = f
	if f.Query != "" {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		_, err := s.opts.Store.SyncFTS(ctx)
		cancel()
		if err != nil {
			s.log.Warn("full-text index not synced; searching it as it is", "err", err)
			data.IndexLag = true
		}
	}
	var more bool
	data.Items, more, err = listArticles(r.Context(), st, f, s.opts.PageSize)
	if err != nil {
		code := statusOf(err)
		if code != http.StatusBadRequest {
			s.fail(w, r, err)
			return
		}
		data.Error = err.Error()
		s.render(w, r, code, "articles", data)
		return
	}
	if f.Page > 1 {
		data.Prev = pageURL(q, f.Page-1)
	}
	if more {
		data.Next = pageURL(q, f.Page+1)
	}
	s.render(w, r, http.StatusOK, "articles", data)
}

// pageURL is the list URL with the same filters and another page.
func pageURL(q url.Values, page int) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(page))
	return "/articles?" + v.Encode()
}

// handleArticle shows one stored article: metadata, text, links to the
// original and to the debugger.
func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, http.StatusNotFound, "No such article.")
		return
	}
	a, err := getArticle(r.Context(), s.opts.Store, id)
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			s.renderError(w, r, http.StatusNotFound, "No such article.")
			return
		}
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "article", a)
}

// fail answers a server-side error with a 500 page and logs it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logError(r, http.StatusInternalServerError, err)
	s.renderError(w, r, http.StatusInternalServerError, "Something went wrong reading the database; the server log has the details.")
}
