-- as ins_after.sql, but starting from blob ids: the time_entry ids are new entries in record_key,
-- and the 4 id columns are resolved by record_key look-ups (what an import would also have to do).
CREATE TABLE record_key(key INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE);
CREATE TABLE time_entry (key INTEGER PRIMARY KEY, deleted INTEGER,
    developer INTEGER, request INTEGER, workshop INTEGER, date TEXT, hours NUMERIC, note TEXT);
CREATE INDEX time_by_date ON time_entry (date, deleted, developer, hours);
CREATE INDEX time_by_developer_date ON time_entry (developer, date, deleted, hours, request, workshop);
CREATE INDEX time_entry_by_label ON time_entry (date COLLATE NOCASE, key, deleted, hours, developer, request);
CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer) WHERE request IS NOT NULL;
CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer) WHERE workshop IS NOT NULL;
ATTACH 'stage.db' AS src;
INSERT INTO record_key SELECT * FROM src.rk_base;   -- untimed: the other records already exist
.timer on
BEGIN;
INSERT INTO record_key(id) SELECT id FROM src.te_blob ORDER BY rowid;
INSERT INTO time_entry SELECT (SELECT key FROM record_key WHERE id = s.id), deleted,
    (SELECT key FROM record_key WHERE id = s.developer), (SELECT key FROM record_key WHERE id = s.request),
    (SELECT key FROM record_key WHERE id = s.workshop), date, hours, note FROM src.te_blob s ORDER BY rowid;
COMMIT;
