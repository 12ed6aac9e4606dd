-- Relais schema, version 14 (issue 13 item 4): figures and review items kept
-- current instead of re-scanned. Additive only.
--
-- Each `fig_*` table holds counts (and sums, in millionths so that adding and
-- removing stays exact) keyed by what the year's figures group by (year,
-- département, status, kind, month...). Triggers on the kind tables and on
-- `element` adjust them in the same statement as every write, whatever path
-- wrote it (local edits, imports, conflict resolutions, merges, purges): the
-- dashboard and `relais report` then read a handful of rows. A département
-- is keyed '' for none and '=' || code otherwise. A year is the one whose
-- range (`date >= 'YYYY-01-01' AND date < 'YYYY+1-01-01'`, what the recount
-- and the indexes use) holds the stored text, computed from its leading
-- digits: merged text that is no date falls in a range too ('2026' is in
-- 2025, '202x' in 2029), and must be counted where the recount counts it.
-- Years outside 0..9998 are not kept. Rows whose count fell to zero stay
-- (readers skip them); the key space is small.
--
-- `review_dangling` lists live references to records that have not arrived
-- or were deleted; `siret_count` counts live organisations per SIRET.
--
-- The `recount_*` views are the from-scratch definitions: this migration
-- fills the tables from them, and `relais check` (and tests/suite/counters.rs)
-- compare the kept tables with them.
--
-- `element` is written with INSERT OR REPLACE, whose implicit delete fires
-- no trigger (recursive_triggers is off): a BEFORE INSERT trigger removes
-- the contribution of the row about to be replaced.

CREATE TABLE fig_received (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, dep, status, category, month)
) WITHOUT ROWID;
CREATE TABLE fig_delivered (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    days INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, dep, days)
) WITHOUT ROWID;
CREATE TABLE fig_org_year (
    year INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    dep TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, organisation, dep)
) WITHOUT ROWID;
CREATE TABLE fig_workshop (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL,
    participants INTEGER NOT NULL,
    hours INTEGER NOT NULL,
    PRIMARY KEY (year, dep, kind)
) WITHOUT ROWID;
CREATE TABLE fig_breakdown (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    grp TEXT NOT NULL,
    n INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (year, dep, grp)
) WITHOUT ROWID;
CREATE TABLE fig_hours (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    hours INTEGER NOT NULL,
    PRIMARY KEY (year, dep, month)
) WITHOUT ROWID;
CREATE TABLE fig_dev_active (
    year INTEGER NOT NULL,
    developer TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, developer)
) WITHOUT ROWID;
CREATE TABLE fig_deliverable (
    year INTEGER NOT NULL,
    dep TEXT NOT NULL,
    kind TEXT NOT NULL,
    licence TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (year, dep, kind, licence)
) WITHOUT ROWID;
CREATE TABLE fig_skill (
    dep TEXT NOT NULL,
    skill TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (dep, skill)
) WITHOUT ROWID;
CREATE TABLE fig_availability (
    dep TEXT NOT NULL,
    n INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (dep)
) WITHOUT ROWID;
CREATE TABLE siret_count (
    siret TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (siret)
) WITHOUT ROWID;
CREATE TABLE review_dangling (
    source  TEXT NOT NULL,
    col     TEXT NOT NULL,
    record  TEXT NOT NULL,
    missing TEXT NOT NULL,
    PRIMARY KEY (source, col, record)
) WITHOUT ROWID;
CREATE INDEX review_dangling_missing ON review_dangling (missing);
-- SIRETs held by several live organisations, found without reading the others.
CREATE INDEX siret_shared ON siret_count (siret) WHERE n > 1;
-- A request's workshops, when its département changes (the other kinds
-- referring to a request or developer have such an index already).
CREATE INDEX IF NOT EXISTS workshop_by_request ON workshop (request);

