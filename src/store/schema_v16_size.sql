-- Relais schema, version 16 (smaller derived tables, issue 13 item 1).
-- Indexes only: no table changes, so the log, the digest and every derived
-- row stay as they were. Each index below was checked against the queries
-- that read it (EXPLAIN QUERY PLAN; tests/suite/size_schema.rs keeps the hot ones).

-- Prefix duplicates: every query that used them has the same leading
-- columns, and more, in the index kept.
--   time_by_developer (developer)      ⊂ time_by_developer_date (developer, date, …)
--   time_by_request (request)          ⊂ time_by_request_date (request, date, …)
DROP INDEX IF EXISTS time_by_developer;
DROP INDEX IF EXISTS time_by_request;

-- Near duplicates: the index kept has the same leading columns and holds
-- every column of the one dropped, so covering reads stay covering.
--   workshop_by_date (date, deleted, request, participants, duration)
--     ⊂ workshop_year (date, deleted, request, kind, participants, duration, id)
--   request_by_received (received_on, deleted, status, departement, organisation)
--     ⊂ request_year (received_on, deleted, departement, status, category, organisation)
DROP INDEX IF EXISTS workshop_by_date;
DROP INDEX IF EXISTS request_by_received;

-- Merged: a request found by id with its area and its status in one index
-- (the figures' joins read `request_area` by name; open assignments read
-- `request_open`'s columns, now its last one).
DROP INDEX IF EXISTS request_open;
DROP INDEX IF EXISTS request_area;
CREATE INDEX request_area ON request (id, departement, deleted, organisation, status);

-- Covering label indexes: the text `list` reads only the columns it shows
-- (`Store::for_each_record_columns`) in label order, from the index alone,
-- instead of one row fetched by rowid per line; search's title scan
-- (id, title, date of live records) reads the same index, so the title
-- indexes of schema v10 go.
DROP INDEX IF EXISTS request_titles;
DROP INDEX IF EXISTS request_by_label;
CREATE INDEX request_by_label ON request
    (title COLLATE NOCASE, id, deleted, status, departement, category, received_on);
DROP INDEX IF EXISTS workshop_titles;
DROP INDEX IF EXISTS workshop_by_label;
CREATE INDEX workshop_by_label ON workshop (title COLLATE NOCASE, id, deleted, date, participants);
DROP INDEX IF EXISTS time_entry_by_label;
CREATE INDEX time_entry_by_label ON time_entry
    (date COLLATE NOCASE, id, deleted, hours, developer, request);

-- Partial indexes: the entries whose key is NULL are never looked up
-- (a time entry without a request or a workshop, a request not delivered:
-- two thirds, a third and three quarters of the rows at demo scale). Every
-- query that reads them constrains the key (`= ?`, a range, or the report's
-- `IS NOT NULL`), which is what lets SQLite use a partial index.
DROP INDEX IF EXISTS time_by_request_date;
CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer)
    WHERE request IS NOT NULL;
DROP INDEX IF EXISTS time_by_workshop_date;
CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer)
    WHERE workshop IS NOT NULL;
DROP INDEX IF EXISTS request_by_delivered;
CREATE INDEX request_by_delivered ON request (delivered_on, deleted, status, departement, received_on)
    WHERE delivered_on IS NOT NULL;
