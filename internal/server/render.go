package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// assets holds the page templates and the static files (the stylesheet).
//
//go:embed templates/*.html static
var assets embed.FS

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"home", "debug", "articles", "article", "error"}

// loadTemplates parses each page with the layout and returns them with the
// static file tree.
func loadTemplates() (map[string]*template.Template, fs.FS, error) {
	funcs := template.FuncMap{
		"date":      fmtTime,
		"join":      strings.Join,
		"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"paragraph": paragraphs,
		"ms":        func(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) },
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, nil, fmt.Errorf("server: parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, nil, fmt.Errorf("server: static files: %w", err)
	}
	return pages, static, nil
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	var b bytes.Buffer
	if err := s.pages[name].Execute(&b, data); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Title   string
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error", errorPage{Status: code, Title: http.StatusText(code), Message: msg})
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", nil)
}

// slogLevel is the level a failed request is logged at.
func slogLevel(code int) slog.Level {
	if code >= 500 && code != http.StatusBadGateway {
		return slog.LevelError
	}
	return slog.LevelDebug
}

// fmtTime formats a time (or *time.Time, nil as "—") as RFC 3339.
func fmtTime(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.Format(time.RFC3339)
	case *time.Time:
		if t == nil {
			return "—"
		}
		return t.Format(time.RFC3339)
	case string:
		if t == "" {
			return "—"
		}
		return t
	}
	return fmt.Sprint(v)
}

// paragraphs splits a text at its blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
