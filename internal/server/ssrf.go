package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// errForbiddenAddr is returned (wrapped) when URL fetching refuses an
// address that is not public.
var errForbiddenAddr = errors.New("server: address not allowed")

// nonPublic are the IPv4 and IPv6 ranges, beyond what netip.Addr's
// predicates cover, that are never fetched when the guard is on: "this
// network", shared address space (carrier-grade NAT), IETF protocol
// assignments, documentation and benchmarking nets, reserved class E, and
// the IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo), which
// could smuggle a private one.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001::/32"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
}

// IsPublicAddr reports whether a is a public unicast address: not
// loopback, private (RFC 1918, fc00::/7), link-local (169.254/16,
// fe80::/10, where cloud metadata services live), multicast, unspecified
// or one of the reserved ranges above. IPv4-mapped IPv6 addresses are
// judged by their IPv4 address.
func IsPublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// Guard keeps server-side URL fetching away from the server's own network
// (SSRF): every request, each redirect hop included, is checked before it
// is sent (scheme, literal IP addresses), and every connection is checked
// again at dial time, on the IP address actually dialled (a
// net.Dialer.Control hook), which defeats DNS rebinding: a name that
// resolved to a public address for the first check and to 127.0.0.1 for
// the connection is still refused. No proxy is used, since a proxy would be
// dialled instead of the target. The zero value refuses every non-public
// address (IsPublicAddr).
type Guard struct {
	// Allowed reports whether an address may be fetched. nil means
	// IsPublicAddr. Tests use it to let one loopback address play a
	// public server.
	Allowed func(netip.Addr) bool
	// Hosts maps host names to IP addresses, consulted before DNS (like
	// /etc/hosts). Tests use it to give public-looking names to local
	// servers. nil means DNS only.
	Hosts map[string]string
	// ConnectTimeout bounds dialing and the TLS handshake. 0 means 10s.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers. 0 means 15s.
	HeaderTimeout time.Duration
}

func (g *Guard) allowed(a netip.Addr) bool {
	if g.Allowed != nil {
		return g.Allowed(a.Unmap())
	}
	return IsPublicAddr(a)
}

// CheckURL refuses a URL that is not http(s) or whose host is a literal IP
// address (or "localhost") that the guard does not allow. Host names are
// checked when dialled.
func (g *Guard) CheckURL(u string) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("check %s: %w", u, err)
	}
	return g.checkRequest(req)
}

func (g *Guard) checkRequest(req *http.Request) error {
	u := req.URL
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme %q (only http and https)", errForbiddenAddr, u.Scheme)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return fmt.Errorf("%w: no host in %s", errForbiddenAddr, u.Redacted())
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("%w: %s", errForbiddenAddr, host)
	}
	if a, err := netip.ParseAddr(host); err == nil && !g.allowed(a) {
		return fmt.Errorf("%w: %s", errForbiddenAddr, a)
	}
	return nil
}

// control is the net.Dialer.Control hook: it sees the address about to be
// connected to, after name resolution.
func (g *Guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", errForbiddenAddr, address)
	}
	if !g.allowed(ap.Addr()) {
		return fmt.Errorf("%w: %s", errForbiddenAddr, ap.Addr())
	}
	return nil
}

// dialContext resolves through Hosts first, then dials with the Control
// check.
func (g *Guard) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: g.connectTimeout(), KeepAlive: 30 * time.Second, Control: g.control}
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if ip, ok := g.Hosts[strings.ToLower(host)]; ok {
			addr = net.JoinHostPort(ip, port)
		}
	}
	return d.DialContext(ctx, network, addr)
}

func (g *Guard) connectTimeout() time.Duration {
	if g.ConnectTimeout > 0 {
		return g.ConnectTimeout
	}
	return 10 * time.Second
}

// Transport returns an http.RoundTripper that applies the guard to each
// request (so to each redirect hop, since the client sends every hop
// through it) and at dial time. It is meant as fetch.TransportOptions.Base.
func (g *Guard) Transport() http.RoundTripper {
	ht := g.HeaderTimeout
	if ht <= 0 {
		ht = 15 * time.Second
	}
	return &guardedTransport{g: g, next: &http.Transport{
		Proxy:                 nil, // a proxy would be dialled instead of the target
		DialContext:           g.dialContext,
		TLSHandshakeTimeout:   g.connectTimeout(),
		ResponseHeaderTimeout: ht,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true, // internal/fetch decodes under its size cap
	}}
}

type guardedTransport struct {
	g    *Guard
	next http.RoundTripper
}

func (t *guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.g.checkRequest(req); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return t.next.RoundTrip(req)
}

// IsLoopbackAddr reports whether a listen address (host:port) is reachable
// only from this machine: a loopback IP or "localhost". An empty host
// (":8080") listens on every interface and is not loopback.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
