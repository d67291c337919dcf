package dedup

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/idna"

	"github.com/newshound/newshound/extractors/page"
)

// ErrNotHTTP is returned by Canonical for a URL that is not an absolute
// http or https URL with a host.
var ErrNotHTTP = errors.New("dedup: not an absolute http(s) url")

// CanonOptions tune Canonical. The zero value applies the safe rules only
// (those that never change which page a server returns).
type CanonOptions struct {
	// StripVariants maps AMP and print variants to the main article URL:
	// a path segment "amp" or "print" is removed (/amp/x, /x/amp/,
	// /x/print), ".amp.html" becomes ".html" and a trailing ".amp" is cut,
	// the parameters amp, outputType=amp, print, printable and view=print
	// are dropped, an "amp." host prefix is removed (amp.example.com ->
	// example.com; combine with StripWWW) and Google AMP cache addresses
	// (*.cdn.ampproject.org/c/s/host/path, www.google.com/amp/s/host/path)
	// become the publisher's URL. False keeps them.
	StripVariants bool
	// StripWWW removes a leading "www." from the host, so that
	// www.example.com and example.com give one key. False keeps it.
	StripWWW bool
	// KeepTrailingSlash keeps a path's trailing slash (and a directory
	// index file name). Servers differ on /x and /x/ (one may be a 404),
	// so a key that must stay fetchable (a frontier URL) keeps it. False
	// trims both, for storage keys.
	KeepTrailingSlash bool
	// ForceHTTPS rewrites http to https, so that both schemes give one
	// key. False keeps the scheme.
	ForceHTTPS bool
	// DropParams names extra query parameters to drop (case-insensitive,
	// exact names; a trailing "*" matches a prefix), for site rules such
	// as "ref" or "cmp". Nil adds none.
	DropParams []string
	// KeepParams names query parameters never dropped, even when the
	// built-in tables list them (a site that uses "sid" for a story id).
	// Nil keeps no exceptions.
	KeepParams []string
}

// trackingParams are query parameters that only tell where a visitor came
// from. Lower case; an entry ending in "*" is a prefix. "ref" is NOT here:
// some sites use it as a content identifier; add it with DropParams where
// it is tracking.
var trackingParams = [...]string{
	"utm_*", "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid",
	"msclkid", "yclid", "twclid", "ttclid", "igshid", "li_fat_id",
	"mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc",
	"__hsfp", "mkt_tok", "oly_anon_id", "oly_enc_id", "rb_clickid",
	"vero_id", "wickedid", "s_cid", "ncid", "ocid", "cmpid", "smid",
	"smtyp", "at_medium", "at_campaign", "at_custom1", "at_custom2",
	"at_custom3", "at_custom4", "ref_src", "ref_url", "spm", "share",
	"sharesource", "xtor", "__twitter_impression", "_branch_match_id",
}

// sessionParams always carry a server session token.
var sessionParams = [...]string{
	"jsessionid", "phpsessid", "aspsessionid*", "cfid", "cftoken",
	"sessionid", "session_id",
}

// maybeSessionParams carry a session token on some sites and a content id
// (Slashdot's "sid" story ids) on others: they are dropped only when the
// value looks like a random token (see looksLikeToken).
var maybeSessionParams = [...]string{"sid", "sess", "s_id"}

// variantParams mark AMP and print renditions (with StripVariants). A value
// after "=" must match too; an empty value matches any value.
var variantParams = [...]struct{ name, value string }{
	{"amp", ""}, {"outputtype", "amp"}, {"output", "amp"}, {"format", "amp"},
	{"print", ""}, {"printable", ""}, {"view", "print"}, {"output", "print"},
	{"printer", ""}, {"printerfriendly", ""},
}

// indexFiles are directory index names removed from the end of a path.
var indexFiles = [...]string{
	"index.html", "index.htm", "index.shtml", "index.php", "default.aspx",
	"default.asp", "default.htm", "default.html",
}

