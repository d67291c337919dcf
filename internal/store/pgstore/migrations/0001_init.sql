-- 0001_init: the corpus on PostgreSQL: articles, near-duplicate bands and
-- full-text search. Same columns, meanings and text encodings as the SQLite
-- store's articles table (internal/store/migrations/0001_init.sql), so the
-- Article JSON read back is byte for byte the same.
--
-- Conventions (as in SQLite)
--   * Times written by newshound are TEXT in one fixed-width UTC layout,
--     "2006-01-02T15:04:05.000Z" (RFC 3339, sorts as text). Page dates
--     (published, modified) keep the page's own UTC offset.
--   * Lists (authors, tags, breadcrumbs) are JSON arrays kept as TEXT,
--     never NULL: '[]' (TEXT, not jsonb: jsonb reorders object keys).
--   * Unknown strings are '', unknown dates NULL.
--
-- The frontier (urls, hosts) is not here: for this store the URL state is
-- the caller's (the Redis frontier).

-- articles: every stored article exactly once, keyed by its canonical URL
-- (UNIQUE key: INSERT ... ON CONFLICT (key) DO NOTHING makes racing
-- processes store it once). A duplicate (same content hash as, or SimHash
-- within the configured Hamming distance of, an earlier article) is stored
-- too, with duplicate_of pointing at the first stored article of its group.
CREATE TABLE articles (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- stable id, insertion order
	key               text NOT NULL UNIQUE,     -- canonical URL the article is stored under
	url               text NOT NULL,            -- URL it was fetched from
	canonical_url     text NOT NULL DEFAULT '', -- declared canonical URL
	site              text NOT NULL,            -- host of key, lower case
	site_name         text NOT NULL DEFAULT '',
	title             text NOT NULL DEFAULT '',
	authors           text NOT NULL DEFAULT '[]',  -- JSON array of strings
	published         text,                     -- RFC 3339 in the page's offset; NULL if unknown
	published_day     text,                     -- 'YYYY-MM-DD' of published in the page's offset
	published_utc     text,                     -- published in UTC, fixed-width layout
	modified          text,                     -- RFC 3339 in the page's offset; NULL if unknown
	language          text NOT NULL DEFAULT '',
	description       text NOT NULL DEFAULT '',
	section           text NOT NULL DEFAULT '',
	breadcrumbs       text NOT NULL DEFAULT '[]',  -- JSON array of {name, url}
	tags              text NOT NULL DEFAULT '[]',  -- JSON array of strings
	image             text NOT NULL DEFAULT '',
	text              text NOT NULL DEFAULT '',
	word_count        integer NOT NULL DEFAULT 0,
	content_hash      text NOT NULL DEFAULT '',    -- hex SHA-256 of normalised text
	simhash           bigint NOT NULL DEFAULT 0,   -- 64-bit SimHash, bits as a signed integer
	duplicate_of      bigint REFERENCES articles(id), -- first stored article of the group; NULL for originals
	is_article_reason text NOT NULL DEFAULT '',
	fetched_at        text NOT NULL,            -- when the response arrived (UTC layout)
	etag              text NOT NULL DEFAULT '',
	last_modified     text NOT NULL DEFAULT '', -- Last-Modified header, verbatim
	job               text NOT NULL DEFAULT '', -- crawl job that stored it ('' for ad-hoc crawls)
	-- Full-text search over title and text, 'simple' configuration (no
	-- stemming, no stop words: the corpus mixes languages). Query with
	--   WHERE tsv @@ websearch_to_tsquery('simple', $1)
	-- and rank with ts_rank_cd(tsv, query).
	tsv               tsvector GENERATED ALWAYS AS
	                  (to_tsvector('simple'::regconfig, title || ' ' || text)) STORED
);
-- Exact-duplicate lookup at Save.
CREATE INDEX articles_content_hash ON articles(content_hash);
-- Export/search/stats filters, as in SQLite.
CREATE INDEX articles_site_day ON articles(site, published_day);
CREATE INDEX articles_published_day ON articles(published_day);
CREATE INDEX articles_fetched_at ON articles(fetched_at);
CREATE INDEX articles_language ON articles(language, published_day);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_tsv ON articles USING gin (tsv);

-- simhash_bands: near-duplicate lookup, as in SQLite. An original's 64-bit
-- SimHash is cut into 6 bands (11,11,11,11,10,10 bits); bkey = band << 16 |
-- band value. Two hashes within Hamming distance 5 share a band; Save
-- looks up the 6 bkeys of a new article, then checks the real distance.
-- Only originals are indexed.
CREATE TABLE simhash_bands (
	bkey       bigint NOT NULL,
	article_id bigint NOT NULL REFERENCES articles(id),
	PRIMARY KEY (bkey, article_id)
);
