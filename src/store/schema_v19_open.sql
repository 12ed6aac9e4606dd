-- Relais schema, version 19: the same figures with much shorter trigger text.
--
-- Every client parses the whole schema when it opens the file (`relais
-- status`, every command, the `sqlite3` shell), and every statement that can
-- fire a trigger compiles the trigger's body. Schema v14 spelt the year of a
-- date as a 600-character CASE over its leading digits, 138 times (85 KB of
-- the 166 KB of schema text): about half of opening the file. Here that year
-- is one indexed look-up in `cal_year`, a table of the 10,000 year starts
-- ('0000-01-01' .. '9999-01-01'): the year of a date is the last start at or
-- before it, which is exactly v14's definition (the year whose range
-- `date >= 'YYYY-01-01' AND date < 'YYYY+1-01-01'` holds the stored text, what
-- the recount and the indexes use): '2026' is in 2025, '202x' in 2029, text
-- before '0000-01-01' in none, and '9999-01-01' onwards in 9999, which the
-- kept tables skip as v14 did (years outside 0..9998). The date columns have
-- TEXT affinity, so their values are text or NULL (NULL: no year, as before).
-- A département key `(CASE WHEN d IS NULL THEN '' ELSE '=' || d END)` is
-- written `coalesce('=' || d, '')`, the same value.
--
-- Same rows, same counts: the kept tables are not refilled. The triggers and
-- recount views below are v14/v17/v18's (v18's CROSS JOINs kept) with only
-- those two expressions replaced. Re-created triggers: the `*_figures_*` of
-- request, workshop, time_entry, deliverable, developer and element, the
-- `*_dependants_*` of request and developer, `request_status_kept_*`; views:
-- `recount_fig_*`, `recount_kept_request_status`.

CREATE TABLE IF NOT EXISTS cal_year (
    lo TEXT PRIMARY KEY,
    y INTEGER NOT NULL
) WITHOUT ROWID;
WITH RECURSIVE n(y) AS (SELECT 0 UNION ALL SELECT y + 1 FROM n WHERE y < 9999)
INSERT OR IGNORE INTO cal_year(lo, y) SELECT printf('%04d-01-01', y), y FROM n;

DROP VIEW IF EXISTS recount_fig_availability;
CREATE VIEW recount_fig_availability AS
    SELECT coalesce('=' || d.departement, '') AS dep, count(*) AS n, total(CAST(round((CASE typeof(d.availability) WHEN 'integer' THEN d.availability WHEN 'real' THEN (CASE WHEN abs(d.availability) <= 1.7976931348623157e308 THEN d.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS amount
    FROM developer d WHERE d.deleted IS NOT 1 GROUP BY 1;

DROP VIEW IF EXISTS recount_fig_breakdown;
CREATE VIEW recount_fig_breakdown AS
    SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || q.departement, '') AS dep, e.element AS grp, count(*) AS n, total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS amount
    FROM workshop w LEFT JOIN request q ON q.id = w.request JOIN element e ON e.record = w.id AND e.name = 'breakdown'
    WHERE w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_fig_deliverable;
CREATE VIEW recount_fig_deliverable AS
    SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || q.departement, '') AS dep, coalesce(v.kind, '') AS kind, coalesce(v.licence, '') AS licence, count(*) AS n
    FROM deliverable v LEFT JOIN request q ON q.id = v.request WHERE v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3, 4;

DROP VIEW IF EXISTS recount_fig_delivered;
CREATE VIEW recount_fig_delivered AS
    SELECT (SELECT y FROM cal_year WHERE lo <= r.delivered_on ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || r.departement, '') AS dep, CAST(julianday(r.delivered_on) - julianday(r.received_on) AS INTEGER) AS days, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND r.status = 'delivered' AND (SELECT y FROM cal_year WHERE lo <= r.delivered_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 AND r.received_on IS NOT NULL
      AND CAST(julianday(r.delivered_on) - julianday(r.received_on) AS INTEGER) IS NOT NULL GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_fig_dev_active;
CREATE VIEW recount_fig_dev_active AS
    SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) AS year, t.developer AS developer, count(*) AS n
    FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2;

DROP VIEW IF EXISTS recount_fig_hours;
CREATE VIEW recount_fig_hours AS
    SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || v.departement, '') AS dep, substr(t.date, 6, 2) AS month, count(*) AS n, total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS hours
    FROM time_entry t LEFT JOIN developer v ON v.id = t.developer WHERE t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_fig_org_year;
CREATE VIEW recount_fig_org_year AS
    SELECT (SELECT y FROM cal_year WHERE lo <= r.received_on ORDER BY lo DESC LIMIT 1) AS year, r.organisation AS organisation, coalesce('=' || r.departement, '') AS dep, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND r.organisation IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= r.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_fig_received;
CREATE VIEW recount_fig_received AS
    SELECT (SELECT y FROM cal_year WHERE lo <= r.received_on ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || r.departement, '') AS dep, coalesce(r.status, '') AS status, coalesce(r.category, '') AS category, substr(r.received_on, 6, 2) AS month, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= r.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3, 4, 5;

DROP VIEW IF EXISTS recount_fig_skill;
CREATE VIEW recount_fig_skill AS
    SELECT coalesce('=' || d.departement, '') AS dep, e.element AS skill, count(*) AS n
    FROM element e JOIN developer d ON d.id = e.record WHERE e.name = 'skill' AND d.deleted IS NOT 1 GROUP BY 1, 2;

DROP VIEW IF EXISTS recount_fig_workshop;
CREATE VIEW recount_fig_workshop AS
    SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || q.departement, '') AS dep, coalesce(w.kind, '') AS kind, count(*) AS n, total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS participants, total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS hours
    FROM workshop w LEFT JOIN request q ON q.id = w.request WHERE w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;

DROP VIEW IF EXISTS recount_kept_request_status;
CREATE VIEW recount_kept_request_status AS
    SELECT coalesce('=' || status, '') AS status,
           coalesce('=' || departement, '') AS dep,
           count(*) AS n
    FROM request WHERE deleted IS NOT 1 GROUP BY 1, 2;

DROP TRIGGER IF EXISTS deliverable_figures_delete;
CREATE TRIGGER deliverable_figures_delete AFTER DELETE ON deliverable
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), coalesce(old.licence, ''), -1
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS deliverable_figures_insert;
CREATE TRIGGER deliverable_figures_insert AFTER INSERT ON deliverable
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), coalesce(new.licence, ''), 1
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS deliverable_figures_update;
CREATE TRIGGER deliverable_figures_update AFTER UPDATE OF deleted, published_on, request, kind, licence ON deliverable
WHEN old.deleted IS NOT new.deleted OR old.published_on IS NOT new.published_on OR old.request IS NOT new.request OR old.kind IS NOT new.kind OR old.licence IS NOT new.licence
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), coalesce(old.licence, ''), -1
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), coalesce(new.licence, ''), 1
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS developer_dependants_delete;
CREATE TRIGGER developer_dependants_delete AFTER DELETE ON developer
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), '', substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_dependants_insert;
CREATE TRIGGER developer_dependants_insert AFTER INSERT ON developer
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), '', substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_dependants_update;
CREATE TRIGGER developer_dependants_update AFTER UPDATE OF departement ON developer
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= t.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;

