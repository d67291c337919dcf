// Package crawl runs newshound's crawls: it takes URLs from the frontier,
// fetches them through one colly collector under a per-host politeness
// gate, extracts pages, decides whether each is an article, discovers new
// URLs (links, sitemaps, feeds) and hands every result to the store, which
// commits the article, the URL's new state and the discovered URLs in one
// transaction. The frontier, not colly's visited set, decides what is
// fetched, so a crawl killed at any moment resumes without loss or
// duplicates.
//
// It does not parse robots.txt (internal/robots), canonicalise URLs or
// hash texts (internal/dedup), talk SQL (internal/store, internal/frontier)
// or extract fields (extractors).
//
// Files:
//   - crawl.go: Options, Crawler, the dispatcher loop (Run)
//   - collector.go: the colly collector and its callbacks
//   - gate.go: per-host politeness (parallelism, delay, Crawl-delay, pauses)
//   - handle.go: one URL's fetch and outcome (pages, sitemaps, feeds, retries)
//   - record.go: recording a result: one Save, or save-then-finish on a frontier apart
//   - resilient.go: retries through frontier and store outages (Transient)
//   - shared.go: a frontier shared by processes: crawl-delays, re-seeding a lost job
//   - settings.go: a job's settings fingerprint, claimed on a shared frontier
//   - backends.go: Backends (frontier, store, robots.txt storage) for FromJobOn
//   - seed.go: start URLs, re-queued on every run
//   - scope.go: allowed domains, include/exclude patterns, depth
//   - recent.go: constant-memory cache of recently queued URLs
//   - linkcache.go: bounded memo of link resolution and canonicalisation
//   - stats.go: counters and the summary snapshot
//   - job.go: the YAML job file
//   - sitemaps.go: sitemap and index parsing, gzip with a cap, --since
//   - feeds.go: RSS/RDF/Atom/JSON Feed and feed autodiscovery
//   - links.go: page links, non-HTML kinds, trap score
//   - article.go: is this page an article?
package crawl
