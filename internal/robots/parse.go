package robots

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Rules is one parsed robots.txt file (RFC 9309). The zero value allows
// everything. Rules are immutable once parsed and safe for concurrent use.
type Rules struct {
	groups   []group
	sitemaps []string
	// allowAll and disallowAll short-cut files that were not parsed
	// (4xx: allow all; 5xx, 429, network errors: disallow all).
	allowAll, disallowAll bool
}

// group is a set of rules for one or more user agents.
type group struct {
	agents     []string // lower-case product tokens; "*" for the default group
	rules      []rule
	crawlDelay time.Duration
	hasDelay   bool
}

// rule is one allow or disallow line, its pattern normalised.
type rule struct {
	allow   bool
	pattern string
}

// AllowAll returns Rules that allow everything (robots.txt unavailable).
func AllowAll() *Rules { return &Rules{allowAll: true} }

// DisallowAll returns Rules that disallow everything (robots.txt
// unreachable).
func DisallowAll() *Rules { return &Rules{disallowAll: true} }

// Parse parses a robots.txt body per RFC 9309. It never fails: lines that
// are not "key: value" records, unknown keys, rules before any user-agent
// line and an HTML page served as robots.txt are ignored, which leaves
// everything allowed. Besides user-agent, allow and disallow it reads the
// non-standard crawl-delay (per group) and sitemap (global) records, and
// accepts common misspellings of the keys (as Google's parser does).
func Parse(body []byte) *Rules {
	r := &Rules{}
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	if looksLikeHTML(body) {
		return r
	}
	var cur *group
	inRules := false // the current group has seen a rule line
	for len(body) > 0 {
		var line []byte
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		k := normaliseKey(string(bytes.TrimSpace(key)))
		v := string(bytes.TrimSpace(value))
		switch k {
		case "user-agent":
			if cur == nil || inRules {
				r.groups = append(r.groups, group{})
				cur = &r.groups[len(r.groups)-1]
				inRules = false
			}
			cur.agents = append(cur.agents, agentToken(v))
		case "allow", "disallow":
			if cur == nil {
				continue // rules outside a group are ignored
			}
			inRules = true
			if v == "" {
				continue // "Disallow:" with no path matches nothing
			}
			cur.rules = append(cur.rules, rule{allow: k == "allow", pattern: normalisePath(v)})
		case "crawl-delay":
			if cur == nil {
				continue
			}
			inRules = true
			if d, err := strconv.ParseFloat(v, 64); err == nil && d >= 0 && d < 1e6 {
				cur.crawlDelay = time.Duration(d * float64(time.Second))
				cur.hasDelay = true
			}
		case "sitemap":
			if v != "" {
				r.sitemaps = append(r.sitemaps, v)
			}
		}
	}
	return r
}

// keyAliases maps misspelt record keys to their standard name.
var keyAliases = map[string]string{
	"useragent": "user-agent", "user agent": "user-agent",
	"dissallow": "disallow", "dissalow": "disallow", "disalow": "disallow",
	"diasllow": "disallow", "disallaw": "disallow",
	"crawldelay": "crawl-delay", "crawl delay": "crawl-delay",
	"site-map": "sitemap",
}

func normaliseKey(k string) string {
	k = strings.ToLower(k)
	if a, ok := keyAliases[k]; ok {
		return a
	}
	return k
}

// looksLikeHTML reports whether body is an HTML page (a soft 404 or a
// login page served with status 200 at /robots.txt).
func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<head")) || bytes.HasPrefix(head, []byte("<body")) ||
		(bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte("<html")))
}

// agentToken returns the product token of a user-agent line value: its
// leading run of letters, "-" and "_", lower-cased ("Googlebot/2.1" ->
// "googlebot"); "*" stays "*".
func agentToken(v string) string {
	if strings.HasPrefix(v, "*") {
		return "*"
	}
	return productToken(v)
}

// productToken returns the crawler's product token from a full User-Agent
// string: its leading run of letters, "-" and "_", lower-cased
// ("newshound/0.1 (+https://...)" -> "newshound").
func productToken(ua string) string {
	ua = strings.TrimSpace(ua)
	i := 0
	for i < len(ua) {
		c := ua[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			break
		}
		i++
	}
	return strings.ToLower(ua[:i])
}

// normalisePath percent-encodes the bytes of a path or pattern that are
// not printable ASCII and upper-cases existing escapes, so that a rule and
// a URL written differently compare equal (RFC 9309 section 2.2.2).
func normalisePath(p string) string {
	var b strings.Builder
	b.Grow(len(p))
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			i += 2
		case c <= 0x20 || c >= 0x7F:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Allowed reports whether path (the URL's escaped path and query, starting
// with "/") may be fetched by the crawler whose User-Agent is ua. The
// groups naming ua's product token apply, merged, else the "*" groups;
// the longest matching rule wins and, between equally long allow and
// disallow rules, allow wins. /robots.txt itself is always allowed.
func (r *Rules) Allowed(path, ua string) bool {
	switch {
	case r == nil || r.allowAll:
		return true
	case r.disallowAll:
		return false
	}
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	path = normalisePath(path)
	best, allow := -1, true
	for _, g := range r.match(ua) {
		for _, rl := range g.rules {
			if !matches(rl.pattern, path) {
				continue
			}
			n := len(rl.pattern)
			if n > best || (n == best && rl.allow) {
				best, allow = n, rl.allow
			}
		}
	}
	return allow
}

// CrawlDelay returns the crawl-delay of the groups that apply to ua and
// whether one was given.
func (r *Rules) CrawlDelay(ua string) (time.Duration, bool) {
	if r == nil {
		return 0, false
	}
	for _, g := range r.match(ua) {
		if g.hasDelay {
			return g.crawlDelay, true
		}
	}
	return 0, false
}

// Sitemaps returns the sitemap URLs the file lists, in file order.
func (r *Rules) Sitemaps() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.sitemaps...)
}

// match returns the groups that apply to ua: those naming its product
// token, or else those for "*".
func (r *Rules) match(ua string) []*group {
	tok := productToken(ua)
	var named, star []*group
	for i := range r.groups {
		g := &r.groups[i]
		isNamed, isStar := false, false
		for _, a := range g.agents {
			isNamed = isNamed || (tok != "" && a == tok)
			isStar = isStar || a == "*"
		}
		if isNamed {
			named = append(named, g)
		} else if isStar {
			star = append(star, g)
		}
	}
	if len(named) > 0 {
		return named
	}
	return star
}

// matches reports whether path matches pattern: a prefix match where "*"
// matches any sequence of characters and a final "$" anchors the end.
func matches(pattern, path string) bool {
	// Positions in path that the pattern matched so far, as in Google's
	// reference matcher: linear in len(pattern) * len(path).
	pos := make([]int, 1, 8)
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c == '$' && i == len(pattern)-1 {
			return pos[len(pos)-1] == len(path)
		}
		if c == '*' {
			start := pos[0]
			pos = pos[:0]
			for p := start; p <= len(path); p++ {
				pos = append(pos, p)
			}
			continue
		}
		next := pos[:0]
		for _, p := range pos {
			if p < len(path) && path[p] == c {
				next = append(next, p+1)
			}
		}
		pos = next
		if len(pos) == 0 {
			return false
		}
	}
	return true
}
