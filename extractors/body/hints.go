package body

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newshound/newshound/extractors/page"
)

// hint is what an element's tag, class, id, role and itemprop say about it.
type hint struct {
	// score is a class/id weight for the block scorer: positive for names
	// that usually hold article text, negative for boilerplate.
	score int8
	// marker is set on elements that declare the article body
	// (itemprop=articleBody, class "article-body", "entry-content", ...).
	marker bool
	// headline is set on elements declared as the headline
	// (itemprop=headline).
	headline bool
	// description is set on elements declared as the article's summary
	// (itemprop=description).
	description bool
	// lead is set on elements whose names call them the article's lead
	// ("intro", "standfirst", "deck", "teaser", "summary", ...).
	lead bool
	// drop names the boilerplate kind when the element is boilerplate by
	// its tag or names ("share", "related", "comments", ...); "" otherwise.
	drop string
}

// Boilerplate kinds, used as removal reasons in the report.
const (
	kindNav        = "navigation"
	kindShare      = "share bar"
	kindRelated    = "related links"
	kindComments   = "comments"
	kindNewsletter = "newsletter/subscription box"
	kindCookie     = "cookie/consent box"
	kindAd         = "advertisement"
	kindAuthor     = "author box"
	kindCaption    = "caption/credit"
	kindMeta       = "article meta (tags, dates, byline)"
	kindForm       = "form/controls"
	kindHidden     = "hidden"
	kindAside      = "aside/sidebar/footer"
	// kindWidget is a page-builder block ("widget"): boilerplate unless it
	// holds prose (builders such as Elementor wrap every block in one).
	kindWidget = "widget"
)

// negTokens maps a class/id word (lower case) to its boilerplate kind.
// Words are matched whole after splitting names on '-', '_', ' ' and case
// changes, so "article" never matches "particle".
var negTokens = map[string]string{
	"share": kindShare, "shares": kindShare, "sharing": kindShare, "sharebar": kindShare, "social": kindShare,
	"sociallinks": kindShare, "socials": kindShare, "addthis": kindShare, "sharethis": kindShare, "shariff": kindShare,
	"related": kindRelated, "recommended": kindRelated, "recommendations": kindRelated, "recirculation": kindRelated,
	"outbrain": kindRelated, "taboola": kindRelated, "popular": kindRelated, "trending": kindRelated,
	"mostread": kindRelated, "readmore": kindRelated, "morestories": kindRelated,
	"comment": kindComments, "comments": kindComments, "disqus": kindComments, "respond": kindComments, "replies": kindComments,
	"newsletter": kindNewsletter, "subscribe": kindNewsletter, "subscription": kindNewsletter, "signup": kindNewsletter,
	"optin": kindNewsletter, "registration": kindNewsletter,
	"cookie": kindCookie, "cookies": kindCookie, "consent": kindCookie, "gdpr": kindCookie,
	"ad": kindAd, "ads": kindAd, "advert": kindAd, "advertisement": kindAd, "adslot": kindAd, "adunit": kindAd,
	"advertising": kindAd, "sponsor": kindAd, "sponsored": kindAd, "promo": kindAd, "dfp": kindAd, "banner": kindAd,
	"adsense": kindAd, "commercial": kindAd,
	"author": kindAuthor, "authors": kindAuthor, "bio": kindAuthor, "byline": kindMeta, "profile": kindAuthor,
	"caption": kindCaption, "figcaption": kindCaption, "credit": kindCaption, "credits": kindCaption, "copyright": kindCaption,
	"tags": kindMeta, "taglist": kindMeta, "keywords": kindMeta, "meta": kindMeta, "categories": kindMeta,
	"dateline": kindMeta, "timestamp": kindMeta, "breadcrumb": kindNav, "breadcrumbs": kindNav,
	"nav": kindNav, "navigation": kindNav, "navbar": kindNav, "menu": kindNav, "pagination": kindNav, "pager": kindNav,
	"toolbar": kindNav, "tools": kindNav, "skip": kindNav, "subnav": kindNav,
	"sidebar": kindAside, "aside": kindAside, "widget": kindWidget, "footer": kindAside, "rail": kindAside, "sidebox": kindAside,
	"ratings": kindForm, "voting": kindForm, "viral": kindRelated,
	"syndication": kindRelated, "linkbox": kindRelated, "obfuscated": kindNewsletter,
	"blurred": kindNewsletter, "disclosure": kindAd, "disclaimer": kindAd, "donate": kindNewsletter,
	"donation": kindNewsletter, "donations": kindNewsletter, "spenden": kindNewsletter,
	"print": kindForm, "login": kindForm, "modal": kindForm, "popup": kindForm, "overlay": kindForm, "rating": kindForm,
}

