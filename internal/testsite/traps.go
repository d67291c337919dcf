package testsite

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// calendarPath is the infinite calendar's page for a month.
func calendarPath(year, month int) string {
	return fmt.Sprintf("/calendar/%04d/%02d/", year, month)
}

// serveCalendar serves /calendar/<yyyy>/<mm>/ for every month of years 1
// to 9999: each links the previous and the next month, so the link space is
// practically infinite. The pages list no articles. rest is the path after
// "/calendar/".
func (s *Site) serveCalendar(w http.ResponseWriter, r *http.Request, rest string) {
	if len(rest) != 8 || rest[4] != '/' || rest[7] != '/' {
		s.notFound(w, r)
		return
	}
	year, err1 := strconv.Atoi(rest[:4])
	month, err2 := strconv.Atoi(rest[5:7])
	if err1 != nil || err2 != nil || year < 1 || month < 1 || month > 12 {
		s.notFound(w, r)
		return
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	prev, next := first.AddDate(0, -1, 0), first.AddDate(0, 1, 0)
	title := "Archive: " + first.Format("January 2006")
	b := s.getBuf()
	s.head(b, r, pageHead{title: title, ogType: "website", canonical: base(r) + calendarPath(year, month)})
	b.WriteString("<main>\n<h1>" + title + "</h1>\n<nav class=\"calendar\">")
	if prev.Year() >= 1 {
		b.WriteString("<a rel=\"prev\" href=\"" + calendarPath(prev.Year(), int(prev.Month())) + "\">&laquo; " + prev.Format("January 2006") + "</a> ")
	}
	if next.Year() <= 9999 {
		b.WriteString("<a rel=\"next\" href=\"" + calendarPath(next.Year(), int(next.Month())) + "\">" + next.Format("January 2006") + " &raquo;</a>")
	}
	b.WriteString("</nav>\n<table class=\"month\"><tr>")
	for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
		if d.Day() > 1 && d.Weekday() == time.Monday {
			b.WriteString("</tr><tr>")
		}
		b.WriteString("<td>" + strconv.Itoa(d.Day()) + "</td>")
	}
	b.WriteString("</tr></table>\n<p>No archived stories are listed for this month.</p>\n</main>\n")
	s.foot(b)
	s.send(w, htmlType, b)
}

// Variants returns the canonical path of the article /trending/ links 50
// times and those 50 links (as written in the page, HTML entities decoded):
// tracking parameters, fragments, session ids, a trailing slash, AMP and
// print copies. A crawler must store the article once and should fetch far
// fewer than 50 of them. Without Traps (or without a ViaAll article) both
// are empty.
func (s *Site) Variants() (article string, variants []string) {
	if !s.opts.Traps || s.variants < 0 {
		return "", nil
	}
	p := s.articles[s.variants].path
	id := uint64(s.articles[s.variants].id)
	for _, src := range []string{"twitter", "facebook", "newsletter", "rss", "reddit"} {
		for _, med := range []string{"social", "email"} {
			variants = append(variants, p+"?utm_source="+src+"&utm_medium="+med)
		}
	}
	for k := range uint64(5) {
		variants = append(variants, p+"?fbclid=IwAR"+strconv.FormatUint((id+k)*0x9E3779B97F4A7C15>>8, 36))
		variants = append(variants, p+";jsessionid="+strconv.FormatUint((id+k)*0xBF58476D1CE4E5B9>>4, 16))
		variants = append(variants, p+"?ref=trending-"+strconv.FormatUint(k+1, 10))
		variants = append(variants, p+"?gclid=Cj0K"+strconv.FormatUint((id+k)*0x94D049BB133111EB>>12, 36))
	}
	variants = append(variants,
		p+"#comments", p+"#top", p+"#section-2", p+"/",
		"/amp"+p, "/amp"+p+"?utm_source=amp",
		p+"?print=1", p+"?print=1&utm_source=print", p+"?utm_source=x&print=1",
		p+"?mc_cid=42&mc_eid=abc", p+"?utm_campaign=spring&utm_source=newsletter&utm_medium=email",
		p+"?utm_content=top&utm_term=news", p+"?_ga=2.1234.5678", p+"?output=amp",
	)
	for k := 1; len(variants) < 50; k++ {
		variants = append(variants, p+"?utm_campaign=trending-"+strconv.Itoa(k))
	}
	return p, variants
}

// serveTrending serves /trending/: the 50 variants of one article.
func (s *Site) serveTrending(w http.ResponseWriter, r *http.Request) {
	p, variants := s.Variants()
	b := s.getBuf()
	s.head(b, r, pageHead{title: "Trending", ogType: "website", canonical: base(r) + "/trending/"})
	b.WriteString("<main>\n<h1>Trending</h1>\n<ul>\n")
	if p != "" {
		title := s.articles[s.variants].title
		for i, v := range variants {
			b.WriteString("<li><a href=\"" + escapeText(v) + "\">" + title + " (" + strconv.Itoa(i+1) + ")</a></li>\n")
		}
	}
	b.WriteString("</ul>\n</main>\n")
	s.foot(b)
	s.send(w, htmlType, b)
}
