-- 0004: simhash_bands is filled in batches (see nearindex.go): meta
-- 'bands_indexed' is the highest articles.id whose originals are indexed;
-- Open and the writer index the originals above it. Every article stored
-- before this migration was indexed as it was saved.
INSERT INTO meta (key, value) VALUES ('bands_indexed', (SELECT coalesce(max(id), 0) FROM articles));
