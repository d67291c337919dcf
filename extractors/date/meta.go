package date

import (
	"regexp"
	"sort"
	"strings"

	"github.com/newshound/newshound/extractors/page"
	"golang.org/x/net/html"
)

// metaRule says what a <meta> key holds and how much it is trusted.
type metaRule struct {
	modified bool
	score    float64
}

// metaRules maps lower-cased <meta> keys (name, property, itemprop or
// http-equiv) to their rule.
var metaRules = map[string]metaRule{
	// publication, explicit
	"article:published_time":       {false, 0.92},
	"og:article:published_time":    {false, 0.92},
	"article:published":            {false, 0.9},
	"og:published_time":            {false, 0.9},
	"published_time":               {false, 0.9},
	"datepublished":                {false, 0.92},
	"parsely-pub-date":             {false, 0.9},
	"sailthru.date":                {false, 0.85},
	"article.published":            {false, 0.9},
	"article_date_original":        {false, 0.9},
	"original-publish-date":        {false, 0.9},
	"published-date":               {false, 0.88},
	"publish-date":                 {false, 0.88},
	"publish_date":                 {false, 0.88},
	"publishdate":                  {false, 0.88},
	"publishdatetime":              {false, 0.88},
	"published_at":                 {false, 0.88},
	"publication_date":             {false, 0.88},
	"publication-date":             {false, 0.88},
	"pubdate":                      {false, 0.88},
	"pub_date":                     {false, 0.88},
	"og:pubdate":                   {false, 0.88},
	"date_published":               {false, 0.88},
	"rnews:datepublished":          {false, 0.88},
	"dc.date.issued":               {false, 0.88},
	"dcterms.issued":               {false, 0.88},
	"dc.date.created":              {false, 0.85},
	"dcterms.created":              {false, 0.85},
	"dc.date.published":            {false, 0.88},
	"citation_publication_date":    {false, 0.85},
	"citation_online_date":         {false, 0.85},
	"citation_date":                {false, 0.8},
	"prism.publicationdate":        {false, 0.85},
	"bt:pubdate":                   {false, 0.85},
	"cxenseparse:recs:publishtime": {false, 0.85},
	"datecreated":                  {false, 0.8},
	"created":                      {false, 0.7},
	"article:post_date":            {false, 0.85},
	"release_date":                 {false, 0.75},
	"ptime":                        {false, 0.8},
	"firstpublishedat":             {false, 0.85},
	"displaydate":                  {false, 0.8},
	"dc.date":                      {false, 0.7},
	"dc:date":                      {false, 0.7},
	"dcterms.date":                 {false, 0.7},
	"date":                         {false, 0.7},
	"timestamp":                    {false, 0.6},
	// modification
	"article:modified_time":    {true, 0.9},
	"og:article:modified_time": {true, 0.9},
	"article:modified":         {true, 0.85},
	"og:updated_time":          {true, 0.85},
	"updated_time":             {true, 0.85},
	"datemodified":             {true, 0.9},
	"last-modified":            {true, 0.8},
	"lastmod":                  {true, 0.8},
	"lastmodified":             {true, 0.8},
	"last_updated":             {true, 0.8},
	"dcterms.modified":         {true, 0.85},
	"dc.date.modified":         {true, 0.85},
	"dc.date.updated":          {true, 0.8},
	"modified":                 {true, 0.75},
	"revised":                  {true, 0.7},
	"utime":                    {true, 0.75},
	"eomportal-lastupdate":     {true, 0.75},
}

// metaCandidates reads the date <meta> tags.
func (x *extraction) metaCandidates() {
	for _, m := range x.p.Meta {
		r, ok := metaRules[m.Key]
		if !ok {
			continue
		}
		x.addValue(m.Content, true, cand{
			rule: "meta." + m.Key, el: m.Node, attr: "content",
			score: r.score, modified: r.modified, family: "meta",
		})
	}
}

// jsonldArticleTypes are the JSON-LD types whose dates are the page's own.
var jsonldArticleTypes = []string{"NewsArticle", "Article", "BlogPosting", "ReportageNews",
	"AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
	"LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report", "SocialMediaPosting",
	"Blog", "Posting", "DiscussionForumPosting", "Recipe", "HowTo", "Review"}

// jsonldForeignTypes are JSON-LD types whose dates are never the page's.
var jsonldForeignTypes = []string{"Comment", "Answer", "Person", "Organization", "Event",
	"Offer", "Product", "Rating", "AggregateRating", "ListItem", "ItemList", "SiteNavigationElement"}

