package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/internal/fetch"
)

// result is one debugger extraction, kept in the result cache.
type result struct {
	ID      string
	created time.Time
	// Input is what was asked for: the URL, or the uploaded file's name.
	Input string
	// Uploaded is true for an uploaded page, false for a fetched one.
	Uploaded bool
	// PageURL is the page's address (after redirects when fetched).
	PageURL string
	// Status is the HTTP status of the fetch; 0 for uploads.
	Status int
	// Article is the extraction, with Explanation and HTML.
	Article *extractors.Article
	// Marks says how much of the body report was located on the page.
	Marks Marks
	// Frame is the annotated, sanitised page.
	Frame []byte
	// Elapsed is the time the fetch and extraction took.
	Elapsed time.Duration
}

// pageRequest is a debugger or API request: a URL to fetch, or an
// uploaded page with its optional original URL.
type pageRequest struct {
	URL      string
	File     []byte
	FileName string
}

// statusError carries the HTTP status an error should be answered with.
type statusError struct {
	code int
	err  error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func withStatus(code int, err error) error { return &statusError{code: code, err: err} }

// statusOf maps an error to its HTTP status.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	var se *statusError
	switch {
	case errors.Is(err, errForbiddenAddr):
		return http.StatusForbidden
	case errors.As(err, &mbe), errors.Is(err, fetch.ErrTooLarge), errors.Is(err, extractors.ErrTooLarge), errors.Is(err, errUploadTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, extractors.ErrNotHTML), errors.Is(err, extractors.ErrEmpty):
		return http.StatusUnprocessableEntity
	case errors.As(err, &se):
		return se.code
	}
	return http.StatusInternalServerError
}

var errUploadTooLarge = errors.New("server: upload too large")

// readPageRequest reads the url and file fields of a form or multipart
// request. A gzip-compressed upload is decompressed; the file is capped at
// MaxUpload bytes, compressed or not.
func (s *Server) readPageRequest(r *http.Request) (pageRequest, error) {
	var pr pageRequest
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if mt == "multipart/form-data" {
		err = r.ParseMultipartForm(1 << 20) // larger files spill to temporary files
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return pr, fmt.Errorf("%w: request over %d bytes", errUploadTooLarge, mbe.Limit)
		}
		return pr, withStatus(http.StatusBadRequest, fmt.Errorf("read form: %w", err))
	}
	pr.URL = strings.TrimSpace(r.FormValue("url"))
	f, fh, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return pr, nil
	case err != nil:
		return pr, withStatus(http.StatusBadRequest, fmt.Errorf("read upload: %w", err))
	}
	defer f.Close()
	if fh.Size == 0 && fh.Filename == "" {
		return pr, nil // the form's empty file input
	}
	pr.FileName = fh.Filename
	if pr.File, err = readCapped(f, s.opts.MaxUpload); err != nil {
		return pr, fmt.Errorf("read upload %s: %w", fh.Filename, err)
	}
	if len(pr.File) >= 2 && pr.File[0] == 0x1f && pr.File[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(pr.File))
		if err != nil {
			return pr, withStatus(http.StatusBadRequest, fmt.Errorf("read upload %s: %w", fh.Filename, err))
		}
		if pr.File, err = readCapped(zr, s.opts.MaxUpload); err != nil {
			return pr, fmt.Errorf("read upload %s: gunzip: %w", fh.Filename, err)
		}
	}
	return pr, nil
}

// readCapped reads r to its end, failing with errUploadTooLarge past max
// bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", errUploadTooLarge, max)
	}
	return b, nil
}

