package breadcrumbs

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
)

// maxJSONDepth bounds the search for BreadcrumbList objects nested in
// property values (WebPage.breadcrumb and the like).
const maxJSONDepth = 10

// jsonldTrails returns the BreadcrumbList trails of the page's JSON-LD, in
// document order: the objects page.New parsed, then scripts it could not
// parse, read leniently.
func (s *scan) jsonldTrails(p *page.Page) []*trail {
	var out []*trail
	parsed := make(map[*html.Node]bool, len(s.ldScripts))
	for _, obj := range p.JSONLD {
		parsed[obj.Script] = true
		node := obj.Describe()
		findLists(obj.Object, 0, true, func(list map[string]any) {
			out = append(out, s.jsonldTrail(list, obj.Script, node))
		})
	}
	for _, sc := range s.ldScripts {
		if parsed[sc] || sc.FirstChild == nil {
			continue
		}
		text := sc.FirstChild.Data
		if !strings.Contains(strings.ToLower(text), "breadcrumblist") {
			continue
		}
		for _, v := range lenientJSON(text) {
			findLists(v, 0, false, func(list map[string]any) {
				out = append(out, s.jsonldTrail(list, sc, "script[type=ld+json] (lenient)"))
			})
		}
	}
	return out
}

// findLists calls f for every BreadcrumbList object in v, outermost first.
// With skipGraph, a top-level @graph is skipped (page.New lists its members
// separately).
func findLists(v any, depth int, skipGraph bool, f func(map[string]any)) {
	if depth > maxJSONDepth {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			findLists(e, depth+1, false, f)
		}
	case map[string]any:
		if hasType(x["@type"], "BreadcrumbList") {
			f(x)
			return
		}
		// Only objects and lists can hold a list: the keys of other values
		// are neither sorted nor visited.
		var buf [8]string
		keys := buf[:0]
		for k, e := range x {
			switch e.(type) {
			case map[string]any, []any:
				if k != "@graph" || !skipGraph {
					keys = append(keys, k)
				}
			}
		}
		slices.Sort(keys) // map order is random; keep the result deterministic
		for _, k := range keys {
			findLists(x[k], depth+1, false, f)
		}
	}
}

// hasType reports whether a JSON-LD @type value names typ, ignoring case and
// a prefix such as "schema:" or "https://schema.org/".
func hasType(v any, typ string) bool {
	// page.Strings(v) without building the list
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if isType(page.String(e), typ) {
				return true
			}
		}
		return false
	}
	return isType(page.String(v), typ)
}

// isType reports whether the @type value t names typ (see hasType); an
// empty value names nothing.
func isType(t, typ string) bool {
	return t != "" && strings.EqualFold(t[strings.LastIndexAny(t, "/:")+1:], typ)
}

type posCrumb struct {
	Crumb
	pos    float64
	hasPos bool
}

func (s *scan) jsonldTrail(list map[string]any, script *html.Node, node string) *trail {
	t := &trail{
		source: provenance.Source{Rule: "jsonld.BreadcrumbList", Node: node},
		order:  s.order[script],
	}
	var items []any
	switch x := list["itemListElement"].(type) {
	case []any:
		items = x
	case map[string]any:
		items = []any{x}
	}
	var pcs []posCrumb
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		var c posCrumb
		c.Name = page.String(m["name"])
		item := m["item"]
		if im, ok := item.(map[string]any); ok {
			if c.Name == "" {
				c.Name = page.String(im["name"])
			}
			ref := page.String(im["@id"])
			if ref == "" {
				ref = page.String(im["url"])
			}
			c.URL = s.res.resolve(ref)
		} else if str, ok := item.(string); ok {
			c.URL = s.res.resolve(str)
		}
		c.Name = cleanName(c.Name)
		c.pos, c.hasPos = position(m["position"])
		pcs = append(pcs, c)
	}
	t.crumbs = orderByPosition(pcs)
	t.source.Raw = page.Truncate(t.value(), 200)
	validate(t)
	return t
}

// position reads a position value (number or numeric string).
func position(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case []any:
		if len(x) > 0 {
			return position(x[0])
		}
	}
	return 0, false
}

// orderByPosition sorts the crumbs by position when every one has one
// (stable, so ties keep document order).
func orderByPosition(pcs []posCrumb) []Crumb {
	all := len(pcs) > 0
	for _, c := range pcs {
		all = all && c.hasPos
	}
	if all {
		slices.SortStableFunc(pcs, func(a, b posCrumb) int {
			switch {
			case a.pos < b.pos:
				return -1
			case a.pos > b.pos:
				return 1
			}
			return 0
		})
	}
	out := make([]Crumb, len(pcs))
	for i, c := range pcs {
		out[i] = c.Crumb
	}
	return out
}

var trailingComma = regexp.MustCompile(`,(\s*[}\]])`)

// lenientJSON decodes a JSON-LD script that strict parsing refused: CDATA
// and comment wrappers, several concatenated values, trailing commas and raw
// control characters are tolerated. Values decoded before an error are kept.
func lenientJSON(text string) []any {
	text = strings.TrimSpace(text)
	for _, cut := range [...]string{"//<![CDATA[", "<![CDATA[", "<!--"} {
		text = strings.TrimPrefix(strings.TrimSpace(text), cut)
	}
	for _, cut := range [...]string{"//]]>", "]]>", "-->", ";"} {
		text = strings.TrimSuffix(strings.TrimSpace(text), cut)
	}
	text = trailingComma.ReplaceAllString(text, "$1")
	text = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, text)
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	var out []any
	for range 64 {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}
