package body

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
)

// Lead (standfirst) detection: many layouts put the article's opening
// paragraph between the headline and the body container, outside it (a
// teaser in the header, a "summary" block). It is article text.

const (
	// minLead is the paragraph text (runes) a lead must have.
	minLead = 60
	// maxLeadGap bounds the other (non-lead) text between the headline and
	// the body; past it the headline is too far away to frame a lead.
	maxLeadGap = 600
	// minNamedLead is the text a block named as the lead ("intro",
	// "standfirst", "deck", ...) must have.
	minNamedLead = 30
	// minWrappedLead is the text an unnamed lead must have when the
	// headline sits in a boilerplate-named wrapper: there the one-line
	// subtitle (dek) under the headline is common, and it is not body.
	minWrappedLead = 150
	// maxLeadText bounds the leads' text taken together.
	maxLeadText = 1500
)

// withHeadLead prepends to parts the lead paragraphs found between the
// page's headline (the last heading before the body) and the first part:
// link-poor blocks of sentence text outside boilerplate. It returns parts
// unchanged when there is no such headline or the gap holds other text.
func (s *scorer) withHeadLead(parts []int32) []int32 {
	d := s.d
	first := parts[0]
	for i := first; i <= d.elems[first].end; i++ {
		if d.elems[i].n.DataAtom == atom.H1 && !s.skipped[i] {
			return parts // the body holds its own headline
		}
	}
	h, wrap := int32(-1), int32(-1)
	for i := first - 1; i >= 0; i-- {
		e := &d.elems[i]
		if !isHeadline(e) || e.end >= first || e.text == 0 || s.headsLinkList(i) {
			continue
		}
		if !s.skipped[i] {
			h = i
			break
		}
		if w := s.headerWrapper(i); w >= 0 {
			h, wrap = i, w
			break
		}
	}
	if h < 0 {
		return parts
	}
	var lead []int32
	leadText, gap := int32(0), int32(0)
	for i := d.elems[h].end + 1; i < first; i++ {
		e := &d.elems[i]
		if e.end >= first {
			continue // an ancestor of the body: its own text only
		}
		skipped := s.skipped[i]
		if wrap >= 0 && d.inside(i, wrap) {
			// Inside the headline's wrapper only the blocks' own
			// names count.
			skipped = e.hint.drop != ""
		}
		if skipped || e.hidden {
			i = e.end
			continue
		}
		if e.text == 0 {
			i = e.end
			continue
		}
		if e.linkDensity() > 0.5 {
			// A link list (a table of contents under its own heading)
			// is neither lead nor text between headline and body.
			i = e.end
			continue
		}
		if s.isLead(i) && (wrap < 0 || e.text >= minWrappedLead || s.namedLead(i)) {
			lead = append(lead, i)
			leadText += e.text
			i = e.end
			continue
		}
		gap += e.inline
		if gap > maxLeadGap || isHeading(e.n.DataAtom) {
			// A heading between the headline and the body starts another
			// section (or another story): what precedes it is not a lead.
			lead, leadText = lead[:0], 0
			if gap > maxLeadGap {
				return parts
			}
		}
	}
	if len(lead) == 0 || leadText > maxLeadText {
		return parts
	}
	return append(lead, parts...)
}

// maxHeaderWrapper bounds the text (runes) of a boilerplate-named block
// that can still be the wrapper of the headline.
const maxHeaderWrapper = 1500

// headerWrapper returns, for an h1 that the scorer skipped, the outermost
// skipped block around it when that is a small wrapper (names such as
// "title-rating-wrapper" or "teaser-breadcrumb" around the headline): the
// h1 is then the page's headline after all. It returns -1 otherwise
// (hidden, in comments, or in a large boilerplate block).
func (s *scorer) headerWrapper(i int32) int32 {
	d := s.d
	if d.elems[i].n.DataAtom != atom.H1 || d.elems[i].hidden {
		return -1
	}
	w := int32(-1)
	for a := i; a >= 0 && s.skipped[a]; a = d.elems[a].parent {
		e := &d.elems[a]
		if e.hidden || e.hint.drop == kindHidden || e.hint.drop == kindComments {
			return -1
		}
		w = a
	}
	if w < 0 || d.elems[w].text > maxHeaderWrapper {
		return -1
	}
	return w
}

// headsLinkList reports whether heading i titles a link list (a table of
// contents, a list of topics): a subheading whose parent is mostly links.
// An h1 is the page's headline even when tag links sit beside it.
func (s *scorer) headsLinkList(i int32) bool {
	e := &s.d.elems[i]
	if e.n.DataAtom == atom.H1 || e.hint.headline {
		return false
	}
	return e.parent >= 0 && s.d.elems[e.parent].linkDensity() > 0.5
}

// isHeadline reports whether e can be the article's headline: an h1, h2
// or h3, or an element declared as the headline (itemprop=headline). A
// heading declared as the description is the lead, not the headline.
func isHeadline(e *elem) bool {
	if e.hint.description {
		return false
	}
	switch e.n.DataAtom {
	case atom.H1, atom.H2, atom.H3:
		return true
	}
	return e.hint.headline
}

// isLead reports whether element i reads as a lead paragraph: enough
// link-poor text, not a heading, list or caption, ending like a sentence.
func (s *scorer) isLead(i int32) bool {
	e := &s.d.elems[i]
	named := s.namedLead(i)
	if e.text < minLead && !(named && e.text >= minNamedLead) || e.text > maxLeadText || e.linkDensity() > 0.2 {
		return false
	}
	switch e.n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Li,
		atom.Figure, atom.Figcaption, atom.Table, atom.Header, atom.Time, atom.Address:
		return false
	}
	// A block holding several paragraphs (a whole teaser list) is not one
	// lead: its own paragraph text must be most of its text.
	if e.inline*2 < e.text {
		return false
	}
	t := shortText(e.n, 8*maxLeadText)
	if phraseKind(t) != "" {
		return false
	}
	// A block named as the lead need not end like a sentence (decks
	// often do not).
	return named || endsSentence(t)
}

// namedLead reports whether element i or its parent is named as the lead.
func (s *scorer) namedLead(i int32) bool {
	e := &s.d.elems[i]
	return e.hint.lead || (e.parent >= 0 && s.d.elems[e.parent].hint.lead)
}

// endsSentence reports whether t ends with sentence punctuation (closing
// quotes and brackets passed over).
func endsSentence(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'»«“”’)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '.', '!', '?', '…', ':', '。', '！', '？':
		return true
	}
	return false
}
