package cli

import (
	"io"
	"strings"
	"time"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
)

// writeText prints a readable view of a: the metadata, then the text, then
// the explanation when there is one.
func writeText(w io.Writer, a *extractors.Article) error {
	s := &stickyWriter{w: w}
	s.printf("Title:       %s\n", a.Title)
	s.printf("URL:         %s\n", a.URL)
	if a.CanonicalURL != "" && a.CanonicalURL != a.URL {
		s.printf("Canonical:   %s\n", a.CanonicalURL)
	}
	s.printf("Site:        %s\n", a.SiteName)
	s.printf("Published:   %s\n", formatTime(a.Published))
	s.printf("Modified:    %s\n", formatTime(a.Modified))
	s.printf("Authors:     %s\n", strings.Join(a.Authors, ", "))
	s.printf("Language:    %s\n", a.Language)
	s.printf("Section:     %s\n", a.Section)
	s.printf("Breadcrumbs: %s\n", crumbNames(a.Breadcrumbs))
	s.printf("Tags:        %s\n", strings.Join(a.Tags, ", "))
	s.printf("Words:       %d\n\n", a.WordCount)
	s.printf("%s\n", a.Text)
	if a.Explanation != nil {
		s.printf("\n")
		if s.err == nil {
			s.err = writeExplanation(w, a.Explanation)
		}
	}
	return s.err
}

// writeMarkdown prints a as a Markdown document: title, a metadata line,
// the body.
func writeMarkdown(w io.Writer, a *extractors.Article) error {
	s := &stickyWriter{w: w}
	s.printf("# %s\n\n", a.Title)
	var meta []string
	if len(a.Authors) > 0 {
		meta = append(meta, strings.Join(a.Authors, ", "))
	}
	if a.Published != nil {
		meta = append(meta, a.Published.Format(time.RFC3339))
	}
	if a.URL != "" {
		meta = append(meta, "<"+a.URL+">")
	}
	if len(meta) > 0 {
		s.printf("*%s*\n\n", strings.Join(meta, " · "))
	}
	body := a.Markdown
	if body == "" {
		body = a.Text
	}
	s.printf("%s\n", body)
	return s.err
}

// writeExplanation prints, per field, the winner, its source and the
// rejected candidates, then the body report.
func writeExplanation(w io.Writer, ex *extractors.Explanation) error {
	s := &stickyWriter{w: w}
	s.printf("== Explanation\n")
	if ex.Charset != "" {
		s.printf("charset: %s\n", ex.Charset)
	}
	for _, d := range ex.Fields {
		s.printf("\n%s: %q\n", d.Field, d.Value)
		if d.Source != nil {
			s.printf("  from  %s\n", describeSource(*d.Source))
		} else {
			s.printf("  from  (nothing found)\n")
		}
		if d.Confidence > 0 {
			s.printf("  confidence %.2f\n", d.Confidence)
		}
		for _, n := range d.Notes {
			s.printf("  note  %s\n", n)
		}
		for _, c := range d.Rejected {
			s.printf("  lost  %q  %s", c.Value, describeSource(c.Source))
			if c.Reason != "" {
				s.printf("  — %s", c.Reason)
			}
			s.printf("\n")
		}
	}
	b := ex.Body
	s.printf("\nbody: kept %s via %s\n", orNone(b.Container), orNone(b.Method))
	for _, r := range b.Removed {
		s.printf("  removed %d × %s", r.Count, r.Reason)
		if len(r.Examples) > 0 {
			s.printf("  e.g. %q", r.Examples[0])
		}
		s.printf("\n")
	}
	for _, n := range b.Notes {
		s.printf("  note  %s\n", n)
	}
	return s.err
}

func describeSource(src extractors.Source) string {
	out := src.Rule
	if src.Node != "" {
		out += " <" + src.Node + ">"
	}
	if src.Attr != "" {
		out += " @" + src.Attr
	}
	if src.Raw != "" {
		out += " raw=" + quoteShort(src.Raw)
	}
	return out
}

func quoteShort(s string) string {
	return `"` + page.Truncate(strings.ReplaceAll(s, "\n", " "), 80) + `"`
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func formatTime(t *time.Time) string {
	if t == nil {
		return "(unknown)"
	}
	return t.Format(time.RFC3339)
}

func crumbNames(cs []extractors.Crumb) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, " » ")
}
