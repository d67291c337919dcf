package meta

import (
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// siteNames is the evidence of what the site calls itself: declared names
// (og:site_name, JSON-LD publisher and WebSite, application-name,
// twitter:site) and the labels of the host name. Titles are stripped of
// segments that match it; authors equal to it are dropped.
type siteNames struct {
	names      []string // declared names, cleaned
	squashed   []string // squash of names
	hostLabels []string // squashed host labels, e.g. "zeit" for www.zeit.de
	host       string   // squash of the host without its public suffix
}

// genericHostLabels are host labels that name no site.
var genericHostLabels = map[string]bool{
	"www": true, "m": true, "com": true, "co": true, "org": true, "net": true,
	"gov": true, "edu": true, "ac": true, "blog": true, "blogs": true, "news": true,
	"amp": true, "mobile": true, "de": true, "uk": true, "fr": true, "it": true,
	"es": true, "en": true, "info": true, "online": true,
}

// findSite decides the site name and collects the site-name evidence.
func findSite(p *page.Page) (string, siteNames, provenance.Decision) {
	d := provenance.Decision{Field: "site_name"}
	var cands []provenance.Candidate
	add := func(v, rule, node, attr string) {
		c := clean(v)
		if c == "" || len(c) > 120 {
			return
		}
		cands = append(cands, provenance.Candidate{Value: c, Source: provenance.Source{Rule: rule, Node: node, Attr: attr, Raw: truncate(v)}})
	}
	for _, m := range p.Meta {
		switch m.Key {
		case "og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher":
			add(m.Content, "meta."+m.Key, page.Describe(m.Node), "content")
		}
	}
	for _, o := range p.JSONLD {
		if pub, ok := o.Object["publisher"]; ok {
			add(page.String(pub), "jsonld.publisher", o.Describe(), "publisher")
		}
		if o.HasType("WebSite") {
			add(o.String("name"), "jsonld.WebSite.name", o.Describe(), "name")
		}
		if o.HasType("Organization", "NewsMediaOrganization") {
			add(o.String("name"), "jsonld.Organization.name", o.Describe(), "name")
		}
	}
	if tw, m := p.MetaContent("twitter:site"); m != nil {
		tw = strings.TrimPrefix(strings.TrimSpace(tw), "@")
		if tw != "" && !strings.Contains(tw, "/") {
			cands = append(cands, provenance.Candidate{Value: tw, Source: provenance.Source{Rule: "meta.twitter:site", Node: page.Describe(m.Node), Attr: "content", Raw: truncate(tw)}, Reason: "handle, evidence only"})
		}
	}
	var s siteNames
	seen := map[string]bool{}
	for _, c := range cands {
		q := squash(c.Value)
		if q == "" || seen[q] || strings.HasPrefix(c.Value, "http") {
			continue
		}
		seen[q] = true
		s.names = append(s.names, c.Value)
		s.squashed = append(s.squashed, q)
	}
	if h := p.Host(); h != "" {
		labels := strings.Split(h, ".")
		if len(labels) > 1 {
			labels = labels[:len(labels)-1]
		}
		for _, l := range labels {
			if q := squash(l); len(q) >= 3 && !genericHostLabels[q] {
				s.hostLabels = append(s.hostLabels, q)
			}
		}
		s.host = squash(strings.Join(labels, ""))
	}
	// The winner: the first declared name that is not a URL or handle.
	win := -1
	for i, c := range cands {
		if c.Source.Rule == "meta.twitter:site" || strings.HasPrefix(c.Value, "http") || strings.Contains(c.Value, "://") {
			continue
		}
		win = i
		break
	}
	for i, c := range cands {
		if i == win {
			continue
		}
		if c.Reason == "" {
			c.Reason = "lower priority"
		}
		d.Rejected = append(d.Rejected, c)
	}
	if win < 0 {
		return "", s, d
	}
	src := cands[win].Source
	d.Value, d.Source, d.Confidence = cands[win].Value, &src, 0.9
	return cands[win].Value, s, d
}

// matches reports whether a title segment names the site: it equals a
// declared name or the host, or is a short phrase that contains a host
// label (or that a host label contains).
func (s siteNames) matches(seg string) bool {
	q := squash(seg)
	if q == "" {
		return false
	}
	for _, n := range s.squashed {
		if q == n {
			return true
		}
		// "Die ZEIT" vs "ZEIT ONLINE": one a prefix of the other.
		if len(q) >= 4 && len(n) >= 4 && (strings.HasPrefix(n, q) || strings.HasPrefix(q, n)) && len(tokens(seg)) <= 5 {
			return true
		}
	}
	if q == s.host {
		return true
	}
	words := len(tokens(seg))
	if words > 5 {
		return false
	}
	for _, l := range s.hostLabels {
		if q == l || (len(l) >= 4 && strings.Contains(q, l)) || (len(q) >= 4 && strings.Contains(l, q)) {
			return true
		}
	}
	return false
}
