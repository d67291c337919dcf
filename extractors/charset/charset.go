// Package charset decides a page's character encoding and decodes it to
// UTF-8. It follows the order browsers use (byte order mark, then the HTTP
// Content-Type header, then a <meta> declaration), corrected by evidence: a
// page declared as a single-byte charset whose bytes are valid, non-ASCII
// UTF-8 is read as UTF-8, and an undeclared page that is not valid UTF-8 is
// sniffed. The result is always valid UTF-8 without NUL bytes.
//
// newshound's fetch layer and extractors.Extract both call Decode, so a page
// is decoded the same way whether it comes from the network or a file.
package charset

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// prescanLimit is how far into the page a <meta charset> is looked for.
// The HTML standard says 1024 bytes; real pages put it much later, after
// long inline scripts and styles.
const prescanLimit = 64 << 10

// Decision is the encoding chosen for a page and why.
type Decision struct {
	// Name is the canonical encoding name, e.g. "utf-8", "windows-1252".
	Name string
	// How says what decided it: "bom", "header", "meta", "sniffed",
	// "default", or "utf-8 bytes (declared X)" when the declaration was
	// overruled by the bytes.
	How string
}

// String renders the decision as "name (how)".
func (d Decision) String() string { return d.Name + " (" + d.How + ")" }

// Decode returns b decoded to valid UTF-8 and the decision behind it.
// contentType is the HTTP Content-Type header and may be empty. A byte
// order mark is removed; invalid sequences become U+FFFD; NUL bytes are
// dropped.
func Decode(b []byte, contentType string) ([]byte, Decision) {
	enc, d := Determine(b, contentType)
	if bom := bomLen(b); bom > 0 {
		b = b[bom:]
	}
	var out []byte
	if d.Name == "utf-8" {
		out = b
	} else if dec, _, err := transform.Bytes(enc.NewDecoder(), b); err == nil {
		out = dec
	} else {
		out, d = b, Decision{Name: "utf-8", How: "fallback after " + d.Name + " failed"}
	}
	return clean(out), d
}

// Determine decides the encoding of b without decoding it.
func Determine(b []byte, contentType string) (encoding.Encoding, Decision) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return unicode.UTF8, Decision{"utf-8", "bom"}
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), Decision{"utf-16be", "bom"}
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), Decision{"utf-16le", "bom"}
	}
	declared, how := "", ""
	if label := labelFromContentType(contentType); label != "" {
		declared, how = label, "header"
	} else if label := prescan(b); label != "" {
		declared, how = label, "meta"
	}
	if declared != "" {
		enc, name := lookup(declared)
		if enc != nil {
			// UTF-16 declared in a byte stream that parsed as ASCII-compatible
			// markup is a known producer error; browsers read it as UTF-8.
			if strings.HasPrefix(name, "utf-16") {
				enc, name = unicode.UTF8, "utf-8"
			}
			if name != "utf-8" && looksUTF8(b) {
				return unicode.UTF8, Decision{"utf-8", "utf-8 bytes (declared " + name + " in " + how + ")"}
			}
			if name == "utf-8" && !utf8.Valid(b) {
				// A wrong UTF-8 declaration (often a server default) over
				// single-byte text: trust the page's own <meta>, else sniff.
				if how == "header" {
					if enc2, name2 := lookup(prescan(b)); enc2 != nil && name2 != "utf-8" {
						return enc2, Decision{name2, "meta (header said utf-8, bytes are not)"}
					}
				}
				if enc2, name2 := sniff(b); enc2 != nil {
					return enc2, Decision{name2, "sniffed (declared utf-8, bytes are not)"}
				}
			}
			return enc, Decision{name, how}
		}
	}
	if utf8.Valid(b) {
		return unicode.UTF8, Decision{"utf-8", "valid utf-8"}
	}
	if enc, name := sniff(b); enc != nil {
		return enc, Decision{name, "sniffed"}
	}
	enc, name := lookup("windows-1252")
	return enc, Decision{name, "default"}
}

// looksUTF8 reports whether b is valid UTF-8 and contains multi-byte
// sequences, which a single-byte charset almost never produces by chance.
func looksUTF8(b []byte) bool {
	multi := false
	for _, c := range b {
		if c >= 0x80 {
			multi = true
			break
		}
	}
	return multi && utf8.Valid(b)
}

func lookup(label string) (encoding.Encoding, string) {
	enc, err := htmlindex.Get(strings.TrimSpace(label))
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, strings.ToLower(name)
}

func labelFromContentType(ct string) string {
	i := strings.Index(strings.ToLower(ct), "charset=")
	if i < 0 {
		return ""
	}
	v := ct[i+len("charset="):]
	if j := strings.IndexAny(v, ";, "); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"' `)
}

// prescan looks for <meta charset> or <meta http-equiv=content-type> in the
// head of the page, and for an XML declaration's encoding.
func prescan(b []byte) string {
	if len(b) > prescanLimit {
		b = b[:prescanLimit]
	}
	if bytes.HasPrefix(b, []byte("<?xml")) {
		if end := bytes.Index(b, []byte("?>")); end > 0 {
			decl := string(b[:end])
			if i := strings.Index(decl, "encoding="); i >= 0 {
				v := strings.Trim(decl[i+len("encoding="):], `"' `)
				if j := strings.IndexAny(v, `"' `); j >= 0 {
					v = v[:j]
				}
				if v != "" {
					return v
				}
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
			default:
				continue
			}
			var content, httpEquiv string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					return strings.TrimSpace(string(v))
				case "content":
					content = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				}
			}
			if httpEquiv == "content-type" {
				if label := labelFromContentType(content); label != "" {
					return label
				}
			}
		}
	}
}

// sniff guesses the encoding of undeclared, non-UTF-8 bytes.
func sniff(b []byte) (encoding.Encoding, string) {
	if len(b) > prescanLimit {
		b = b[:prescanLimit]
	}
	res, err := chardet.NewHtmlDetector().DetectBest(b)
	if err != nil || res == nil || res.Confidence < 30 {
		return nil, ""
	}
	enc, name := lookup(res.Charset)
	if enc == nil || strings.HasPrefix(name, "utf-16") || name == "utf-8" {
		return nil, ""
	}
	return enc, name
}

func bomLen(b []byte) int {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return 3
	case bytes.HasPrefix(b, []byte("\xfe\xff")), bytes.HasPrefix(b, []byte("\xff\xfe")):
		return 0 // the UTF-16 decoder consumes its BOM itself
	}
	return 0
}

// clean makes b valid UTF-8 and drops NUL bytes, copying only when needed.
func clean(b []byte) []byte {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		return b
	}
	b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	return bytes.ReplaceAll(b, []byte{0}, nil)
}