// Canonical returns the canonical form of an absolute http(s) URL, the key
// under which the 50 addresses of one article meet:
//
//   - scheme and host in lower case, a trailing dot and the default port
//     removed, internationalised host names in ASCII (IDNA/punycode), user
//     information dropped;
//   - the fragment dropped;
//   - tracking parameters (utm_*, fbclid, gclid, mc_cid, _ga, ...) and
//     session ids (jsessionid, phpsessid, and sid/sess only when the value
//     looks like a random token) dropped, the remaining parameters sorted
//     by name (then value), empty parameters ("&&") dropped;
//   - ";jsessionid=..." path parameters removed;
//   - percent-escapes of unreserved characters decoded (%7E -> ~), other
//     escapes in upper case, "." and ".." segments resolved, duplicate
//     slashes kept;
//   - a trailing directory index (index.html, default.aspx) removed, and a
//     trailing slash removed from every path but "/": /news/ and /news are
//     one key. This is an identity key, not always the address to fetch; a
//     server that redirects /news to /news/ still serves the same page.
//
// Options add the rules that depend on the site (StripVariants, StripWWW,
// ForceHTTPS, DropParams, KeepParams). Canonical is idempotent.
func Canonical(raw string, opts CanonOptions) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("canonical %q: %w", raw, ErrNotHTTP)
	}
	if opts.StripVariants {
		if inner, ok := ampCacheTarget(u); ok {
			return Canonical(inner, opts)
		}
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	host, err := canonicalHost(u.Scheme, u.Host, opts)
	if err != nil {
		return "", fmt.Errorf("canonical %q: %w", raw, err)
	}
	u.Host = host
	if opts.ForceHTTPS {
		u.Scheme = "https" // after canonicalHost dropped http's default port
	}

	path := removeSessionPathParams(u.EscapedPath())
	path = normaliseEscapes(path)
	path = removeDotSegments(path)
	if opts.StripVariants {
		path = stripPathVariants(path)
	}
	if !opts.KeepTrailingSlash {
		path = trimIndexAndSlash(path)
	}
	query := canonicalQuery(u.RawQuery, opts)

	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(u.Scheme)
	b.WriteString("://")
	b.WriteString(u.Host)
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	return b.String(), nil
}

// canonicalHost lower-cases the host, converts it to ASCII, drops the
// default port, a trailing dot, and (with options) "www." and "amp.".
func canonicalHost(scheme, hostport string, opts CanonOptions) (string, error) {
	host, port := splitHostPort(hostport)
	host = strings.ToLower(host)
	ipv6 := strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]")
	if ipv6 || strings.Contains(host, ":") {
		ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
		if ip == nil {
			return "", fmt.Errorf("bad host %q: %w", host, ErrNotHTTP)
		}
		host = ip.String()
	} else {
		host = strings.TrimRight(host, ".")
		if !page.IsASCII(host) {
			a, err := idna.Lookup.ToASCII(host)
			if err != nil {
				return "", fmt.Errorf("idna host %q: %w", host, err)
			}
			host = strings.TrimRight(a, ".")
		}
		if !validHost(host) {
			return "", fmt.Errorf("bad host %q: %w", host, ErrNotHTTP)
		}
	}
	if opts.StripVariants && strings.HasPrefix(host, "amp.") && strings.Count(host, ".") >= 2 {
		host = strings.TrimPrefix(host, "amp.")
	}
	if opts.StripWWW && strings.HasPrefix(host, "www.") && strings.Count(host, ".") >= 2 {
		host = strings.TrimPrefix(host, "www.")
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		return host + ":" + port, nil
	}
	return host, nil
}

// splitHostPort splits a URL's host into host and port, with port ""
// when there is none (or it is empty: "example.org:").
func splitHostPort(hostport string) (host, port string) {
	if strings.IndexByte(hostport, ':') < 0 {
		return hostport, "" // SplitHostPort would fail, allocating its error
	}
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		return h, p
	}
	return strings.TrimSuffix(hostport, ":"), ""
}

// ampCacheTarget returns the publisher URL behind a Google AMP cache
// address: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x
// or https://www.google.com/amp/s/www.example.com/x ("s/" means https).
func ampCacheTarget(u *url.URL) (string, bool) {
	host := strings.ToLower(u.Hostname())
	var rest string
	switch {
	case strings.HasSuffix(host, ".cdn.ampproject.org"):
		p := u.EscapedPath()
		i := strings.IndexByte(strings.TrimPrefix(p, "/"), '/')
		if i < 0 {
			return "", false
		}
		rest = p[i+2:] // drop "/c/", "/v/", "/i/"
	case (host == "www.google.com" || host == "google.com") && strings.HasPrefix(u.EscapedPath(), "/amp/"):
		rest = strings.TrimPrefix(u.EscapedPath(), "/amp/")
	default:
		return "", false
	}
	scheme := "http://"
	if strings.HasPrefix(rest, "s/") {
		scheme, rest = "https://", rest[2:]
	}
	if rest == "" || strings.HasPrefix(rest, "/") {
		return "", false
	}
	target := scheme + rest
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return target, true
}

// removeSessionPathParams cuts ";jsessionid=..." (any case) from a path.
func removeSessionPathParams(p string) string {
	for {
		i := strings.Index(strings.ToLower(p), ";jsessionid=")
		if i < 0 {
			return p
		}
		j := strings.IndexAny(p[i+1:], "/;")
		if j < 0 {
			p = p[:i]
		} else {
			p = p[:i] + p[i+1+j:]
		}
	}
}

