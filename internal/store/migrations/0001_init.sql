-- 0001_init: the corpus (articles, near-duplicate bands, full-text index),
-- the crawl frontier (urls, hosts) and per-job state.
--
-- Conventions
--   * Times written by newshound are TEXT in one fixed-width UTC layout,
--     "2006-01-02T15:04:05.000Z" (RFC 3339, sorts as text), except where a
--     column says otherwise. Page dates (articles.published, .modified,
--     urls.lastmod, urls.published) keep the page's own UTC offset, as in
--     the Article JSON.
--   * Lists (authors, tags, breadcrumbs) are JSON arrays, never NULL: '[]'.
--   * Unknown strings are '', unknown dates NULL (as in the Article JSON).

-- articles: every stored article exactly once, keyed by its canonical URL.
-- A duplicate (same content hash as, or SimHash within the configured
-- Hamming distance of, an earlier article) is stored too, with duplicate_of
-- pointing at the first stored article of its group (never at another
-- duplicate), so exports can leave duplicates out or show them.
CREATE TABLE articles (
	id                INTEGER PRIMARY KEY,     -- stable id, insertion order
	key               TEXT NOT NULL UNIQUE,    -- canonical URL the article is stored under
	url               TEXT NOT NULL,           -- URL it was fetched from
	canonical_url     TEXT NOT NULL DEFAULT '',-- declared canonical URL
	site              TEXT NOT NULL,           -- host of key, lower case
	site_name         TEXT NOT NULL DEFAULT '',
	title             TEXT NOT NULL DEFAULT '',
	authors           TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
	published         TEXT,                    -- RFC 3339 in the page's offset; NULL if unknown
	published_day     TEXT,                    -- 'YYYY-MM-DD' of published in the page's offset (range filters)
	published_utc     TEXT,                    -- published in UTC, fixed-width layout (sorting across sites)
	modified          TEXT,                    -- RFC 3339 in the page's offset; NULL if unknown
	language          TEXT NOT NULL DEFAULT '',
	description       TEXT NOT NULL DEFAULT '',
	section           TEXT NOT NULL DEFAULT '',
	breadcrumbs       TEXT NOT NULL DEFAULT '[]',  -- JSON array of {name, url}
	tags              TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
	image             TEXT NOT NULL DEFAULT '',
	text              TEXT NOT NULL DEFAULT '',
	word_count        INTEGER NOT NULL DEFAULT 0,
	content_hash      TEXT NOT NULL DEFAULT '',    -- hex SHA-256 of normalised text
	simhash           INTEGER NOT NULL DEFAULT 0,  -- 64-bit SimHash, bits stored as a signed integer
	duplicate_of      INTEGER REFERENCES articles(id),  -- first stored article of the group; NULL for originals
	is_article_reason TEXT NOT NULL DEFAULT '',
	fetched_at        TEXT NOT NULL,           -- when the response arrived (UTC layout)
	etag              TEXT NOT NULL DEFAULT '',
	last_modified     TEXT NOT NULL DEFAULT '',-- Last-Modified header, verbatim
	job               TEXT NOT NULL DEFAULT ''  -- crawl job that stored it ('' for ad-hoc crawls)
);
-- Exact-duplicate lookup at Save.
CREATE INDEX articles_content_hash ON articles(content_hash);
-- Export/search/stats filters: --site with --since/--until, --since/--until
-- alone, --fetched-since, --lang, the duplicates of an article.
CREATE INDEX articles_site_day ON articles(site, published_day);
CREATE INDEX articles_published_day ON articles(published_day);
CREATE INDEX articles_fetched_at ON articles(fetched_at);
CREATE INDEX articles_language ON articles(language, published_day);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- simhash_bands: near-duplicate lookup. An original article's 64-bit
-- SimHash is cut into 6 bands (11,11,11,11,10,10 bits); bkey = band << 16 |
-- band value. Two hashes within Hamming distance 5 agree on at least one
-- band (pigeonhole), so Save looks up the 6 bkeys of a new article, then checks
-- the real distance of each candidate. Only originals are indexed:
-- duplicates point at the first article of their group, and chains of
-- small edits do not grow a group without bound.
CREATE TABLE simhash_bands (
	bkey       INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id),
	PRIMARY KEY (bkey, article_id)
) WITHOUT ROWID;

