-- Schema v17: the last scans on the dashboard's path kept current by
-- triggers (issue 13 item 4), each with its from-scratch definition as a
-- `recount_*` view that `relais check` compares (src/store/kept_dashboard.rs).
--
-- kept_request_status: live requests per status and département, any year
-- (the "new requests to qualify" line). Keys as in the v14 figures: '' for
-- no value, '=' || value otherwise (a NULL cannot be part of a key).
CREATE TABLE kept_request_status (
    status TEXT NOT NULL,
    dep    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (status, dep)
) WITHOUT ROWID;

CREATE VIEW recount_kept_request_status AS
    SELECT (CASE WHEN status IS NULL THEN '' ELSE '=' || status END) AS status,
           (CASE WHEN departement IS NULL THEN '' ELSE '=' || departement END) AS dep,
           count(*) AS n
    FROM request WHERE deleted IS NOT 1 GROUP BY 1, 2;

CREATE TRIGGER request_status_kept_insert AFTER INSERT ON request
WHEN new.deleted IS NOT 1
BEGIN
    INSERT INTO kept_request_status(status, dep, n)
        VALUES ((CASE WHEN new.status IS NULL THEN '' ELSE '=' || new.status END),
                (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER request_status_kept_delete AFTER DELETE ON request
WHEN old.deleted IS NOT 1
BEGIN
    UPDATE kept_request_status SET n = n - 1
        WHERE status = (CASE WHEN old.status IS NULL THEN '' ELSE '=' || old.status END)
          AND dep = (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END);
END;

CREATE TRIGGER request_status_kept_update AFTER UPDATE OF status, departement, deleted ON request
WHEN old.status IS NOT new.status OR old.departement IS NOT new.departement OR old.deleted IS NOT new.deleted
BEGIN
    UPDATE kept_request_status SET n = n - 1
        WHERE old.deleted IS NOT 1
          AND status = (CASE WHEN old.status IS NULL THEN '' ELSE '=' || old.status END)
          AND dep = (CASE WHEN old.departement IS NULL THEN '' ELSE '=' || old.departement END);
    INSERT INTO kept_request_status(status, dep, n)
        SELECT (CASE WHEN new.status IS NULL THEN '' ELSE '=' || new.status END),
               (CASE WHEN new.departement IS NULL THEN '' ELSE '=' || new.departement END), 1
        WHERE new.deleted IS NOT 1
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- kept_person_last: per developer id, the latest date hours were logged for
-- them and the latest workshop they facilitated (live rows only), for the
-- retention review. Each trigger recomputes the developer's value from the
-- covering indexes (a few rows), so deletions and date changes stay exact.
CREATE TABLE kept_person_last (
    developer     TEXT PRIMARY KEY,
    last_hours    TEXT,
    last_workshop TEXT
) WITHOUT ROWID;

CREATE VIEW recount_kept_person_last AS
    SELECT developer, max(last_hours) AS last_hours, max(last_workshop) AS last_workshop FROM (
        SELECT t.developer AS developer, max(t.date) AS last_hours, NULL AS last_workshop
            FROM time_entry t WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL GROUP BY 1
        UNION ALL
        SELECT e.element, NULL, max(w.date)
            FROM element e JOIN workshop w ON w.id = e.record
            WHERE e.name = 'facilitator' AND w.deleted IS NOT 1 GROUP BY 1
    ) GROUP BY developer
    HAVING max(last_hours) IS NOT NULL OR max(last_workshop) IS NOT NULL;

CREATE TRIGGER time_entry_person_kept_insert AFTER INSERT ON time_entry
WHEN new.developer IS NOT NULL AND new.deleted IS NOT 1
BEGIN
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT new.developer, (SELECT max(t.date) FROM time_entry t
                               WHERE t.developer = new.developer AND t.deleted IS NOT 1)
        WHERE true
        ON CONFLICT DO UPDATE SET last_hours = excluded.last_hours;
END;

CREATE TRIGGER time_entry_person_kept_delete AFTER DELETE ON time_entry
WHEN old.developer IS NOT NULL AND old.deleted IS NOT 1
BEGIN
    UPDATE kept_person_last SET last_hours = (SELECT max(t.date) FROM time_entry t
                                              WHERE t.developer = old.developer AND t.deleted IS NOT 1)
        WHERE developer = old.developer;
END;

CREATE TRIGGER time_entry_person_kept_update AFTER UPDATE OF developer, date, deleted ON time_entry
WHEN old.developer IS NOT new.developer OR old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    UPDATE kept_person_last SET last_hours = (SELECT max(t.date) FROM time_entry t
                                              WHERE t.developer = old.developer AND t.deleted IS NOT 1)
        WHERE developer = old.developer;
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT new.developer, (SELECT max(t.date) FROM time_entry t
                               WHERE t.developer = new.developer AND t.deleted IS NOT 1)
        WHERE new.developer IS NOT NULL
        ON CONFLICT DO UPDATE SET last_hours = excluded.last_hours;
END;

-- A facilitator added or removed (a REPLACE keeps the same developer: the
-- recount after the insert covers it).
CREATE TRIGGER element_person_kept_insert AFTER INSERT ON element
WHEN new.name = 'facilitator'
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT new.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                             WHERE e.name = 'facilitator' AND e.element = new.element AND w.deleted IS NOT 1)
        WHERE new.element IS NOT NULL
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;

CREATE TRIGGER element_person_kept_delete AFTER DELETE ON element
WHEN old.name = 'facilitator'
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                                                 WHERE e.name = 'facilitator' AND e.element = old.element AND w.deleted IS NOT 1)
        WHERE developer = old.element;
END;

CREATE TRIGGER element_person_kept_update AFTER UPDATE ON element
WHEN old.name = 'facilitator' OR new.name = 'facilitator'
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                                                 WHERE e.name = 'facilitator' AND e.element = old.element AND w.deleted IS NOT 1)
        WHERE developer = old.element;
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT new.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                             WHERE e.name = 'facilitator' AND e.element = new.element AND w.deleted IS NOT 1)
        WHERE new.name = 'facilitator' AND new.element IS NOT NULL
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;

-- A workshop written, dated again, deleted or restored: its facilitators.
CREATE TRIGGER workshop_person_kept_insert AFTER INSERT ON workshop
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                           WHERE e.name = 'facilitator' AND e.element = f.element AND w.deleted IS NOT 1)
        FROM element f WHERE f.record = new.id AND f.name = 'facilitator'
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;

CREATE TRIGGER workshop_person_kept_delete AFTER DELETE ON workshop
BEGIN
    UPDATE kept_person_last SET last_workshop = (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                                                 WHERE e.name = 'facilitator' AND e.element = kept_person_last.developer
                                                   AND w.deleted IS NOT 1)
        WHERE developer IN (SELECT f.element FROM element f WHERE f.record = old.id AND f.name = 'facilitator');
END;

CREATE TRIGGER workshop_person_kept_update AFTER UPDATE OF date, deleted ON workshop
WHEN old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                           WHERE e.name = 'facilitator' AND e.element = f.element AND w.deleted IS NOT 1)
        FROM element f WHERE f.record = new.id AND f.name = 'facilitator'
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;

INSERT INTO kept_request_status(status, dep, n) SELECT status, dep, n FROM recount_kept_request_status;
INSERT INTO kept_person_last(developer, last_hours, last_workshop)
    SELECT developer, last_hours, last_workshop FROM recount_kept_person_last;
