-- time_entry as a view over a keyed table (prototype, sqlite3 shell).
PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE search_key RENAME TO record_key;
INSERT OR IGNORE INTO record_key(id) SELECT id FROM time_entry;
INSERT OR IGNORE INTO record_key(id) SELECT developer FROM time_entry WHERE developer IS NOT NULL;
INSERT OR IGNORE INTO record_key(id) SELECT request FROM time_entry WHERE request IS NOT NULL;
INSERT OR IGNORE INTO record_key(id) SELECT workshop FROM time_entry WHERE workshop IS NOT NULL;
CREATE TABLE time_entry_row (
    key INTEGER PRIMARY KEY, deleted INTEGER,
    developer INTEGER, request INTEGER, workshop INTEGER, date TEXT, hours NUMERIC, note TEXT
);
INSERT INTO time_entry_row
    SELECT k.key, t.deleted,
        (SELECT key FROM record_key WHERE id = t.developer),
        (SELECT key FROM record_key WHERE id = t.request),
        (SELECT key FROM record_key WHERE id = t.workshop),
        t.date, t.hours, t.note
    FROM time_entry t JOIN record_key k ON k.id = t.id ORDER BY k.key;
DROP TABLE time_entry;
CREATE VIEW time_entry(id, deleted, developer, request, workshop, date, hours, note) AS
    SELECT k.id, t.deleted, d.id, r.id, w.id, t.date, t.hours, t.note
    FROM time_entry_row t JOIN record_key k ON k.key = t.key
    LEFT JOIN record_key d ON d.key = t.developer
    LEFT JOIN record_key r ON r.key = t.request
    LEFT JOIN record_key w ON w.key = t.workshop;
CREATE INDEX time_by_date ON time_entry_row (date, deleted, developer, hours);
CREATE INDEX time_by_developer_date ON time_entry_row (developer, date, deleted, hours, request, workshop);
CREATE INDEX time_entry_by_label ON time_entry_row (date COLLATE NOCASE, deleted, hours, developer, request);
CREATE INDEX time_by_request_date ON time_entry_row (request, date, deleted, hours, developer) WHERE request IS NOT NULL;
CREATE INDEX time_by_workshop_date ON time_entry_row (workshop, date, deleted, hours, developer) WHERE workshop IS NOT NULL;
CREATE TRIGGER time_entry_view_insert INSTEAD OF INSERT ON time_entry
BEGIN
    INSERT OR IGNORE INTO record_key(id) SELECT v FROM (SELECT new.id AS v UNION ALL SELECT new.developer UNION ALL SELECT new.request UNION ALL SELECT new.workshop) WHERE v IS NOT NULL;
    INSERT INTO time_entry_row(key, deleted, developer, request, workshop, date, hours, note)
        VALUES ((SELECT key FROM record_key WHERE id = new.id), new.deleted,
                (SELECT key FROM record_key WHERE id = new.developer),
                (SELECT key FROM record_key WHERE id = new.request),
                (SELECT key FROM record_key WHERE id = new.workshop),
                new.date, new.hours, new.note);
END;
CREATE TRIGGER time_entry_view_delete INSTEAD OF DELETE ON time_entry
BEGIN
    DELETE FROM time_entry_row WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_deleted INSTEAD OF UPDATE OF deleted ON time_entry
BEGIN
    UPDATE time_entry_row SET deleted = new.deleted WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_date INSTEAD OF UPDATE OF date ON time_entry
BEGIN
    UPDATE time_entry_row SET date = new.date WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_hours INSTEAD OF UPDATE OF hours ON time_entry
BEGIN
    UPDATE time_entry_row SET hours = new.hours WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_note INSTEAD OF UPDATE OF note ON time_entry
BEGIN
    UPDATE time_entry_row SET note = new.note WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_developer INSTEAD OF UPDATE OF developer ON time_entry
BEGIN
    INSERT OR IGNORE INTO record_key(id) SELECT new.developer WHERE new.developer IS NOT NULL;
    UPDATE time_entry_row SET developer = (SELECT key FROM record_key WHERE id = new.developer) WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_request INSTEAD OF UPDATE OF request ON time_entry
BEGIN
    INSERT OR IGNORE INTO record_key(id) SELECT new.request WHERE new.request IS NOT NULL;
    UPDATE time_entry_row SET request = (SELECT key FROM record_key WHERE id = new.request) WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
CREATE TRIGGER time_entry_view_workshop INSTEAD OF UPDATE OF workshop ON time_entry
BEGIN
    INSERT OR IGNORE INTO record_key(id) SELECT new.workshop WHERE new.workshop IS NOT NULL;
    UPDATE time_entry_row SET workshop = (SELECT key FROM record_key WHERE id = new.workshop) WHERE key = (SELECT key FROM record_key WHERE id = old.id);
END;
