package testsite

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// homeLatest is the number of newest link-visible articles on the home page.
const homeLatest = 10

// serveHome serves "/": the newest articles, sections, tags, feeds, and the
// links to /private/ (which robots.txt forbids), /partners/, /faults/ and
// the traps, as the options enable them.
func (s *Site) serveHome(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	b := s.getBuf()
	s.head(b, r, pageHead{
		title:       "Home",
		description: "News from everywhere, generated for crawler tests.",
		canonical:   origin + "/",
		ogType:      "website",
		extra: "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + siteName + " (Atom)\" href=\"/atom.xml\">\n" +
			"<link rel=\"alternate\" type=\"application/feed+json\" title=\"" + siteName + " (JSON Feed)\" href=\"/feed.json\">\n",
		jsonLD: []string{`{"@context":"https://schema.org","@type":"WebSite","name":"` + siteName + `","url":"` + origin + `/"}`},
	})
	b.WriteString("<main>\n<h1>" + siteName + "</h1>\n<section class=\"latest\"><h2>Latest</h2><ul>\n")
	for i, j := range s.linked[:min(homeLatest, len(s.linked))] {
		a := &s.articles[j]
		suffix := ""
		if s.opts.Traps {
			switch {
			case i%3 == 1:
				suffix = "?fbclid=IwAR" + strconv.FormatUint(uint64(a.id)*2654435761, 36)
			case i%5 == 3:
				suffix = "?utm_source=homepage&amp;utm_medium=referral"
			}
		}
		s.teaser(b, a, suffix)
	}
	b.WriteString("</ul></section>\n<section class=\"topics\"><h2>Topics</h2><ul>")
	for _, t := range tagNames {
		b.WriteString("<li><a href=\"/tag/" + t + "/\">" + t + "</a></li>")
	}
	b.WriteString("</ul></section>\n<section class=\"more\"><h2>More</h2><ul>\n")
	if len(s.partners) > 0 {
		b.WriteString("<li><a href=\"/partners/\">From our partners</a></li>\n")
	}
	if s.opts.Traps {
		b.WriteString("<li><a href=\"/trending/\">Trending</a></li>\n<li><a href=\"")
		b.WriteString(calendarPath(s.opts.Now.Year(), int(s.opts.Now.Month())))
		b.WriteString("\">Archive calendar</a></li>\n")
	}
	if s.opts.Faults {
		b.WriteString("<li><a href=\"/faults/\">Service notices</a></li>\n")
	}
	b.WriteString("<li><a href=\"/private/\">Staff area</a></li>\n<li><a href=\"/private/drafts/embargoed-story.html\">Embargoed draft</a></li>\n" +
		"<li><a href=\"/search?q=news\">Search</a></li>\n</ul></section>\n</main>\n")
	s.foot(b)
	s.send(w, htmlType, b)
}

// teaser writes an <li> with a link to a (path plus suffix) and the
// article's first sentence.
func (s *Site) teaser(b *bytes.Buffer, a *article, suffix string) {
	b.WriteString("<li class=\"teaser\"><a href=\"")
	b.WriteString(a.path)
	b.WriteString(suffix)
	b.WriteString("\">")
	b.WriteString(a.title)
	b.WriteString("</a> <time datetime=\"")
	b.WriteString(a.published.Format(time.RFC3339))
	b.WriteString("\">")
	b.WriteString(a.published.Format("2 Jan 15:04"))
	b.WriteString("</time><p>")
	b.WriteString(s.teaserText(a))
	b.WriteString("</p></li>\n")
}

func (s *Site) teaserText(a *article) string { return s.teaserOf(streamBody, uint64(a.id)) }