// extractPage fetches or takes the page, extracts it with every field's
// provenance and renders the annotated frame.
func (s *Server) extractPage(ctx context.Context, pr pageRequest) (*result, error) {
	start := time.Now()
	res := &result{Input: pr.URL, PageURL: pr.URL}
	opts := extractors.Options{
		MaxBytes: max(s.opts.MaxUpload, s.opts.MaxPageBytes),
		WithHTML: true, Explain: true, Registry: s.opts.Registry,
	}
	var raw []byte
	switch {
	case pr.File != nil:
		if pr.URL != "" && !isHTTPURL(pr.URL) {
			return nil, withStatus(http.StatusBadRequest, fmt.Errorf("page url %q: want an absolute http(s) URL", pr.URL))
		}
		raw, res.Uploaded, res.Input = pr.File, true, pr.FileName
	case pr.URL == "":
		return nil, withStatus(http.StatusBadRequest, errors.New("give a URL to fetch or a page to upload"))
	case !isHTTPURL(pr.URL):
		return nil, withStatus(http.StatusBadRequest, fmt.Errorf("url %q: want an absolute http(s) URL", pr.URL))
	default:
		if s.guard != nil {
			if err := s.guard.CheckURL(pr.URL); err != nil {
				return nil, fmt.Errorf("fetch %s: %w", pr.URL, err)
			}
		}
		resp, err := s.fetcher.Get(ctx, pr.URL)
		if err != nil {
			s.metrics.ObserveFetch("debugger", 0, time.Since(start))
			return nil, withStatus(http.StatusBadGateway, err)
		}
		s.metrics.ObserveFetch("debugger", resp.Status, resp.Elapsed)
		if resp.Status >= 400 {
			return nil, withStatus(http.StatusBadGateway, fmt.Errorf("fetch %s: HTTP %d", pr.URL, resp.Status))
		}
		raw, res.PageURL, res.Status = resp.Body, resp.URL, resp.Status
		opts.ContentType, opts.FetchTime = resp.ContentType(), s.opts.Now()
	}
	root, cs, err := extractors.Parse(raw, opts)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", res.Input, err)
	}
	a, err := extractors.ExtractNode(ctx, root, res.PageURL, opts)
	if err != nil {
		return nil, withStatus(http.StatusUnprocessableEntity, fmt.Errorf("extract %s: %w", res.Input, err))
	}
	if a.Explanation != nil {
		a.Explanation.Charset = cs.String()
	}
	res.Article = a
	// Extraction is done with the tree, which is ours alone: annotate it.
	res.Marks = annotateInPlace(root, a, res.PageURL)
	if res.Frame, err = renderFrame(root, s.policy, a.Title); err != nil {
		return nil, fmt.Errorf("extract %s: %w", res.Input, err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// debugPage is the data of the debugger template.
type debugPage struct {
	URL    string
	Error  string
	Status int
	Result *result
	Max    int64
}

func (s *Server) handleDebugForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "debug", debugPage{URL: r.URL.Query().Get("url"), Max: s.opts.MaxUpload})
}

// handleDebugPost extracts the posted page and redirects to its result
// (post/redirect/get); on failure it shows the form again with the error.
func (s *Server) handleDebugPost(w http.ResponseWriter, r *http.Request) {
	pr, err := s.readPageRequest(r)
	if err == nil {
		var res *result
		if res, err = s.extractPage(r.Context(), pr); err == nil {
			id := s.results.put(res)
			http.Redirect(w, r, "/debug/"+id, http.StatusSeeOther)
			return
		}
	}
	code := statusOf(err)
	s.logError(r, code, err)
	s.render(w, r, code, "debug", debugPage{URL: pr.URL, Error: err.Error(), Status: code, Max: s.opts.MaxUpload})
}

func (s *Server) handleDebugResult(w http.ResponseWriter, r *http.Request) {
	res := s.results.get(r.PathValue("id"))
	if res == nil {
		s.renderError(w, r, http.StatusNotFound, "This result has expired or never existed: results are kept in memory for an hour. Run the extraction again.")
		return
	}
	s.render(w, r, http.StatusOK, "debug", debugPage{URL: res.PageURL, Result: res, Max: s.opts.MaxUpload})
}

// handleDebugFrame serves the annotated page under its own strict
// Content-Security-Policy (sandboxed, no scripts).
func (s *Server) handleDebugFrame(w http.ResponseWriter, r *http.Request) {
	res := s.results.get(r.PathValue("id"))
	if res == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", frameCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	w.Write(res.Frame)
}

// apiResult is the JSON answer of POST /api/extract.
type apiResult struct {
	Article     *extractors.Article     `json:"article"`
	Explanation *extractors.Explanation `json:"explanation"`
}

// handleAPIExtract is the debugger as JSON: {article, explanation}, or
// {error} with the matching status.
func (s *Server) handleAPIExtract(w http.ResponseWriter, r *http.Request) {
	pr, err := s.readPageRequest(r)
	var res *result
	if err == nil {
		res, err = s.extractPage(r.Context(), pr)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err != nil {
		code := statusOf(err)
		s.logError(r, code, err)
		w.WriteHeader(code)
		enc.Encode(map[string]string{"error": err.Error()})
		return
	}
	a := *res.Article
	a.Explanation = nil
	if err := enc.Encode(apiResult{Article: &a, Explanation: res.Article.Explanation}); err != nil {
		s.log.Debug("write response", "path", r.URL.Path, "err", err)
	}
}

// logError logs a failed request: server faults as errors, the client's
// as debug messages.
func (s *Server) logError(r *http.Request, code int, err error) {
	level := slogLevel(code)
	s.log.Log(r.Context(), level, "request failed", "method", r.Method, "path", r.URL.Path, "status", code, "err", err)
}
