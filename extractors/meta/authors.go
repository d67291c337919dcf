package meta

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
)

// Authors come from a cascade of sources, most structured first: JSON-LD
// author (Person names; never an Organization), author <meta> tags,
// itemprop=author, rel=author links, then byline elements. The first
// source that yields a valid name wins; the others are recorded.

var (
	// bylinePrefix matches a leading "By", "Von", "Par", "Por" and the like.
	bylinePrefix = regexp.MustCompile(`(?i)^\s*(?:(?:written|posted|published|reported|text|texte|story|words|photos?|fotos?|interview|compiled|edited|erstellt|verfasst|geschrieben|gespeichert|veröffentlicht|publiziert|ein\s+beitrag|ein\s+artikel|article|publié|écrit|escrito|publicado|scritto|a\s+cura)\s+(?:by|von|par|por|di)\b\s*:?|by\b\s*:?|von\b\s*:?|vom\b|par\b\s*:?|por\b\s*:?|di\b|door\b|av\b|af\b|de\b|from\b|autor(?:in)?\s*:|author\s*:|auteur\s*:|autore\s*:|text\s*:|texte\s*:|redaktion\s*:|written\s*:|byline\s*:)\s*`)
	// emailOrHandle matches e-mail addresses, @handles and URLs.
	emailOrHandle = regexp.MustCompile(`\S+@\S+|(?:^|\s)@\w+|https?://\S+|www\.\S+`)
	// dateLike matches dates and times in a byline.
	dateLike = regexp.MustCompile(`(?i)\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:updated|aktualisiert|published|veröffentlicht|posted|am|on|le|el|il)\b.*$`)
)

// roleWords are words that make a byline part a role, not a name.
var roleWords = map[string]bool{
	"writer": true, "editor": true, "reporter": true, "correspondent": true, "staff": true,
	"contributor": true, "contributing": true, "columnist": true, "redakteur": true, "redakteurin": true,
	"redaktion": true, "korrespondent": true, "korrespondentin": true, "journalist": true, "journalistin": true,
	"photographer": true, "fotograf": true, "fotografin": true, "mitarbeiter": true, "senior": true,
	"chief": true, "desk": true, "agency": true, "agentur": true, "press": true, "presse": true,
	"news": true, "newsroom": true, "team": true, "admin": true, "administrator": true, "editorial": true,
	"rédaction": true, "redacción": true, "redazione": true, "redactie": true, "associated": true,
	"reuters": true, "dpa": true, "afp": true, "ap": true, "apa": true, "sda": true, "kna": true, "epd": true,
	"guest": true, "gastautor": true, "gastbeitrag": true, "autor": true, "author": true, "autorin": true,
	"updated": true, "aktualisiert": true, "uhr": true, "min": true, "minutes": true, "read": true,
	"lesezeit": true, "share": true, "teilen": true, "follow": true, "comments": true, "kommentare": true,
	"published": true, "veröffentlicht": true, "profile": true, "more": true, "articles": true,
	"posts": true, "view": true, "all": true, "email": true, "twitter": true, "facebook": true,
	"instagram": true, "linkedin": true, "copyright": true, "image": true, "bild": true, "foto": true,
	"photo": true, "credit": true, "quelle": true, "source": true, "anzeige": true, "sponsored": true,
	"werbung": true, "home": true, "blog": true, "magazin": true, "magazine": true, "online": true,
	"zeitung": true, "gmbh": true, "inc": true, "ltd": true, "verlag": true, "media": true, "medien": true,
	"unknown": true, "anonymous": true, "none": true, "null": true, "undefined": true,
	"phd": true, "md": true, "alle": true, "artikel": true, "publiziert": true, "erstellt": true,
	"text": true, "texte": true, "gespräch": true, "interview": true, "experte": true, "expertin": true,
	"about": true, "über": true, "kontakt": true, "contact": true,
}

// authorSource is one source's names.
type authorSource struct {
	names []string
	src   provenance.Source
}

