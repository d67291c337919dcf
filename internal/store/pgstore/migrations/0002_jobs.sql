-- 0002_jobs: per-job state for scheduled and incremental crawls, as in the
-- SQLite store's jobs table (same columns, same text encodings), so that
-- the scheduler can keep its state in PostgreSQL (RecordJobStart,
-- RecordJobEnd, Job).
CREATE TABLE jobs (
	name        text PRIMARY KEY,
	last_start  text,                       -- start of the last run (UTC layout); NULL if never run
	last_finish text,                       -- end of the last finished run; NULL if none
	last_status text NOT NULL DEFAULT '',   -- 'ok', 'interrupted', 'skipped: ...' or the error that ended the last run
	state       text NOT NULL DEFAULT '{}', -- JSON object owned by the scheduler: {"summary": ..., "last_success": ...}
	updated_at  text NOT NULL
);
