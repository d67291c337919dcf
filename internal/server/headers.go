package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// pageCSP is the Content-Security-Policy of the server's own pages: no
// scripts at all (the pages work without JavaScript), the stylesheet and
// images from /static only, forms posting back here, frames only from
// here (the annotated page), and no framing by anyone.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries. Handlers that
// serve something else (the annotated frame) overwrite
// Content-Security-Policy and X-Frame-Options.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// checkHost refuses, on a loopback-only server, requests whose Host header
// is not a loopback name or address: a web page whose DNS name was
// rebound to 127.0.0.1 would otherwise read the server's pages.
func (s *Server) checkHost(next http.Handler) http.Handler {
	if s.opts.Public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isLoopbackHost(r.Host) {
			http.Error(w, "forbidden host", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isLoopbackHost reports whether a Host header names this machine.
func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// limitBody caps every request body at MaxUpload plus room for the form's
// other fields; reading past it fails with *http.MaxBytesError.
func (s *Server) limitBody(next http.Handler) http.Handler {
	limit := s.opts.MaxUpload + 64<<10
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}
