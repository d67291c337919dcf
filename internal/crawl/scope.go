package crawl

import (
	"fmt"
	"net/url"
	"strings"
)

// scope decides which discovered URLs belong to the crawl.
type scope struct {
	domains []string // lower case, no leading dot
	opts    *Options
}

func newScope(o Options) (scope, error) {
	s := scope{}
	domains := o.AllowedDomains
	if len(domains) == 0 {
		for _, list := range [][]string{o.Seeds, o.Sitemaps, o.Feeds} {
			for _, raw := range list {
				u, err := url.Parse(raw)
				if err != nil || u.Hostname() == "" {
					return s, fmt.Errorf("crawl: bad start url %q", raw)
				}
				domains = append(domains, u.Hostname())
			}
		}
	}
	for _, d := range domains {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), ".")
		d = strings.TrimPrefix(d, "www.")
		if d != "" {
			s.domains = append(s.domains, d)
		}
	}
	if len(s.domains) == 0 {
		return s, fmt.Errorf("crawl: no seeds, sitemaps or feeds, and no allowed domains")
	}
	return s, nil
}

// allowedHost reports whether host is one of the allowed domains or a
// subdomain of one ("www." ignored).
func (s scope) allowedHost(host string) bool {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	for _, d := range s.domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// admit says whether a discovered link may be crawled. ok=false with a
// reason means it is recorded as skipped; ok=false without one means it is
// out of the crawl's scope altogether and not recorded.
func (s scope) admit(raw string, host string, depth int, o *Options) (ok bool, reason string) {
	if !s.allowedHost(host) {
		return false, ""
	}
	if len(o.Include) > 0 {
		matched := false
		for _, re := range o.Include {
			if re.MatchString(raw) {
				matched = true
				break
			}
		}
		if !matched {
			return false, ""
		}
	}
	for _, re := range o.Exclude {
		if re.MatchString(raw) {
			return false, ""
		}
	}
	if o.MaxDepth > 0 && depth > o.MaxDepth {
		return false, ""
	}
	return true, ""
}
