// Package store keeps the corpus: every stored article exactly once, with
// its duplicates marked, in SQLite (WAL, embedded migrations, one writer
// goroutine batching commits, full-text search). Readers (export, search,
// the server) use their own connections and short read transactions, so
// they never block a crawl.
//
// The Store interface lists what the crawler calls and Corpus what export,
// search and stats read; the PostgreSQL store (pgstore) implements both for
// crawls spread over many machines, sharing this package's filters, record
// decoding and result types so that both give the same rows and JSON. The SQLite
// store also carries the crawl frontier (internal/frontier's SQLite, over
// the same database and writer; see SQLite.Frontier), so that a URL's state
// changes in the transaction that stores the article it produced.
//
// It does not canonicalise URLs or compute hashes (internal/dedup does), and
// it never logs: every failure is returned, wrapped with what was being done.
//
// Files:
//
//	store.go       the Store interface, Result and Saved
//	corpus.go      the Corpus (read side) and JobRecorder interfaces every backend implements, and what they share
//	browse.go      the article browser's queries (Browse, Article, Facets), /metrics gauges, Jobs, Ping
//	sqlite.go      Open, Options, pragmas, connection pools, Close
//	migrate.go     embedded migrations (migrations/NNNN_name.sql), recorded in schema_migrations
//	writer.go      the writer goroutine: one BEGIN IMMEDIATE transaction kept open
//	               for BatchWait, a savepoint per write (Write, Apply)
//	save.go        Save: article, duplicate detection, URL outcome, discovered URLs
//	simhash.go     SimHash bands and Hamming distance for near-duplicates
//	fts.go         full-text index kept in bulk (SyncFTS)
//	read.go        read-side helpers on the read-only pool (counts)
//	reader.go      Reader: read-only access (OpenReader never creates or migrates), schema check, SyncFTS for readers
//	query.go       Filter (as SQL with placeholders) and Cursor, the keyset-paginated export cursor
//	stats.go       Stats: articles by site, day and language, queue, failures by reason
//	search.go      Search: FTS4 MATCH ranked by BM25 from matchinfo, snippets
//	migrations/    the schema, documented in its comments
package store
