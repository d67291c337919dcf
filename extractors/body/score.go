package body

import (
	"golang.org/x/net/html/atom"
)

// minParagraph is the text length (runes, CJK counted double) from which a
// block counts as a paragraph for the scorer.
const minParagraph = 25

// choice is the fast pass's pick: the container and the siblings that
// join it, and how sure the pass is.
type choice struct {
	// top is the best-scoring element, -1 when none scored.
	top int32
	// parts are the elements kept, in document order (top and the siblings
	// that join it, or a declared body marker alone).
	parts []int32
	// paraText is the paragraph text (runes) inside parts.
	paraText int
	// sure reports whether the scorer and the page's declared body (or a
	// clear margin) agree, so that no second opinion is needed.
	sure bool
	// why explains the pick for the report.
	why string
}

// scorer holds per-element scratch of the fast pass.
type scorer struct {
	d       *flatDoc
	skipped []bool    // element is in boilerplate or hidden (scoring ignores it)
	score   []float64 // accumulated paragraph score
	para    []int32   // paragraph text in the subtree (non-skipped)
}

// choose runs the fast block scorer over d and returns its pick.
func choose(d *flatDoc) choice {
	n := len(d.elems)
	s := scorer{d: d, skipped: make([]bool, n), score: make([]float64, n), para: make([]int32, n)}
	if n == 0 {
		return choice{top: -1}
	}
	total := d.elems[0].text
	// Pre-order: an element is skipped when its parent is, or when it is
	// boilerplate by its names or tag. A boilerplate-named element that
	// holds most of the page's text is a mis-named wrapper and is kept
	// (comments excepted).
	for i := range d.elems {
		e := &d.elems[i]
		if e.parent >= 0 && s.skipped[e.parent] {
			s.skipped[i] = true
			continue
		}
		if e.hidden {
			s.skipped[i] = true
			continue
		}
		if e.hint.drop != "" {
			s.skipped[i] = !keepWrapper(e, total)
		}
	}
	// Paragraph scores go to up to five ancestors (readability's weights).
	for i := range d.elems {
		e := &d.elems[i]
		if s.skipped[i] || e.inline < minParagraph || isHeading(e.n.DataAtom) {
			continue
		}
		if float64(e.inlineLink) > 0.5*float64(e.inline) {
			continue
		}
		ps := 1 + float64(e.commas) + min(float64(e.inline)/100, 3)
		for level, a := 0, e.parent; a >= 0 && level < 5; level, a = level+1, d.elems[a].parent {
			switch level {
			case 0:
				s.score[a] += ps
			case 1:
				s.score[a] += ps / 2
			default:
				s.score[a] += ps / float64(level*3)
			}
		}
		for a := int32(i); a >= 0; a = d.elems[a].parent {
			s.para[a] += e.inline
		}
	}
	best, bestScore := int32(-1), 0.0
	for i := range d.elems {
		if s.score[i] == 0 || s.skipped[i] {
			continue
		}
		e := &d.elems[i]
		sc := (s.score[i] + tagWeight(e.n.DataAtom) + float64(e.hint.score)) * (1 - e.linkDensity())
		s.score[i] = sc
		if sc > bestScore {
			best, bestScore = int32(i), sc
		}
	}
	c := choice{top: best}
	if best < 0 {
		return c
	}
	c.parts = s.withSplitSections(best, s.withSiblings(best, bestScore))
	for _, p := range c.parts {
		c.paraText += int(s.para[p])
	}
	c.why = "block scorer"

	// A declared body (itemprop=articleBody, class "article-body", ...)
	// that agrees with the scorer wins: it is usually the tighter
	// container. The marker with the most paragraph text is taken.
	markers, markerPara := s.markers()
	inMarker := false
	for _, m := range markers {
		inMarker = inMarker || d.inside(best, m)
	}
	// A declared body holding little of the page's paragraph text is a
	// mislabelled fragment (a dateline box reusing the class).
	markerOK := markerPara >= 1000 || markerPara*10 >= s.para[0]*4
	switch {
	case len(markers) > 0 && !markerOK:
		c.why = "declared body too small"
	case inMarker && int(markerPara) <= int(s.para[best])*3+500:
		// The declared body wraps the scorer's pick.
		c.parts, c.paraText, c.sure, c.why = s.withLead(markers), int(markerPara), true, "declared body around scorer pick"
	case len(markers) == 1 && d.inside(markers[0], best) && float64(markerPara) >= 0.7*float64(c.paraText):
		c.parts, c.paraText, c.sure, c.why = s.withLead(markers), int(markerPara), true, "declared body inside scorer pick"
	case len(markers) > 0:
		c.why = "declared body and scorer disagree"
	case c.paraText >= 1500 && s.para[best]*10 >= s.para[0]*6:
		// No declared body, but the pick holds most paragraph text of
		// the page and plenty of it.
		c.sure, c.why = true, "block scorer, clear margin"
	case c.paraText >= 500 && s.para[best]*100 >= s.para[0]*85:
		// A short article: the pick holds nearly all paragraph text of
		// the page, so there is nothing for a second opinion to find.
		c.sure, c.why = true, "block scorer, nearly all the text"
	}
	if n := len(c.parts); n > 0 {
		c.parts = s.withHeadLead(c.parts)
		if len(c.parts) > n {
			c.why += "; lead before the body"
		}
	}
	return c
}

