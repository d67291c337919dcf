package testsite

import (
	"net/http"
	"strconv"
	"strings"
)

// RobotsMode selects how /robots.txt is served.
type RobotsMode int

// The robots.txt modes. RFC 9309 says what a crawler must make of each:
// 4xx means no restrictions, 5xx means complete disallow.
const (
	// RobotsNormal serves a plain robots.txt: Disallow /private/ and
	// /search, the Crawl-delay if any, and the sitemap index.
	RobotsNormal RobotsMode = iota
	// Robots5xx answers 503: a crawler must treat the whole site as
	// disallowed (and may retry robots.txt later).
	Robots5xx
	// RobotsHTML answers 200 with an HTML page (a CMS's catch-all): no
	// valid rules, so everything is allowed.
	RobotsHTML
	// RobotsHuge serves the normal rules followed by comment lines up to
	// 2 MiB; a crawler must parse at least the first 500 KiB, which hold
	// every rule.
	RobotsHuge
	// RobotsMissing answers 404: everything is allowed.
	RobotsMissing
)

// String names the mode as the constants do, without the prefix.
func (m RobotsMode) String() string {
	switch m {
	case RobotsNormal:
		return "normal"
	case Robots5xx:
		return "5xx"
	case RobotsHTML:
		return "html"
	case RobotsHuge:
		return "huge"
	case RobotsMissing:
		return "missing"
	}
	return "RobotsMode(" + strconv.Itoa(int(m)) + ")"
}

// robotsHugeSize is the size of the RobotsHuge body.
const robotsHugeSize = 2 << 20

func (s *Site) robotsRules(r *http.Request) string {
	var b strings.Builder
	b.WriteString("# robots.txt for " + siteName + " (newshound testsite)\nUser-agent: *\nDisallow: /private/\nDisallow: /search\n")
	if d := s.opts.CrawlDelay; d > 0 {
		b.WriteString("Crawl-delay: " + strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "\n")
	}
	b.WriteString("\nSitemap: " + base(r) + "/sitemap_index.xml\n")
	return b.String()
}

// serveRobots serves /robots.txt in the site's RobotsMode.
func (s *Site) serveRobots(w http.ResponseWriter, r *http.Request) {
	const textType = "text/plain; charset=utf-8"
	b := s.getBuf()
	switch s.opts.RobotsMode {
	case Robots5xx:
		w.Header().Set("Retry-After", "1")
		b.WriteString("Service temporarily unavailable\n")
		s.sendStatus(w, http.StatusServiceUnavailable, textType, b)
	case RobotsHTML:
		s.head(b, r, pageHead{title: "Home", ogType: "website"})
		b.WriteString("<main><h1>Welcome</h1><p>The page you requested could not be found, so here is our home page.</p></main>\n")
		s.foot(b)
		s.send(w, htmlType, b)
	case RobotsMissing:
		b.WriteString("not found\n")
		s.sendStatus(w, http.StatusNotFound, textType, b)
	case RobotsHuge:
		b.WriteString(s.robotsRules(r))
		const line = "# This line pads robots.txt to test a crawler's size limit...\n"
		for b.Len()+len(line) <= robotsHugeSize {
			b.WriteString(line)
		}
		for b.Len() < robotsHugeSize-1 {
			b.WriteByte('#')
		}
		b.WriteByte('\n')
		s.send(w, textType, b)
	default:
		b.WriteString(s.robotsRules(r))
		s.send(w, textType, b)
	}
}
