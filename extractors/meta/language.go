package meta

import (
	"fmt"
	"strings"

	"github.com/abadojack/whatlanggo"
	"github.com/newshound/newshound/extractors/page"
	"github.com/newshound/newshound/extractors/provenance"
)

// Language: the declared language (<html lang>, content-language, og:locale,
// JSON-LD inLanguage, dc.language) is kept when the body text agrees or is
// too short to judge; detection on the body text (whatlanggo, trigram
// profiles: light and fast, no model to load) decides when nothing is
// declared or the declaration disagrees with a reliable detection.

const (
	// maxDetectBytes bounds the text given to the detector.
	maxDetectBytes = 2500
	// confirmBytes is the sample that checks a declared language.
	confirmBytes = 400
	// minDetectBytes is the least body text worth detecting on.
	minDetectBytes = 120
	// minOverride is the detector confidence needed to overrule a
	// declaration.
	minOverride = 0.8
)

// detectOptions restricts detection to widely published languages: the
// profiles of rare ones (Esperanto, Javanese, Cebuano...) attract
// misdetections of common languages. Read-only.
var detectOptions = whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
	whatlanggo.Afr: true, whatlanggo.Arb: true, whatlanggo.Azj: true, whatlanggo.Bel: true,
	whatlanggo.Ben: true, whatlanggo.Bul: true, whatlanggo.Ces: true, whatlanggo.Cmn: true,
	whatlanggo.Dan: true, whatlanggo.Deu: true, whatlanggo.Ell: true, whatlanggo.Eng: true,
	whatlanggo.Est: true, whatlanggo.Fin: true, whatlanggo.Fra: true, whatlanggo.Heb: true,
	whatlanggo.Hin: true, whatlanggo.Hrv: true, whatlanggo.Hun: true, whatlanggo.Ind: true,
	whatlanggo.Ita: true, whatlanggo.Jpn: true, whatlanggo.Kat: true, whatlanggo.Kor: true,
	whatlanggo.Lav: true, whatlanggo.Lit: true, whatlanggo.Mkd: true, whatlanggo.Nld: true,
	whatlanggo.Nob: true, whatlanggo.Pes: true, whatlanggo.Pol: true, whatlanggo.Por: true,
	whatlanggo.Ron: true, whatlanggo.Rus: true, whatlanggo.Slv: true, whatlanggo.Spa: true,
	whatlanggo.Srp: true, whatlanggo.Swe: true, whatlanggo.Tam: true, whatlanggo.Tgl: true,
	whatlanggo.Tha: true, whatlanggo.Tur: true, whatlanggo.Ukr: true, whatlanggo.Urd: true,
	whatlanggo.Uzb: true, whatlanggo.Vie: true,
}}

// normalizeLang turns a declared value into a BCP 47 tag: "en_us" ->
// "en-US", "DE" -> "de", "zh-hans-cn" -> "zh-Hans-CN". It returns "" for
// values that are not language tags ("x-default", "*", URLs).
func normalizeLang(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",; "); i >= 0 {
		v = v[:i]
	}
	v = strings.ReplaceAll(v, "_", "-")
	parts := strings.Split(v, "-")
	prim := strings.ToLower(parts[0])
	if len(prim) < 2 || len(prim) > 3 || !isASCIILetters(prim) || prim == "xx" {
		return ""
	}
	if alias, ok := langAliases[prim]; ok {
		prim = alias
	}
	out := []string{prim}
	for _, p := range parts[1:] {
		switch {
		case len(p) == 2 && isASCIILetters(p):
			out = append(out, strings.ToUpper(p))
		case len(p) == 3 && isDigits(p):
			out = append(out, p)
		case len(p) == 4 && isASCIILetters(p):
			out = append(out, strings.ToUpper(p[:1])+strings.ToLower(p[1:]))
		default:
			// Variants and extensions are dropped.
			return strings.Join(out, "-")
		}
	}
	return strings.Join(out, "-")
}

