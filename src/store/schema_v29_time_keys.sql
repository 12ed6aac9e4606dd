-- Relais schema, version 29 (issue 13): a time entry's `developer`,
-- `request` and `workshop` hold the record key of the id they name
-- (`record_key`), no longer the id text: an integer where 36 bytes were
-- stored in the table and again in each of its four indexes (about
-- 12 B/change at `demo --scale 100000`). The table is made again with
-- INTEGER columns by `keys::key_time_references` before this step; the
-- store binds keys (`keys::stored`) and reads ids back through `record_key`
-- (`sql::read_column`). The kept tables (`fig_dev_active`,
-- `kept_person_last`, `review_dangling`) keep naming people and records by
-- id text: the triggers and recount views below turn a key into its id
-- once per write or group (`record_id`); a key no id has is written
-- `#key` (a damaged file; `check` names it).

-- Every key's record id as text: the inverse of `codec::record_key` (a
-- canonical UUID's 16 bytes back to lowercase hyphenated text).
DROP VIEW IF EXISTS record_id;
CREATE VIEW record_id(key, id) AS
SELECT key, CASE WHEN typeof(id) = 'blob' AND length(id) = 16
    THEN lower(substr(hex(id), 1, 8) || '-' || substr(hex(id), 9, 4) || '-' || substr(hex(id), 13, 4)
               || '-' || substr(hex(id), 17, 4) || '-' || substr(hex(id), 21))
    ELSE id END
FROM record_key;

-- `merged_alias` for references held as keys: the key of the merged
-- record, where it leads (id text) and that record's key (NULL when the
-- id has none: then no row is that record's).
DROP VIEW IF EXISTS merged_alias_key;
CREATE VIEW merged_alias_key(key, target, target_key) AS
SELECT k.key, a.target, t.key FROM merged_alias a
JOIN record_key k ON k.id = (CASE WHEN a.id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' AND length(CAST(a.id AS BLOB)) = 36 THEN unhex(replace(a.id, '-', '')) ELSE a.id END)
LEFT JOIN record_key t ON t.id = (CASE WHEN a.target GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' AND length(CAST(a.target AS BLOB)) = 36 THEN unhex(replace(a.target, '-', '')) ELSE a.target END);

DROP VIEW IF EXISTS recount_review_dangling;
CREATE VIEW recount_review_dangling AS
    SELECT 'request' AS source, 'organisation' AS col, s.id AS record, s.organisation AS missing FROM request s
    WHERE s.deleted IS NOT 1 AND s.organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org x WHERE x.id = s.organisation AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'developer' AS col, s.id AS record, coalesce((SELECT id FROM record_id WHERE key = s.developer), '#' || s.developer) AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.developer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.rowid = s.developer AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'request' AS col, s.id AS record, coalesce((SELECT id FROM record_id WHERE key = s.request), '#' || s.request) AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.rowid = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'workshop' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM workshop s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'deliverable' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM deliverable s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1);

DROP VIEW IF EXISTS recount_fig_hours;
CREATE VIEW recount_fig_hours AS
    SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || v.departement, '') AS dep, substr(t.date, 6, 2) AS month, count(*) AS n, total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS hours
    FROM time_entry t LEFT JOIN developer v ON v.rowid = t.developer WHERE t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_fig_dev_active;
CREATE VIEW recount_fig_dev_active AS
    SELECT year, coalesce((SELECT id FROM record_id WHERE key = developer), '#' || developer) AS developer, n FROM (
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) AS year, t.developer AS developer, count(*) AS n
        FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2);

DROP VIEW IF EXISTS recount_kept_person_last;
CREATE VIEW recount_kept_person_last AS
    SELECT developer, max(last_hours) AS last_hours, max(last_workshop) AS last_workshop FROM (
        SELECT coalesce((SELECT id FROM record_id WHERE key = h.developer), '#' || h.developer) AS developer, h.last_hours AS last_hours, NULL AS last_workshop
            FROM (SELECT t.developer AS developer, max(t.date) AS last_hours
                  FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL GROUP BY 1) h
        UNION ALL
        SELECT e.element, NULL, max(w.date)
            FROM element e JOIN workshop w ON w.rowid = e.key
            WHERE e.name = 'facilitator' AND w.deleted IS NOT 1 GROUP BY 1
    ) GROUP BY developer
    HAVING max(last_hours) IS NOT NULL OR max(last_workshop) IS NOT NULL;

DROP TRIGGER IF EXISTS time_entry_dangling_insert;
CREATE TRIGGER time_entry_dangling_insert AFTER INSERT ON time_entry
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', new.id, coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer) WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.rowid = new.developer AND x.deleted IS NOT 1);
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', new.id, coalesce((SELECT id FROM record_id WHERE key = new.request), '#' || new.request) WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.rowid = new.request AND x.deleted IS NOT 1);
END;

DROP TRIGGER IF EXISTS time_entry_dangling_update;
CREATE TRIGGER time_entry_dangling_update AFTER UPDATE OF deleted, developer, request ON time_entry
WHEN old.deleted IS NOT new.deleted OR old.developer IS NOT new.developer OR old.request IS NOT new.request
BEGIN
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'developer' AND record = old.id;
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'request' AND record = old.id;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', new.id, coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer) WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.rowid = new.developer AND x.deleted IS NOT 1);
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', new.id, coalesce((SELECT id FROM record_id WHERE key = new.request), '#' || new.request) WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.rowid = new.request AND x.deleted IS NOT 1);
END;