// normaliseEscapes decodes percent-escapes of unreserved characters and
// upper-cases the hex digits of the others (reserved bytes such as an
// escaped "=", "&", "/" or "+" stay escaped, keeping their meaning).
func normaliseEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex(s[i+1]))
				b.WriteByte(upperHex(s[i+2]))
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// removeDotSegments applies RFC 3986 section 5.2.4 to an escaped path.
func removeDotSegments(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.Contains(p, ".") || strings.HasPrefix(p, "/") && !hasDotSegment(p) {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

// hasDotSegment reports whether the path p has a "." or ".." segment.
func hasDotSegment(p string) bool {
	for p != "" {
		seg := p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			seg, p = p[:i], p[i+1:]
		} else {
			p = ""
		}
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// stripPathVariants removes AMP and print markers from an escaped path.
func stripPathVariants(p string) string {
	if p != "" && !page.ContainsFold(p, "amp") && !page.ContainsFold(p, "print") {
		return p // nothing to strip: the common case, without allocating
	}
	lower := strings.ToLower(p)
	switch {
	case strings.HasSuffix(lower, ".amp.html"):
		p = p[:len(p)-len(".amp.html")] + ".html"
	case strings.HasSuffix(lower, ".amp.htm"):
		p = p[:len(p)-len(".amp.htm")] + ".htm"
	case strings.HasSuffix(lower, ".amp"):
		p = p[:len(p)-len(".amp")]
	}
	segs := strings.Split(p, "/")
	out := segs[:0]
	for i, s := range segs {
		ls := strings.ToLower(s)
		if i > 0 && (ls == "amp" || ls == "print") {
			continue
		}
		out = append(out, s)
	}
	r := strings.Join(out, "/")
	if r == "" {
		return "/"
	}
	return r
}

// trimIndexAndSlash removes a directory index file name and the trailing
// slash of every path but "/".
func trimIndexAndSlash(p string) string {
	i := strings.LastIndexByte(p, '/')
	last := strings.ToLower(p[i+1:])
	for _, f := range indexFiles {
		if last == f {
			p = p[:i+1]
			break
		}
	}
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	if p == "" {
		return "/"
	}
	return p
}

// canonicalQuery filters and sorts a raw query string.
func canonicalQuery(raw string, opts CanonOptions) string {
	if raw == "" {
		return ""
	}
	type param struct{ key, name, value, raw string }
	var kept []param
	for _, part := range strings.Split(raw, "&") {
		if part == "" || part == "=" {
			continue
		}
		part = normaliseEscapes(part)
		key, value, _ := strings.Cut(part, "=")
		name := key
		if dec, err := url.QueryUnescape(key); err == nil {
			name = dec
		}
		name = strings.ToLower(name)
		if dropParam(name, value, opts) {
			continue
		}
		kept = append(kept, param{key: key, name: name, value: value, raw: part})
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].key != kept[j].key {
			return kept[i].key < kept[j].key
		}
		return kept[i].value < kept[j].value
	})
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// dropParam reports whether the query parameter name (lower case, decoded)
// with its raw value is dropped.
func dropParam(name, value string, opts CanonOptions) bool {
	for _, k := range opts.KeepParams {
		if matchName(name, strings.ToLower(k)) {
			return false
		}
	}
	for _, d := range opts.DropParams {
		if matchName(name, strings.ToLower(d)) {
			return true
		}
	}
	for _, t := range trackingParams {
		if matchName(name, t) {
			return true
		}
	}
	for _, s := range sessionParams {
		if matchName(name, s) {
			return true
		}
	}
	for _, s := range maybeSessionParams {
		if name == s && looksLikeToken(value) {
			return true
		}
	}
	if opts.StripVariants {
		v := strings.ToLower(value)
		for _, vp := range variantParams {
			if name == vp.name && (vp.value == "" || v == vp.value) {
				return true
			}
		}
	}
	return false
}

// matchName matches a parameter name against a table entry; an entry
// ending in "*" is a prefix.
func matchName(name, entry string) bool {
	if p, ok := strings.CutSuffix(entry, "*"); ok {
		return strings.HasPrefix(name, p)
	}
	return name == entry
}

// looksLikeToken reports whether v looks like a random session token: at
// least 16 characters of letters and digits (or hex), containing both.
func looksLikeToken(v string) bool {
	if len(v) < 16 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letters++
		case c == '-' || c == '_':
		default:
			return false
		}
	}
	return letters > 0 && digits > 0
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func upperHex(c byte) byte {
	if c >= 'a' && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// validHost reports whether h is a plausible lower-case ASCII host name:
// non-empty labels of letters, digits, "-" and "_".
func validHost(h string) bool {
	if h == "" {
		return false
	}
	label := 0 // length of the label so far
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_':
			label++
		default:
			return false
		}
	}
	return label > 0
}
