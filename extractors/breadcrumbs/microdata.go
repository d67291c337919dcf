package breadcrumbs

import (
	"strconv"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// syntax is the attribute vocabulary of microdata or RDFa: both describe
// items (scopes) holding named properties, and a property element that is
// itself a scope holds a nested item.
type syntax struct {
	name string // "microdata" or "rdfa"
	prop string // "itemprop" or "property"
	rdfa bool
}

var (
	microdata = syntax{name: "microdata", prop: "itemprop"}
	rdfa      = syntax{name: "rdfa", prop: "property", rdfa: true}
)

// isScope reports whether n starts a new item.
func (sx syntax) isScope(n *html.Node) bool {
	if sx.rdfa {
		_, ok := page.AttrOK(n, "typeof")
		return ok
	}
	_, ok := page.AttrOK(n, "itemscope")
	return ok
}

type prop struct {
	names []string
	node  *html.Node
}

// has reports whether one of the property's names is name, ignoring case
// and a vocabulary prefix ("schema:name", "http://schema.org/name").
func (p prop) has(name string) bool {
	for _, n := range p.names {
		if strings.EqualFold(n[strings.LastIndexAny(n, "/:")+1:], name) {
			return true
		}
	}
	return false
}

// properties returns the properties of the item that scope starts, in tree
// order, without entering nested items (as the microdata algorithm does).
// A budget bounds the work on huge or hostile trees.
func (sx syntax) properties(scope *html.Node) []prop {
	var out []prop
	budget := 20000
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && budget > 0; c = c.NextSibling {
			budget--
			if c.Type != html.ElementNode {
				continue
			}
			if v := strings.Fields(page.Attr(c, sx.prop)); len(v) > 0 {
				out = append(out, prop{names: v, node: c})
			}
			if !sx.isScope(c) {
				walk(c)
			}
		}
	}
	walk(scope)
	return out
}

// first returns the first property named name.
func first(props []prop, name string) *html.Node {
	for _, p := range props {
		if p.has(name) {
			return p.node
		}
	}
	return nil
}

// textValue is a property's text value: a <meta>'s content; RDFa's content
// attribute; else the element's text (content as a fallback).
func (sx syntax) textValue(n *html.Node) string {
	if n.DataAtom == atom.Meta {
		return page.Attr(n, "content")
	}
	if c, ok := page.AttrOK(n, "content"); ok && sx.rdfa {
		return c
	}
	if t := page.Text(n); t != "" {
		return t
	}
	return page.Attr(n, "content")
}

// urlValue is a property's URL value: href, then itemid (microdata) or
// resource (RDFa), src, a <meta>'s content.
func (sx syntax) urlValue(n *html.Node) string {
	keys := [...]string{"href", "itemid", "src", "content"}
	if sx.rdfa {
		keys[1] = "resource"
	}
	for _, k := range keys {
		if k == "content" && n.DataAtom != atom.Meta && !sx.rdfa {
			continue
		}
		if v := strings.TrimSpace(page.Attr(n, k)); v != "" {
			return v
		}
	}
	return ""
}

// listTrail reads the BreadcrumbList item that list starts.
func (s *scan) listTrail(sx syntax, list *html.Node) *trail {
	t := &trail{
		source: provenance.Source{Rule: sx.name + ".BreadcrumbList", Node: page.Describe(list)},
		order:  s.order[list],
	}
	var pcs []posCrumb
	for _, p := range sx.properties(list) {
		if !p.has("itemListElement") {
			continue
		}
		item := p.node
		props := sx.properties(item) // a ListItem without its own scope: the properties below it
		var c posCrumb
		if n := first(props, "name"); n != nil {
			c.Name = sx.textValue(n)
		}
		if n := first(props, "item"); n != nil {
			c.URL = sx.urlValue(n)
			if sx.isScope(n) {
				inner := sx.properties(n)
				if c.Name == "" {
					if nn := first(inner, "name"); nn != nil {
						c.Name = sx.textValue(nn)
					}
				}
				if c.URL == "" {
					if u := first(inner, "url"); u != nil {
						c.URL = sx.urlValue(u)
					}
				}
			}
		}
		if c.URL == "" {
			if u := first(props, "url"); u != nil {
				c.URL = sx.urlValue(u)
			}
		}
		c.URL = s.res.resolve(c.URL)
		c.Name = cleanName(c.Name)
		if n := first(props, "position"); n != nil {
			v := sx.textValue(n)
			if c.pos, c.hasPos = parsePos(v); !c.hasPos && n.DataAtom != atom.Meta {
				c.pos, c.hasPos = parsePos(page.Attr(n, "content"))
			}
		}
		pcs = append(pcs, c)
	}
	t.crumbs = orderByPosition(pcs)
	t.source.Raw = page.Truncate(t.value(), 200)
	validate(t)
	return t
}

func parsePos(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// dataVocabularyTrail reads the older data-vocabulary.org Breadcrumb items
// (each crumb its own item, chained by "child" or side by side) as one
// trail; a repeat of the first crumb's name starts a second copy of the
// trail, which is dropped.
func (s *scan) dataVocabularyTrail() *trail {
	if len(s.dvItems) == 0 {
		return nil
	}
	t := &trail{
		source: provenance.Source{Rule: "microdata.data-vocabulary.Breadcrumb", Node: page.Describe(s.dvItems[0].Parent)},
		order:  s.order[s.dvItems[0]],
	}
	for _, n := range s.dvItems {
		props := microdata.properties(n)
		var c Crumb
		if tn := first(props, "title"); tn != nil {
			c.Name = cleanName(microdata.textValue(tn))
		}
		if un := first(props, "url"); un != nil {
			c.URL = s.res.resolve(microdata.urlValue(un))
		}
		if len(t.crumbs) > 0 && c.Name != "" && strings.EqualFold(c.Name, t.crumbs[0].Name) {
			break
		}
		t.crumbs = append(t.crumbs, c)
	}
	t.source.Raw = page.Truncate(t.value(), 200)
	validate(t)
	return t
}
