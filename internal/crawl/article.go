package crawl

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/newshound/newshound/extractors"
	"github.com/newshound/newshound/extractors/page"
)

// ArticleCheck decides whether an extracted page is an article, to be
// stored, or a page that is only crawled through (home, section, tag,
// author, search and pagination pages). The zero value uses the defaults.
type ArticleCheck struct {
	// MinWords is the body length, in words, a page needs when it does not
	// declare itself an article. 0 means 150.
	MinWords int
	// MinWordsDeclared is the body length a page declared an article
	// (JSON-LD or og:type) needs: paywalled or brief items are short. 0
	// means 40.
	MinWordsDeclared int
}

// articleTypes are schema.org types of a single article.
var articleTypes = [...]string{
	"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
	"BackgroundNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting",
	"SatiricalArticle", "ScholarlyArticle", "TechArticle", "Report",
	"SocialMediaPosting", "DiscussionForumPosting", "Review",
}

// listingTypes are schema.org types of pages that list other pages.
var listingTypes = [...]string{
	"CollectionPage", "SearchResultsPage", "ProfilePage", "ItemList",
}

// listingSegments are path segments that start a listing: the page is a
// listing when at most two short segments follow.
var listingSegments = [...]string{
	"tag", "tags", "category", "categories", "topic", "topics", "author",
	"authors", "section", "sections", "search", "archive", "archives",
	"label", "labels", "series", "people", "profile", "feed", "rss", "page",
}

// IsArticle is ArticleCheck{}.IsArticle.
func IsArticle(a *extractors.Article, p *page.Page, pageURL string) (bool, string) {
	return ArticleCheck{}.IsArticle(a, p, pageURL)
}

// IsArticle decides from an extraction whether the page is an article and
// returns a short reason ("jsonld NewsArticle", "listing url /tag/",
// "too short: 12 words"). a is the extraction (text length, date); p is
// the parsed page the extraction read (JSON-LD types and og:type: nothing
// is parsed again) and may be nil, leaving URL and text signals only;
// pageURL is the page's address. In order:
//
//  1. the home page (path "/" or an index file, no query) is not an
//     article;
//  2. a page declared a listing (JSON-LD CollectionPage,
//     SearchResultsPage, ProfilePage without any article type; or three
//     article objects or more, a list of teasers) is not one;
//  3. a page declared an article (a JSON-LD article type, else
//     og:type=article) is one when its body has MinWordsDeclared words,
//     unless only og:type declares it and the URL is a listing or
//     pagination URL (themes that put og:type=article on every page);
//  4. otherwise a listing URL (/tag/x, /category/a/b, /author/x,
//     /search, ?s=) or pagination URL (/page/2, ?page=2) is not one;
//  5. otherwise a page with MinWords words and a published date or an
//     article-like URL (a date in the path, a long slug, a numeric id) is
//     one; anything else is not.
func (c ArticleCheck) IsArticle(a *extractors.Article, p *page.Page, pageURL string) (bool, string) {
	minWords, minDeclared := c.MinWords, c.MinWordsDeclared
	if minWords <= 0 {
		minWords = 150
	}
	if minDeclared <= 0 {
		minDeclared = 40
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return false, "bad url"
	}
	segs := splitPath(u.Path)
	if isHome(segs, u) {
		return false, "home page"
	}
	words := 0
	if a != nil {
		words = a.WordCount
	}
	listing, listingWhy := listingURL(segs, u.Query())

	declared, weak := "", false
	if p != nil {
		articles, listType := 0, ""
		for _, obj := range p.JSONLD {
			switch {
			case obj.HasType(articleTypes[:]...):
				articles++
				if declared == "" {
					declared = "jsonld " + firstType(obj, articleTypes[:])
				}
			case obj.HasType(listingTypes[:]...) && listType == "":
				listType = firstType(obj, listingTypes[:])
			}
		}
		switch {
		case articles >= 3:
			return false, fmt.Sprintf("jsonld lists %d articles", articles)
		case articles == 0 && listType != "":
			return false, "jsonld " + listType
		}
		if declared == "" {
			switch og, _ := p.MetaContent("og:type"); strings.ToLower(og) {
			case "article", "news", "news.article", "blog", "blogposting":
				declared, weak = "og:type "+strings.ToLower(og), true
			case "profile":
				return false, "og:type profile"
			}
		}
	}
	if declared != "" && !(weak && listing) {
		if words < minDeclared {
			return false, fmt.Sprintf("%s but too short: %d words", declared, words)
		}
		return true, declared
	}
	if listing {
		return false, listingWhy
	}
	if words < minWords {
		return false, fmt.Sprintf("too short: %d words", words)
	}
	if a != nil && a.Published != nil {
		return true, fmt.Sprintf("%d words, dated", words)
	}
	if why := articleURL(segs, u.Query()); why != "" {
		return true, fmt.Sprintf("%d words, %s", words, why)
	}
	return false, "no article signal"
}

