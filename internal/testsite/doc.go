// Package testsite is a deterministic, generated news site served as an
// http.Handler, for testing and benchmarking newshound's crawler without a
// network or files. Everything (titles, prose, authors, dates, links) comes
// from Options and a fixed seed: the same Options give the same bytes,
// except that absolute URLs use the request's Host. Pages are rendered on
// demand; New keeps only small per-article metadata, so 20,000-article
// sites start in milliseconds and serve tens of thousands of requests a
// second. testsite does not crawl or judge a crawl: it reports what a
// crawl should find (ExpectedArticles, Syndicated, Disallowed, FaultURLs,
// Variants) and counts what was requested (Hits, HitPaths), and the
// crawler's tests compare the two.
//
//	site := testsite.New(testsite.Options{Faults: true, Traps: true, Syndicated: 5})
//	srv := httptest.NewServer(site)
//	defer srv.Close()
//	// crawl srv.URL, then:
//	for _, a := range site.ExpectedArticles() { /* stored once at srv.URL+a.Path? */ }
//	for p, n := range site.HitPaths() { /* nothing under site.Disallowed() */ }
//
// The site:
//
//	/                          home: newest articles, sections, tags, feed
//	                           <link>s, /private/ and /search links, and
//	                           /partners/, /faults/, /trending/, /calendar/
//	                           when enabled
//	/robots.txt                Disallow /private/ and /search, Crawl-delay,
//	                           Sitemap; or 5xx, HTML, 2 MiB, 404 (RobotsMode)
//	/sitemap_index.xml         (also /sitemap.xml) -> /sitemaps/articles-<n>.xml.gz
//	                           (gzip, at most SitemapURLs each) and
//	                           /sitemaps/news.xml (Google News, last 48 hours)
//	/feed.xml /atom.xml /feed.json   RSS 2.0, Atom, JSON Feed 1.1
//	/section/<s>/[page/<n>/]   listing pages (og:type website, CollectionPage)
//	/tag/<t>/[page/<n>/]       listing pages by tag
//	/news/<s>/<yyyy>/<mm>/<dd>/<id>-<slug>.html   articles (og:type article,
//	                           JSON-LD NewsArticle and BreadcrumbList)
//	/partners/, /partner/<n>.html   near-duplicate copies (Syndicated)
//	/private/..., /search      forbidden by robots.txt; answer 200
//	/faults/...                misbehaving pages (Faults; see FaultURLs)
//	/amp/news/..., ?print=1, /trending/, /calendar/<yyyy>/<mm>/   traps (Traps)
//
// Which file holds what:
//
//	doc.go       this overview
//	site.go      Options, Site, New, ServeHTTP's routing, hit counters,
//	             Syndicated, Disallowed
//	articles.go  article metadata, discovery routes (Via), ExpectedArticles,
//	             article page rendering (main, AMP, print, partner)
//	listings.go  home, section and tag listings, partner copies, /private/
//	html.go      shared <head>, header and footer; escaping
//	sitemaps.go  sitemap index, gzipped article sitemaps, news sitemap
//	feeds.go     RSS, Atom and JSON Feed
//	robots.go    RobotsMode and /robots.txt
//	traps.go     infinite calendar, /trending/ and Variants
//	faults.go    the /faults/ pages, FaultURLs and the Outcome constants
//	text.go      word lists, seeded PRNG streams, prose, titles, copy edits
package testsite
