-- Relais schema, version 23 (issue 13): the set elements are stored under
-- their record's key (v22) instead of its 36-character id: `element` and its
-- `element_by_name` index were the largest derived tables after the log
-- (21.6 B/change at `demo --scale 100000`). A record's elements are reached
-- from its row by rowid (`e.key = t.rowid`). The table itself is rebuilt by
-- `keys::key_elements` before this SQL (once: it looks for the old `record`
-- column); here the triggers and views that read it are written again with
-- the key, and its index made.
DROP VIEW IF EXISTS recount_kept_person_last;
DROP VIEW IF EXISTS recount_fig_breakdown;
DROP VIEW IF EXISTS recount_fig_skill;
DROP TRIGGER IF EXISTS element_person_kept_delete;
DROP TRIGGER IF EXISTS element_person_kept_update;
DROP TRIGGER IF EXISTS element_figures_delete;
DROP TRIGGER IF EXISTS element_figures_insert;
DROP TRIGGER IF EXISTS element_figures_replace;
DROP TRIGGER IF EXISTS element_figures_update;
DROP TRIGGER IF EXISTS element_person_kept_insert;
DROP TRIGGER IF EXISTS request_dependants_delete;
DROP TRIGGER IF EXISTS request_dependants_insert;
DROP TRIGGER IF EXISTS request_dependants_update;
DROP TRIGGER IF EXISTS developer_figures_delete;
DROP TRIGGER IF EXISTS developer_figures_insert;
DROP TRIGGER IF EXISTS developer_figures_update;
DROP TRIGGER IF EXISTS workshop_person_kept_delete;
DROP TRIGGER IF EXISTS workshop_figures_delete;
DROP TRIGGER IF EXISTS workshop_figures_insert;
DROP TRIGGER IF EXISTS workshop_figures_update;
DROP TRIGGER IF EXISTS workshop_person_kept_insert;
DROP TRIGGER IF EXISTS workshop_person_kept_update;

CREATE INDEX IF NOT EXISTS element_by_name ON element (name, element);

CREATE VIEW recount_kept_person_last AS
    SELECT developer, max(last_hours) AS last_hours, max(last_workshop) AS last_workshop FROM (
        SELECT t.developer AS developer, max(t.date) AS last_hours, NULL AS last_workshop
            FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL GROUP BY 1
        UNION ALL
        SELECT e.element, NULL, max(w.date)
            FROM element e JOIN workshop w ON w.rowid = e.key
            WHERE e.name = 'facilitator' AND w.deleted IS NOT 1 GROUP BY 1
    ) GROUP BY developer
    HAVING max(last_hours) IS NOT NULL OR max(last_workshop) IS NOT NULL;
CREATE VIEW recount_fig_breakdown AS
    SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) AS year, coalesce('=' || q.departement, '') AS dep, e.element AS grp, count(*) AS n, total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS amount
    FROM workshop w LEFT JOIN request q ON q.id = w.request JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
    WHERE w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_skill AS
    SELECT coalesce('=' || d.departement, '') AS dep, e.element AS skill, count(*) AS n
    FROM element e JOIN developer d ON d.rowid = e.key WHERE e.name = 'skill' AND d.deleted IS NOT 1 GROUP BY 1, 2;
CREATE TRIGGER element_person_kept_delete AFTER DELETE ON element
WHEN old.name = 'facilitator'
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.rowid = e.key
                                                 WHERE e.name = 'facilitator' AND e.element = old.element AND w.deleted IS NOT 1)
        WHERE developer = old.element;
