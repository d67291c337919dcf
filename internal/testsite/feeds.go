package testsite

import (
	"net/http"
	"time"
)

// The feeds list the same articles (Site.feed: the FeedItems newest ViaAll
// and ViaFeed articles, newest first), so a feed-only article is in all
// three.

// serveRSS serves /feed.xml, RSS 2.0.
func (s *Site) serveRSS(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	b := s.getBuf()
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>" +
		siteName + "</title>\n<link>" + origin + "/</link>\n<description>Latest news from " + siteName + "</description>\n<language>en</language>\n<atom:link href=\"" +
		origin + "/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n<lastBuildDate>" + s.opts.Now.Format(time.RFC1123Z) + "</lastBuildDate>\n")
	for _, i := range s.feed {
		a := &s.articles[i]
		u := origin + a.path
		b.WriteString("<item><title>" + escapeText(a.title) + "</title><link>" + u + "</link><guid isPermaLink=\"true\">" + u +
			"</guid><pubDate>" + a.published.Format(time.RFC1123Z) + "</pubDate><dc:creator>" + escapeText(a.author) +
			"</dc:creator><category>" + escapeText(s.opts.Sections[a.section]) + "</category><description>" + escapeText(s.teaserText(a)) + "</description></item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
	s.send(w, "application/rss+xml; charset=utf-8", b)
}

// serveAtom serves /atom.xml, Atom 1.0.
func (s *Site) serveAtom(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	b := s.getBuf()
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>" + siteName + "</title>\n<id>" + origin +
		"/</id>\n<link rel=\"alternate\" href=\"" + origin + "/\"/>\n<link rel=\"self\" href=\"" + origin + "/atom.xml\"/>\n<updated>" + s.opts.Now.Format(time.RFC3339) + "</updated>\n")
	for _, i := range s.feed {
		a := &s.articles[i]
		u := origin + a.path
		b.WriteString("<entry><title>" + escapeText(a.title) + "</title><id>" + u + "</id><link rel=\"alternate\" type=\"text/html\" href=\"" + u +
			"\"/><published>" + a.published.Format(time.RFC3339) + "</published><updated>" + a.modified.Format(time.RFC3339) +
			"</updated><author><name>" + escapeText(a.author) + "</name></author><category term=\"" + escapeText(s.opts.Sections[a.section]) +
			"\"/><summary>" + escapeText(s.teaserText(a)) + "</summary></entry>\n")
	}
	b.WriteString("</feed>\n")
	s.send(w, "application/atom+xml; charset=utf-8", b)
}

// serveJSONFeed serves /feed.json, JSON Feed 1.1.
func (s *Site) serveJSONFeed(w http.ResponseWriter, r *http.Request) {
	origin := base(r)
	j := make([]byte, 0, 256+len(s.feed)*400)
	j = append(j, `{"version":"https://jsonfeed.org/version/1.1","title":"`+siteName+`","home_page_url":"`+origin+`/","feed_url":"`+origin+`/feed.json","language":"en","items":[`...)
	for n, i := range s.feed {
		a := &s.articles[i]
		if n > 0 {
			j = append(j, ',')
		}
		u := origin + a.path
		j = append(j, "\n"+`{"id":`...)
		j = jsonString(j, u)
		j = append(j, `,"url":`...)
		j = jsonString(j, u)
		j = append(j, `,"title":`...)
		j = jsonString(j, a.title)
		j = append(j, `,"summary":`...)
		j = jsonString(j, s.teaserText(a))
		j = append(j, `,"date_published":"`+a.published.Format(time.RFC3339)+`","date_modified":"`+a.modified.Format(time.RFC3339)+`","authors":[{"name":`...)
		j = jsonString(j, a.author)
		j = append(j, `}],"tags":[`...)
		j = jsonString(j, tagNames[a.tags[0]])
		j = append(j, ',')
		j = jsonString(j, tagNames[a.tags[1]])
		j = append(j, "]}"...)
	}
	j = append(j, "\n]}\n"...)
	b := s.getBuf()
	b.Write(j)
	s.send(w, "application/feed+json; charset=utf-8", b)
}
