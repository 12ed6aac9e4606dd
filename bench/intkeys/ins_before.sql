-- empty ins.db + today's time_entry schema and its 7 indexes (incl. the id autoindex)
CREATE TABLE time_entry (
    id TEXT PRIMARY KEY, deleted INTEGER,
    developer TEXT, request TEXT, workshop TEXT, date TEXT, hours NUMERIC, note TEXT);
CREATE INDEX time_by_date ON time_entry (date, deleted, developer, hours);
CREATE INDEX time_by_developer_date ON time_entry (developer, date, deleted, hours, request, workshop);
CREATE INDEX time_entry_by_label ON time_entry (date COLLATE NOCASE, id, deleted, hours, developer, request);
CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer) WHERE request IS NOT NULL;
CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer) WHERE workshop IS NOT NULL;
ATTACH 'base.db' AS src;
.timer on
INSERT INTO time_entry SELECT * FROM src.time_entry ORDER BY rowid;
