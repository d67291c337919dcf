package body

import (
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
var negRoots = [...]struct{ root, kind string }{
	{"share", kindShare}, {"social", kindShare}, {"related", kindRelated}, {"comment", kindComments},
	{"newsletter", kindNewsletter}, {"cookie", kindCookie}, {"sidebar", kindAside}, {"footer", kindAside},
	{"breadcrumb", kindNav}, {"advert", kindAd}, {"outbrain", kindRelated}, {"taboola", kindRelated},
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
	for _, name := range strings.Fields(v) {
		if len(name) > 60 {
			continue
		}
		var compact [64]byte
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
					word(strings.ToLower(name[start:i]), h)
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
		switch c := string(compact[:k]); {
		case hiddenNames[c]:
			h.drop = kindHidden
		case markerNames[c]:
			h.marker = true
			h.score = max(h.score, 25)
		}
	}
}

// hiddenNames are whole class names (lower case, separators removed) of
// elements that are not shown.
var hiddenNames = map[string]bool{
	"sronly": true, "visuallyhidden": true, "screenreaderonly": true,
	"screenreadertext": true, "srtext": true, "displaynone": true,
}

// word applies one class/id word to h.
func word(w string, h *hint) {
	if kind, ok := negTokens[w]; ok {
		if h.drop == "" {
			h.drop = kind
		}
		h.score -= 25
		return
	}
	if leadTokens[w] {
		h.lead = true
		return
	}
	if s, ok := posTokens[w]; ok {
		if s > h.score {
			h.score = s
		}
		return
	}
	if len(w) > 6 {
		for _, r := range negRoots {
			if strings.Contains(w, r.root) {
				if h.drop == "" {
					h.drop = r.kind
				}
				h.score -= 25
				return
			}
		}
	}
}

// describeHint names the element and its kind for removal examples.
func describeHint(n *html.Node) string { return page.Describe(n) }