// negRoots are boilerplate roots also matched inside compound words
// ("sharebuttons", "relatedposts", "commentlist").
var negRoots = [...]struct {
	root []byte
	kind string
}{
	{[]byte("share"), kindShare}, {[]byte("social"), kindShare}, {[]byte("related"), kindRelated},
	{[]byte("comment"), kindComments}, {[]byte("newsletter"), kindNewsletter}, {[]byte("cookie"), kindCookie},
	{[]byte("sidebar"), kindAside}, {[]byte("footer"), kindAside}, {[]byte("breadcrumb"), kindNav},
	{[]byte("advert"), kindAd}, {[]byte("outbrain"), kindRelated}, {[]byte("taboola"), kindRelated},
}

// posTokens are class/id words of containers that usually hold the text.
var posTokens = map[string]int8{
	"article": 20, "body": 15, "content": 15, "entry": 15, "post": 10, "story": 20, "text": 15, "main": 10,
	"blog": 5, "news": 5, "hentry": 15, "page": 5, "column": 5, "prose": 15, "richtext": 15, "copy": 5,
}

// leadTokens are class/id words of blocks holding the article's lead
// (standfirst, deck) in the languages newshound meets most.
var leadTokens = map[string]bool{
	"lead": true, "intro": true, "teaser": true, "standfirst": true,
	"excerpt": true, "subtitle": true, "subheadline": true, "subline": true, "abstract": true, "bajada": true,
	"epigraph": true, "sapo": true, "chapo": true, "chapeau": true, "vorspann": true, "anriss": true,
	"description": true, "entradilla": true, "occhiello": true, "catenaccio": true,
}

// markerNames are whole class/id values (lower case, separators removed)
// that declare the article body.
var markerNames = map[string]bool{
	"articlebody": true, "articlecontent": true, "articletext": true, "articlecopy": true, "articleinner": true,
	"entrycontent": true, "entrybody": true, "entrytext": true, "postbody": true, "postcontent": true,
	"posttext": true, "postentry": true, "storybody": true, "storycontent": true, "storytext": true,
	"bodytext": true, "contentbody": true, "textcontent": true, "newsbody": true, "newstext": true,
	"newscontent": true, "articlebodytext": true, "articlemain": true, "maintext": true, "blogpostcontent": true,
	"singlecontent": true, "postarticle": true, "itemfulltext": true, "fulltext": true, "artcontent": true,
	"articlesection": true, "paywalledcontent": true, "richtextbody": true, "contenttext": true,
}

// classify returns the hint of element n from its tag and names.
func classify(n *html.Node) hint {
	var h hint
	switch n.DataAtom {
	case atom.Nav:
		h.drop = kindNav
	case atom.Aside:
		h.drop = kindAside
	case atom.Footer:
		h.drop = kindAside
	case atom.Form, atom.Button, atom.Input, atom.Label, atom.Fieldset, atom.Dialog, atom.Menu:
		h.drop = kindForm
	case atom.Figcaption:
		h.drop = kindCaption
	case atom.Article:
		h.score = 10
	case atom.Main:
		h.score = 5
	}
	switch n.DataAtom {
	case atom.Html, atom.Body:
		// Page-wide names ("single-post has-sidebar") say nothing.
		return h
	}
	var class, id, role, itemprop string
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "role":
			role = a.Val
		case "itemprop":
			itemprop = a.Val
		}
	}
	switch strings.ToLower(itemprop) {
	case "headline":
		h.headline = true
	case "description":
		h.description = true
		h.lead = true
	}
	if itemprop != "" && strings.Contains(strings.ToLower(itemprop), "articlebody") {
		h.marker = true
		h.score = 30
		return h
	}
	switch strings.ToLower(role) {
	case "navigation", "menu", "menubar":
		h.drop = kindNav
	case "complementary":
		h.drop = kindAside
	case "contentinfo":
		h.drop = kindAside
	case "dialog", "alertdialog", "search":
		h.drop = kindForm
	case "article", "main":
		h.score += 5
	}
	if class == "" && id == "" {
		return h
	}
	names(class, &h)
	names(id, &h)
	if h.drop != "" && h.drop != kindHidden && (n.DataAtom == atom.Main || strings.EqualFold(role, "main")) {
		// The document's main region is never boilerplate by its names
		// (id "skip-main" is the target of a skip link, not the link).
		h.drop = ""
		h.score = max(h.score, 0)
	}
	return h
}