DROP TRIGGER IF EXISTS time_entry_figures_insert;
CREATE TRIGGER time_entry_figures_insert AFTER INSERT ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.rowid = new.developer), ''), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer), 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS time_entry_figures_delete;
CREATE TRIGGER time_entry_figures_delete AFTER DELETE ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.rowid = old.developer), ''), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce((SELECT id FROM record_id WHERE key = old.developer), '#' || old.developer), -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS time_entry_figures_update;
CREATE TRIGGER time_entry_figures_update AFTER UPDATE OF deleted, date, developer, hours ON time_entry
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.developer IS NOT new.developer OR old.hours IS NOT new.hours
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.rowid = old.developer), ''), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce((SELECT id FROM record_id WHERE key = old.developer), '#' || old.developer), -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.rowid = new.developer), ''), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer), 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS time_entry_person_kept_insert;
CREATE TRIGGER time_entry_person_kept_insert AFTER INSERT ON time_entry
WHEN new.developer IS NOT NULL AND new.deleted IS NOT 1
BEGIN
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer), (SELECT t.date FROM time_entry t
                               WHERE t.developer = new.developer AND t.deleted IS NOT 1
                               ORDER BY t.date DESC LIMIT 1)
        WHERE true
        ON CONFLICT DO UPDATE SET last_hours = excluded.last_hours;
END;

DROP TRIGGER IF EXISTS time_entry_person_kept_delete;
CREATE TRIGGER time_entry_person_kept_delete AFTER DELETE ON time_entry
WHEN old.developer IS NOT NULL AND old.deleted IS NOT 1
BEGIN
    UPDATE kept_person_last SET last_hours = (SELECT t.date FROM time_entry t
                                              WHERE t.developer = old.developer AND t.deleted IS NOT 1
                                              ORDER BY t.date DESC LIMIT 1)
        WHERE developer = coalesce((SELECT id FROM record_id WHERE key = old.developer), '#' || old.developer);
END;

DROP TRIGGER IF EXISTS time_entry_person_kept_update;
CREATE TRIGGER time_entry_person_kept_update AFTER UPDATE OF developer, date, deleted ON time_entry
WHEN old.developer IS NOT new.developer OR old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    UPDATE kept_person_last SET last_hours = (SELECT t.date FROM time_entry t
                                              WHERE t.developer = old.developer AND t.deleted IS NOT 1
                                              ORDER BY t.date DESC LIMIT 1)
        WHERE developer = coalesce((SELECT id FROM record_id WHERE key = old.developer), '#' || old.developer);
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT coalesce((SELECT id FROM record_id WHERE key = new.developer), '#' || new.developer), (SELECT t.date FROM time_entry t
                               WHERE t.developer = new.developer AND t.deleted IS NOT 1
                               ORDER BY t.date DESC LIMIT 1)
        WHERE new.developer IS NOT NULL
        ON CONFLICT DO UPDATE SET last_hours = excluded.last_hours;
END;

DROP TRIGGER IF EXISTS developer_dependants_insert;
CREATE TRIGGER developer_dependants_insert AFTER INSERT ON developer
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), '', substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_dependants_delete;
CREATE TRIGGER developer_dependants_delete AFTER DELETE ON developer
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), '', substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_dependants_update;
CREATE TRIGGER developer_dependants_update AFTER UPDATE OF departement ON developer
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.rowid AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_referred_lost;
CREATE TRIGGER developer_referred_lost AFTER UPDATE OF deleted ON developer
WHEN new.deleted IS 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', s.id, new.id FROM time_entry s WHERE s.developer = new.rowid AND s.deleted IS NOT 1;
END;

DROP TRIGGER IF EXISTS developer_referred_delete;
CREATE TRIGGER developer_referred_delete AFTER DELETE ON developer
WHEN old.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', s.id, old.id FROM time_entry s WHERE s.developer = old.rowid AND s.deleted IS NOT 1;
END;

DROP TRIGGER IF EXISTS request_referred_lost;
CREATE TRIGGER request_referred_lost AFTER UPDATE OF deleted ON request
WHEN new.deleted IS 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', s.id, new.id FROM time_entry s WHERE s.request = new.rowid AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', s.id, s.request FROM workshop s WHERE s.request = new.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', s.id, s.request FROM deliverable s WHERE s.request = new.id AND s.deleted IS NOT 1;
END;

DROP TRIGGER IF EXISTS request_referred_delete;
CREATE TRIGGER request_referred_delete AFTER DELETE ON request
WHEN old.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', s.id, old.id FROM time_entry s WHERE s.request = old.rowid AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', s.id, s.request FROM workshop s WHERE s.request = old.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', s.id, s.request FROM deliverable s WHERE s.request = old.id AND s.deleted IS NOT 1;
END;

-- The kept tables recounted through the new views: equal to what they held
-- (the same ids, read back through the keys), and right again if an older
-- step re-ran over keyed rows.
DELETE FROM fig_hours;
INSERT INTO fig_hours SELECT * FROM recount_fig_hours;
DELETE FROM fig_dev_active;
INSERT INTO fig_dev_active SELECT * FROM recount_fig_dev_active;
DELETE FROM kept_person_last;
INSERT INTO kept_person_last SELECT * FROM recount_kept_person_last;
DELETE FROM review_dangling;
INSERT INTO review_dangling SELECT * FROM recount_review_dangling;
