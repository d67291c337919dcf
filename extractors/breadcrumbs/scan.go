package breadcrumbs

import (
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scan is what one walk of the tree collects for the rules.
type scan struct {
	res       resolver
	order     map[*html.Node]int // document position of the collected nodes
	ldScripts []*html.Node       // <script type="application/ld+json">
	mdLists   []*html.Node       // itemscope itemtype=.../BreadcrumbList
	rdfaLists []*html.Node       // typeof=BreadcrumbList
	dvItems   []*html.Node       // itemtype=data-vocabulary.org/Breadcrumb
	marked    []marked           // elements marked as breadcrumbs
	elements  int                // element count
	h1        *html.Node         // first <h1>
	h1Order   int
	// blocks are the visible elements that may hold an unmarked trail
	// (separated.go), with their document positions: collected here so
	// that finding them costs no second walk.
	blocks []block
}

// block is an element that may hold an unmarked trail.
type block struct {
	node  *html.Node
	order int
}

// scanPage walks the tree once.
func scanPage(p *page.Page) *scan {
	s := &scan{order: map[*html.Node]int{}}
	baseHref := ""
	i := 0
	var hiddenUntil *html.Node // skip marking inside a hidden subtree
	var blockHiddenUntil *html.Node
	for n := range p.Root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		i++
		// isHidden is asked at most once per element; hidden caches it.
		hidden, known := false, false
		isHiddenOnce := func() bool {
			if !known {
				hidden, known = isHidden(n), true
			}
			return hidden
		}
		// Unmarked-trail blocks: elements of the kinds that hold trails,
		// outside any hidden subtree (whatever the hiding element).
		if blockHiddenUntil == nil || !isAncestor(blockHiddenUntil, n) {
			blockHiddenUntil = nil
			if isHiddenOnce() {
				blockHiddenUntil = n
			} else if isTrailBlock(n.DataAtom) {
				s.blocks = append(s.blocks, block{node: n, order: i})
			}
		}
		switch n.DataAtom {
		case atom.Base:
			if baseHref == "" {
				baseHref = page.Attr(n, "href")
			}
			continue
		case atom.Script:
			if strings.Contains(strings.ToLower(page.Attr(n, "type")), "ld+json") {
				s.order[n] = i
				s.ldScripts = append(s.ldScripts, n)
			}
			continue
		case atom.H1:
			if s.h1 == nil {
				s.h1, s.h1Order = n, i
			}
		}
		if len(n.Attr) == 0 {
			continue
		}
		if t := page.Attr(n, "itemtype"); t != "" {
			if _, ok := page.AttrOK(n, "itemscope"); ok {
				lt := strings.ToLower(t)
				switch {
				case strings.Contains(lt, "schema.org/breadcrumblist"):
					s.order[n] = i
					s.mdLists = append(s.mdLists, n)
				case strings.Contains(lt, "data-vocabulary.org/breadcrumb"):
					s.order[n] = i
					s.dvItems = append(s.dvItems, n)
				}
			}
		}
		if t := page.Attr(n, "typeof"); t != "" {
			for _, f := range strings.Fields(t) {
				if strings.EqualFold(f[strings.LastIndexAny(f, "/:")+1:], "BreadcrumbList") {
					s.order[n] = i
					s.rdfaLists = append(s.rdfaLists, n)
					break
				}
			}
		}
		if hiddenUntil != nil && isAncestor(hiddenUntil, n) {
			continue
		}
		hiddenUntil = nil
		if isHiddenOnce() {
			hiddenUntil = n
			continue
		}
		if how := markedBy(n); how != "" {
			s.marked = append(s.marked, marked{node: n, how: how, order: i})
		}
	}
	s.elements = i
	s.res = newResolver(p, baseHref)
	return s
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// declaredTrails reads every declared trail of the page.
func (s *scan) declaredTrails(p *page.Page) []*trail {
	out := s.jsonldTrails(p)
	for _, n := range s.mdLists {
		out = append(out, s.listTrail(microdata, n))
	}
	for _, n := range s.rdfaLists {
		out = append(out, s.listTrail(rdfa, n))
	}
	if t := s.dataVocabularyTrail(); t != nil {
		// The old vocabulary counts only when nothing newer is declared.
		t.order += s.elements + 1
		out = append(out, t)
	}
	return out
}