END;
CREATE TRIGGER element_person_kept_update AFTER UPDATE ON element
WHEN old.name = 'facilitator' OR new.name = 'facilitator'
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.rowid = e.key
                                                 WHERE e.name = 'facilitator' AND e.element = old.element AND w.deleted IS NOT 1)
        WHERE developer = old.element;
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT new.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.rowid = e.key
                             WHERE e.name = 'facilitator' AND e.element = new.element AND w.deleted IS NOT 1)
        WHERE new.name = 'facilitator' AND new.element IS NOT NULL
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;
CREATE TRIGGER element_figures_delete AFTER DELETE ON element
WHEN old.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.rowid = old.key AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), old.element, -1
        FROM developer d WHERE d.rowid = old.key AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_insert AFTER INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.rowid = new.key AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), new.element, 1
        FROM developer d WHERE d.rowid = new.key AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_replace BEFORE INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), p.element, -1, -CAST(round((CASE typeof(CAST(p.value AS REAL)) WHEN 'integer' THEN CAST(p.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(p.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(p.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM element p JOIN workshop w ON w.rowid = p.key
        WHERE p.key = new.key AND p.name = new.name AND p.element = new.element AND p.name = 'breakdown'
          AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), p.element, -1
        FROM element p JOIN developer d ON d.rowid = p.key
        WHERE p.key = new.key AND p.name = new.name AND p.element = new.element AND p.name = 'skill'
          AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_update AFTER UPDATE ON element
WHEN old.name IN ('breakdown', 'skill') OR new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.rowid = old.key AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), old.element, -1
        FROM developer d WHERE d.rowid = old.key AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = w.request), ''), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.rowid = new.key AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || d.departement, ''), new.element, 1
        FROM developer d WHERE d.rowid = new.key AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_person_kept_insert AFTER INSERT ON element
WHEN new.name = 'facilitator'
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT new.element, (SELECT w.date FROM workshop w WHERE w.rowid = new.key AND w.deleted IS NOT 1)
        WHERE new.element IS NOT NULL
        ON CONFLICT DO UPDATE SET last_workshop =
            max(coalesce(last_workshop, excluded.last_workshop), coalesce(excluded.last_workshop, last_workshop));
END;
CREATE TRIGGER request_dependants_delete AFTER DELETE ON request
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
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
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), '', coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dependants_insert AFTER INSERT ON request
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
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
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), '', coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dependants_update AFTER UPDATE OF departement ON request
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1), coalesce('=' || old.departement, ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
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
        FROM workshop w CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= w.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1), coalesce('=' || new.departement, ''), coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= v.published_on ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER developer_figures_delete AFTER DELETE ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || old.departement, ''), e.element, -count(*)
        FROM element e WHERE e.key = old.rowid AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || old.departement, ''), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER developer_figures_insert AFTER INSERT ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || new.departement, ''), e.element, count(*)
        FROM element e WHERE e.key = new.rowid AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || new.departement, ''), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER developer_figures_update AFTER UPDATE OF deleted, departement, availability ON developer
WHEN old.deleted IS NOT new.deleted OR old.departement IS NOT new.departement OR old.availability IS NOT new.availability
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || old.departement, ''), e.element, -count(*)
        FROM element e WHERE e.key = old.rowid AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || old.departement, ''), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT coalesce('=' || new.departement, ''), e.element, count(*)
        FROM element e WHERE e.key = new.rowid AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT coalesce('=' || new.departement, ''), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_person_kept_delete AFTER DELETE ON workshop
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.rowid = e.key
                                                 WHERE e.name = 'facilitator' AND e.element = kept_person_last.developer
                                                   AND w.deleted IS NOT 1)
        WHERE developer IN (SELECT f.element FROM element f WHERE f.key = old.rowid AND f.name = 'facilitator');
END;
CREATE TRIGGER workshop_figures_delete AFTER DELETE ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.key = old.rowid AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_figures_insert AFTER INSERT ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.key = new.rowid AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_figures_update AFTER UPDATE OF deleted, date, request, kind, participants, duration ON workshop
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.request IS NOT new.request OR old.kind IS NOT new.kind OR old.participants IS NOT new.participants OR old.duration IS NOT new.duration
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = old.request), ''), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.key = old.rowid AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= old.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1), coalesce('=' || (SELECT q.departement FROM request q WHERE q.id = new.request), ''), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.key = new.rowid AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (SELECT y FROM cal_year WHERE lo <= new.date ORDER BY lo DESC LIMIT 1) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_person_kept_insert AFTER INSERT ON workshop
WHEN new.deleted IS NOT 1 AND new.date IS NOT NULL
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, new.date FROM element f WHERE f.key = new.rowid AND f.name = 'facilitator'
        ON CONFLICT DO UPDATE SET last_workshop = max(coalesce(last_workshop, excluded.last_workshop), excluded.last_workshop);
END;
CREATE TRIGGER workshop_person_kept_update AFTER UPDATE OF date, deleted ON workshop
WHEN old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, new.date FROM element f
        WHERE f.key = new.rowid AND f.name = 'facilitator'
          AND new.deleted IS NOT 1 AND new.date IS NOT NULL
          AND (old.deleted IS 1 OR old.date IS NULL OR new.date >= old.date)
        ON CONFLICT DO UPDATE SET last_workshop = max(coalesce(last_workshop, excluded.last_workshop), excluded.last_workshop);
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.rowid = e.key
                           WHERE e.name = 'facilitator' AND e.element = f.element AND w.deleted IS NOT 1)
        FROM element f
        WHERE f.key = new.rowid AND f.name = 'facilitator'
          AND NOT (new.deleted IS NOT 1 AND new.date IS NOT NULL
                   AND (old.deleted IS 1 OR old.date IS NULL OR new.date >= old.date))
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;
