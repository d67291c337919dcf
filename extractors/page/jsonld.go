package page

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// JSONLD is one JSON-LD object of the page.
type JSONLD struct {
	// Object is the decoded object.
	Object map[string]any
	// Script is the <script type="application/ld+json"> element it came from.
	Script *html.Node
	// Index is the object's position among the page's JSON-LD objects.
	Index int
	// desc is Describe's text, set by New (objects built elsewhere have
	// none and are described on each call).
	desc string
}

// Types returns the object's @type values (a string or a list in JSON-LD).
func (j JSONLD) Types() []string { return Strings(j.Object["@type"]) }

// HasType reports whether one of the object's @type values equals one of
// types, ignoring case and a "schema:" or URL prefix.
func (j JSONLD) HasType(types ...string) bool {
	for _, t := range j.Types() {
		t = t[strings.LastIndexAny(t, "/:")+1:]
		for _, want := range types {
			if strings.EqualFold(t, want) {
				return true
			}
		}
	}
	return false
}

// String returns the object's key as a string (see the package function).
func (j JSONLD) String(key string) string { return String(j.Object[key]) }

// Describe names the object for provenance, e.g. "jsonld[0] NewsArticle".
func (j JSONLD) Describe() string {
	if j.desc != "" {
		return j.desc
	}
	return j.describe()
}

func (j JSONLD) describe() string {
	return fmt.Sprintf("script[type=ld+json] #%d %s", j.Index, strings.Join(j.Types(), ","))
}

// parseJSONLD decodes a JSON-LD script body into its objects. Broken JSON
// yields nothing (pages often carry templates or trailing commas); a
// trailing semicolon or HTML comment wrapper, which sites do emit, is cut.
func parseJSONLD(text string, script *html.Node) []JSONLD {
	text = strings.TrimSpace(text)
	text = strings.TrimPrefix(text, "<!--")
	text = strings.TrimSuffix(text, "-->")
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), ";"))
	if text == "" {
		return nil
	}
	v, ok := decodeJSON(text)
	if !ok {
		// Control characters inside strings are a common producer bug.
		cleaned := strings.Map(func(r rune) rune {
			if r < 0x20 {
				return ' '
			}
			return r
		}, text)
		if v, ok = decodeJSON(cleaned); !ok {
			return nil
		}
	}
	var out []JSONLD
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
				if _, typed := x["@type"]; !typed {
					return
				}
			}
			out = append(out, JSONLD{Object: x, Script: script})
		}
	}
	walk(v, 0)
	return out
}

// String returns v as a string: a string as is, a number formatted, an
// object's "name" or "@value" or "@id", the first element of a list; "" for
// anything else.
func String(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	case map[string]any:
		for _, k := range [...]string{"name", "@value", "@id", "url"} {
			if s := String(x[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := String(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// Strings returns v as a list of strings: each element of a list through
// String, or a single value as a one-element list.
func Strings(v any) []string {
	if list, ok := v.([]any); ok {
		var out []string
		for _, e := range list {
			if s := String(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := String(v); s != "" {
		return []string{s}
	}
	return nil
}