-- From-scratch definitions of the kept tables.
CREATE VIEW recount_fig_received AS
    SELECT (CASE WHEN r.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 4) AS INTEGER) - (r.received_on < substr(r.received_on, 1, 4) || '-01-01') WHEN r.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.received_on GLOB '[0-9]*' THEN CAST(substr(r.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN r.departement IS NULL THEN '' ELSE '=' || r.departement END) AS dep, coalesce(r.status, '') AS status, coalesce(r.category, '') AS category, substr(r.received_on, 6, 2) AS month, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND (CASE WHEN r.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 4) AS INTEGER) - (r.received_on < substr(r.received_on, 1, 4) || '-01-01') WHEN r.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.received_on GLOB '[0-9]*' THEN CAST(substr(r.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3, 4, 5;
CREATE VIEW recount_fig_delivered AS
    SELECT (CASE WHEN r.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 4) AS INTEGER) - (r.delivered_on < substr(r.delivered_on, 1, 4) || '-01-01') WHEN r.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.delivered_on GLOB '[0-9]*' THEN CAST(substr(r.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN r.departement IS NULL THEN '' ELSE '=' || r.departement END) AS dep, CAST(julianday(r.delivered_on) - julianday(r.received_on) AS INTEGER) AS days, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND r.status = 'delivered' AND (CASE WHEN r.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 4) AS INTEGER) - (r.delivered_on < substr(r.delivered_on, 1, 4) || '-01-01') WHEN r.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.delivered_on GLOB '[0-9]*' THEN CAST(substr(r.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 AND r.received_on IS NOT NULL
      AND CAST(julianday(r.delivered_on) - julianday(r.received_on) AS INTEGER) IS NOT NULL GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_org_year AS
    SELECT (CASE WHEN r.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 4) AS INTEGER) - (r.received_on < substr(r.received_on, 1, 4) || '-01-01') WHEN r.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.received_on GLOB '[0-9]*' THEN CAST(substr(r.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, r.organisation AS organisation, (CASE WHEN r.departement IS NULL THEN '' ELSE '=' || r.departement END) AS dep, count(*) AS n
    FROM request r WHERE r.deleted IS NOT 1 AND r.organisation IS NOT NULL AND (CASE WHEN r.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 4) AS INTEGER) - (r.received_on < substr(r.received_on, 1, 4) || '-01-01') WHEN r.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(r.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN r.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(r.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(r.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN r.received_on GLOB '[0-9]*' THEN CAST(substr(r.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(r.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_workshop AS
    SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN q.departement IS NULL THEN '' ELSE '=' || q.departement END) AS dep, coalesce(w.kind, '') AS kind, count(*) AS n, total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS participants, total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS hours
    FROM workshop w LEFT JOIN request q ON q.id = w.request WHERE w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_breakdown AS
    SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN q.departement IS NULL THEN '' ELSE '=' || q.departement END) AS dep, e.element AS grp, count(*) AS n, total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS amount
    FROM workshop w LEFT JOIN request q ON q.id = w.request JOIN element e ON e.record = w.id AND e.name = 'breakdown'
    WHERE w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_hours AS
    SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN v.departement IS NULL THEN '' ELSE '=' || v.departement END) AS dep, substr(t.date, 6, 2) AS month, count(*) AS n, total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS hours
    FROM time_entry t LEFT JOIN developer v ON v.id = t.developer WHERE t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3;
CREATE VIEW recount_fig_dev_active AS
    SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, t.developer AS developer, count(*) AS n
    FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2;
CREATE VIEW recount_fig_deliverable AS
    SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) AS year, (CASE WHEN q.departement IS NULL THEN '' ELSE '=' || q.departement END) AS dep, coalesce(v.kind, '') AS kind, coalesce(v.licence, '') AS licence, count(*) AS n
    FROM deliverable v LEFT JOIN request q ON q.id = v.request WHERE v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 2, 3, 4;
CREATE VIEW recount_fig_skill AS
    SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END) AS dep, e.element AS skill, count(*) AS n
    FROM element e JOIN developer d ON d.id = e.record WHERE e.name = 'skill' AND d.deleted IS NOT 1 GROUP BY 1, 2;
CREATE VIEW recount_fig_availability AS
    SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END) AS dep, count(*) AS n, total(CAST(round((CASE typeof(d.availability) WHEN 'integer' THEN d.availability WHEN 'real' THEN (CASE WHEN abs(d.availability) <= 1.7976931348623157e308 THEN d.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)) AS amount
    FROM developer d WHERE d.deleted IS NOT 1 GROUP BY 1;
CREATE VIEW recount_siret_count AS
    SELECT o.siret AS siret, count(*) AS n FROM org o WHERE o.deleted IS NOT 1 AND o.siret IS NOT NULL GROUP BY 1;
CREATE VIEW recount_review_dangling AS
    SELECT 'request' AS source, 'organisation' AS col, s.id AS record, s.organisation AS missing FROM request s
    WHERE s.deleted IS NOT 1 AND s.organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org x WHERE x.id = s.organisation AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'developer' AS col, s.id AS record, s.developer AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.developer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.id = s.developer AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'workshop' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM workshop s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'deliverable' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM deliverable s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1);

INSERT INTO fig_received SELECT * FROM recount_fig_received;
INSERT INTO fig_delivered SELECT * FROM recount_fig_delivered;
INSERT INTO fig_org_year SELECT * FROM recount_fig_org_year;
INSERT INTO fig_workshop SELECT * FROM recount_fig_workshop;
INSERT INTO fig_breakdown SELECT * FROM recount_fig_breakdown;
INSERT INTO fig_hours SELECT * FROM recount_fig_hours;
INSERT INTO fig_dev_active SELECT * FROM recount_fig_dev_active;
INSERT INTO fig_deliverable SELECT * FROM recount_fig_deliverable;
INSERT INTO fig_skill SELECT * FROM recount_fig_skill;
INSERT INTO fig_availability SELECT * FROM recount_fig_availability;
INSERT INTO siret_count SELECT * FROM recount_siret_count;
INSERT INTO review_dangling SELECT * FROM recount_review_dangling;

CREATE TRIGGER request_figures_insert AFTER INSERT ON request
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(new.status, ''), coalesce(new.category, ''), substr(new.received_on, 6, 2), 1
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (CASE WHEN new.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 4) AS INTEGER) - (new.delivered_on < substr(new.delivered_on, 1, 4) || '-01-01') WHEN new.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9]*' THEN CAST(substr(new.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER), 1
        WHERE new.deleted IS NOT 1 AND new.status = 'delivered' AND (CASE WHEN new.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 4) AS INTEGER) - (new.delivered_on < substr(new.delivered_on, 1, 4) || '-01-01') WHEN new.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9]*' THEN CAST(substr(new.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 AND new.received_on IS NOT NULL
          AND CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), new.organisation, (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1
        WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL AND (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_figures_delete AFTER DELETE ON request
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(old.status, ''), coalesce(old.category, ''), substr(old.received_on, 6, 2), -1
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (CASE WHEN old.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 4) AS INTEGER) - (old.delivered_on < substr(old.delivered_on, 1, 4) || '-01-01') WHEN old.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9]*' THEN CAST(substr(old.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER), -1
        WHERE old.deleted IS NOT 1 AND old.status = 'delivered' AND (CASE WHEN old.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 4) AS INTEGER) - (old.delivered_on < substr(old.delivered_on, 1, 4) || '-01-01') WHEN old.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9]*' THEN CAST(substr(old.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 AND old.received_on IS NOT NULL
          AND CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), old.organisation, (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), -1
        WHERE old.deleted IS NOT 1 AND old.organisation IS NOT NULL AND (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_figures_update AFTER UPDATE OF deleted, received_on, delivered_on, departement, status, category, organisation ON request
WHEN old.deleted IS NOT new.deleted OR old.received_on IS NOT new.received_on OR old.delivered_on IS NOT new.delivered_on OR old.departement IS NOT new.departement OR old.status IS NOT new.status OR old.category IS NOT new.category OR old.organisation IS NOT new.organisation
BEGIN
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(old.status, ''), coalesce(old.category, ''), substr(old.received_on, 6, 2), -1
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (CASE WHEN old.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 4) AS INTEGER) - (old.delivered_on < substr(old.delivered_on, 1, 4) || '-01-01') WHEN old.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9]*' THEN CAST(substr(old.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER), -1
        WHERE old.deleted IS NOT 1 AND old.status = 'delivered' AND (CASE WHEN old.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 4) AS INTEGER) - (old.delivered_on < substr(old.delivered_on, 1, 4) || '-01-01') WHEN old.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.delivered_on GLOB '[0-9]*' THEN CAST(substr(old.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 AND old.received_on IS NOT NULL
          AND CAST(julianday(old.delivered_on) - julianday(old.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), old.organisation, (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), -1
        WHERE old.deleted IS NOT 1 AND old.organisation IS NOT NULL AND (CASE WHEN old.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 4) AS INTEGER) - (old.received_on < substr(old.received_on, 1, 4) || '-01-01') WHEN old.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.received_on GLOB '[0-9]*' THEN CAST(substr(old.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_received(year, dep, status, category, month, n)
        SELECT (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(new.status, ''), coalesce(new.category, ''), substr(new.received_on, 6, 2), 1
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_delivered(year, dep, days, n)
        SELECT (CASE WHEN new.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 4) AS INTEGER) - (new.delivered_on < substr(new.delivered_on, 1, 4) || '-01-01') WHEN new.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9]*' THEN CAST(substr(new.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER), 1
        WHERE new.deleted IS NOT 1 AND new.status = 'delivered' AND (CASE WHEN new.delivered_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 4) AS INTEGER) - (new.delivered_on < substr(new.delivered_on, 1, 4) || '-01-01') WHEN new.delivered_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.delivered_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.delivered_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.delivered_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.delivered_on GLOB '[0-9]*' THEN CAST(substr(new.delivered_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.delivered_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 AND new.received_on IS NOT NULL
          AND CAST(julianday(new.delivered_on) - julianday(new.received_on) AS INTEGER) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_org_year(year, organisation, dep, n)
        SELECT (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), new.organisation, (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1
        WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL AND (CASE WHEN new.received_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 4) AS INTEGER) - (new.received_on < substr(new.received_on, 1, 4) || '-01-01') WHEN new.received_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.received_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.received_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.received_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.received_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.received_on GLOB '[0-9]*' THEN CAST(substr(new.received_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.received_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dependants_insert AFTER INSERT ON request
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dependants_delete AFTER DELETE ON request
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dependants_update AFTER UPDATE OF departement ON request
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(w.kind, ''), -count(*), -total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), -total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = old.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), coalesce(v.kind, ''), coalesce(v.licence, ''), -count(*)
        FROM deliverable v WHERE v.request = old.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(w.kind, ''), count(*), total(CAST(round((CASE typeof(w.participants) WHEN 'integer' THEN w.participants WHEN 'real' THEN (CASE WHEN abs(w.participants) <= 1.7976931348623157e308 THEN w.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)), total(CAST(round((CASE typeof(w.duration) WHEN 'integer' THEN w.duration WHEN 'real' THEN (CASE WHEN abs(w.duration) <= 1.7976931348623157e308 THEN w.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM workshop w JOIN element e ON e.record = w.id AND e.name = 'breakdown'
        WHERE w.request = new.id AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), coalesce(v.kind, ''), coalesce(v.licence, ''), count(*)
        FROM deliverable v WHERE v.request = new.id AND v.deleted IS NOT 1 AND (CASE WHEN v.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 4) AS INTEGER) - (v.published_on < substr(v.published_on, 1, 4) || '-01-01') WHEN v.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(v.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN v.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(v.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(v.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN v.published_on GLOB '[0-9]*' THEN CAST(substr(v.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(v.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER workshop_figures_insert AFTER INSERT ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = new.id AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_figures_delete AFTER DELETE ON workshop
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = old.id AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER workshop_figures_update AFTER UPDATE OF deleted, date, request, kind, participants, duration ON workshop
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.request IS NOT new.request OR old.kind IS NOT new.kind OR old.participants IS NOT new.participants OR old.duration IS NOT new.duration
BEGIN
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), coalesce(old.kind, ''), -1, -CAST(round((CASE typeof(old.participants) WHEN 'integer' THEN old.participants WHEN 'real' THEN (CASE WHEN abs(old.participants) <= 1.7976931348623157e308 THEN old.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), -CAST(round((CASE typeof(old.duration) WHEN 'integer' THEN old.duration WHEN 'real' THEN (CASE WHEN abs(old.duration) <= 1.7976931348623157e308 THEN old.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), e.element, -count(*), -total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = old.id AND e.name = 'breakdown' AND old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_workshop(year, dep, kind, n, participants, hours)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), coalesce(new.kind, ''), 1, CAST(round((CASE typeof(new.participants) WHEN 'integer' THEN new.participants WHEN 'real' THEN (CASE WHEN abs(new.participants) <= 1.7976931348623157e308 THEN new.participants ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER), CAST(round((CASE typeof(new.duration) WHEN 'integer' THEN new.duration WHEN 'real' THEN (CASE WHEN abs(new.duration) <= 1.7976931348623157e308 THEN new.duration ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, hours = hours + excluded.hours;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), e.element, count(*), total(CAST(round((CASE typeof(CAST(e.value AS REAL)) WHEN 'integer' THEN CAST(e.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(e.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(e.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM element e WHERE e.record = new.id AND e.name = 'breakdown' AND new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER time_entry_figures_insert AFTER INSERT ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT v.departement FROM developer v WHERE v.id = new.developer) IS NULL THEN '' ELSE '=' || (SELECT v.departement FROM developer v WHERE v.id = new.developer) END), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), new.developer, 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER time_entry_figures_delete AFTER DELETE ON time_entry
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT v.departement FROM developer v WHERE v.id = old.developer) IS NULL THEN '' ELSE '=' || (SELECT v.departement FROM developer v WHERE v.id = old.developer) END), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), old.developer, -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER time_entry_figures_update AFTER UPDATE OF deleted, date, developer, hours ON time_entry
WHEN old.deleted IS NOT new.deleted OR old.date IS NOT new.date OR old.developer IS NOT new.developer OR old.hours IS NOT new.hours
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT v.departement FROM developer v WHERE v.id = old.developer) IS NULL THEN '' ELSE '=' || (SELECT v.departement FROM developer v WHERE v.id = old.developer) END), substr(old.date, 6, 2), -1, -CAST(round((CASE typeof(old.hours) WHEN 'integer' THEN old.hours WHEN 'real' THEN (CASE WHEN abs(old.hours) <= 1.7976931348623157e308 THEN old.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), old.developer, -1
        WHERE old.deleted IS NOT 1 AND old.developer IS NOT NULL AND (CASE WHEN old.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 4) AS INTEGER) - (old.date < substr(old.date, 1, 4) || '-01-01') WHEN old.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.date GLOB '[0-9][0-9]*' THEN CAST(substr(old.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.date GLOB '[0-9]*' THEN CAST(substr(old.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT v.departement FROM developer v WHERE v.id = new.developer) IS NULL THEN '' ELSE '=' || (SELECT v.departement FROM developer v WHERE v.id = new.developer) END), substr(new.date, 6, 2), 1, CAST(round((CASE typeof(new.hours) WHEN 'integer' THEN new.hours WHEN 'real' THEN (CASE WHEN abs(new.hours) <= 1.7976931348623157e308 THEN new.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_dev_active(year, developer, n)
        SELECT (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), new.developer, 1
        WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL AND (CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 4) AS INTEGER) - (new.date < substr(new.date, 1, 4) || '-01-01') WHEN new.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.date GLOB '[0-9][0-9]*' THEN CAST(substr(new.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.date GLOB '[0-9]*' THEN CAST(substr(new.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER deliverable_figures_insert AFTER INSERT ON deliverable
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN new.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 4) AS INTEGER) - (new.published_on < substr(new.published_on, 1, 4) || '-01-01') WHEN new.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.published_on GLOB '[0-9]*' THEN CAST(substr(new.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), coalesce(new.kind, ''), coalesce(new.licence, ''), 1
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 4) AS INTEGER) - (new.published_on < substr(new.published_on, 1, 4) || '-01-01') WHEN new.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.published_on GLOB '[0-9]*' THEN CAST(substr(new.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER deliverable_figures_delete AFTER DELETE ON deliverable
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN old.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 4) AS INTEGER) - (old.published_on < substr(old.published_on, 1, 4) || '-01-01') WHEN old.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.published_on GLOB '[0-9]*' THEN CAST(substr(old.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), coalesce(old.kind, ''), coalesce(old.licence, ''), -1
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 4) AS INTEGER) - (old.published_on < substr(old.published_on, 1, 4) || '-01-01') WHEN old.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.published_on GLOB '[0-9]*' THEN CAST(substr(old.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER deliverable_figures_update AFTER UPDATE OF deleted, published_on, request, kind, licence ON deliverable
WHEN old.deleted IS NOT new.deleted OR old.published_on IS NOT new.published_on OR old.request IS NOT new.request OR old.kind IS NOT new.kind OR old.licence IS NOT new.licence
BEGIN
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN old.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 4) AS INTEGER) - (old.published_on < substr(old.published_on, 1, 4) || '-01-01') WHEN old.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.published_on GLOB '[0-9]*' THEN CAST(substr(old.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = old.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = old.request) END), coalesce(old.kind, ''), coalesce(old.licence, ''), -1
        WHERE old.deleted IS NOT 1 AND (CASE WHEN old.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 4) AS INTEGER) - (old.published_on < substr(old.published_on, 1, 4) || '-01-01') WHEN old.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(old.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN old.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(old.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(old.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN old.published_on GLOB '[0-9]*' THEN CAST(substr(old.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(old.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_deliverable(year, dep, kind, licence, n)
        SELECT (CASE WHEN new.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 4) AS INTEGER) - (new.published_on < substr(new.published_on, 1, 4) || '-01-01') WHEN new.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.published_on GLOB '[0-9]*' THEN CAST(substr(new.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = new.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = new.request) END), coalesce(new.kind, ''), coalesce(new.licence, ''), 1
        WHERE new.deleted IS NOT 1 AND (CASE WHEN new.published_on GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 4) AS INTEGER) - (new.published_on < substr(new.published_on, 1, 4) || '-01-01') WHEN new.published_on GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(new.published_on, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN new.published_on GLOB '[0-9][0-9]*' THEN CAST(substr(new.published_on, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(new.published_on, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN new.published_on GLOB '[0-9]*' THEN CAST(substr(new.published_on, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(new.published_on, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER developer_figures_insert AFTER INSERT ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), e.element, count(*)
        FROM element e WHERE e.record = new.id AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER developer_figures_delete AFTER DELETE ON developer
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), e.element, -count(*)
        FROM element e WHERE e.record = old.id AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER developer_figures_update AFTER UPDATE OF deleted, departement, availability ON developer
WHEN old.deleted IS NOT new.deleted OR old.departement IS NOT new.departement OR old.availability IS NOT new.availability
BEGIN
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), e.element, -count(*)
        FROM element e WHERE e.record = old.id AND e.name = 'skill' AND old.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), -1, -CAST(round((CASE typeof(old.availability) WHEN 'integer' THEN old.availability WHEN 'real' THEN (CASE WHEN abs(old.availability) <= 1.7976931348623157e308 THEN old.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE old.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), e.element, count(*)
        FROM element e WHERE e.record = new.id AND e.name = 'skill' AND new.deleted IS NOT 1 GROUP BY e.element
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_availability(dep, n, amount)
        SELECT (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1, CAST(round((CASE typeof(new.availability) WHEN 'integer' THEN new.availability WHEN 'real' THEN (CASE WHEN abs(new.availability) <= 1.7976931348623157e308 THEN new.availability ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
CREATE TRIGGER developer_dependants_insert AFTER INSERT ON developer
WHEN new.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;
CREATE TRIGGER developer_dependants_delete AFTER DELETE ON developer
WHEN old.departement IS NOT NULL
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), '', substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;
CREATE TRIGGER developer_dependants_update AFTER UPDATE OF departement ON developer
WHEN old.departement IS NOT new.departement
BEGIN
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END), substr(t.date, 6, 2), -count(*), -total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = old.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
    INSERT INTO fig_hours(year, dep, month, n, hours)
        SELECT (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), substr(t.date, 6, 2), count(*), total(CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER))
        FROM time_entry t WHERE t.developer = new.id AND t.deleted IS NOT 1 AND (CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998 GROUP BY 1, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
END;
CREATE TRIGGER org_figures_insert AFTER INSERT ON org
BEGIN
    INSERT INTO siret_count(siret, n)
        SELECT new.siret, 1
        WHERE new.deleted IS NOT 1 AND new.siret IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER org_figures_delete AFTER DELETE ON org
BEGIN
    INSERT INTO siret_count(siret, n)
        SELECT old.siret, -1
        WHERE old.deleted IS NOT 1 AND old.siret IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER org_figures_update AFTER UPDATE OF deleted, siret ON org
WHEN old.deleted IS NOT new.deleted OR old.siret IS NOT new.siret
BEGIN
    INSERT INTO siret_count(siret, n)
        SELECT old.siret, -1
        WHERE old.deleted IS NOT 1 AND old.siret IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO siret_count(siret, n)
        SELECT new.siret, 1
        WHERE new.deleted IS NOT 1 AND new.siret IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_replace BEFORE INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = w.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = w.request) END), p.element, -1, -CAST(round((CASE typeof(CAST(p.value AS REAL)) WHEN 'integer' THEN CAST(p.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(p.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(p.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM element p JOIN workshop w ON w.id = p.record
        WHERE p.record = new.record AND p.name = new.name AND p.element = new.element AND p.name = 'breakdown'
          AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END), p.element, -1
        FROM element p JOIN developer d ON d.id = p.record
        WHERE p.record = new.record AND p.name = new.name AND p.element = new.element AND p.name = 'skill'
          AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_insert AFTER INSERT ON element
WHEN new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = w.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = w.request) END), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = new.record AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END), new.element, 1
        FROM developer d WHERE d.id = new.record AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_delete AFTER DELETE ON element
WHEN old.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = w.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = w.request) END), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = old.record AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END), old.element, -1
        FROM developer d WHERE d.id = old.record AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER element_figures_update AFTER UPDATE ON element
WHEN old.name IN ('breakdown', 'skill') OR new.name IN ('breakdown', 'skill')
BEGIN
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = w.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = w.request) END), old.element, -1, -CAST(round((CASE typeof(CAST(old.value AS REAL)) WHEN 'integer' THEN CAST(old.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(old.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(old.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = old.record AND old.name = 'breakdown' AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END), old.element, -1
        FROM developer d WHERE d.id = old.record AND old.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO fig_breakdown(year, dep, grp, n, amount)
        SELECT (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END), (CASE WHEN (SELECT q.departement FROM request q WHERE q.id = w.request) IS NULL THEN '' ELSE '=' || (SELECT q.departement FROM request q WHERE q.id = w.request) END), new.element, 1, CAST(round((CASE typeof(CAST(new.value AS REAL)) WHEN 'integer' THEN CAST(new.value AS REAL) WHEN 'real' THEN (CASE WHEN abs(CAST(new.value AS REAL)) <= 1.7976931348623157e308 THEN CAST(new.value AS REAL) ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)
        FROM workshop w WHERE w.id = new.record AND new.name = 'breakdown' AND w.deleted IS NOT 1 AND (CASE WHEN w.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 4) AS INTEGER) - (w.date < substr(w.date, 1, 4) || '-01-01') WHEN w.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(w.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(w.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN w.date GLOB '[0-9][0-9]*' THEN CAST(substr(w.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(w.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN w.date GLOB '[0-9]*' THEN CAST(substr(w.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(w.date, 2, 1) > '9' THEN 999 ELSE -1 END) END) BETWEEN 0 AND 9998
        ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
    INSERT INTO fig_skill(dep, skill, n)
        SELECT (CASE WHEN d.departement IS NULL THEN '' ELSE '=' || d.departement END), new.element, 1
        FROM developer d WHERE d.id = new.record AND new.name = 'skill' AND d.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER request_dangling_insert AFTER INSERT ON request
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'request', 'organisation', new.id, new.organisation WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM org x WHERE x.id = new.organisation AND x.deleted IS NOT 1);
END;
CREATE TRIGGER request_dangling_delete AFTER DELETE ON request
BEGIN
    DELETE FROM review_dangling WHERE source = 'request' AND col = 'organisation' AND record = old.id;
END;
CREATE TRIGGER request_dangling_update AFTER UPDATE OF deleted, organisation ON request
WHEN old.deleted IS NOT new.deleted OR old.organisation IS NOT new.organisation
BEGIN
    DELETE FROM review_dangling WHERE source = 'request' AND col = 'organisation' AND record = old.id;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'request', 'organisation', new.id, new.organisation WHERE new.deleted IS NOT 1 AND new.organisation IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM org x WHERE x.id = new.organisation AND x.deleted IS NOT 1);
END;
CREATE TRIGGER time_entry_dangling_insert AFTER INSERT ON time_entry
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', new.id, new.developer WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.id = new.developer AND x.deleted IS NOT 1);
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER time_entry_dangling_delete AFTER DELETE ON time_entry
BEGIN
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'developer' AND record = old.id;
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'request' AND record = old.id;
END;
CREATE TRIGGER time_entry_dangling_update AFTER UPDATE OF deleted, developer, request ON time_entry
WHEN old.deleted IS NOT new.deleted OR old.developer IS NOT new.developer OR old.request IS NOT new.request
BEGIN
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'developer' AND record = old.id;
    DELETE FROM review_dangling WHERE source = 'time_entry' AND col = 'request' AND record = old.id;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', new.id, new.developer WHERE new.deleted IS NOT 1 AND new.developer IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.id = new.developer AND x.deleted IS NOT 1);
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER workshop_dangling_insert AFTER INSERT ON workshop
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER workshop_dangling_delete AFTER DELETE ON workshop
BEGIN
    DELETE FROM review_dangling WHERE source = 'workshop' AND col = 'request' AND record = old.id;
END;
CREATE TRIGGER workshop_dangling_update AFTER UPDATE OF deleted, request ON workshop
WHEN old.deleted IS NOT new.deleted OR old.request IS NOT new.request
BEGIN
    DELETE FROM review_dangling WHERE source = 'workshop' AND col = 'request' AND record = old.id;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER deliverable_dangling_insert AFTER INSERT ON deliverable
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER deliverable_dangling_delete AFTER DELETE ON deliverable
BEGIN
    DELETE FROM review_dangling WHERE source = 'deliverable' AND col = 'request' AND record = old.id;
END;
CREATE TRIGGER deliverable_dangling_update AFTER UPDATE OF deleted, request ON deliverable
WHEN old.deleted IS NOT new.deleted OR old.request IS NOT new.request
BEGIN
    DELETE FROM review_dangling WHERE source = 'deliverable' AND col = 'request' AND record = old.id;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', new.id, new.request WHERE new.deleted IS NOT 1 AND new.request IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = new.request AND x.deleted IS NOT 1);
END;
CREATE TRIGGER org_referred_insert AFTER INSERT ON org
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'request' AND col = 'organisation';
END;
CREATE TRIGGER org_referred_found AFTER UPDATE OF deleted ON org
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'request' AND col = 'organisation';
END;
CREATE TRIGGER org_referred_lost AFTER UPDATE OF deleted ON org
WHEN new.deleted IS 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'request', 'organisation', s.id, s.organisation FROM request s WHERE s.organisation = new.id AND s.deleted IS NOT 1;
END;
CREATE TRIGGER org_referred_delete AFTER DELETE ON org
WHEN old.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'request', 'organisation', s.id, s.organisation FROM request s WHERE s.organisation = old.id AND s.deleted IS NOT 1;
END;
CREATE TRIGGER developer_referred_insert AFTER INSERT ON developer
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'time_entry' AND col = 'developer';
END;
CREATE TRIGGER developer_referred_found AFTER UPDATE OF deleted ON developer
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'time_entry' AND col = 'developer';
END;
CREATE TRIGGER developer_referred_lost AFTER UPDATE OF deleted ON developer
WHEN new.deleted IS 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', s.id, s.developer FROM time_entry s WHERE s.developer = new.id AND s.deleted IS NOT 1;
END;
CREATE TRIGGER developer_referred_delete AFTER DELETE ON developer
WHEN old.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'developer', s.id, s.developer FROM time_entry s WHERE s.developer = old.id AND s.deleted IS NOT 1;
END;
CREATE TRIGGER request_referred_insert AFTER INSERT ON request
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'time_entry' AND col = 'request';
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'workshop' AND col = 'request';
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'deliverable' AND col = 'request';
END;
CREATE TRIGGER request_referred_found AFTER UPDATE OF deleted ON request
WHEN new.deleted IS NOT 1
BEGIN
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'time_entry' AND col = 'request';
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'workshop' AND col = 'request';
    DELETE FROM review_dangling WHERE missing = new.id AND source = 'deliverable' AND col = 'request';
END;
CREATE TRIGGER request_referred_lost AFTER UPDATE OF deleted ON request
WHEN new.deleted IS 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', s.id, s.request FROM time_entry s WHERE s.request = new.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', s.id, s.request FROM workshop s WHERE s.request = new.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', s.id, s.request FROM deliverable s WHERE s.request = new.id AND s.deleted IS NOT 1;
END;
CREATE TRIGGER request_referred_delete AFTER DELETE ON request
WHEN old.deleted IS NOT 1
BEGIN
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'time_entry', 'request', s.id, s.request FROM time_entry s WHERE s.request = old.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'workshop', 'request', s.id, s.request FROM workshop s WHERE s.request = old.id AND s.deleted IS NOT 1;
    INSERT OR IGNORE INTO review_dangling(source, col, record, missing)
        SELECT 'deliverable', 'request', s.id, s.request FROM deliverable s WHERE s.request = old.id AND s.deleted IS NOT 1;
END;
