package server_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/server"
)

func TestIsPublicAddr(t *testing.T) {
	for _, c := range []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false}, {"127.9.9.9", false}, {"::1", false}, {"10.1.2.3", false},
		{"172.16.0.1", false}, {"192.168.1.1", false}, {"169.254.169.254", false},
		{"fe80::1", false}, {"fc00::1", false}, {"0.0.0.0", false}, {"::", false},
		{"100.64.0.1", false}, {"224.0.0.1", false}, {"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false}, {"64:ff9b::a00:1", false}, {"255.255.255.255", false},
	} {
		if got := server.IsPublicAddr(netip.MustParseAddr(c.addr)); got != c.want {
			t.Errorf("IsPublicAddr(%s) = %v, want %v", c.addr, got, c.want)
		}
	}
}

// TestSSRF runs the server in public mode (as with a non-loopback --addr)
// and asks it to fetch private addresses directly, through a redirect from
// a public-looking host, and through a name that resolves to loopback.
// The "public" site is a test server on 127.0.0.2, which the test's Guard
// treats as public; everything else loopback is refused.
func TestSSRF(t *testing.T) {
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body><p>internal secret</p></body></html>")
	}))
	defer secret.Close()
	secretPort := secret.Listener.Addr().(*net.TCPAddr).Port

	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	public := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-loopback":
			http.Redirect(w, r, fmt.Sprintf("http://127.0.0.1:%d/", secretPort), http.StatusFound)
		case "/to-name":
			http.Redirect(w, r, fmt.Sprintf("http://intranet.example:%d/", secretPort), http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		default:
			fmt.Fprint(w, `<html><head><title>Public page</title></head><body><article><p>`+
				strings.Repeat("A public article paragraph with enough words to be a body. ", 10)+`</p></article></body></html>`)
		}
	}))
	public.Listener.Close()
	public.Listener = ln
	public.Start()
	defer public.Close()
	publicPort := ln.Addr().(*net.TCPAddr).Port
	publicIP := netip.MustParseAddr("127.0.0.2")

	guard := server.Guard{
		Allowed: func(a netip.Addr) bool { return a == publicIP || server.IsPublicAddr(a) },
		Hosts:   map[string]string{"news.example": "127.0.0.2", "intranet.example": "127.0.0.1"},
	}
	_, base := newServer(t, nil, server.Options{Public: true, Guard: guard})
	pub := fmt.Sprintf("http://news.example:%d", publicPort)

	for _, c := range []struct {
		name, url string
		want      int
	}{
		{"public page", pub + "/article", 200},
		{"loopback v4", fmt.Sprintf("http://127.0.0.1:%d/", secretPort), 403},
		{"loopback v6", fmt.Sprintf("http://[::1]:%d/", secretPort), 403},
		{"localhost", fmt.Sprintf("http://localhost:%d/", secretPort), 403},
		{"private 10/8", "http://10.0.0.1/", 403},
		{"link-local metadata", "http://169.254.169.254/latest/meta-data/", 403},
		{"mapped v6", fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", secretPort), 403},
		{"redirect to loopback", pub + "/to-loopback", 403},
		{"redirect to link-local", pub + "/to-metadata", 403},
		{"redirect to a name resolving to loopback (dial-time check)", pub + "/to-name", 403},
		{"name resolving to loopback", fmt.Sprintf("http://intranet.example:%d/", secretPort), 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := postForm(t, base+"/api/extract", map[string]string{"url": c.url})
			if resp.StatusCode != c.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.want, body)
			}
			if strings.Contains(body, "internal secret") {
				t.Fatal("the private page was fetched")
			}
			if c.want == 403 && !strings.Contains(body, "address not allowed") {
				t.Errorf("error does not say why: %s", body)
			}
		})
	}

	// The same server in allow-private mode fetches loopback addresses.
	_, open := newServer(t, nil, server.Options{Public: true, AllowPrivate: true})
	resp, body := postForm(t, open+"/api/extract", map[string]string{"url": fmt.Sprintf("http://127.0.0.1:%d/", secretPort)})
	if resp.StatusCode != 200 || !strings.Contains(body, "internal secret") {
		t.Errorf("allow-private: status %d: %s", resp.StatusCode, body)
	}
}

// TestGuardDialTime checks the dial-time hook on its own: a name that
// passes the URL check but resolves to a private address is refused when
// the connection is made.
func TestGuardDialTime(t *testing.T) {
	g := &server.Guard{Hosts: map[string]string{"rebound.example": "127.0.0.1"}}
	if err := g.CheckURL("http://rebound.example/"); err != nil {
		t.Fatalf("URL check refused a host name: %v", err)
	}
	req, _ := http.NewRequest("GET", "http://rebound.example:1/", nil)
	_, err := g.Transport().RoundTrip(req)
	if err == nil || !strings.Contains(err.Error(), "address not allowed") {
		t.Fatalf("dial: %v, want a refusal", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("error %v does not name the address", err)
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:80": true,
		":8080": false, "0.0.0.0:8080": false, "192.168.1.5:8080": false, "[::]:80": false,
	} {
		if got := server.IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}
