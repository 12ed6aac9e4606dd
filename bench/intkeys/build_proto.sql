-- Build the integer-key prototype IN PLACE in proto.db (a copy of base.db).
-- Usage: cp base.db proto.db && sqlite3 proto.db < build_proto.sql
-- Needs record_key_data.sql (from gen_record_key.sql) in the current directory.
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;
PRAGMA temp_store=FILE;

-- 0. triggers and views are not part of the measurement
SELECT 'drop ' || count(*) || ' triggers/views' FROM sqlite_schema WHERE type IN ('trigger','view');
CREATE TEMP TABLE dropme AS SELECT type, name FROM sqlite_schema WHERE type IN ('trigger','view');
.output /tmp/ik/_drop.sql
SELECT 'DROP ' || type || ' ' || name || ';' FROM temp.dropme;
.output stdout
.read /tmp/ik/_drop.sql

-- 1. dictionary
CREATE TEMP TABLE stage_key(key INTEGER PRIMARY KEY, idtext TEXT, idblob);
.read /tmp/ik/record_key_data.sql
CREATE TABLE record_key(key INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE);
INSERT INTO record_key SELECT key, idblob FROM temp.stage_key ORDER BY key;
CREATE TEMP TABLE idmap(id TEXT PRIMARY KEY, key INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO temp.idmap SELECT idtext, key FROM temp.stage_key;
SELECT 'check blob==text for uuids (expect 0 bad): ' || count(*) FROM temp.stage_key
  WHERE typeof(idblob)='blob' AND lower(hex(idblob)) <> replace(idtext,'-','');
SELECT 'non-blob ids kept as text: ' || group_concat(idtext) FROM temp.stage_key WHERE typeof(idblob) <> 'blob';
DROP TABLE temp.stage_key;
-- search_key replaced by record_key (FTS rowid = record key; keys were seeded from search_key)
DROP TABLE search_key;

-- 2. kind tables
CREATE TABLE n_site (key INTEGER PRIMARY KEY, deleted INTEGER,
    name TEXT, departement TEXT, commune TEXT, role TEXT, public_key TEXT,
    enrolled_on TEXT, revoked_after NUMERIC);
INSERT INTO n_site SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, name, departement, commune, role, public_key, enrolled_on, revoked_after FROM site s ORDER BY 1;
DROP TABLE site; ALTER TABLE n_site RENAME TO site;

CREATE TABLE n_org (key INTEGER PRIMARY KEY, deleted INTEGER,
    name TEXT, kind TEXT, siret TEXT, departement TEXT, commune TEXT,
    website TEXT, contact TEXT, merged_into INTEGER, purged INTEGER);
INSERT INTO n_org SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, name, kind, siret, departement, commune, website, contact,
    (SELECT key FROM temp.idmap WHERE id=s.merged_into), purged FROM org s ORDER BY 1;
DROP TABLE org; ALTER TABLE n_org RENAME TO org;

CREATE TABLE n_request (key INTEGER PRIMARY KEY, deleted INTEGER,
    title TEXT, need TEXT, organisation INTEGER, departement TEXT, category TEXT,
    data_sources TEXT, licence TEXT, priority TEXT, status TEXT, status_reason TEXT,
    estimated_hours NUMERIC, received_on TEXT, delivered_on TEXT);
INSERT INTO n_request SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, title, need,
    (SELECT key FROM temp.idmap WHERE id=s.organisation), departement, category, data_sources, licence, priority, status, status_reason,
    estimated_hours, received_on, delivered_on FROM request s ORDER BY 1;
DROP TABLE request; ALTER TABLE n_request RENAME TO request;

CREATE TABLE n_developer (key INTEGER PRIMARY KEY, deleted INTEGER,
    name TEXT, email TEXT, departement TEXT, role TEXT, availability NUMERIC,
    last_activity TEXT, merged_into INTEGER, purged INTEGER);
INSERT INTO n_developer SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, name, email, departement, role, availability, last_activity,
    (SELECT key FROM temp.idmap WHERE id=s.merged_into), purged FROM developer s ORDER BY 1;
DROP TABLE developer; ALTER TABLE n_developer RENAME TO developer;

CREATE TABLE n_workshop (key INTEGER PRIMARY KEY, deleted INTEGER,
    title TEXT, kind TEXT, date TEXT, duration NUMERIC, site INTEGER, request INTEGER,
    participants NUMERIC, outputs TEXT, notes TEXT, place INTEGER);
INSERT INTO n_workshop SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, title, kind, date, duration,
    (SELECT key FROM temp.idmap WHERE id=s.site), (SELECT key FROM temp.idmap WHERE id=s.request),
    participants, outputs, notes, (SELECT key FROM temp.idmap WHERE id=s.place) FROM workshop s ORDER BY 1;
DROP TABLE workshop; ALTER TABLE n_workshop RENAME TO workshop;

CREATE TABLE n_time_entry (key INTEGER PRIMARY KEY, deleted INTEGER,
    developer INTEGER, request INTEGER, workshop INTEGER, date TEXT, hours NUMERIC, note TEXT);
INSERT INTO n_time_entry SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted,
    (SELECT key FROM temp.idmap WHERE id=s.developer), (SELECT key FROM temp.idmap WHERE id=s.request),
    (SELECT key FROM temp.idmap WHERE id=s.workshop), date, hours, note FROM time_entry s ORDER BY 1;
DROP TABLE time_entry; ALTER TABLE n_time_entry RENAME TO time_entry;

CREATE TABLE n_budget_line (key INTEGER PRIMARY KEY, deleted INTEGER,
    year NUMERIC, amount NUMERIC, label TEXT, category TEXT);
INSERT INTO n_budget_line SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, year, amount, label, category FROM budget_line s ORDER BY 1;
DROP TABLE budget_line; ALTER TABLE n_budget_line RENAME TO budget_line;

CREATE TABLE n_deliverable (key INTEGER PRIMARY KEY, deleted INTEGER,
    title TEXT, request INTEGER, kind TEXT, url TEXT, licence TEXT, published_on TEXT);
INSERT INTO n_deliverable SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, title,
    (SELECT key FROM temp.idmap WHERE id=s.request), kind, url, licence, published_on FROM deliverable s ORDER BY 1;
DROP TABLE deliverable; ALTER TABLE n_deliverable RENAME TO deliverable;

CREATE TABLE n_place (key INTEGER PRIMARY KEY, deleted INTEGER,
    name TEXT, directory_key TEXT, directory_id TEXT, siret TEXT, address TEXT,
    postcode TEXT, commune TEXT, commune_name TEXT, departement TEXT,
    latitude TEXT, longitude TEXT, typology TEXT, services TEXT, website TEXT,
    source TEXT, updated_on TEXT);
INSERT INTO n_place SELECT (SELECT key FROM temp.idmap WHERE id=s.id), deleted, name, directory_key, directory_id, siret, address,
    postcode, commune, commune_name, departement, latitude, longitude, typology, services, website, source, updated_on FROM place s ORDER BY 1;
DROP TABLE place; ALTER TABLE n_place RENAME TO place;

-- 3. element and the other tables holding record ids
CREATE TABLE n_element (record INTEGER, name TEXT, element, value,
    PRIMARY KEY (record, name, element)) WITHOUT ROWID;
INSERT INTO n_element SELECT (SELECT key FROM temp.idmap WHERE id=e.record), name,
    CASE WHEN name IN ('developer','facilitator') THEN (SELECT key FROM temp.idmap WHERE id=e.element) ELSE element END,
    value FROM element e ORDER BY 1, 2, 3;
SELECT 'element refs unresolved (expect 0): ' || count(*) FROM n_element WHERE name IN ('developer','facilitator') AND typeof(element) <> 'integer';
DROP TABLE element; ALTER TABLE n_element RENAME TO element;

CREATE TABLE n_conflict (record INTEGER, field TEXT, kind TEXT, reason TEXT, PRIMARY KEY (record, field)) WITHOUT ROWID;
INSERT INTO n_conflict SELECT (SELECT key FROM temp.idmap WHERE id=c.record), field, kind, reason FROM conflict c;
DROP TABLE conflict; ALTER TABLE n_conflict RENAME TO conflict;

CREATE TABLE n_record_digest (record INTEGER PRIMARY KEY, digest BLOB NOT NULL, live INTEGER NOT NULL DEFAULT 0);
INSERT INTO n_record_digest SELECT (SELECT key FROM temp.idmap WHERE id=d.record), digest, live FROM record_digest d ORDER BY 1;
DROP TABLE record_digest; ALTER TABLE n_record_digest RENAME TO record_digest;

CREATE TABLE n_review_dangling (source TEXT NOT NULL, col TEXT NOT NULL, record INTEGER NOT NULL, missing INTEGER NOT NULL,
    PRIMARY KEY (source, col, record)) WITHOUT ROWID;
INSERT INTO n_review_dangling SELECT source, col, (SELECT key FROM temp.idmap WHERE id=r.record), (SELECT key FROM temp.idmap WHERE id=r.missing) FROM review_dangling r;
DROP TABLE review_dangling; ALTER TABLE n_review_dangling RENAME TO review_dangling;

CREATE TABLE n_merged_link (id INTEGER PRIMARY KEY, target INTEGER NOT NULL);
INSERT INTO n_merged_link SELECT (SELECT key FROM temp.idmap WHERE id=m.id), (SELECT key FROM temp.idmap WHERE id=m.target) FROM merged_link m;
DROP TABLE merged_link; ALTER TABLE n_merged_link RENAME TO merged_link;

CREATE TABLE n_kept_person_last (developer INTEGER PRIMARY KEY, last_hours TEXT, last_workshop TEXT);
INSERT INTO n_kept_person_last SELECT (SELECT key FROM temp.idmap WHERE id=k.developer), last_hours, last_workshop FROM kept_person_last k ORDER BY 1;
DROP TABLE kept_person_last; ALTER TABLE n_kept_person_last RENAME TO kept_person_last;

CREATE TABLE n_fig_org_year (year INTEGER NOT NULL, organisation INTEGER NOT NULL, dep TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (year, organisation, dep)) WITHOUT ROWID;
INSERT INTO n_fig_org_year SELECT year, (SELECT key FROM temp.idmap WHERE id=f.organisation), dep, n FROM fig_org_year f ORDER BY 1, 2, 3;
DROP TABLE fig_org_year; ALTER TABLE n_fig_org_year RENAME TO fig_org_year;

CREATE TABLE n_fig_dev_active (year INTEGER NOT NULL, developer INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (year, developer)) WITHOUT ROWID;
INSERT INTO n_fig_dev_active SELECT year, (SELECT key FROM temp.idmap WHERE id=f.developer), n FROM fig_dev_active f ORDER BY 1, 2;
DROP TABLE fig_dev_active; ALTER TABLE n_fig_dev_active RENAME TO fig_dev_active;
-- purge_marker (record TEXT, empty here) is left unchanged: it must outlive the record.

-- 4. secondary indexes, same column lists with ids replaced by keys.
-- "*_by_label (x COLLATE NOCASE, id)" keep key explicitly (as today's id); trailing "id" in workshop_year
-- is dropped because every rowid-table index already ends with the rowid (= key).
CREATE INDEX element_by_name ON element (name, element);
CREATE INDEX request_by_status ON request (status, departement);
CREATE INDEX deliverable_by_request ON deliverable (request);
CREATE INDEX time_by_date ON time_entry (date, deleted, developer, hours);
CREATE INDEX deliverable_by_published ON deliverable (published_on, deleted, request, kind, licence);
CREATE INDEX place_by_key ON place (directory_key);
CREATE INDEX place_by_commune ON place (commune, deleted);
CREATE INDEX request_year ON request (received_on, deleted, departement, status, category, organisation);
CREATE INDEX request_by_departement ON request (departement, deleted);
CREATE INDEX request_by_organisation ON request (organisation, received_on, deleted, departement);
CREATE INDEX org_area ON org (key, deleted, kind, departement, commune);
CREATE INDEX developer_area ON developer (key, departement, deleted);
CREATE INDEX workshop_year ON workshop (date, deleted, request, kind, participants, duration);
CREATE INDEX workshop_by_id_date ON workshop (key, date, deleted, request);
CREATE INDEX time_by_developer_date ON time_entry (developer, date, deleted, hours, request, workshop);
CREATE INDEX site_by_label ON site (name COLLATE NOCASE, key);
CREATE INDEX org_by_label ON org (name COLLATE NOCASE, key);
CREATE INDEX developer_by_label ON developer (name COLLATE NOCASE, key);
CREATE INDEX budget_line_by_label ON budget_line (year COLLATE NOCASE, key);
CREATE INDEX deliverable_by_label ON deliverable (title COLLATE NOCASE, key);
CREATE INDEX place_by_label ON place (name COLLATE NOCASE, key);
CREATE INDEX review_dangling_missing ON review_dangling (missing);
CREATE INDEX workshop_by_request ON workshop (request);
CREATE INDEX request_area ON request (key, departement, deleted, organisation, status);
CREATE INDEX request_by_label ON request
    (title COLLATE NOCASE, key, deleted, status, departement, category, received_on);
CREATE INDEX workshop_by_label ON workshop (title COLLATE NOCASE, key, deleted, date, participants);
CREATE INDEX time_entry_by_label ON time_entry
    (date COLLATE NOCASE, key, deleted, hours, developer, request);
CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer)
    WHERE request IS NOT NULL;
CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer)
    WHERE workshop IS NOT NULL;
CREATE INDEX request_by_delivered ON request (delivered_on, deleted, status, departement, received_on)
    WHERE delivered_on IS NOT NULL;
-- (changes_by_field and siret_shared are untouched)
-- no ANALYZE: the original has no sqlite_stat1 either
VACUUM;
PRAGMA integrity_check;