// cleanAuthors turns a raw byline into names: prefixes, e-mails, handles,
// dates and roles removed, lists split, invalid parts dropped.
//
// Structured sources (JSON-LD, meta tags, itemprop, rel=author) may give a
// user name ("gizzmo") or initials ("LD"); strict, for free-text bylines,
// accepts capitalised names only.
func cleanAuthors(raw string, site siteNames, siteName string, strict bool) []string {
	s := clean(raw)
	if s == "" || len(s) > 300 {
		return nil
	}
	if mayHaveEmailOrHandle(s) {
		s = emailOrHandle.ReplaceAllString(s, " ")
	}
	s = strings.Trim(s, " :-–—|")
	var out []string
	for _, part := range splitAuthors(s) {
		if !page.IsASCII(part) {
			part = dateLike.ReplaceAllString(part, "")
		} else if hasDigit(part) || hasASCIIWord(part, dateWords) {
			part = stripDateLikeASCII(part)
		}
		for {
			if page.IsASCII(part) {
				if !prefixWords[firstASCIIWord(part)] {
					break // bylinePrefix cannot match
				}
				n := bylinePrefixLenASCII(part)
				if n <= 0 {
					break
				}
				part = part[n:]
				continue
			}
			q := bylinePrefix.ReplaceAllString(part, "")
			if q == part {
				break
			}
			part = q
		}
		part = strings.Trim(clean(part), " :-–—|()[]'\".")
		if part = nameOnly(part, strict); part == "" {
			continue
		}
		if site.isName(part, siteName) || site.matches(part) && len(tokens(part)) <= 2 && len(site.squashed) > 0 && squashMatchesDeclared(part, site) {
			continue
		}
		out = append(out, part)
	}
	return out
}

// splitAuthors splits a list of names at commas, semicolons, "|", "/",
// "&", "·", "•", line breaks and the words of splitWords (in any case),
// taking the white space around each separator with it. It is
// regexp.MustCompile(`(?i)\s*(?:,|;|\||/|&|\band\b|\bund\b|…|\bwith\b|·|•|\n)\s*`).Split(s, -1)
// (see authorSplit in the tests) without the regular expression's cost.
func splitAuthors(s string) []string {
	var parts []string
	beg := 0
	for i := 0; i < len(s); i++ {
		if end := separatorAt(s, i); end > i {
			parts = append(parts, s[beg:i])
			beg = end
			i = end - 1
		}
	}
	return append(parts, s[beg:])
}

// separatorAt returns the end of the name separator that starts at s[i]
// (white space before and after it included), or i when none does. The
// leading white space may itself hold the separator, a line break.
func separatorAt(s string, i int) int {
	j := skipRESpace(s, i)
	if k := separatorToken(s, j); k > 0 {
		return skipRESpace(s, j+k)
	}
	if strings.IndexByte(s[i:j], '\n') >= 0 {
		return j
	}
	return i
}

// skipRESpace returns the index of the first byte at or after i that is
// not white space as \s of regexp means it ([\t\n\f\r ]).
func skipRESpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

// separatorToken returns the length of the separator token at s[j] (a
// sign, or a whole word of splitWords in any case), 0 when there is none.
func separatorToken(s string, j int) int {
	if j >= len(s) {
		return 0
	}
	switch s[j] {
	case ',', ';', '|', '/', '&', '\n':
		return 1
	}
	if strings.HasPrefix(s[j:], "·") {
		return len("·")
	}
	if strings.HasPrefix(s[j:], "•") {
		return len("•")
	}
	if !isWordByte(s[j]) || j > 0 && isWordByte(s[j-1]) {
		return 0
	}
	k := j
	for k < len(s) && isWordByte(s[k]) {
		k++
	}
	var buf [16]byte
	if k-j < len(buf) && splitWords[string(appendLower(buf[:0], s[j:k]))] { // no allocation
		return k - j
	}
	return 0
}

// Cheap pre-checks for cleanAuthors: the regular expressions run only when
// their match is possible. On ASCII text \b is exactly the edge of a run
// of [0-9A-Za-z_], so a word test over those runs decides it; text with
// other bytes (case folding such as ſ for s, words such as
// "veröffentlicht") always goes to the regular expression.

// splitWords are the words splitAuthors splits at, lower case.
var splitWords = map[string]bool{"and": true, "und": true, "et": true, "y": true, "e": true, "i": true,
	"en": true, "og": true, "och": true, "mit": true, "with": true}

// dateWords are dateLike's words (ASCII ones), lower case.
var dateWords = map[string]bool{"updated": true, "aktualisiert": true, "published": true, "posted": true,
	"am": true, "on": true, "le": true, "el": true, "il": true}

// prefixWords are the ASCII words bylinePrefix can start with, lower case.
var prefixWords = map[string]bool{"written": true, "posted": true, "published": true, "reported": true,
	"text": true, "texte": true, "story": true, "words": true, "photo": true, "photos": true, "foto": true,
	"fotos": true, "interview": true, "compiled": true, "edited": true, "erstellt": true, "verfasst": true,
	"geschrieben": true, "gespeichert": true, "publiziert": true, "ein": true, "article": true,
	"escrito": true, "publicado": true, "scritto": true, "a": true, "by": true, "von": true, "vom": true,
	"par": true, "por": true, "di": true, "door": true, "av": true, "af": true, "de": true, "from": true,
	"autor": true, "autorin": true, "author": true, "auteur": true, "autore": true, "redaktion": true,
	"byline": true}

