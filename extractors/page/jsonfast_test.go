package page

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// randomJSON writes a random JSON value to b: objects (with duplicate
// keys at times), arrays, strings with escapes, multi-byte and invalid
// bytes, numbers of every form (some out of range or malformed) and
// literals, with random white space.
func randomJSON(rng *rand.Rand, b *strings.Builder, depth int) {
	space := func() {
		if rng.Intn(3) == 0 {
			b.WriteString([]string{" ", "\n", "\t", "\r\n  ", "\f", "\v"}[rng.Intn(6)])
		}
	}
	space()
	k := rng.Intn(10)
	if depth > 4 {
		k = 3 + rng.Intn(7)
	}
	switch k {
	case 0, 1:
		b.WriteByte('{')
		for i, n := 0, rng.Intn(4); i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			space()
			randomString(rng, b)
			space()
			b.WriteByte(':')
			randomJSON(rng, b, depth+1)
		}
		space()
		b.WriteByte('}')
	case 2:
		b.WriteByte('[')
		for i, n := 0, rng.Intn(4); i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			randomJSON(rng, b, depth+1)
		}
		space()
		b.WriteByte(']')
	case 3, 4, 5:
		randomString(rng, b)
	case 6, 7:
		b.WriteString([]string{"0", "-0", "12", "-3.25", "1e5", "2E-3", "1.5e+300", "1e400", "-1e999", "01", "1.",
			".5", "-", "+1", "1e", "0.0000001", "123456789012345678901234567890", "4.9e-324", "1e-400"}[rng.Intn(19)])
	default:
		b.WriteString([]string{"true", "false", "null", "tru", "nul", "True"}[rng.Intn(6)])
	}
	space()
}

// randomString writes a JSON string, most often a valid one.
func randomString(rng *rand.Rand, b *strings.Builder) {
	pieces := []string{"a", "Name", "@type", "é", "日本", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r",
		"\\u00e9", "\\u0041", "\\u0000", "\\ud83d\\ude00", "\\ud83d", "\\ude00x", "\\uZZZZ", "\\u12", "\\x", "\x01",
		"\xff", "\xed\xa0\x80", "\ufffd", "\x7f", " ", "'"}
	b.WriteByte('"')
	for i, n := 0, rng.Intn(5); i < n; i++ {
		p := pieces[rng.Intn(len(pieces))]
		if rng.Intn(4) > 0 && i%2 == 0 {
			p = pieces[rng.Intn(5)] // mostly plain text
		}
		b.WriteString(p)
	}
	b.WriteByte('"')
}

// mutate changes a byte of s, deletes one or inserts one, at times.
func mutate(rng *rand.Rand, s string) string {
	if s == "" || rng.Intn(3) > 0 {
		return s
	}
	i := rng.Intn(len(s))
	c := string("{}[],:\"\\ 0e-.tx\x00"[rng.Intn(16)])
	switch rng.Intn(3) {
	case 0:
		return s[:i] + s[i+1:]
	case 1:
		return s[:i] + c + s[i:]
	}
	return s[:i] + c + s[i+1:]
}

// TestDecodeJSONMatchesUnmarshal checks the fast reader against
// json.Unmarshal: where it decodes, Unmarshal gives the same value; and
// decodeJSON always gives what Unmarshal gives.
func TestDecodeJSONMatchesUnmarshal(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	fast, valid := 0, 0
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		randomJSON(rng, &b, 0)
		s := mutate(rng, b.String())
		var want any
		err := json.Unmarshal([]byte(s), &want)
		if err == nil {
			valid++
		}
		if v, ok := fastJSON(s); ok {
			fast++
			if err != nil || !reflect.DeepEqual(v, want) {
				t.Fatalf("fastJSON(%q) = %#v, Unmarshal = %#v, %v", s, v, want, err)
			}
		}
		v, ok := decodeJSON(s)
		if ok != (err == nil) || ok && !reflect.DeepEqual(v, want) {
			t.Fatalf("decodeJSON(%q) = %#v, %v; Unmarshal = %#v, %v", s, v, ok, want, err)
		}
	}
	t.Logf("fast reader decoded %d of %d valid texts", fast, valid)
	if fast < 50000 || valid-fast > valid/2 {
		t.Fatalf("fast reader decoded %d of %d valid texts", fast, valid)
	}
}
