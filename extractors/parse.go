package extractors

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// maxParseDepth is the nesting depth beyond which start tags are dropped
// before parsing. golang.org/x/net/html refuses trees deeper than 512 open
// elements; real articles never need more than a few dozen.
const maxParseDepth = 400

// parseHTML parses UTF-8 HTML into a tree. A page nested too deeply for
// the parser is flattened (the innermost excess elements lose their tags,
// keeping their text) and parsed again.
func parseHTML(b []byte) (*html.Node, error) {
	root, err := html.Parse(bytes.NewReader(b))
	if err == nil {
		return root, nil
	}
	if !strings.Contains(err.Error(), "open stack") {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	root, err2 := html.Parse(bytes.NewReader(flattenDeep(b, maxParseDepth)))
	if err2 != nil {
		return nil, fmt.Errorf("parse html: %w", errors.Join(err, err2))
	}
	return root, nil
}

// flattenDeep rewrites b, dropping start and matching end tags of elements
// nested deeper than limit. It tracks open elements the simple way
// (without HTML's implied end tags), which over-counts depth and so only
// flattens earlier than needed.
func flattenDeep(b []byte, limit int) []byte {
	type open struct {
		name    string
		dropped bool
	}
	var (
		out   bytes.Buffer
		stack []open
		depth int
	)
	out.Grow(len(b))
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if isVoid(string(name)) {
				break
			}
			drop := depth >= limit
			stack = append(stack, open{string(name), drop})
			if !drop {
				depth++
			} else {
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			dropped := false
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == string(name) {
					for _, o := range stack[i:] {
						if !o.dropped {
							depth--
						}
					}
					dropped = stack[i].dropped
					stack = stack[:i]
					break
				}
			}
			if dropped {
				continue
			}
		}
		out.Write(raw)
	}
}

func isVoid(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr":
		return true
	}
	return false
}
