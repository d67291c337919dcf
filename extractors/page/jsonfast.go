package page

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeJSON decodes text as json.Unmarshal does into an any (objects as
// map[string]any, arrays as []any, numbers as float64) and reports whether
// it succeeded. A strict reader handles the JSON-LD of most pages: valid
// JSON with valid UTF-8 and no \u escapes of surrogates. Anything else
// (broken JSON included) goes to json.Unmarshal, so the result is always
// what it gives; jsonfast_test.go checks the reader against it.
func decodeJSON(text string) (any, bool) {
	if v, ok := fastJSON(text); ok {
		return v, true
	}
	var u any
	if err := json.Unmarshal([]byte(text), &u); err != nil {
		return nil, false
	}
	return u, true
}

// fastJSON is decodeJSON's strict reader: ok false means it did not
// decode text, not that json.Unmarshal fails on it.
func fastJSON(text string) (any, bool) {
	r := jsonReader{s: text}
	r.skipSpace()
	v, ok := r.value(0)
	if !ok {
		return nil, false
	}
	r.skipSpace()
	return v, r.i == len(r.s)
}

// jsonReader reads one JSON text; each method returns ok false on
// anything the fast reader does not handle.
type jsonReader struct {
	s string
	i int
}

// maxJSONDepth bounds the nesting the fast reader follows.
const maxJSONDepth = 200

func (r *jsonReader) skipSpace() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *jsonReader) value(depth int) (any, bool) {
	if r.i >= len(r.s) || depth > maxJSONDepth {
		return nil, false
	}
	switch c := r.s[r.i]; {
	case c == '{':
		return r.object(depth)
	case c == '[':
		return r.array(depth)
	case c == '"':
		s, ok := r.str()
		return s, ok
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	}
	return nil, false
}

func (r *jsonReader) literal(lit string) bool {
	if len(r.s)-r.i < len(lit) || r.s[r.i:r.i+len(lit)] != lit {
		return false
	}
	r.i += len(lit)
	return true
}

func (r *jsonReader) object(depth int) (any, bool) {
	m := make(map[string]any)
	r.i++ // {
	r.skipSpace()
	if r.i < len(r.s) && r.s[r.i] == '}' {
		r.i++
		return m, true
	}
	for {
		if r.i >= len(r.s) || r.s[r.i] != '"' {
			return nil, false
		}
		k, ok := r.str()
		if !ok {
			return nil, false
		}
		r.skipSpace()
		if r.i >= len(r.s) || r.s[r.i] != ':' {
			return nil, false
		}
		r.i++
		r.skipSpace()
		v, ok := r.value(depth + 1)
		if !ok {
			return nil, false
		}
		m[k] = v // a later duplicate wins, as in json.Unmarshal
		end, ok := r.after('}')
		if !ok {
			return nil, false
		}
		if end {
			return m, true
		}
	}
}

func (r *jsonReader) array(depth int) (any, bool) {
	a := make([]any, 0)
	r.i++ // [
	r.skipSpace()
	if r.i < len(r.s) && r.s[r.i] == ']' {
		r.i++
		return a, true
	}
	for {
		v, ok := r.value(depth + 1)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		end, ok := r.after(']')
		if !ok {
			return nil, false
		}
		if end {
			return a, true
		}
	}
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as a
// float64; a value out of range is left to json.Unmarshal.
func (r *jsonReader) number() (any, bool) {
	s, i := r.s, r.i
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigitByte(s[i]) {
			i++
		}
	default:
		return nil, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigitByte(s[i]) {
			return nil, false
		}
		for i < len(s) && isDigitByte(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigitByte(s[i]) {
			return nil, false
		}
		for i < len(s) && isDigitByte(s[i]) {
			i++
		}
	}
	f, err := strconv.ParseFloat(s[r.i:i], 64)
	if err != nil {
		return nil, false
	}
	r.i = i
	return f, true
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// str reads a string at r.s[r.i] (its opening quote). A string without
// escapes is a slice of the text; escapes other than \u of a surrogate
// are decoded. Invalid UTF-8 and control characters are left to
// json.Unmarshal.
func (r *jsonReader) str() (string, bool) {
	s := r.s
	start := r.i + 1
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.i = i + 1
			return s[start:i], true
		case c == '\\':
			return r.strEscaped(start, i)
		case c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			i++
		default:
			rr, size := utf8.DecodeRuneInString(s[i:])
			if rr == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size
		}
	}
	return "", false
}

// strEscaped is str for a string whose first escape is at s[i].
func (r *jsonReader) strEscaped(start, i int) (string, bool) {
	s := r.s
	b := make([]byte, 0, len(s[start:i])+16)
	b = append(b, s[start:i]...)
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.i = i + 1
			return string(b), true
		case c == '\\':
			if i+1 >= len(s) {
				return "", false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				if i+6 > len(s) {
					return "", false
				}
				v, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
				if err != nil || !isHex4(s[i+2:i+6]) || v >= 0xd800 && v < 0xe000 {
					return "", false // surrogates: json.Unmarshal pairs them
				}
				b = utf8.AppendRune(b, rune(v))
				i += 6
				continue
			default:
				return "", false
			}
			i += 2
		case c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			rr, size := utf8.DecodeRuneInString(s[i:])
			if rr == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, s[i:i+size]...)
			i += size
		}
	}
	return "", false
}

// isHex4 reports whether s is four hexadecimal digits (ParseUint also
// takes an underscore or a sign in some forms).
func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) == 4
}

// after reads what follows a member of an object or an element of an
// array: a comma (more follow; end false) or closer (end true). ok is
// false on anything else.
func (r *jsonReader) after(closer byte) (end, ok bool) {
	r.skipSpace()
	if r.i >= len(r.s) {
		return false, false
	}
	switch r.s[r.i] {
	case ',':
		r.i++
		r.skipSpace()
		return false, true
	case closer:
		r.i++
		return true, true
	}
	return false, false
}
