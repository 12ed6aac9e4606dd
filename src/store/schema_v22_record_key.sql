-- Relais schema, version 22 (issue 13): every record has a small integer key,
-- and its row in a kind table is stored under it (the row's rowid is the
-- key). `record_key` replaces `search_key` (which gave keys to requests and
-- workshops only, for their full-text rows) and holds each id as the change
-- log does: the 16 bytes of a canonical UUID, any other id as text
-- (`codec::record_key`). The keys of `search_key` are kept, so the full-text
-- rows keep theirs; the rest and the tables' rowids are set by
-- `keys::migrate_to_record_keys` after this SQL. This is the first step
-- towards references stored as keys (the size goal, `docs/performance.md`
-- "Integer record keys, a study"); the full-text triggers now find a row's
-- key as its rowid instead of looking it up. Like the other steps, it can
-- run again on a database that has it (the tests that fake older versions).
CREATE TABLE IF NOT EXISTS record_key (key INTEGER PRIMARY KEY, id NOT NULL UNIQUE);

DROP TRIGGER IF EXISTS request_text_insert;
DROP TRIGGER IF EXISTS request_text_update;
DROP TRIGGER IF EXISTS request_text_delete;
DROP TRIGGER IF EXISTS workshop_text_insert;
DROP TRIGGER IF EXISTS workshop_text_update;
DROP TRIGGER IF EXISTS workshop_text_delete;

CREATE TRIGGER request_text_insert AFTER INSERT ON request
WHEN (new.need IS NOT NULL OR new.data_sources IS NOT NULL) AND new.deleted IS NOT 1
BEGIN
    DELETE FROM request_text WHERE rowid = new.rowid;
    INSERT INTO request_text(rowid, need, data_sources)
        VALUES (new.rowid, new.need, new.data_sources);
END;
CREATE TRIGGER request_text_update AFTER UPDATE OF need, data_sources, deleted ON request
BEGIN
    DELETE FROM request_text WHERE rowid = new.rowid;
    INSERT INTO request_text(rowid, need, data_sources)
        SELECT new.rowid, new.need, new.data_sources
        WHERE (new.need IS NOT NULL OR new.data_sources IS NOT NULL) AND new.deleted IS NOT 1;
END;
CREATE TRIGGER request_text_delete AFTER DELETE ON request
BEGIN
    DELETE FROM request_text WHERE rowid = old.rowid;
END;
CREATE TRIGGER workshop_text_insert AFTER INSERT ON workshop
WHEN (new.notes IS NOT NULL OR new.outputs IS NOT NULL) AND new.deleted IS NOT 1
BEGIN
    DELETE FROM workshop_text WHERE rowid = new.rowid;
    INSERT INTO workshop_text(rowid, notes, outputs)
        VALUES (new.rowid, new.notes, new.outputs);
END;
CREATE TRIGGER workshop_text_update AFTER UPDATE OF notes, outputs, deleted ON workshop
BEGIN
    DELETE FROM workshop_text WHERE rowid = new.rowid;
    INSERT INTO workshop_text(rowid, notes, outputs)
        SELECT new.rowid, new.notes, new.outputs
        WHERE (new.notes IS NOT NULL OR new.outputs IS NOT NULL) AND new.deleted IS NOT 1;
END;
CREATE TRIGGER workshop_text_delete AFTER DELETE ON workshop
BEGIN
    DELETE FROM workshop_text WHERE rowid = old.rowid;
END;
