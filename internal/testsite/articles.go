package testsite

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Via says how a crawler can discover an article.
type Via string

// The discovery routes. Regular articles get one by id: id%10 == 7 is
// sitemap-only, id%10 == 5 links-only, id%10 == 3 feed-only while it is
// among the FeedItems newest feed entries, every other id ViaAll.
const (
	// ViaAll articles are linked from section and tag pages (the newest
	// also from the home page and other articles), listed in the sitemaps,
	// and in the feeds when among the newest.
	ViaAll Via = "all"
	// ViaLinks articles are linked from listing and article pages only:
	// in no sitemap and no feed.
	ViaLinks Via = "links"
	// ViaSitemap articles are listed in the article sitemaps (and the news
	// sitemap when recent) only: no page links to them, no feed has them.
	ViaSitemap Via = "sitemap"
	// ViaFeed articles are in the RSS, Atom and JSON feeds only.
	ViaFeed Via = "feed"
	// ViaFaults articles are fault pages that still end in an article
	// (after a retry, a redirect chain, deep nesting, or a charset
	// puzzle), linked from /faults/ only. They exist only with
	// Options.Faults.
	ViaFaults Via = "faults"
)

// ExpectedArticle is an article a complete crawl must store exactly once.
type ExpectedArticle struct {
	// Path is the canonical path: the article's <link rel=canonical> and
	// og:url are the request's scheme and host followed by Path.
	Path string
	// Title is the headline, as in <h1>, og:title, JSON-LD and feeds.
	Title string
	// Published is the publication time, in Options.Now's location.
	Published time.Time
	// Section is the section slug ("world"); "faults" for ViaFaults.
	Section string
	// Author is the byline's name.
	Author string
	// Via is how the article can be discovered.
	Via Via
}

// article is the metadata kept for one regular article; its text is
// generated on demand.
type article struct {
	id        int
	section   int
	tags      [2]int
	via       Via
	pos       int32 // index in bySection[section], -1 if not link-visible
	published time.Time
	modified  time.Time
	title     string
	author    string
	path      string
}

func (a *article) linkVisible() bool { return a.via == ViaAll || a.via == ViaLinks }
func (a *article) inSitemap() bool   { return a.via == ViaAll || a.via == ViaSitemap }
func (a *article) inFeed() bool      { return a.via == ViaAll || a.via == ViaFeed }

// buildArticles fills the article metadata and the listing indexes.
func (s *Site) buildArticles() {
	o := s.opts
	s.articles = make([]article, o.Articles)
	s.bySection = make([][]int32, len(o.Sections))
	s.byTag = make([][]int32, len(tagNames))
	newest := o.Now.Add(-time.Hour).Truncate(time.Minute)
	s.variants = -1
	for i := range s.articles {
		id := i + 1
		r := s.rng(streamMeta, uint64(id))
		a := &s.articles[i]
		a.id = id
		a.section = r.IntN(len(o.Sections))
		a.tags[0] = r.IntN(len(tagNames))
		a.tags[1] = (a.tags[0] + 1 + r.IntN(len(tagNames)-1)) % len(tagNames)
		a.title = headline(r)
		a.author = author(r)
		a.published = newest.Add(-time.Duration(i) * 47 * time.Minute)
		a.modified = a.published.Add(time.Duration(id%5) * 30 * time.Minute)
		if a.modified.After(o.Now) {
			a.modified = o.Now
		}
		switch {
		case id%10 == 7:
			a.via = ViaSitemap
		case id%10 == 5:
			a.via = ViaLinks
		case id%10 == 3 && len(s.feed) < o.FeedItems:
			a.via = ViaFeed
		default:
			a.via = ViaAll
		}
		if a.inFeed() && len(s.feed) < o.FeedItems {
			s.feed = append(s.feed, int32(i))
		}
		if a.inSitemap() {
			s.sitemap = append(s.sitemap, int32(i))
		}
		a.pos = -1
		if a.linkVisible() {
			a.pos = int32(len(s.bySection[a.section]))
			s.bySection[a.section] = append(s.bySection[a.section], int32(i))
			s.byTag[a.tags[0]] = append(s.byTag[a.tags[0]], int32(i))
			s.byTag[a.tags[1]] = append(s.byTag[a.tags[1]], int32(i))
			s.linked = append(s.linked, int32(i))
		}
		if a.via == ViaAll && s.variants < 0 {
			s.variants = int32(i)
		}
		a.path = articlePath(o.Sections[a.section], a.published, id, slugify(a.title))
	}
	// Partner copies copy ViaAll articles, spread over the site.
	var all []int32
	for _, i := range s.linked {
		if s.articles[i].via == ViaAll {
			all = append(all, i)
		}
	}
	// Prefer originals of 200 words or more: on short texts a few changed
	// words move a SimHash too far.
	for n := range o.Syndicated {
		if len(all) == 0 {
			break
		}
		start := (n*7 + 1) % len(all)
		pick := all[start]
		for k := range min(len(all), 50) {
			i := all[(start+k)%len(all)]
			if s.wordCount(uint64(s.articles[i].id)) >= 200 {
				pick = i
				break
			}
		}
		s.partners = append(s.partners, pick)
	}
}

