package body

import (
	"slices"

	"golang.org/x/net/html"
)

// Split bodies: some layouts cut the article into several sibling
// sections of one shape (<div class="row"> after <div class="row">, with
// ads or figures between them), so the best-scoring block holds only one
// of them. The sections are found by their shape: siblings of the pick,
// or of one of its two nearest ancestors, with the same tag and class,
// holding link-poor paragraph text and no boilerplate names.

const (
	// maxSplitLevels is how far above the pick a split section is looked for.
	maxSplitLevels = 2
	// minSplitPara is the paragraph text (runes) a section must hold to join.
	minSplitPara = 150
)

// withSplitSections adds to parts (the scorer's pick top and its joined
// siblings) the sibling sections that share the shape of top or of one of
// its nearest ancestors. It returns parts unchanged when there are none.
func (s *scorer) withSplitSections(top int32, parts []int32) []int32 {
	d := s.d
	x := top
	for level := 0; level <= maxSplitLevels && x >= 0; level, x = level+1, d.elems[x].parent {
		parent := d.elems[x].parent
		if parent < 0 {
			break
		}
		class, ok := attrVal(d.elems[x].n, "class")
		if !ok || class == "" {
			continue
		}
		var extra []int32
		for i := parent + 1; i <= d.elems[parent].end; i = d.elems[i].end + 1 {
			if i == x || slices.Contains(parts, i) {
				continue
			}
			e := &d.elems[i]
			if e.n.DataAtom != d.elems[x].n.DataAtom || s.skipped[i] || e.hint.drop != "" ||
				s.para[i] < minSplitPara || e.linkDensity() > 0.3 {
				continue
			}
			if c, _ := attrVal(e.n, "class"); c != class {
				continue
			}
			extra = append(extra, i)
		}
		if len(extra) == 0 {
			continue
		}
		// Above the pick, the sections are an ancestor's siblings: the
		// pick's own siblings stay as chosen, the sections join whole.
		parts = append(slices.Clone(parts), extra...)
		slices.Sort(parts)
		return parts
	}
	return parts
}

// attrVal returns n's attribute key and whether it is present.
func attrVal(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