// mayHaveEmailOrHandle reports whether emailOrHandle can match s.
func mayHaveEmailOrHandle(s string) bool {
	return strings.IndexByte(s, '@') >= 0 || strings.Contains(s, "http") || strings.Contains(s, "www.")
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// hasASCIIWord reports whether a run of word bytes in s is, lower-cased,
// one of words (at most 15 bytes long).
func hasASCIIWord(s string, words map[string]bool) bool {
	var buf [16]byte
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j-i < len(buf) && words[string(appendLower(buf[:0], s[i:j]))] { // no allocation
			return true
		}
		i = j
	}
	return false
}

// firstASCIIWord returns the run of word bytes at the start of s after
// white space (\s), lower-cased; "" if s starts with another byte.
func firstASCIIWord(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	j := i
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return strings.ToLower(s[i:j])
}

// appendLower appends s lower-cased (ASCII) to buf.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		buf = append(buf, lowerASCII(s[i]))
	}
	return buf
}

// squashMatchesDeclared reports whether part equals a declared site name.
func squashMatchesDeclared(part string, site siteNames) bool {
	q := squash(part)
	for _, n := range site.squashed {
		if q == n {
			return true
		}
	}
	return false
}

// nameOnly returns s when it looks like a person's name: one to five
// words of letters, no digits, no role words, capitalised where the script
// has case. It returns "" otherwise.
func nameOnly(s string, strict bool) string {
	if s == "" || len(s) > 70 {
		return ""
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return ""
	}
	letters, upperStart, cased := 0, 0, 0
	for _, w := range words {
		if roleWords[strings.ToLower(strings.Trim(w, ".,:;()"))] {
			return ""
		}
		first := true
		for _, r := range w {
			switch {
			case unicode.IsDigit(r):
				return ""
			case unicode.IsLetter(r):
				letters++
				if first {
					if unicode.IsUpper(r) {
						upperStart++
					}
					if unicode.IsUpper(r) || unicode.IsLower(r) {
						cased++
					}
				}
				first = false
			case r == '.' || r == '-' || r == '\'' || r == '’' || r == 'ʼ' || unicode.IsMark(r):
			default:
				return ""
			}
		}
	}
	if letters < 2 {
		return ""
	}
	if !strict {
		return strings.Join(words, " ")
	}
	// Cased scripts: most words capitalised ("de", "van" may not be).
	if cased > 0 && upperStart*2 < cased+1 {
		return ""
	}
	if len(words) == 1 && cased > 0 && letters < 3 {
		return ""
	}
	return strings.Join(words, " ")
}

// jsonldAuthors reads the author property of an object: a string, an
// object or a list of either. Organizations are skipped.
func jsonldAuthors(v any, byID map[string]map[string]any, depth int) (names []string, orgs []string) {
	if depth > 3 {
		return nil, nil
	}
	if m, ok := v.(map[string]any); ok && len(m) <= 2 {
		// {"@id": "..."}: a reference to an object elsewhere in the graph.
		if id := page.String(m["@id"]); id != "" && m["name"] == nil {
			if o, ok := byID[id]; ok {
				v = o
			} else {
				return nil, nil
			}
		}
	}
	switch x := v.(type) {
	case string:
		names = append(names, x)
	case map[string]any:
		t := strings.ToLower(page.String(x["@type"]))
		n := page.String(x["name"])
		if n == "" {
			gn, fn := page.String(x["givenName"]), page.String(x["familyName"])
			n = strings.TrimSpace(gn + " " + fn)
		}
		if strings.Contains(t, "organization") || strings.Contains(t, "corporation") || t == "newsmediaorganization" {
			orgs = append(orgs, n)
		} else if n != "" && !strings.HasPrefix(n, "http") {
			names = append(names, n)
		}
	case []any:
		for _, e := range x {
			n, o := jsonldAuthors(e, byID, depth+1)
			names, orgs = append(names, n...), append(orgs, o...)
		}
	}
	return names, orgs
}