DROP TRIGGER IF EXISTS developer_figures_delete;
CREATE TRIGGER developer_figures_delete AFTER DELETE ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || old.departement, ''), e.element, -count(*)
        FROM element e WHERE e.record = old.id AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || old.departement, ''), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER IF EXISTS developer_figures_insert;
CREATE TRIGGER developer_figures_insert AFTER INSERT ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || new.departement, ''), e.element, count(*)
        FROM element e WHERE e.record = new.id AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || new.departement, ''), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER IF EXISTS developer_figures_update;
CREATE TRIGGER developer_figures_update AFTER UPDATE OF deleted, departement, availability ON developer
WHEN old.deleted IS NOT new.deleted OR old.departement IS NOT new.departement OR old.availability IS NOT new.availability
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || old.departement, ''), e.element, -count(*)
        FROM element e WHERE e.record = old.id AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || old.departement, ''), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || new.departement, ''), e.element, count(*)
        FROM element e WHERE e.record = new.id AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || new.departement, ''), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER IF EXISTS element_figures_delete;
CREATE TRIGGER element_figures_delete AFTER DELETE ON element
WHEN old.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = old.record AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), old.element, -1
        FROM developer d WHERE d.id = old.record AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS element_figures_insert;
CREATE TRIGGER element_figures_insert AFTER INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = new.record AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), new.element, 1
        FROM developer d WHERE d.id = new.record AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS element_figures_replace;
CREATE TRIGGER element_figures_replace BEFORE INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), p.element, -1, -CAST(round((CASE typeof(CAST(p.value AS REAL)) WHEN 'integer' THEN CAST(p.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(p.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(p.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM element p JOIN workshop w ON w.id = p.record
        WHERE p.record = new.record AND p.name = new.name AND p.element = new.element AND p.name = 'breakdown'
          AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), p.element, -1
        FROM element p JOIN developer d ON d.id = p.record
        WHERE p.record = new.record AND p.name = new.name AND p.element = new.element AND p.name = 'skill'
          AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS element_figures_update;
CREATE TRIGGER element_figures_update AFTER UPDATE ON element
WHEN old.name IN ('breakdown', 'skill') OR new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = old.record AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), old.element, -1
        FROM developer d WHERE d.id = old.record AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = new.record AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), new.element, 1
        FROM developer d WHERE d.id = new.record AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_dependants_delete;
CREATE TRIGGER request_dependants_delete AFTER DELETE ON request
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), '', coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), '', e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), '', coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_dependants_insert;
CREATE TRIGGER request_dependants_insert AFTER INSERT ON request
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), '', coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), '', e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), '', coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_dependants_update;
CREATE TRIGGER request_dependants_update AFTER UPDATE OF departement ON request
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_figures_delete;
CREATE TRIGGER request_figures_delete AFTER DELETE ON request
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(old.status, ''), coalesce(old.category, ''), substr(old.received_on, 6, 2), -1
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.delivered_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER), -1
        WHERE old.deleted IS NOT 1 AND old.status = 'delivered' AND (SELECT y FROM cal_year WHERE lo <= old.delivered_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 AND old.received_on IS NOT NULL
          AND CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1), old.organisation, coalesce('=' || old.departement, ''), -1
        WHERE old.deleted IS NOT 1 AND old.organisation IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_figures_insert;