func articlePath(section string, t time.Time, id int, slug string) string {
	b := make([]byte, 0, 80)
	b = append(b, "/news/"...)
	b = append(b, section...)
	b = t.AppendFormat(append(b, '/'), "2006/01/02")
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, '-')
	b = append(b, slug...)
	b = append(b, ".html"...)
	return string(b)
}

// ExpectedArticles returns every article a complete, robots-respecting
// crawl must store exactly once: the regular articles newest first, then
// (with Faults) the fault pages that end in an article. Syndicated copies,
// AMP and print copies and URL variants are not in the list: they must be
// recognised as duplicates of these. The list ignores RobotsMode: with
// Robots5xx a compliant crawler stores none of them.
func (s *Site) ExpectedArticles() []ExpectedArticle {
	out := make([]ExpectedArticle, 0, len(s.articles)+len(s.faults))
	for i := range s.articles {
		a := &s.articles[i]
		out = append(out, ExpectedArticle{
			Path: a.path, Title: a.title, Published: a.published,
			Section: s.opts.Sections[a.section], Author: a.author, Via: a.via,
		})
	}
	for _, f := range s.faults {
		if f.story != nil && s.opts.Faults {
			st := f.story(s)
			out = append(out, ExpectedArticle{
				Path: st.path, Title: st.title, Published: st.published,
				Section: "faults", Author: st.author, Via: ViaFaults,
			})
		}
	}
	return out
}

// story is everything an article page shows.
type story struct {
	path      string // canonical path; also where it is served
	title     string
	author    string
	section   int // index in Options.Sections; -1 for fault pages
	tags      []int
	published time.Time
	modified  time.Time
	paras     []string
	related   []int32 // article indexes
}

func (s *Site) story(a *article) *story {
	st := &story{
		path: a.path, title: a.title, author: a.author, section: a.section,
		tags: a.tags[:], published: a.published, modified: a.modified,
		paras: s.paragraphs(streamBody, uint64(a.id), s.opts.ParagraphsPerArticle),
	}
	list := s.bySection[a.section]
	start := int(a.pos) + 1
	for k := 0; k < 3 && k < len(list); k++ {
		j := list[(start+k)%len(list)]
		if int(j) != a.id-1 {
			st.related = append(st.related, j)
		}
	}
	return st
}

// Article page variants.
const (
	pageMain = iota
	pageAMP
	pagePrint
	pagePartner
)

// serveArticlePath serves a regular article. p is the path after any /amp
// prefix. With Traps, a trailing slash and a ";jsessionid=" suffix are
// accepted as variants of the same page.
func (s *Site) serveArticlePath(w http.ResponseWriter, r *http.Request, p string, amp bool) {
	if s.opts.Traps {
		if i := strings.Index(p, ";jsessionid="); i >= 0 {
			p = p[:i]
		}
		if strings.HasSuffix(p, ".html/") {
			p = p[:len(p)-1]
		}
	}
	a := s.lookup(p)
	if a == nil {
		s.notFound(w, r)
		return
	}
	kind := pageMain
	switch {
	case amp:
		kind = pageAMP
	case s.opts.Traps && r.URL.Query().Get("print") == "1":
		kind = pagePrint
	}
	b := s.getBuf()
	s.renderStory(b, r, s.story(a), kind)
	s.send(w, htmlType, b)
}

// lookup finds the article served at path p, or nil.
func (s *Site) lookup(p string) *article {
	slash := strings.LastIndexByte(p, '/')
	if slash < 0 {
		return nil
	}
	rest := p[slash+1:]
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	id, err := strconv.Atoi(rest[:n])
	if err != nil || id < 1 || id > len(s.articles) {
		return nil
	}
	a := &s.articles[id-1]
	if a.path != p {
		return nil
	}
	return a
}

