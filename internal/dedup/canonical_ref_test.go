package dedup

import (
	"math/rand/v2"
	"net"
	"strings"
	"testing"
)

// The helpers of Canonical as they were first written, before their
// fast paths: the references the helpers must agree with.

func removeDotSegmentsRef(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

func stripPathVariantsRef(p string) string {
	lower := strings.ToLower(p)
	switch {
	case strings.HasSuffix(lower, ".amp.html"):
		p = p[:len(p)-len(".amp.html")] + ".html"
	case strings.HasSuffix(lower, ".amp.htm"):
		p = p[:len(p)-len(".amp.htm")] + ".htm"
	case strings.HasSuffix(lower, ".amp"):
		p = p[:len(p)-len(".amp")]
	}
	segs := strings.Split(p, "/")
	out := segs[:0]
	for i, s := range segs {
		ls := strings.ToLower(s)
		if i > 0 && (ls == "amp" || ls == "print") {
			continue
		}
		out = append(out, s)
	}
	r := strings.Join(out, "/")
	if r == "" {
		return "/"
	}
	return r
}

func validHostRef(h string) bool {
	if h == "" {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// splitHostPortRef is the start of canonicalHost as first written.
func splitHostPortRef(hostport string) (host, port string) {
	host = hostport
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else if strings.HasSuffix(hostport, ":") {
		host = strings.TrimSuffix(hostport, ":")
	}
	return host, port
}

// randomString draws a string of up to n bytes from pieces.
func randomString(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for k := rng.IntN(n + 1); k > 0; k-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

func TestCanonicalHelpersAgainstRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pathPieces := []string{"/", "/", ".", "..", "a", "m", "p", "A", "M", "P", "amp", "AMP", "Amp", "print",
		"PRINT", "prin", "r", "i", "n", "t", ".amp", ".html", ".htm", ".amp.html", ".AMP.HTM", "x", "%41", "-", "~", "é"}
	for range 200000 {
		p := randomString(rng, pathPieces, 8)
		if got, want := removeDotSegments(p), removeDotSegmentsRef(p); got != want {
			t.Fatalf("removeDotSegments(%q) = %q, want %q", p, got, want)
		}
		if got, want := stripPathVariants(p), stripPathVariantsRef(p); got != want {
			t.Fatalf("stripPathVariants(%q) = %q, want %q", p, got, want)
		}
	}
	hostPieces := []string{".", "a", "z", "0", "9", "-", "_", "A", ":", "[", "]", "::1", "80", "ex", "é", " ", "%"}
	for range 200000 {
		h := randomString(rng, hostPieces, 6)
		if got, want := validHost(h), validHostRef(h); got != want {
			t.Fatalf("validHost(%q) = %v, want %v", h, got, want)
		}
		wantHost, wantPort := splitHostPortRef(h)
		if host, port := splitHostPort(h); host != wantHost || port != wantPort {
			t.Fatalf("splitHostPort(%q) = %q, %q; want %q, %q", h, host, port, wantHost, wantPort)
		}
	}
}