// names applies the words of one class or id attribute to h.
func names(v string, h *hint) {
	if !page.IsASCII(v) {
		for _, name := range strings.Fields(v) {
			nameWords(name, h)
		}
		return
	}
	// strings.Fields on ASCII, without the slice
	for i := 0; i < len(v); {
		for i < len(v) && page.IsASCIISpace(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !page.IsASCIISpace(v[j]) {
			j++
		}
		if i < j {
			nameWords(v[i:j], h)
		}
		i = j
	}
}

// nameWords applies the words of one name (a class or id value without
// white space) to h.
func nameWords(name string, h *hint) {
	if len(name) > 60 {
		return
	}
	var compact, lower [64]byte
	k := 0
	start := 0
	for i := 0; i <= len(name); i++ {
		var c byte
		if i < len(name) {
			c = name[i]
		}
		boundary := i == len(name) || c == '-' || c == '_' || c == ':' || c == '.' ||
			(c >= 'A' && c <= 'Z' && i > start && name[i-1] >= 'a' && name[i-1] <= 'z')
		if boundary {
			if i > start {
				if w := name[start:i]; page.IsASCII(w) {
					word(appendLowerASCII(lower[:0], w), h)
				} else {
					word([]byte(strings.ToLower(w)), h)
				}
			}
			start = i
			if i < len(name) && !(c >= 'A' && c <= 'Z') {
				start = i + 1
			}
		}
		if i < len(name) && c != '-' && c != '_' && c != ':' && c != '.' && k < len(compact) {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			compact[k] = c
			k++
		}
	}
	switch wholeNames[string(compact[:k])] {
	case wholeHidden:
		h.drop = kindHidden
	case wholeMarker:
		h.marker = true
		h.score = max(h.score, 25)
	}
}

// appendLowerASCII appends the ASCII s lower-cased to b.
func appendLowerASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// hiddenNames are whole class names (lower case, separators removed) of
// elements that are not shown.
var hiddenNames = map[string]bool{
	"sronly": true, "visuallyhidden": true, "screenreaderonly": true,
	"screenreadertext": true, "srtext": true, "displaynone": true,
}

// word applies one class/id word (lower case) to h: one of negTokens,
// leadTokens or posTokens, tried in that order, or else a word holding one
// of negRoots.
func word(w []byte, h *hint) {
	if t, ok := classWords[string(w)]; ok {
		switch {
		case t.neg != "":
			if h.drop == "" {
				h.drop = t.neg
			}
			h.score -= 25
		case t.lead:
			h.lead = true
		default:
			if t.pos > h.score {
				h.score = t.pos
			}
		}
		return
	}
	if len(w) > 6 {
		for _, r := range negRoots {
			if bytes.Contains(w, r.root) {
				if h.drop == "" {
					h.drop = r.kind
				}
				h.score -= 25
				return
			}
		}
	}
}

// classWord is what a word of negTokens, leadTokens or posTokens does:
// the first of these maps that has it decides.
type classWord struct {
	neg  string // negTokens' kind
	lead bool   // in leadTokens
	pos  int8   // posTokens' score
}

// classWords joins negTokens, leadTokens and posTokens for one look-up a
// word. Read-only.
var classWords = func() map[string]classWord {
	m := make(map[string]classWord, len(negTokens)+len(leadTokens)+len(posTokens))
	for w, s := range posTokens {
		m[w] = classWord{pos: s}
	}
	for w := range leadTokens {
		m[w] = classWord{lead: true}
	}
	for w, kind := range negTokens {
		m[w] = classWord{neg: kind}
	}
	return m
}()

// Kinds of a whole name in wholeNames.
const (
	wholeHidden = 1 + iota // in hiddenNames
	wholeMarker            // in markerNames
)

// wholeNames joins hiddenNames and markerNames (hiddenNames first) for
// one look-up a name. Read-only.
var wholeNames = func() map[string]int {
	m := make(map[string]int, len(hiddenNames)+len(markerNames))
	for n := range markerNames {
		m[n] = wholeMarker
	}
	for n := range hiddenNames {
		m[n] = wholeHidden
	}
	return m
}()

// describeHint names the element and its kind for removal examples.
func describeHint(n *html.Node) string { return page.Describe(n) }