// markers returns the outermost elements that declare the article body
// (an article may be split into several such sections) holding paragraph
// text, in document order, and their total paragraph text.
func (s *scorer) markers() ([]int32, int32) {
	d := s.d
	var out []int32
	var total, best int32
	for i := int32(0); i < int32(len(d.elems)); i++ {
		if d.elems[i].hint.marker && !s.skipped[i] && s.para[i] >= minParagraph {
			out = append(out, i)
			total += s.para[i]
			best = max(best, s.para[i])
			i = d.elems[i].end // nested markers belong to this one
		}
	}
	// Keep the sections that carry a real share of the text (a teaser
	// reusing the body's class carries little).
	kept := out[:0]
	total = 0
	for _, m := range out {
		if s.para[m]*10 >= best {
			kept = append(kept, m)
			total += s.para[m]
		}
	}
	return kept, total
}

// withLead prepends to the declared body the lead paragraphs that pages
// put just before it (a teaser or standfirst outside the body element):
// the contiguous preceding siblings of the first part with link-poor
// paragraph text. Empty siblings are passed over; anything else stops.
func (s *scorer) withLead(parts []int32) []int32 {
	d := s.d
	first := parts[0]
	parent := d.elems[first].parent
	if parent < 0 {
		return parts
	}
	var lead []int32
	for i := parent + 1; i < first; i = d.elems[i].end + 1 {
		e := &d.elems[i]
		switch {
		case e.text == 0 || e.hidden:
			continue
		case !s.skipped[i] && s.para[i] >= 80 && e.linkDensity() < 0.2 && !isHeading(e.n.DataAtom):
			lead = append(lead, i)
		default:
			lead = lead[:0]
		}
	}
	if len(lead) == 0 {
		return parts
	}
	return append(lead, parts...)
}

// keepWrapper reports whether the boilerplate-named element e is in fact a
// wrapper of the article: it holds a declared body, or most of the page's
// text with few links (comment sections excepted).
func keepWrapper(e *elem, total int32) bool {
	if e.hint.drop == kindComments || e.hint.drop == kindHidden {
		return false
	}
	if e.hint.drop == kindWidget && isProse(e) {
		return true
	}
	return (e.markers > 0 && !e.hint.marker) || (e.text > total*2/5 && e.linkDensity() < 0.35)
}

// isProse reports whether e holds running text rather than links or
// controls: some paragraph text with few links.
func isProse(e *elem) bool {
	return e.text >= 150 && e.linkDensity() < 0.3
}

// withSiblings returns top and the siblings that readability would append
// to it: siblings scoring at least a fifth of top, and paragraph siblings
// with long, link-poor text.
func (s *scorer) withSiblings(top int32, topScore float64) []int32 {
	d := s.d
	parent := d.elems[top].parent
	if parent < 0 {
		return []int32{top}
	}
	threshold := max(10, topScore*0.2)
	var parts []int32
	for i := parent + 1; i <= d.elems[parent].end; i = d.elems[i].end + 1 {
		if i == top {
			parts = append(parts, i)
			continue
		}
		if s.skipped[i] {
			continue
		}
		e := &d.elems[i]
		ok := s.score[i] >= threshold
		if !ok && (e.n.DataAtom == atom.P || e.n.DataAtom == atom.Blockquote || e.n.DataAtom == atom.Pre) {
			ld := e.linkDensity()
			ok = (e.text > 80 && ld < 0.25) || (e.text > 0 && ld == 0 && e.commas > 0)
		}
		if ok {
			parts = append(parts, i)
		}
	}
	return parts
}

// tagWeight is readability's initial score of an element by tag.
func tagWeight(a atom.Atom) float64 {
	switch a {
	case atom.Div, atom.Article, atom.Section, atom.Main:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}
