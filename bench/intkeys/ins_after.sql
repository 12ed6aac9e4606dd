-- empty ins.db + prototype time_entry schema and its 5 indexes (no separate id index)
CREATE TABLE time_entry (key INTEGER PRIMARY KEY, deleted INTEGER,
    developer INTEGER, request INTEGER, workshop INTEGER, date TEXT, hours NUMERIC, note TEXT);
CREATE INDEX time_by_date ON time_entry (date, deleted, developer, hours);
CREATE INDEX time_by_developer_date ON time_entry (developer, date, deleted, hours, request, workshop);
CREATE INDEX time_entry_by_label ON time_entry (date COLLATE NOCASE, key, deleted, hours, developer, request);
CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer) WHERE request IS NOT NULL;
CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer) WHERE workshop IS NOT NULL;
ATTACH 'proto.db' AS src;
.timer on
INSERT INTO time_entry SELECT * FROM src.time_entry ORDER BY key;