// serveListing serves /section/<name>/ and /tag/<name>/ (prefix says
// which) and their pages /…/<name>/page/<n>/ for n >= 2: index pages
// (og:type website, JSON-LD CollectionPage) of link-visible articles,
// newest first, Options.PerPage to a page. The pagination links the three
// pages either side, the first and last, and every tenth page.
func (s *Site) serveListing(w http.ResponseWriter, r *http.Request, p, prefix string) {
	rest := p[len(prefix):]
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		s.notFound(w, r)
		return
	}
	name, tail := rest[:slash], rest[slash:]
	var list []int32
	title, found := "", false
	if prefix == "/section/" {
		for i, sec := range s.opts.Sections {
			if sec == name {
				list, title, found = s.bySection[i], s.sectionTitle(i), true
				break
			}
		}
	} else {
		for i, t := range tagNames {
			if t == name {
				list, title, found = s.byTag[i], "Topic: "+t, true
				break
			}
		}
	}
	page := 1
	if tail != "/" {
		n, ok := strings.CutPrefix(tail, "/page/")
		n, ok2 := strings.CutSuffix(n, "/")
		v, err := strconv.Atoi(n)
		if !ok || !ok2 || err != nil || v < 2 || strconv.Itoa(v) != n {
			found = false
		}
		page = v
	}
	pages := max(1, (len(list)+s.opts.PerPage-1)/s.opts.PerPage)
	if !found || page > pages {
		s.notFound(w, r)
		return
	}
	root := prefix + name + "/"
	origin := base(r)
	self := listingPath(root, page)
	h := pageHead{
		title:     title,
		canonical: origin + self,
		ogType:    "website",
		jsonLD:    []string{`{"@context":"https://schema.org","@type":"CollectionPage","name":` + string(jsonString(nil, title)) + `,"url":"` + origin + self + `"}`},
	}
	if page > 1 {
		h.title += " - page " + strconv.Itoa(page)
		h.extra += "<link rel=\"prev\" href=\"" + listingPath(root, page-1) + "\">\n"
	}
	if page < pages {
		h.extra += "<link rel=\"next\" href=\"" + listingPath(root, page+1) + "\">\n"
	}
	b := s.getBuf()
	s.head(b, r, h)
	b.WriteString("<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> &raquo; <a href=\"" + root + "\">" + title + "</a></nav>\n<main>\n<h1>")
	b.WriteString(h.title)
	b.WriteString("</h1>\n<ul class=\"teasers\">\n")
	from := (page - 1) * s.opts.PerPage
	for i, j := range list[from:min(from+s.opts.PerPage, len(list))] {
		a := &s.articles[j]
		suffix := ""
		if s.opts.Traps {
			switch {
			case i%4 == 1:
				suffix = "?utm_source=section&amp;utm_medium=web"
			case i%7 == 2:
				suffix = ";jsessionid=" + strings.ToUpper(strconv.FormatUint(uint64(a.id)*2654435761+uint64(page), 16))
			case i%9 == 5:
				suffix = "/"
			}
		}
		s.teaser(b, a, suffix)
	}
	b.WriteString("</ul>\n<nav class=\"pagination\">")
	if page > 1 {
		b.WriteString("<a rel=\"prev\" href=\"" + listingPath(root, page-1) + "\">Newer</a> ")
	}
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-3 || n > page+3) && n%10 != 0 {
			continue // neighbours, ends and every tenth page: any page is a few hops from the first
		}
		if n == page {
			b.WriteString("<span>" + strconv.Itoa(n) + "</span> ")
		} else {
			b.WriteString("<a href=\"" + listingPath(root, n) + "\">" + strconv.Itoa(n) + "</a> ")
		}
	}
	if page < pages {
		b.WriteString("<a rel=\"next\" href=\"" + listingPath(root, page+1) + "\">Older</a>")
	}
	b.WriteString("</nav>\n</main>\n")
	s.foot(b)
	s.send(w, htmlType, b)
}

func listingPath(root string, page int) string {
	if page <= 1 {
		return root
	}
	return root + "page/" + strconv.Itoa(page) + "/"
}

func partnerPath(n int) string { return "/partner/" + strconv.Itoa(n) + ".html" }

// servePartner serves /partners/ (the list of copies) and the copies
// /partner/<n>.html: another article's text with a few words changed, a
// new title, the partner's byline and boilerplate, and no canonical link.
func (s *Site) servePartner(w http.ResponseWriter, r *http.Request, p string) {
	if p == "/partners/" && len(s.partners) > 0 {
		b := s.getBuf()
		s.head(b, r, pageHead{title: "From our partners", ogType: "website", canonical: base(r) + p})
		b.WriteString("<main>\n<h1>From our partners</h1>\n<ul>\n")
		for n := 1; n <= len(s.partners); n++ {
			b.WriteString("<li><a href=\"" + partnerPath(n) + "\">" + s.partnerTitle(n) + "</a></li>\n")
		}
		b.WriteString("</ul>\n</main>\n")
		s.foot(b)
		s.send(w, htmlType, b)
		return
	}
	num, ok := strings.CutPrefix(p, "/partner/")
	num, ok2 := strings.CutSuffix(num, ".html")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || n < 1 || n > len(s.partners) || partnerPath(n) != p {
		s.notFound(w, r)
		return
	}
	b := s.getBuf()
	s.renderStory(b, r, s.partnerStory(n), pagePartner)
	s.send(w, htmlType, b)
}

func (s *Site) partnerTitle(n int) string {
	return headline(s.rng(streamEdit, uint64(1_000_000+n)))
}

func (s *Site) partnerStory(n int) *story {
	a := &s.articles[s.partners[n-1]]
	st := s.story(a)
	st.path = partnerPath(n)
	st.title = s.partnerTitle(n)
	st.author = "Partner Wire"
	st.section = -1
	st.tags, st.related = nil, nil
	st.published = a.published.Add(3 * time.Hour)
	st.modified = st.published
	st.paras = s.edit(uint64(n), st.paras, s.opts.SyndicationEdits)
	return st
}

// servePrivate serves /private/... and /search: pages robots.txt forbids.
// They answer 200 so that a crawler that ignores robots.txt is caught by
// the hit counters, not by an error.
func (s *Site) servePrivate(w http.ResponseWriter, r *http.Request) {
	b := s.getBuf()
	s.head(b, r, pageHead{title: "Staff only", ogType: "website"})
	b.WriteString("<main><h1>Staff only</h1><p>This area is for newsroom staff. Crawlers must not fetch it: robots.txt disallows it.</p>" +
		"<ul><li><a href=\"/private/drafts/embargoed-story.html\">Embargoed draft</a></li><li><a href=\"/private/payroll.html\">Payroll</a></li></ul></main>\n")
	s.foot(b)
	s.send(w, htmlType, b)
}
