// Package server is `newshound serve`: an HTTP server with the extraction
// debugger, a browser of the stored articles, /metrics and /healthz. It
// renders what extractors and the store produce and decides nothing about
// extraction itself; it never writes articles (its only write is the
// full-text index sync before a search).
//
// Routes:
//
//	GET  /                   home
//	GET  /debug              debugger form (URL to fetch, or a page to upload)
//	POST /debug              extract, then 303 to the result
//	GET  /debug/{id}         fields, sources, rejected candidates, body report, framed page
//	GET  /debug/{id}/frame   the page, sanitised and annotated (sandboxed, strict CSP)
//	POST /api/extract        the same as JSON: {article, explanation}
//	GET  /articles           list: site, language, date range, full-text query, pages
//	GET  /articles/{id}      one article: metadata, text, link to the original
//	GET  /metrics            Prometheus text format, names prefixed newshound_
//	GET  /healthz            200 "ok" when the database answers
//	GET  /static/            the stylesheet
//
// Safety: pages carry a strict Content-Security-Policy (no scripts at all),
// nosniff, no-referrer and frame-ancestors 'none'; POSTs from other sites
// are refused (http.CrossOriginProtection); a loopback server refuses
// foreign Host headers (DNS rebinding). The fetched or uploaded page is
// shown only after bluemonday sanitising, in an iframe with an empty
// sandbox attribute, served from its own path under a CSP with the sandbox
// directive. A server reachable from other machines refuses to fetch
// private, loopback and link-local addresses, on every redirect hop and at
// dial time (Guard). Request bodies, uploads and fetched pages are capped;
// the http.Server has read, write and idle timeouts and shuts down
// gracefully.
//
// Files: server.go holds Options, New, the routes and Run; headers.go the
// security headers, host check and body limit; ssrf.go the address Guard;
// debug.go the debugger and API handlers; annotate.go finds the body
// pass's kept and removed blocks on the page; frame.go sanitises and
// renders the annotated page; cache.go keeps recent debugger results;
// browse.go and query.go are the article browser and its form (the SQL is
// the store's: Store.Browse, Article, Facets); render.go
// the templates (templates/, static/). The Prometheus registry is package
// internal/server/metrics, which a scheduler feeds without the web server.
package server