// firstType returns the first of obj's types that is in types.
func firstType(obj page.JSONLD, types []string) string {
	for _, t := range obj.Types() {
		short := t[strings.LastIndexAny(t, "/:")+1:]
		for _, w := range types {
			if strings.EqualFold(short, w) {
				return w
			}
		}
	}
	return types[0]
}

// isHome reports whether the URL is a site's home page.
func isHome(segs []string, u *url.URL) bool {
	if u.RawQuery != "" || len(segs) > 1 {
		return false
	}
	if len(segs) == 0 {
		return true
	}
	for _, f := range indexNames {
		if strings.EqualFold(segs[0], f) {
			return true
		}
	}
	return false
}

// indexNames are directory index files.
var indexNames = [...]string{"index.html", "index.htm", "index.php", "index.shtml", "default.aspx", "default.asp"}

// listingURL reports whether a URL looks like a listing or pagination
// page, and why.
func listingURL(segs []string, q url.Values) (bool, string) {
	if n := pageNumber(segs, q); n >= 2 {
		return true, fmt.Sprintf("pagination url (page %d)", n)
	}
	for _, k := range [...]string{"s", "q", "query", "search"} {
		if q.Has(k) {
			return true, "search url"
		}
	}
	for _, k := range [...]string{"start", "offset"} {
		if n, err := strconv.Atoi(q.Get(k)); err == nil && n > 0 {
			return true, "pagination url (" + k + ")"
		}
	}
	for i, s := range segs {
		ls := strings.ToLower(s)
		for _, l := range listingSegments {
			if ls != l {
				continue
			}
			// /tag/x and /category/a/b list; /topics/climate/a-long-headline-slug
			// is an article filed under a topic.
			rest := segs[i+1:]
			if len(rest) <= 1 || len(rest) == 2 && !looksLikeSlug(rest[1]) {
				return true, "listing url /" + ls + "/"
			}
		}
	}
	return false, ""
}

// articleURL returns why a URL looks like an article's, or "": a date in
// the path, a slug of four words or more, a numeric id of five digits or
// more, or an .html/.htm page below the root.
func articleURL(segs []string, q url.Values) string {
	if _, ok := dateInURL(segs, nil); ok {
		return "date in url"
	}
	for _, s := range segs {
		if looksLikeSlug(s) {
			return "slug in url"
		}
	}
	for _, s := range segs {
		if digitsRun(s) >= 5 {
			return "id in url"
		}
	}
	for _, k := range [...]string{"id", "p", "story", "article", "aid", "storyid", "articleid"} {
		if v := q.Get(k); digitsRun(v) >= 3 {
			return "id in url"
		}
	}
	if len(segs) >= 2 {
		last := strings.ToLower(segs[len(segs)-1])
		if strings.HasSuffix(last, ".html") || strings.HasSuffix(last, ".htm") {
			return "html page in url"
		}
	}
	return ""
}

// looksLikeSlug reports whether a path segment is a headline slug: four
// or more words joined by "-" or "_".
func looksLikeSlug(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(s), ".html"), ".htm")
	words := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
		if w != "" && !isDigits(w) {
			words++
		}
	}
	return words >= 4
}

// digitsRun returns the length of the longest run of ASCII digits in s.
func digitsRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