CREATE TRIGGER request_figures_insert AFTER INSERT ON request
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(new.status, ''), coalesce(new.category, ''), substr(new.received_on, 6, 2), 1
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.delivered_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER), 1
        WHERE new.deleted IS NOT 1 AND new.status = 'delivered' AND (SELECT y FROM cal_year WHERE lo <= new.delivered_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 AND new.received_on IS NOT NULL
          AND CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1), new.organisation, coalesce('=' || new.departement, ''), 1
        WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_figures_update;
CREATE TRIGGER request_figures_update AFTER UPDATE OF deleted, received_on, delivered_on, departement, status, category, organisation ON request
WHEN old.deleted IS NOT new.deleted OR old.received_on IS NOT new.received_on OR old.delivered_on IS NOT new.delivered_on OR old.departement IS NOT new.departement OR old.status IS NOT new.status OR old.category IS NOT new.category OR old.organisation IS NOT new.organisation
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(old.status, ''), coalesce(old.category, ''), substr(old.received_on, 6, 2), -1
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.delivered_on ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER), -1
        WHERE old.deleted IS NOT 1 AND old.status = 'delivered' AND (SELECT y FROM cal_year WHERE lo <= old.delivered_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 AND old.received_on IS NOT NULL
          AND CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1), old.organisation, coalesce('=' || old.departement, ''), -1
        WHERE old.deleted IS NOT 1 AND old.organisation IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(new.status, ''), coalesce(new.category, ''), substr(new.received_on, 6, 2), 1
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.delivered_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER), 1
        WHERE new.deleted IS NOT 1 AND new.status = 'delivered' AND (SELECT y FROM cal_year WHERE lo <= new.delivered_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 AND new.received_on IS NOT NULL
          AND CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1), new.organisation, coalesce('=' || new.departement, ''), 1
        WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.received_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS request_status_kept_delete;
CREATE TRIGGER request_status_kept_delete AFTER DELETE ON request
WHEN old.deleted IS NOT 1
BEGIN
    UPDATE kept_request_status SET n = n - 1
        WHERE status = coalesce('=' || old.status, '')
          AND dep = coalesce('=' || old.departement, '');
END;

DROP TRIGGER IF EXISTS request_status_kept_insert;
CREATE TRIGGER request_status_kept_insert AFTER INSERT ON request
WHEN new.deleted IS NOT 1
BEGIN
    INSERT INTO kept_request_status(status, dep, n)
        VALUES (coalesce('=' || new.status, ''),
                coalesce('=' || new.departement, ''), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

DROP TRIGGER IF EXISTS request_status_kept_update;
CREATE TRIGGER request_status_kept_update AFTER UPDATE OF status, departement, deleted ON request
WHEN old.status IS NOT new.status OR old.departement IS NOT new.departement OR old.deleted IS NOT new.deleted
BEGIN
    UPDATE kept_request_status SET n = n - 1
        WHERE old.deleted IS NOT 1
          AND status = coalesce('=' || old.status, '')
          AND dep = coalesce('=' || old.departement, '');
    INSERT INTO kept_request_status(status, dep, n)
        SELECT coalesce('=' || new.status, ''),
               coalesce('=' || new.departement, ''), 1
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

DROP TRIGGER IF EXISTS time_entry_figures_delete;
CREATE TRIGGER time_entry_figures_delete AFTER DELETE ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.id = old.developer), ''), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), old.developer, -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS time_entry_figures_insert;
CREATE TRIGGER time_entry_figures_insert AFTER INSERT ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.id = new.developer), ''), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), new.developer, 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS time_entry_figures_update;
CREATE TRIGGER time_entry_figures_update AFTER UPDATE OF deleted, date, developer, hours ON time_entry
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.developer IS NOT new.developer OR old.hours IS NOT new.hours
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.id = old.developer), ''), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), old.developer, -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT v.departement FROM developer v WHERE v.id = new.developer), ''), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), new.developer, 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

DROP TRIGGER IF EXISTS workshop_figures_delete;
CREATE TRIGGER workshop_figures_delete AFTER DELETE ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = old.id AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER IF EXISTS workshop_figures_insert;
CREATE TRIGGER workshop_figures_insert AFTER INSERT ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = new.id AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER IF EXISTS workshop_figures_update;
CREATE TRIGGER workshop_figures_update AFTER UPDATE OF deleted, date, request, kind, participants, duration ON workshop
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.request IS NOT new.request OR old.kind IS NOT new.kind OR old.participants IS NOT new.participants OR old.duration IS NOT new.duration
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = old.id AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = new.id AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