// langAliases maps three-letter and legacy codes seen on pages to the
// two-letter ones.
var langAliases = map[string]string{
	"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
	"ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "pol": "pl",
	"jpn": "ja", "zho": "zh", "chi": "zh", "cmn": "zh", "kor": "ko", "ara": "ar",
	"tur": "tr", "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "ces": "cs",
	"cze": "cs", "iw": "he", "in": "id", "ji": "yi", "jw": "jv",
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// primary returns the language subtag of a tag.
func primary(tag string) string {
	if i := strings.IndexByte(tag, '-'); i >= 0 {
		return tag[:i]
	}
	return tag
}

// langGroup maps languages that detectors confuse to one group, so that a
// declaration of one is not overruled by a detection of another.
var langGroup = map[string]string{
	"no": "no", "nb": "no", "nn": "no", "da": "no",
	"hr": "sh", "sr": "sh", "bs": "sh",
	"id": "ms", "ms": "ms",
	"zh": "zh", "ja": "zh",
	"gl": "ib", "pt": "ib", "es": "ib", "ca": "ib", "oc": "ib",
	"ar": "arab", "fa": "arab", "ur": "arab", "ps": "arab",
	"ru": "cyrl", "uk": "cyrl", "be": "cyrl", "bg": "cyrl", "mk": "cyrl",
	"hi": "deva", "mr": "deva", "ne": "deva",
}

// sameLanguage reports whether two primary subtags agree for our purposes.
func sameLanguage(a, b string) bool {
	if a == b {
		return true
	}
	ga, oka := langGroup[a]
	gb, okb := langGroup[b]
	return oka && okb && ga == gb
}

// detectLanguage detects the language of text, returning the ISO 639-1
// code (or "") and the detector's confidence.
func detectLanguage(text string) (string, float64) {
	if len(text) > maxDetectBytes {
		text = text[:maxDetectBytes]
		for len(text) > 0 && !utf8RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
		if len(text) > 0 {
			text = text[:len(text)-1] // drop a possibly cut rune
		}
	}
	if len(text) < minDetectBytes {
		return "", 0
	}
	info := whatlanggo.DetectWithOptions(text, detectOptions)
	if info.Lang < 0 {
		return "", 0
	}
	return info.Lang.Iso6391(), info.Confidence
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// findLanguage decides the language.
// extraText (title and description) is added to a body text too short to
// detect on.
func findLanguage(p *page.Page, bodyText, extraText string) (string, provenance.Decision) {
	d := provenance.Decision{Field: "language"}
	var declared []provenance.Candidate
	add := func(raw string, src provenance.Source) {
		if tag := normalizeLang(raw); tag != "" {
			src.Raw = truncate(raw)
			declared = append(declared, provenance.Candidate{Value: tag, Source: src})
		}
	}
	if p.Lang != "" {
		add(p.Lang, provenance.Source{Rule: "html.lang", Node: "html", Attr: "lang"})
	}
	for _, m := range p.Meta {
		switch m.Key {
		case "content-language", "og:locale", "language", "dc.language", "lang", "inlanguage":
			add(m.Content, provenance.Source{Rule: "meta." + m.Key, Node: page.Describe(m.Node), Attr: "content"})
		}
	}
	for _, o := range p.JSONLD {
		if v := o.String("inLanguage"); v != "" {
			add(v, provenance.Source{Rule: "jsonld.inLanguage", Node: o.Describe(), Attr: "inLanguage"})
		}
	}
	// Detection is the costliest step of the metadata pass. When the page
	// declares a language, its script or function words on the body text
	// usually confirm it for a few microseconds (words.go); then a short
	// sample given to the detector; only a sample that disagrees (or is
	// unsure) is worth detection on the full text.
	var detected string
	var conf float64
	confirmed := false // by cheapLanguage, noted already
	if len(declared) > 0 && len(bodyText) >= minDetectBytes {
		if l, share, how := cheapLanguage(bodyText); l != "" && agreesWithAny(declared, l) {
			detected, conf, confirmed = l, 1, true
			d.Notes = append(d.Notes, fmt.Sprintf("%s of %s on the body text (share %.2f)", how, l, share))
		}
	}
	if detected == "" && len(declared) > 0 && len(bodyText) > 2*confirmBytes {
		if d0, c0 := detectLanguage(strings.ToValidUTF8(bodyText[:confirmBytes], "")); d0 != "" && agreesWithAny(declared, d0) {
			detected, conf = d0, c0
		}
	}
	if detected == "" {
		detected, conf = detectLanguage(bodyText)
	}
	if detected != "" {
		if !confirmed {
			d.Notes = append(d.Notes, "detected "+detected+" on the body text")
		}
	} else if len(bodyText) < minDetectBytes {
		if detected, conf = detectLanguage(extraText + "\n" + bodyText); detected != "" {
			conf *= 0.8
			d.Notes = append(d.Notes, "detected "+detected+" on the title, description and body text")
		}
	}
	choose := func(i int, reason string, confidence float64) (string, provenance.Decision) {
		c := declared[i]
		src := c.Source
		d.Value, d.Source, d.Confidence = c.Value, &src, confidence
		if reason != "" {
			d.Notes = append(d.Notes, reason)
		}
		for j, o := range declared {
			if j != i {
				o.Reason = "lower priority"
				if detected != "" && !sameLanguage(primary(o.Value), detected) {
					o.Reason = "disagrees with the body text"
				}
				d.Rejected = append(d.Rejected, o)
			}
		}
		return c.Value, d
	}
	if detected == "" || conf < minOverride {
		if len(declared) > 0 {
			return choose(0, "", 0.8)
		}
		if detected != "" {
			src := provenance.Source{Rule: "detect.body"}
			d.Value, d.Source, d.Confidence = detected, &src, conf
			return detected, d
		}
		return "", d
	}
	// A reliable detection: keep the first declaration that agrees; the
	// most specific one (with a region) among those of the same language.
	best := -1
	for i, c := range declared {
		if !sameLanguage(primary(c.Value), detected) {
			continue
		}
		if best < 0 || (!strings.Contains(declared[best].Value, "-") && strings.Contains(c.Value, "-") && primary(c.Value) == primary(declared[best].Value)) {
			best = i
		}
	}
	if best >= 0 {
		return choose(best, "declaration confirmed by the body text", 0.95)
	}
	for _, c := range declared {
		c.Reason = "disagrees with the body text"
		d.Rejected = append(d.Rejected, c)
	}
	src := provenance.Source{Rule: "detect.body"}
	d.Value, d.Source, d.Confidence = detected, &src, conf
	return detected, d
}

// agreesWithAny reports whether lang is the language of one of the
// declared candidates.
func agreesWithAny(declared []provenance.Candidate, lang string) bool {
	for _, c := range declared {
		if sameLanguage(primary(c.Value), lang) {
			return true
		}
	}
	return false
}
