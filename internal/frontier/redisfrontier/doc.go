// Package redisfrontier is the frontier.Frontier on Redis, for crawls
// spread over many processes and machines: every process leases URLs from
// the same queues, per-host politeness holds across all of them, and the
// URLs of a process that dies are handed to the others once their lease
// expires. It does not store articles, fetch, or read robots.txt; the
// SQLite frontier (package frontier) stays the embedded default.
//
// # Data layout
//
// Each job's keys start with P = "<prefix>:{<job>}:" (the braces are a
// cluster hash tag: one job's keys share a slot):
//
//	P u:<url>        hash: the URL's record (entry fields, state, reason,
//	                 attempts, not-before, discovery sequence, status,
//	                 validators, fetch time, article flag)
//	P seen:<shard>   hashes: the seen set, see below
//	P q:<host>       sorted set: the host's due Queued URLs, score
//	                 -priority·2^40 + sequence (priority first, then
//	                 discovery order; exact in a float64 for |priority| ≤
//	                 2047 and 2^40 URLs)
//	P ready          sorted set: hosts with due URLs, by their queue's head
//	P delayed        sorted set: Queued URLs with a not-before time, by it
//	P leases         sorted set: InFlight URLs by lease expiry (server ms)
//	P hostinflight   hash: host -> URLs in flight (all processes)
//	P nextat         hash: host -> earliest next lease (server ms)
//	P delay          hash: host -> least time between leases (ms)
//	P counts         hash: state -> URLs in it
//	P fetched:a/p    sorted sets: done articles / other pages by fetch
//	                 time, for Refresh
//	P disc           set: sitemap and feed URLs, for RefreshDiscovery
//	P seq            counter: discovery sequence
//
// # The seen set and memory
//
// A URL is seen when the 64-bit FNV-1a hash of its canonical form is: the
// top 16 bits pick one of 65,536 hashes, the low 48 bits (6 raw bytes) are
// the field. While a shard holds no more than the server's
// hash-max-listpack-entries (128 by default: 8.4 million URLs; 1024 is
// a good setting, 67 million) Redis keeps it as a listpack, about 11
// bytes a URL; past that a shard becomes a hash table, about 70 bytes a
// URL (BenchmarkSeenSetMemory measures 16 bytes a URL at a million URLs,
// shard key overhead included). Two URLs share a hash with probability
// about n²/2^65 (under 0.03% for 100 million URLs): the later one would
// never be queued. A queued URL costs about 500 bytes in all (its record
// and queue entry: 525 MB for a million URLs); Options.FinishedTTL expires
// the records of finished URLs, leaving only the seen set to grow with the
// crawl.
//
// # Scripts
//
// Every state change is one Lua script (scripts.go), atomic on the server:
// Add (seen test, record, queue), Next (reclaim expired leases, promote
// due retries, pick queue heads in priority order under the callers' slots
// and the shared politeness, lease), Finish, Release, Requeue, Refresh,
// RefreshDiscovery and Recover. Leases and per-host delays use the
// server's clock (TIME), so processes need not agree on the time; Next's
// now argument only decides which retries are due. Counts and Pending read
// counters the scripts keep. Next costs the server about 25 µs a leased
// URL plus about 1.5 µs per host whose queue head it examines (every
// ready host when their heads interleave): one Redis leases tens of
// thousands of URLs a second.
//
// # How the crawler uses it
//
// On SQLite the store changes a URL's state in the transaction that saves
// its article. On Redis the crawler saves first, then calls FinishArticle
// (or Finish) and Add for the page's links: at least once. A worker that
// dies between the two leaves its lease to expire; the page is fetched
// again and the store, keyed by canonical URL, keeps one copy. A lease
// that outlives Options.LeaseTimeout can be handed to another worker: the
// timeout must exceed a page's fetch and handling, and Finish from either
// holder is accepted (the last one wins).
//
// Files: doc.go this overview; redis.go Options, Open/New and the
// frontier.Frontier methods; inspect.go per-host delays, queue sizes and
// URL records (stats, tests); shared.go what the processes of one job
// share besides the queue (the job marker, MarkDone, ClaimSettings,
// WithOptions); scripts.go the Lua scripts. The tests
// start their own redis-server (without persistence, on a Unix socket)
// and skip when it is not installed.
package redisfrontier