// renderStory writes a whole article page of the given kind.
func (s *Site) renderStory(b *bytes.Buffer, r *http.Request, st *story, kind int) {
	origin := base(r)
	h := pageHead{title: st.title, ogType: "article", amp: kind == pageAMP, bare: kind == pagePrint || kind == pagePartner}
	if len(st.paras) > 0 {
		h.description = firstSentence(st.paras[0])
	}
	if kind != pagePartner {
		h.canonical = origin + st.path
	}
	sectionName, sectionTitle := "", ""
	if st.section >= 0 {
		sectionName, sectionTitle = s.opts.Sections[st.section], s.sectionTitle(st.section)
	}
	published := st.published.Format(time.RFC3339)
	extra := make([]byte, 0, 512)
	extra = append(extra, "<meta property=\"article:published_time\" content=\""+published+"\">\n"...)
	extra = append(extra, "<meta property=\"article:modified_time\" content=\""+st.modified.Format(time.RFC3339)+"\">\n"...)
	if sectionTitle != "" {
		extra = append(extra, "<meta property=\"article:section\" content=\""+sectionTitle+"\">\n"...)
	}
	if kind == pageMain && s.opts.Traps {
		extra = append(extra, "<link rel=\"amphtml\" href=\"/amp"+st.path+"\">\n"...)
	}
	h.extra = string(extra)

	ld := make([]byte, 0, 768)
	ld = append(ld, `{"@context":"https://schema.org","@type":"NewsArticle","headline":`...)
	ld = jsonString(ld, st.title)
	ld = append(ld, `,"datePublished":"`+published+`","dateModified":"`+st.modified.Format(time.RFC3339)+`","author":{"@type":"Person","name":`...)
	ld = jsonString(ld, st.author)
	ld = append(ld, '}')
	if sectionTitle != "" {
		ld = append(ld, `,"articleSection":`...)
		ld = jsonString(ld, sectionTitle)
	}
	if h.canonical != "" {
		ld = append(ld, `,"mainEntityOfPage":`...)
		ld = jsonString(ld, h.canonical)
	}
	ld = append(ld, `,"publisher":{"@type":"Organization","name":"`+siteName+`"}}`...)
	h.jsonLD = []string{string(ld)}
	if sectionName != "" {
		crumbs := `{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[` +
			`{"@type":"ListItem","position":1,"name":"Home","item":"` + origin + `/"},` +
			`{"@type":"ListItem","position":2,"name":` + string(jsonString(nil, sectionTitle)) + `,"item":"` + origin + "/section/" + sectionName + `/"}]}`
		h.jsonLD = append(h.jsonLD, crumbs)
	}
	s.head(b, r, h)

	if sectionName != "" {
		b.WriteString("<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> &raquo; <a href=\"/section/")
		b.WriteString(sectionName)
		b.WriteString("/\">")
		b.WriteString(sectionTitle)
		b.WriteString("</a></nav>\n")
	}
	b.WriteString("<main>\n<article class=\"story\">\n<h1>")
	b.WriteString(st.title)
	b.WriteString("</h1>\n<p class=\"byline\">By <span class=\"author\">")
	b.WriteString(st.author)
	b.WriteString("</span> &middot; <time datetime=\"")
	b.WriteString(published)
	b.WriteString("\">")
	b.WriteString(st.published.Format("2 January 2006, 15:04"))
	b.WriteString("</time></p>\n")
	for _, p := range st.paras {
		b.WriteString("<p>")
		b.WriteString(p)
		b.WriteString("</p>\n")
	}
	b.WriteString("</article>\n")
	if kind == pagePartner {
		b.WriteString("<p class=\"syndication\">Distributed by Partner Wire. Republished under licence; all rights reserved by the original publisher.</p>\n")
	}
	if kind == pageMain || kind == pageAMP {
		if len(st.tags) > 0 {
			b.WriteString("<aside class=\"tags\">Tags:")
			for _, t := range st.tags {
				b.WriteString(" <a href=\"/tag/")
				b.WriteString(tagNames[t])
				b.WriteString("/\">")
				b.WriteString(tagNames[t])
				b.WriteString("</a>")
			}
			b.WriteString("</aside>\n")
		}
		if len(st.related) > 0 {
			b.WriteString("<aside class=\"related\"><h2>Related</h2><ul>")
			for _, j := range st.related {
				s.teaserLink(b, &s.articles[j], "")
			}
			b.WriteString("</ul></aside>\n")
		}
	}
	if kind == pageMain && s.opts.Traps {
		b.WriteString("<p class=\"tools\"><a href=\"")
		b.WriteString(st.path)
		b.WriteString("?print=1\">Print</a> &middot; <a href=\"")
		b.WriteString(st.path)
		b.WriteString("?utm_source=share&amp;utm_medium=email\">Share by e-mail</a> &middot; <a href=\"#comments\">Comments</a> &middot; <a href=\"/amp")
		b.WriteString(st.path)
		b.WriteString("\">AMP</a></p>\n<section id=\"comments\"><h2>Comments</h2><p>Comments are closed.</p></section>\n")
	}
	b.WriteString("</main>\n")
	s.foot(b)
}

// teaserLink writes one <li> linking to article a (at its path plus
// suffix), without a summary.
func (s *Site) teaserLink(b *bytes.Buffer, a *article, suffix string) {
	b.WriteString("<li><a href=\"")
	b.WriteString(a.path)
	b.WriteString(suffix)
	b.WriteString("\">")
	b.WriteString(a.title)
	b.WriteString("</a></li>")
}

func firstSentence(p string) string {
	if i := strings.Index(p, ". "); i >= 0 {
		return p[:i+1]
	}
	return p
}
