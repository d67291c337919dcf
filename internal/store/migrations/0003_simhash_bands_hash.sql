-- 0003: simhash_bands keeps each article's SimHash next to its band keys,
-- so the near-duplicate lookup reads the bands table only (its primary
-- key b-tree holds every column) instead of one articles row per
-- candidate, whose cost grew with the number of articles stored.
ALTER TABLE simhash_bands ADD COLUMN simhash INTEGER NOT NULL DEFAULT 0;
UPDATE simhash_bands SET simhash = (SELECT a.simhash FROM articles a WHERE a.id = simhash_bands.article_id);
