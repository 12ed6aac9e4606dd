-- Relais schema, version 10 (search and suggestions at scale, issue 11).
-- Additive only.

-- Suggestions count each candidate developer's open assignments: the
-- requests named by `element_by_name` (name, element → record) are checked
-- here without reading their rows.
CREATE INDEX IF NOT EXISTS request_open ON request (id, deleted, status);

-- Search reads titles and names through these covering indexes (a scan of
-- the index, not of the rows with their long texts).
CREATE INDEX IF NOT EXISTS request_titles ON request (deleted, id, title, received_on);
CREATE INDEX IF NOT EXISTS workshop_titles ON workshop (deleted, id, title, date);

-- Body text of requests (need, data sources) and workshops (notes, outputs)
-- in full-text indexes, accent- and case-folded by SQLite's tokenizer.
-- Contentless: the text stays in the kind tables. An index row's key is a
-- record's `search_key` (an integer for good: rowids of the kind tables may
-- change on VACUUM).
CREATE TABLE IF NOT EXISTS search_key (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE IF NOT EXISTS request_text USING fts5(
    need, data_sources, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS workshop_text USING fts5(
    notes, outputs, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2'
);
-- Every word seen in that body text (never removed: a word no record holds
-- any more finds nothing). Search matches a query's words against these for
-- the typo and inside-a-word classes; the materialiser adds the words of the
-- text it writes (`Materialiser::write_column`).
CREATE TABLE IF NOT EXISTS search_term (term TEXT PRIMARY KEY) WITHOUT ROWID;

-- The indexes follow the kind tables in the same transaction as the
-- materialiser's writes, whichever path writes them (edits, imports,
-- rebuilds of a record).
CREATE TRIGGER IF NOT EXISTS request_text_insert AFTER INSERT ON request
WHEN new.need IS NOT NULL OR new.data_sources IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM request_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO request_text(rowid, need, data_sources)
        SELECT key, new.need, new.data_sources FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS request_text_update AFTER UPDATE OF need, data_sources ON request
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM request_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO request_text(rowid, need, data_sources)
        SELECT key, new.need, new.data_sources FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS request_text_delete AFTER DELETE ON request
BEGIN
    DELETE FROM request_text WHERE rowid = (SELECT key FROM search_key WHERE id = old.id);
END;
CREATE TRIGGER IF NOT EXISTS workshop_text_insert AFTER INSERT ON workshop
WHEN new.notes IS NOT NULL OR new.outputs IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM workshop_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO workshop_text(rowid, notes, outputs)
        SELECT key, new.notes, new.outputs FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS workshop_text_update AFTER UPDATE OF notes, outputs ON workshop
BEGIN
    INSERT OR IGNORE INTO search_key(id) VALUES (new.id);
    DELETE FROM workshop_text WHERE rowid = (SELECT key FROM search_key WHERE id = new.id);
    INSERT INTO workshop_text(rowid, notes, outputs)
        SELECT key, new.notes, new.outputs FROM search_key WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS workshop_text_delete AFTER DELETE ON workshop
BEGIN
    DELETE FROM workshop_text WHERE rowid = (SELECT key FROM search_key WHERE id = old.id);
END;

-- Built once here from the rows already derived.
INSERT OR IGNORE INTO search_key(id)
    SELECT id FROM request WHERE need IS NOT NULL OR data_sources IS NOT NULL;
INSERT OR IGNORE INTO search_key(id)
    SELECT id FROM workshop WHERE notes IS NOT NULL OR outputs IS NOT NULL;
INSERT INTO request_text(rowid, need, data_sources)
    SELECT k.key, r.need, r.data_sources FROM request r JOIN search_key k ON k.id = r.id;
INSERT INTO workshop_text(rowid, notes, outputs)
    SELECT k.key, w.notes, w.outputs FROM workshop w JOIN search_key k ON k.id = w.id;
CREATE VIRTUAL TABLE temp.request_terms USING fts5vocab(main, request_text, row);
CREATE VIRTUAL TABLE temp.workshop_terms USING fts5vocab(main, workshop_text, row);
INSERT OR IGNORE INTO search_term SELECT term FROM temp.request_terms;
INSERT OR IGNORE INTO search_term SELECT term FROM temp.workshop_terms;
DROP TABLE temp.request_terms;
DROP TABLE temp.workshop_terms;
