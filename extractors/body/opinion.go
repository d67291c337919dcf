package body

import (
	"net/url"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/newshound/newshound/extractors/page"
)

// readabilityCandidate runs readability on (its clone of) the page's tree
// and cleans its pick. The clone is readability's own, detached from the
// page, so its nodes may be reused in the result.
func readabilityCandidate(p *page.Page) candidate {
	var u *url.URL
	if p.URL != nil {
		u = p.URL
	}
	parser := readability.NewParser()
	parser.KeepClasses = true   // the cleaner reads them
	parser.DisableJSONLD = true // metadata is extracted elsewhere
	art, err := parser.ParseDocument(p.Root, u)
	if err != nil {
		return candidate{notes: []string{"readability: " + err.Error()}}
	}
	if art.Node == nil {
		return candidate{notes: []string{"readability found no content"}}
	}
	d := flatten(art.Node)
	if len(d.elems) == 0 {
		return candidate{notes: []string{"readability found no content"}}
	}
	cl := newCleaner(d)
	cl.clean(0)
	parts := []*html.Node{d.elems[0].n}
	return candidate{parts: parts, drop: cl.drop, removed: cl.removed, text: textOf(parts, cl.drop)}
}

// pick chooses between the fast pass's and readability's bodies. When they
// agree (most words of each are in the other) the fast pass's is kept, as
// it is the tighter one; otherwise readability's is taken unless it found
// nothing.
func pick(fast, second candidate, why string) Result {
	switch {
	case second.text == "":
		return fast.result("blocks", why+"; readability found nothing")
	case fast.text == "":
		return second.result("readability", why+"; block scorer found nothing")
	}
	inSecond, inFast := overlap(fast.text, second.text)
	if inSecond >= 0.8 && inFast >= 0.8 {
		return fast.result("blocks", why+"; readability agrees")
	}
	return second.result("readability", why+"; readability disagrees, taken")
}

// overlap returns the share of a's distinct words found in b, and of b's
// found in a.
func overlap(a, b string) (aInB, bInA float64) {
	wa, wb := wordSet(a), wordSet(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0, 0
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	return float64(common) / float64(len(wa)), float64(common) / float64(len(wb))
}

func wordSet(s string) map[string]bool {
	set := make(map[string]bool, len(s)/6)
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		set[strings.ToLower(f)] = true
	}
	return set
}