-- articles_fts: full-text index over title and text (FTS4: go-sqlite3
-- builds FTS3/FTS4 without build tags, FTS5 needs the sqlite_fts5 tag).
-- External content: the text is stored once, in articles; docid =
-- articles.id. Indexed in bulk, not per article: indexing each small
-- commit made FTS4 merge segments all the time and doubled the cost of a
-- Save. meta 'fts_indexed' is the highest articles.id indexed; the store's
-- SyncFTS indexes the rows above it (in one transaction with the new
-- mark), every Options.FTSBatch articles and at Close. Searchers call
-- SyncFTS first to see every article. Query with
--   SELECT a.* FROM articles_fts f JOIN articles a ON a.id = f.docid
--   WHERE articles_fts MATCH ?
-- and rank with matchinfo(articles_fts, 'pcnalx') / snippet(articles_fts).
CREATE VIRTUAL TABLE articles_fts USING fts4(
	content="articles", title, text, tokenize=unicode61
);
-- Changes to indexed rows keep the index in step (the store itself never
-- updates or deletes articles).
CREATE TRIGGER articles_fts_delete BEFORE DELETE ON articles
WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed') BEGIN
	DELETE FROM articles_fts WHERE docid = old.id;
END;
CREATE TRIGGER articles_fts_update_before BEFORE UPDATE OF title, text ON articles
WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed') BEGIN
	DELETE FROM articles_fts WHERE docid = old.id;
END;
CREATE TRIGGER articles_fts_update_after AFTER UPDATE OF title, text ON articles
WHEN new.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed') BEGIN
	INSERT INTO articles_fts(docid, title, text) VALUES (new.id, new.title, new.text);
END;

-- urls: the frontier. Every URL a crawl has seen, once (url is the
-- canonical URL), with its state and why. id is the discovery order, the
-- tie-break after priority. A URL's state changes in the same transaction
-- as the article it produced (article_id).
CREATE TABLE urls (
	id            INTEGER PRIMARY KEY,     -- discovery order
	url           TEXT NOT NULL UNIQUE,
	host          TEXT NOT NULL,           -- lower case: the unit of politeness
	kind          TEXT NOT NULL DEFAULT 'page'   CHECK (kind IN ('page', 'sitemap', 'feed')),
	state         TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'inflight', 'done', 'failed', 'skipped')),
	depth         INTEGER NOT NULL DEFAULT 0,
	priority      INTEGER NOT NULL DEFAULT 0,  -- higher first
	source        TEXT NOT NULL DEFAULT '',    -- seed, sitemap, feed, link, redirect, robots
	parent        TEXT NOT NULL DEFAULT '',    -- URL it was found on
	lastmod       TEXT,                        -- from a sitemap/feed, page offset; NULL if none
	published     TEXT,                        -- from a news sitemap/feed, page offset; NULL if none
	title         TEXT NOT NULL DEFAULT '',    -- from a news sitemap/feed
	attempts      INTEGER NOT NULL DEFAULT 0,  -- leases so far (each fetch attempt)
	not_before    INTEGER NOT NULL DEFAULT 0,  -- Unix milliseconds: not due before (retry backoff)
	reason        TEXT NOT NULL DEFAULT '',    -- why failed/skipped/retried
	status        INTEGER NOT NULL DEFAULT 0,  -- last HTTP status, 0 if no response
	discovered_at TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	article_id    INTEGER REFERENCES articles(id)  -- the article this URL produced (or was a variant of)
);
-- Next: per host, the queued URLs in (priority DESC, discovery) order.
-- Partial, so it holds only the queue and shrinks as the crawl proceeds.
CREATE INDEX urls_queue ON urls(host, priority DESC, id, not_before) WHERE state = 'queued';
-- Recover and Pending. (No index on state as a whole: it doubled the cost
-- of leasing; Counts scans the table.)
CREATE INDEX urls_inflight ON urls(id) WHERE state = 'inflight';
CREATE INDEX urls_article ON urls(article_id) WHERE article_id IS NOT NULL;

-- hosts: every host the frontier has seen, so Next can take the head of
-- each host's queue (skipping busy hosts without scanning their URLs).
-- Filled by a trigger; later the place for per-host politeness state.
CREATE TABLE hosts (
	host TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TRIGGER urls_hosts AFTER INSERT ON urls BEGIN
	INSERT OR IGNORE INTO hosts(host) VALUES (new.host);
END;

-- jobs: per-job state for scheduled and incremental crawls.
CREATE TABLE jobs (
	name        TEXT PRIMARY KEY,
	last_start  TEXT,                       -- start of the last run (UTC layout); NULL if never run
	last_finish TEXT,                       -- end of the last finished run; NULL if none
	last_status TEXT NOT NULL DEFAULT '',   -- 'ok', or the error that ended the last run
	state       TEXT NOT NULL DEFAULT '{}', -- JSON object owned by the scheduler (cursors, sitemap lastmods)
	updated_at  TEXT NOT NULL
);

-- meta: small key/value facts about the database (creator version, ...).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('fts_indexed', '0');
