package body

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// maxExamples is how many excerpts of removed blocks a removal keeps.
const maxExamples = 3

// cleaner decides which blocks of a container are boilerplate. It reads the
// flattened tree and records the dropped nodes; it never modifies a tree.
type cleaner struct {
	d       *flatDoc
	drop    map[*html.Node]bool
	removed []provenance.Removal
}

func newCleaner(d *flatDoc) *cleaner {
	return &cleaner{d: d, drop: make(map[*html.Node]bool)}
}

// clean marks the boilerplate inside the container element c (an index of
// c.d). The container itself is never dropped.
func (cl *cleaner) clean(c int32) {
	d := cl.d
	ce := &d.elems[c]
	seenH1 := false
	var before int32 // text of the elements before i
	for i := c + 1; i <= ce.end; {
		e := &d.elems[i]
		if isTailLabel(e, before, ce.text-before) {
			cl.dropTail(i, ce.end, e.n)
			return
		}
		reason := cl.verdict(e, ce, &seenH1)
		if reason == "" {
			before += e.inline
			i++
			continue
		}
		cl.drop[e.n] = true
		cl.note(reason, e.n)
		before += e.text
		i = e.end + 1
	}
}

// dropTail drops element i and everything after it up to index last.
func (cl *cleaner) dropTail(i, last int32, label *html.Node) {
	cl.note(kindTail, label)
	for ; i <= last; i = cl.d.elems[i].end + 1 {
		cl.drop[cl.d.elems[i].n] = true
	}
}

// verdict returns why e (inside container ce) is boilerplate, or "".
func (cl *cleaner) verdict(e, ce *elem, seenH1 *bool) string {
	if e.hidden {
		return kindHidden
	}
	if e.hint.drop != "" && !(isHeading(e.n.DataAtom) && e.linkDensity() < 0.5 && e.hint.drop != kindHidden) &&
		!(e.hint.drop == kindWidget && isProse(e)) {
		// Headings are kept whatever their names say (ids such as
		// "nav_section_2" are anchors for a table of contents).
		// A boilerplate-named element holding most of the container is a
		// mis-named wrapper (class "has-sidebar", "post-meta-wrap").
		if e.hint.drop == kindComments || e.hint.drop == kindHidden || e.text*2 < ce.text || e.linkDensity() > 0.5 {
			return e.hint.drop
		}
	}
	switch e.n.DataAtom {
	case atom.H1:
		// The headline is the title, not body text.
		if !*seenH1 && e.text < 300 {
			*seenH1 = true
			return "headline"
		}
	case atom.A:
		// A link standing between blocks whose text is a way back
		// ("« Zurück zur Übersicht") is navigation. (Inline elements carry
		// no text counts of their own: their text is their block's.)
		if p := e.n.Parent; p != nil && !page.IsInline(p.DataAtom) && p.DataAtom != atom.P && p.DataAtom != atom.Li {
			if t := shortText(e.n, 80); len(t) < 80 && phraseKind(t) == kindNav+" (phrase)" {
				return kindNav + " (phrase)"
			}
		}
		return ""
	case atom.Span, atom.Strong, atom.B, atom.Em, atom.I, atom.Br, atom.Img, atom.Picture, atom.Source, atom.Sup, atom.Sub:
		return ""
	}
	if e.text == 0 {
		return ""
	}
	// Link lists and link-only lines ("Read more: <a>...</a>").
	if ld := e.linkDensity(); ld > 0.8 && e.text < 400 {
		return kindRelated + " (links)"
	} else if ld > 0.55 && isListish(e.n.DataAtom) && e.text < 2000 {
		return kindRelated + " (links)"
	}
	if e.text < 320 {
		// One rendering serves every test of a short block.
		t := shortText(e.n, 400)
		if e.text < 160 {
			if kind := phraseKind(t); kind != "" {
				return kind
			}
			if e.text < 100 && isCredit(t) {
				return kindCaption + " (credit)"
			}
		}
		if isSocialPrompt(t) {
			return kindShare + " (prompt)"
		}
	}
	return ""
}

// kindTail is the removal reason of a trailing contact or "more
// information" section.
const kindTail = "trailing contact/information section"

// tailLabels are the labels (lower case, without a final colon) that open
// the contact and further-information sections press releases and
// institutional news put after the text.
var tailLabels = map[string]bool{
	"kontakt": true, "pressekontakt": true, "medienkontakt": true, "ansprechpartner": true, "ansprechpartnerin": true,
	"ansprechpartner für die presse": true, "kontakt für rückfragen": true, "rückfragen": true,
	"weitere informationen": true, "mehr informationen": true, "weiterführende informationen": true,
	"contact": true, "contacts": true, "press contact": true, "media contact": true, "media contacts": true,
	"press contacts": true, "for more information": true, "more information": true, "further information": true,
	"contact presse": true, "contact média": true, "pour en savoir plus": true, "plus d'informations": true,
	"contacto": true, "contacto de prensa": true, "más información": true, "per informazioni": true,
	"quellen": true, "quellenangaben": true, "quellenverzeichnis": true, "sources": true, "fuentes": true,
}

// isTailLabel reports whether e is a short block whose whole text is a
// tail label, after the article's text (before, the container's text
// up to e) and with little after it (rest, the container's text from e
// on): the label and what follows are then a contact section.
func isTailLabel(e *elem, before, rest int32) bool {
	if e.text == 0 || e.text > 40 || rest-e.text > 1500 || before < 2*rest || page.IsInline(e.n.DataAtom) || e.n.DataAtom == atom.Li {
		return false
	}
	t := strings.ToLower(strings.TrimRight(shortText(e.n, 80), ": "))
	if tailLabels[t] {
		return true
	}
	// "Weitere Informationen zu Nordex", "Contact for the press"
	for _, sep := range [...]string{" zu ", " zum ", " zur ", " bei ", " about ", " for ", " on "} {
		if k, _, ok := strings.Cut(t, sep); ok && tailLabels[k] {
			return true
		}
	}
	return false
}

func isListish(a atom.Atom) bool {
	switch a {
	case atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Section, atom.Table, atom.Nav, atom.Aside, atom.Footer, atom.Header:
		return true
	}
	return false
}

// note records one removed block.
func (cl *cleaner) note(reason string, n *html.Node) {
	for i := range cl.removed {
		r := &cl.removed[i]
		if r.Reason == reason {
			r.Count++
			if len(r.Examples) < maxExamples {
				r.Examples = append(r.Examples, example(n))
			}
			return
		}
	}
	cl.removed = append(cl.removed, provenance.Removal{Reason: reason, Count: 1, Examples: []string{example(n)}})
}

func example(n *html.Node) string {
	t := shortText(n, 60)
	if t == "" {
		return describeHint(n)
	}
	return describeHint(n) + ": " + t
}
