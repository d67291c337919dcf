package dedup

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// ArticleKey returns the key an article is stored under: the page's
// declared canonical address (canonicalURL from <link rel=canonical>, else
// ogURL from og:url) when it is trustworthy, else the fetched address, all
// through Canonical with opts.
//
// A declared address is trusted only when it stays on the fetched page's
// site (same registrable domain per the public suffix list, or the same
// host for IP addresses and single-label hosts) and is not the site's home
// page (a common template bug that would fold every article into one).
// A syndicated copy whose rel=canonical names the original publisher
// therefore keys under its own URL; near-duplicate detection (SimHash)
// links it to the original. Relative declared addresses are resolved
// against fetchedURL. When fetchedURL itself cannot be canonicalised it is
// returned trimmed, so a key is never empty for a non-empty input.
func ArticleKey(fetchedURL, canonicalURL, ogURL string, opts CanonOptions) string {
	fetched, err := Canonical(fetchedURL, opts)
	if err != nil {
		return strings.TrimSpace(fetchedURL)
	}
	base, _ := url.Parse(fetched)
	for _, cand := range [...]string{canonicalURL, ogURL} {
		cand = strings.TrimSpace(cand)
		if cand == "" {
			continue
		}
		ref, err := url.Parse(cand)
		if err != nil {
			continue
		}
		c, err := Canonical(base.ResolveReference(ref).String(), opts)
		if err != nil {
			continue
		}
		cu, _ := url.Parse(c)
		if !SameSite(base.Hostname(), cu.Hostname()) || isHomePage(cu) {
			continue
		}
		return c
	}
	return fetched
}

// SameSite reports whether two host names belong to one site: the same
// registrable domain ("eTLD+1": news.example.co.uk and www.example.co.uk),
// or equal hosts when either has none (IP addresses, "localhost").
// Case and a "www." prefix are ignored.
func SameSite(hostA, hostB string) bool {
	a := strings.TrimSuffix(strings.ToLower(hostA), ".")
	b := strings.TrimSuffix(strings.ToLower(hostB), ".")
	if a == b {
		return true
	}
	ra, errA := publicsuffix.EffectiveTLDPlusOne(a)
	rb, errB := publicsuffix.EffectiveTLDPlusOne(b)
	if errA != nil || errB != nil {
		return strings.TrimPrefix(a, "www.") == strings.TrimPrefix(b, "www.")
	}
	return ra == rb
}

// isHomePage reports whether u (canonical form) is a site's home page: the
// root path without a query.
func isHomePage(u *url.URL) bool {
	return (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}
