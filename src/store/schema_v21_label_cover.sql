-- Relais schema, version 21 (issue 13): the organisations' and developers'
-- label indexes cover what their text listings show and what their screens
-- sort by, as the requests', workshops' and time entries' do since v16:
-- `list org` reads the index alone (0.158 -> 0.089 s at `demo --scale
-- 100000`, against 0.049 s for `sqlite3 -csv "select * from org"`), and a
-- screen's page is sorted on it (`Store::browse_page`) rather than on the
-- table's rows. About 0.2 B/change (33,333 organisations, 5,000 developers).
DROP INDEX IF EXISTS org_by_label;
CREATE INDEX org_by_label ON org (name COLLATE NOCASE, id, deleted, kind, departement);
DROP INDEX IF EXISTS developer_by_label;
CREATE INDEX developer_by_label ON developer
    (name COLLATE NOCASE, id, deleted, departement, role, availability);
