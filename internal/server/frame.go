package server

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// frameCSP is the Content-Security-Policy of the annotated page: nothing
// runs (no script-src, and the sandbox directive sandboxes the document
// even when opened directly, outside the debugger's iframe), only inline
// styles (the injected stylesheet) and images load, forms go nowhere, and
// only the debugger's own pages may frame it.
const frameCSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; " +
	"form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox"

// frameStyle is the stylesheet injected into the annotated page: kept
// blocks green, the container outlined, removed blocks red with their
// reason as a label.
const frameStyle = `
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
img{max-width:100%;height:auto}
[data-newshound-container]{outline:3px dashed #1b7f3b;outline-offset:6px}
[data-newshound=kept]{background:#e3f6e8;box-shadow:inset 4px 0 #1b7f3b}
[data-newshound-removed]{background:#fde7e7;outline:2px solid #b3261e;opacity:.85}
[data-newshound-removed]::before{content:"removed: " attr(data-newshound-removed);display:block;
font:bold 12px/1.6 system-ui,sans-serif;color:#fff;background:#b3261e;padding:0 .4em}
`

// newSanitizer returns the policy the annotated page goes through:
// bluemonday's UGC policy (no scripts, event handlers, styles, forms,
// frames, objects or javascript: URLs; rel="nofollow" on links) plus the
// three annotation attributes.
func newSanitizer() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs(attrKept, attrContainer, attrRemoved).Globally()
	return p
}

// renderFrame renders the body of the annotated tree, sanitised, into a
// standalone document with the annotation stylesheet.
func renderFrame(root *html.Node, policy *bluemonday.Policy, title string) ([]byte, error) {
	body := findBody(root)
	var raw bytes.Buffer
	if body != nil {
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			if err := html.Render(&raw, c); err != nil {
				return nil, fmt.Errorf("render page: %w", err)
			}
		}
	}
	clean := policy.SanitizeBytes(raw.Bytes())
	var out bytes.Buffer
	out.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>")
	template.HTMLEscape(&out, []byte(strings.TrimSpace(title)))
	out.WriteString("</title>\n<style>")
	out.WriteString(frameStyle)
	out.WriteString("</style></head>\n<body>\n")
	out.Write(clean)
	out.WriteString("\n</body></html>\n")
	return out.Bytes(), nil
}