// jsonldCandidates reads datePublished, dateCreated and dateModified of the
// page's JSON-LD objects, and of their mainEntity.
func (x *extraction) jsonldCandidates() {
	for _, obj := range x.p.JSONLD {
		x.jsonldObject(obj, obj.Object, obj.Types(), 0)
	}
}

func (x *extraction) jsonldObject(obj page.JSONLD, o map[string]any, types []string, depth int) {
	j := page.JSONLD{Object: o}
	base, reject := 0.0, ""
	typeName := strings.Join(types, ",")
	switch {
	case j.HasType(jsonldArticleTypes...):
		base = 0.95
	case j.HasType("WebPage", "ItemPage", "AboutPage", "MediaObject", "VideoObject", "AudioObject", "CreativeWork"):
		base = 0.86
	case j.HasType(jsonldForeignTypes...):
		reject = "date of a " + typeName + ", not the article"
	default:
		base = 0.7
	}
	node := "" // obj.Describe(), once a date key is there
	for _, f := range [...]struct {
		key      string
		modified bool
		delta    float64
	}{{"datePublished", false, 0}, {"dateCreated", false, -0.08}, {"uploadDate", false, -0.1}, {"dateModified", true, -0.03}} {
		v, ok := o[f.key]
		if !ok {
			continue
		}
		if node == "" {
			node = obj.Describe()
		}
		for _, s := range page.Strings(v) {
			c := cand{rule: "jsonld." + f.key, node: node, score: base + f.delta, modified: f.modified, family: "jsonld", reject: reject}
			x.addValue(s, true, c)
			break
		}
	}
	if depth < 2 {
		if me, ok := o["mainEntity"].(map[string]any); ok {
			sub := page.JSONLD{Object: me}
			x.jsonldObject(obj, me, sub.Types(), depth+1)
		}
	}
}

// reScriptDate is a publication or modification date at the start of a
// script excerpt: JSON-LD that did not decode, or a page's state object.
var reScriptDate = regexp.MustCompile(`^"(datePublished|dateModified|publishedDate|publishDate|published_at|publishedAt|firstPublishedDate|publicationDate)"\s*:\s*"([^"]{6,40})"`)

// maxScriptScan bounds the bytes of one script searched for dates.
const maxScriptScan = 256 << 10

// scriptKeyNeedles are substrings of every key reScriptDate reads; the
// script text is searched for them and the pattern runs only there.
var scriptKeyNeedles = [...]string{"ublish", "ublication", "dateModified"}

// scriptCandidates finds datePublished/dateModified in scripts: JSON-LD that
// did not decode, or page state objects ("publishedDate", "published_at").
// Only the first date of each key counts: later ones belong to other
// stories in the state.
func (x *extraction) scriptCandidates() {
	seen := map[string]bool{}
	for _, s := range x.w.scripts {
		if x.decodedScript(s) {
			// its objects were read, with their types, by jsonldCandidates
			continue
		}
		text := s.FirstChild.Data
		ldJSON := containsFold(page.Attr(s, "type"), "ld+json")
		if len(text) > maxScriptScan {
			text = text[:maxScriptScan]
		}
		var hits []int
		for _, needle := range scriptKeyNeedles {
			for from, n := 0, 0; n < 32; n++ {
				i := strings.Index(text[from:], needle)
				if i < 0 {
					break
				}
				i += from
				from = i + len(needle)
				// back to the key's opening quote
				q := strings.LastIndexByte(text[max(0, i-12):i], '"')
				if q < 0 {
					continue
				}
				hits = append(hits, max(0, i-12)+q)
			}
		}
		sort.Ints(hits)
		for _, h := range hits {
			m := reScriptDate.FindStringSubmatch(text[h:min(len(text), h+100)])
			if m == nil || seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			score := 0.8
			switch {
			case m[1] != "datePublished" && m[1] != "dateModified":
				score = 0.66
			case ldJSON:
				// declared JSON-LD with a stray brace: as trusted as
				// JSON-LD that decoded
				score = 0.9
			}
			x.addValue(m[2], true, cand{rule: "script." + m[1], el: s,
				score: score, modified: m[1] == "dateModified", family: "jsonld"})
		}
	}
}

// decodedScript reports whether script s gave page.JSONLD objects.
func (x *extraction) decodedScript(s *html.Node) bool {
	for _, j := range x.p.JSONLD {
		if j.Script == s {
			return true
		}
	}
	return false
}
