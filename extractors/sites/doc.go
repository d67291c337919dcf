// Package sites reads newshound's site rules: small YAML files that fix one
// site's extraction without recompiling (a wrong date, a sidebar kept in the
// body, a missing breadcrumb trail). It parses and checks rule files and
// evaluates a rule on a parsed page; choosing the rule for a URL and
// merging its values with the generic engine's is extractors.Registry's job.
// It does no I/O besides reading rule files in the Load functions.
//
// A rule file has one key, sites, holding a list of sites:
//
//	sites:
//	  - hosts: ["example.org"]          # required; also *.example.org, example.org/sport/
//	    name: example                    # optional; default: the first host
//	    notes: "why this rule exists"
//	    published:                       # any article field, see FieldNames
//	      selector: "span.real-date"     # CSS (cascadia), compiled at load
//	      attr: datetime                 # optional; default: the text (meta: content, img: src, link: href)
//	      regex: 'on (\d+ \w+ \d{4})'    # optional; the first capture group (or the whole match) is kept
//	      layout: "%d %B %Y"             # optional; Go layout (2 January 2006) or strftime when it has %
//	      timezone: Europe/London        # optional; for layouts without a zone (default UTC)
//	    title: "h1.headline"             # a bare string is a selector
//	    authors:                         # a list: tried in order, the first that finds something wins
//	      - "a[rel=author]"
//	      - {selector: "meta[name=byl]", regex: '^By (.*)', split: " and "}
//	    breadcrumbs: "nav.trail a"       # one crumb per element: its text, its (or its first link's) href
//	    body: ["div.story-body"]         # keep only these for the body pass
//	    remove: [".related", ".promo"]   # drop these before extraction
//	    article_url: ['^/news/\d{4}/']   # path?query regexps: what is an article on this site
//
// Host patterns: "example.org" matches example.org and www.example.org;
// "*.example.org" matches example.org and every subdomain; a path prefix
// ("example.org/sport/") limits a pattern to part of a site. Value fields
// (title, published, modified, section, description, image, language,
// site_name, canonical_url) take the first matching element that yields a
// value; authors and tags take every match; breadcrumbs one crumb per
// match. A field whose selectors find nothing keeps the generic value.
//
// Every problem (YAML syntax, unknown keys, invalid selectors, regular
// expressions, layouts or time zones) is reported with its file, line and
// column, as a Problems error; loading never skips a broken file.
//
// Files: rule.go holds the Rule type and host matching; parse.go reads and
// checks YAML; layout.go handles date layouts; apply.go evaluates field
// rules on a page; tree.go applies body and remove selectors to a clone;
// load.go loads files, folders and the embedded builtin/ rules; errors.go
// holds Problem.
package sites
