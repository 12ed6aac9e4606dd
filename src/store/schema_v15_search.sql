-- Relais schema, version 15 (search and merged records, issue 11). Additive:
-- triggers replaced, one table and one view added.

-- The body-text indexes of schema v10 hold live records only: a record's
-- row leaves them when `deleted` becomes 1 and comes back when it is
-- restored, so counting body matches needs no join to the kind table
-- (random reads in a large file). One trigger per kind for the text and the
-- deletion alike: whatever the order of the columns written, the index
-- ends as the row.
DROP TRIGGER IF EXISTS request_text_insert;
DROP TRIGGER IF EXISTS request_text_update;
DROP TRIGGER IF EXISTS workshop_text_insert;
DROP TRIGGER IF EXISTS workshop_text_update;
CREATE TRIGGER IF NOT EXISTS request_text_insert AFTER INSERT ON request
WHEN (new.need IS NOT NULL OR new.data_sources IS NOT NULL) AND new.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM request_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO request_text(rowid, need, data_sources)
        SELECT key, new.need, new.data_sources FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS request_text_update AFTER UPDATE OF need, data_sources, deleted ON request
BEGIN
    DELETE FROM request_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT OR IGNORE INTO search_key(id)
        SELECT new.id WHERE (new.need IS NOT NULL OR new.data_sources IS NOT NULL) AND new.deleted IS NOT 1;
    INSERT INTO request_text(rowid, need, data_sources)
        SELECT key, new.need, new.data_sources FROM search_key
        WHERE id = new.id AND (new.need IS NOT NULL OR new.data_sources IS NOT NULL) AND new.deleted IS NOT 1;
END;
CREATE TRIGGER IF NOT EXISTS workshop_text_insert AFTER INSERT ON workshop
WHEN (new.notes IS NOT NULL OR new.outputs IS NOT NULL) AND new.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM workshop_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO workshop_text(rowid, notes, outputs)
        SELECT key, new.notes, new.outputs FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS workshop_text_update AFTER UPDATE OF notes, outputs, deleted ON workshop
BEGIN
    DELETE FROM workshop_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT OR IGNORE INTO search_key(id)
        SELECT new.id WHERE (new.notes IS NOT NULL OR new.outputs IS NOT NULL) AND new.deleted IS NOT 1;
    INSERT INTO workshop_text(rowid, notes, outputs)
        SELECT key, new.notes, new.outputs FROM search_key
        WHERE id = new.id AND (new.notes IS NOT NULL OR new.outputs IS NOT NULL) AND new.deleted IS NOT 1;
END;
DELETE FROM request_text WHERE rowid IN (
    SELECT k.key FROM search_key k JOIN request r ON r.id = k.id WHERE r.deleted = 1);
DELETE FROM workshop_text WHERE rowid IN (
    SELECT k.key FROM search_key k JOIN workshop w ON w.id = k.id WHERE w.deleted = 1);

-- Merged records (`store::merged`): each tombstone naming the record it
-- went into, kept by triggers on the two mergeable kinds, so that counts
-- grouped by developer or organisation follow merges in SQL.
CREATE TABLE IF NOT EXISTS merged_link (id TEXT PRIMARY KEY, target TEXT NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS developer_merged_insert AFTER INSERT ON developer
WHEN new.deleted = 1 AND trim(coalesce(new.merged_into, '')) <> ''
BEGIN
    INSERT OR REPLACE INTO merged_link(id, target) VALUES (new.id, new.merged_into);
END;
CREATE TRIGGER IF NOT EXISTS developer_merged_update AFTER UPDATE OF deleted, merged_into ON developer
BEGIN
    DELETE FROM merged_link WHERE id = old.id;
    INSERT OR REPLACE INTO merged_link(id, target) SELECT new.id, new.merged_into
        WHERE new.deleted = 1 AND trim(coalesce(new.merged_into, '')) <> '';
END;
CREATE TRIGGER IF NOT EXISTS developer_merged_delete AFTER DELETE ON developer
BEGIN
    DELETE FROM merged_link WHERE id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS org_merged_insert AFTER INSERT ON org
WHEN new.deleted = 1 AND trim(coalesce(new.merged_into, '')) <> ''
BEGIN
    INSERT OR REPLACE INTO merged_link(id, target) VALUES (new.id, new.merged_into);
END;
CREATE TRIGGER IF NOT EXISTS org_merged_update AFTER UPDATE OF deleted, merged_into ON org
BEGIN
    DELETE FROM merged_link WHERE id = old.id;
    INSERT OR REPLACE INTO merged_link(id, target) SELECT new.id, new.merged_into
        WHERE new.deleted = 1 AND trim(coalesce(new.merged_into, '')) <> '';
END;
CREATE TRIGGER IF NOT EXISTS org_merged_delete AFTER DELETE ON org
BEGIN
    DELETE FROM merged_link WHERE id = old.id;
END;
INSERT OR REPLACE INTO merged_link(id, target)
    SELECT id, merged_into FROM developer WHERE deleted = 1 AND trim(coalesce(merged_into, '')) <> '';
INSERT OR REPLACE INTO merged_link(id, target)
    SELECT id, merged_into FROM org WHERE deleted = 1 AND trim(coalesce(merged_into, '')) <> '';

-- Where each merged record leads, as `Store::merged_end` reads it: the end
-- of its chain of links when reached in at most 15 links without coming
-- back to a record already seen; a cycle or a longer chain has no row (the
-- reference stays as written). Join it with `LEFT JOIN merged_alias a ON
-- a.id = x` and read `coalesce(a.target, x)`.
CREATE VIEW IF NOT EXISTS merged_alias(id, target) AS
WITH RECURSIVE walk(start, at, steps, path) AS (
    SELECT id, target, 1, ',' || id || ',' FROM merged_link
    UNION ALL
    SELECT w.start, l.target, w.steps + 1, w.path || w.at || ','
    FROM walk w JOIN merged_link l ON l.id = w.at
    WHERE w.steps < 15 AND instr(w.path, ',' || w.at || ',') = 0
)
SELECT start, at FROM walk w
WHERE instr(w.path, ',' || w.at || ',') = 0
  AND NOT EXISTS (SELECT 1 FROM merged_link l WHERE l.id = w.at);
