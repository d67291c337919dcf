-- 0002: per-job frontiers and incremental recrawls.
--
-- urls.job: the crawl job a URL belongs to; each job leases, recovers and
-- re-queues only its own URLs, so several jobs can run at once on one
-- database. '' is the ad-hoc crawl of `newshound crawl` without --job.
-- urls.fetched_ms: when the URL was last fetched (Unix ms; 0 = never), to
-- re-queue pages whose sitemap/feed lastmod is newer, and for recrawl
-- intervals.
-- urls.etag, urls.last_modified: the last response's validators, sent back
-- as If-None-Match / If-Modified-Since (conditional GET).
ALTER TABLE urls ADD COLUMN job TEXT NOT NULL DEFAULT '';
ALTER TABLE urls ADD COLUMN fetched_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE urls ADD COLUMN etag TEXT NOT NULL DEFAULT '';
ALTER TABLE urls ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';

DROP INDEX urls_queue;
CREATE INDEX urls_queue ON urls(job, host, priority DESC, id, not_before) WHERE state = 'queued';
-- Recrawl intervals: done URLs of a job by last fetch.
CREATE INDEX urls_done ON urls(job, fetched_ms) WHERE state = 'done';