// findAuthors decides the authors.
func findAuthors(p *page.Page, sc *scan, site siteNames, siteName string) ([]string, provenance.Decision) {
	d := provenance.Decision{Field: "authors"}
	var sources []authorSource
	addRaw := func(raws []string, src provenance.Source) {
		strict := strings.HasPrefix(src.Rule, "class.") || strings.HasPrefix(src.Rule, "text.")
		var names []string
		for _, r := range raws {
			names = append(names, cleanAuthors(r, site, siteName, strict)...)
		}
		src.Raw = truncate(strings.Join(raws, "; "))
		if len(names) == 0 {
			if src.Raw != "" {
				d.Rejected = append(d.Rejected, provenance.Candidate{Value: src.Raw, Source: src, Reason: "no valid name"})
			}
			return
		}
		sources = append(sources, authorSource{names: dedupNames(names), src: src})
	}
	// JSON-LD: article objects first.
	byID := map[string]map[string]any{}
	for _, o := range p.JSONLD {
		if id := page.String(o.Object["@id"]); id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = o.Object
			}
		}
	}
	for pass := 0; pass < 2 && len(sources) == 0; pass++ {
		for _, o := range p.JSONLD {
			if o.HasType(articleTypes...) != (pass == 0) {
				continue
			}
			v, ok := o.Object["author"]
			if !ok {
				v, ok = o.Object["creator"]
			}
			if !ok {
				continue
			}
			names, orgs := jsonldAuthors(v, byID, 0)
			for _, org := range orgs {
				d.Rejected = append(d.Rejected, provenance.Candidate{Value: org, Source: provenance.Source{Rule: "jsonld.author", Node: o.Describe(), Attr: "author", Raw: truncate(org)}, Reason: "organization"})
			}
			addRaw(names, provenance.Source{Rule: "jsonld.author", Node: o.Describe(), Attr: "author"})
			if len(sources) > 0 {
				break
			}
		}
	}
	for _, k := range [...]string{"author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "dc:creator", "dcterms.creator", "twitter:creator:name", "citation_author"} {
		var raws []string
		var node *html.Node
		for _, m := range p.MetaAll(k) {
			if strings.Contains(m.Content, "://") || strings.HasPrefix(m.Content, "/") {
				continue
			}
			raws = append(raws, m.Content)
			if node == nil {
				node = m.Node
			}
		}
		if len(raws) > 0 {
			addRaw(raws, provenance.Source{Rule: "meta." + k, Node: page.Describe(node), Attr: "content"})
		}
	}
	for _, rule := range [...]string{"itemprop.author", "rel.author", "class.byline", "class.author", "text.byline"} {
		var raws []string
		var node *html.Node
		for _, b := range sc.bylines {
			if b.rule != rule || b.region&inComment != 0 {
				continue
			}
			// Nested matches (an itemprop=author inside another) repeat
			// text; matches far from the first belong to other articles
			// (teasers, related lists).
			if node != nil && (isAncestor(node, b.node) || !isAncestor(ancestorUp(node, 3), b.node)) {
				continue
			}
			t := bylineText(b.node)
			if t == "" {
				continue
			}
			raws = append(raws, t)
			if node == nil {
				node = b.node
			}
			if len(raws) >= 4 {
				break
			}
		}
		if len(raws) > 0 {
			addRaw(raws, provenance.Source{Rule: rule, Node: page.Describe(node)})
		}
	}
	if len(sources) == 0 {
		return nil, d
	}
	win := sources[0]
	src := win.src
	d.Value, d.Source, d.Confidence = strings.Join(win.names, ", "), &src, 0.8
	for _, s := range sources[1:] {
		d.Rejected = append(d.Rejected, provenance.Candidate{Value: strings.Join(s.names, ", "), Source: s.src, Reason: "lower priority"})
	}
	return win.names, d
}

// bylineText reads a byline element: the itemprop=name inside it when
// there is one, its visible text otherwise.
func bylineText(n *html.Node) string {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && strings.EqualFold(page.Attr(c, "itemprop"), "name") {
			if v := page.Attr(c, "content"); v != "" {
				return v
			}
			return visibleText(c)
		}
	}
	if v := page.Attr(n, "content"); v != "" {
		return v
	}
	t := visibleText(n)
	if len(t) > 200 {
		return ""
	}
	return t
}

// ancestorUp returns n's ancestor k levels up (or the highest one).
func ancestorUp(n *html.Node, k int) *html.Node {
	for ; k > 0 && n.Parent != nil; k-- {
		n = n.Parent
	}
	return n
}

// isAncestor reports whether a is an ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// dedupNames removes repeated names, ignoring case and punctuation.
func dedupNames(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		k := squash(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}
