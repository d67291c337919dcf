// Package pgstore is the store.Store on PostgreSQL (pgx), for crawls
// spread over several processes or machines that share one corpus. It
// keeps the SQLite store's articles table (same columns, same text
// encodings, so the same Article JSON), created and migrated by Open from
// embedded migrations recorded in schema_migrations, and adds full-text
// search as a generated tsvector column ('simple' configuration, title and
// text) with a GIN index.
//
// Save batches concurrent calls into one transaction per writer goroutine
// (Options.Writers of them, each on its own connection). Each article is
// stored once per key (UNIQUE key, INSERT ... ON CONFLICT (key) DO NOTHING),
// and marked duplicate_of the first stored article with the same content
// hash or a SimHash within Options.NearDistance (the SQLite store's 6
// bands). Before it reads, a transaction takes advisory locks on the key,
// content hash and bands of each of its articles, in sorted order: two
// Saves that could see each other, in any processes, run one after the
// other, so the outcome is that of running every Save alone in some order
// (a near-duplicate committed at the same instant as its original is still
// marked), and writers never deadlock.
//
// Reader is the read side (store.Corpus): exports stream through a
// server-side cursor in one read-only REPEATABLE READ transaction; search
// translates newshound's search syntax into a tsquery (TSQuery), ranked by
// ts_rank_cd with ts_headline snippets; stats and the article browser's
// queries give the SQLite store's results for the same articles. PG also
// keeps the scheduler's job state (store.JobRecorder).
//
// It does not keep the frontier: Save records the article only, and the
// URL's outcome and discovered URLs (Result.Outcome, Result.Discovered) are
// the caller's to record in its frontier (the Redis one). It never logs,
// and errors name the database without its password (Redact).
//
// Files:
//
//	pgstore.go     Open, Options, Close, Redact
//	migrate.go     embedded migrations (migrations/NNNN_name.sql) under an advisory lock
//	writer.go      writer goroutines: batched transactions, sorted advisory locks, retries
//	save.go        Save: article row, advisory lock keys, the one-statement save pipelined per batch
//	read.go        Reader: OpenReader (never migrates), schema check, connect timeout, Size
//	cursor.go      Cursor: the export's server-side cursor (DECLARE ... NO SCROLL CURSOR, FETCH)
//	search.go      TSQuery, CheckQuery, Search (tsvector, GIN, ts_rank_cd, ts_headline)
//	stats.go       Stats
//	browse.go      the article browser's queries, /metrics gauges, Ping
//	jobs.go        RecordJobStart, RecordJobEnd, Job, Jobs (migration 0002_jobs)
//	migrations/    the schema, documented in its comments
package pgstore
