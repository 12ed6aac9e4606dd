-- Relais schema, version 20: each person's latest hours and workshop kept
-- without reading their whole history at every write.
--
-- v17's triggers recomputed `kept_person_last` from scratch on every write:
-- the maximum date over all of the developer's time entries (an index walk
-- of every entry: 15,398 for the busiest developer of `demo --scale 100000`,
-- 3 ms per entry written), and over every workshop they facilitated (one
-- workshop row read per facilitation: 15,216 rows, 20 ms per workshop
-- written). Writing n entries or workshops for one person cost n² rows: most
-- of the ten minutes of the 100 k demo, and of merging a bundle of a busy
-- facilitator's workshops.
--
-- Here the latest time entry is read from the top of the developer's
-- `(developer, date, …)` index (a few rows, whatever their number), and a
-- workshop written or raised only raises its facilitators' latest date (the
-- greater of the two); only a workshop lowered, deleted or unfacilitated
-- recounts, as before. A workshop row is inserted only for a new id (a record
-- created in the transaction, or the materialiser's bare id): never over an
-- existing row, which the v14 figures already require (no delete trigger
-- runs on a replacement). The kept rows stay the same: no refill.

DROP TRIGGER IF EXISTS time_entry_person_kept_insert;
CREATE TRIGGER time_entry_person_kept_insert AFTER INSERT ON time_entry
WHEN new.developer IS NOT NULL AND new.deleted IS NOT 1
BEGIN
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT new.developer, (SELECT t.date FROM time_entry t
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
        WHERE developer = old.developer;
END;

DROP TRIGGER IF EXISTS time_entry_person_kept_update;
CREATE TRIGGER time_entry_person_kept_update AFTER UPDATE OF developer, date, deleted ON time_entry
WHEN old.developer IS NOT new.developer OR old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    UPDATE kept_person_last SET last_hours = (SELECT t.date FROM time_entry t
                                              WHERE t.developer = old.developer AND t.deleted IS NOT 1
                                              ORDER BY t.date DESC LIMIT 1)
        WHERE developer = old.developer;
    INSERT INTO kept_person_last(developer, last_hours)
        SELECT new.developer, (SELECT t.date FROM time_entry t
                               WHERE t.developer = new.developer AND t.deleted IS NOT 1
                               ORDER BY t.date DESC LIMIT 1)
        WHERE new.developer IS NOT NULL
        ON CONFLICT DO UPDATE SET last_hours = excluded.last_hours;
END;

-- A facilitator added: the workshop's date, if it is live, may raise theirs
-- (a REPLACE keeps the same developer and workshop: nothing to take back).
DROP TRIGGER IF EXISTS element_person_kept_insert;
CREATE TRIGGER element_person_kept_insert AFTER INSERT ON element
WHEN new.name = 'facilitator'
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT new.element, (SELECT w.date FROM workshop w WHERE w.id = new.record AND w.deleted IS NOT 1)
        WHERE new.element IS NOT NULL
        ON CONFLICT DO UPDATE SET last_workshop =
            max(coalesce(last_workshop, excluded.last_workshop), coalesce(excluded.last_workshop, last_workshop));
END;

-- A new workshop: its date, if it is live, may raise its facilitators'.
DROP TRIGGER IF EXISTS workshop_person_kept_insert;
CREATE TRIGGER workshop_person_kept_insert AFTER INSERT ON workshop
WHEN new.deleted IS NOT 1 AND new.date IS NOT NULL
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, new.date FROM element f WHERE f.record = new.id AND f.name = 'facilitator'
        ON CONFLICT DO UPDATE SET last_workshop = max(coalesce(last_workshop, excluded.last_workshop), excluded.last_workshop);
END;

-- A workshop dated again, deleted or restored. Its date counts while it is
-- live: when it counts now and did not, or counts later than it did, each
-- facilitator's latest is the greater of the two (the other workshops did
-- not change); otherwise (earlier, or no longer counted) it is recounted.
DROP TRIGGER IF EXISTS workshop_person_kept_update;
CREATE TRIGGER workshop_person_kept_update AFTER UPDATE OF date, deleted ON workshop
WHEN old.date IS NOT new.date OR old.deleted IS NOT new.deleted
BEGIN
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, new.date FROM element f
        WHERE f.record = new.id AND f.name = 'facilitator'
          AND new.deleted IS NOT 1 AND new.date IS NOT NULL
          AND (old.deleted IS 1 OR old.date IS NULL OR new.date >= old.date)
        ON CONFLICT DO UPDATE SET last_workshop = max(coalesce(last_workshop, excluded.last_workshop), excluded.last_workshop);
    INSERT INTO kept_person_last(developer, last_workshop)
        SELECT f.element, (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                           WHERE e.name = 'facilitator' AND e.element = f.element AND w.deleted IS NOT 1)
        FROM element f
        WHERE f.record = new.id AND f.name = 'facilitator'
          AND NOT (new.deleted IS NOT 1 AND new.date IS NOT NULL
                   AND (old.deleted IS 1 OR old.date IS NULL OR new.date >= old.date))
        ON CONFLICT DO UPDATE SET last_workshop = excluded.last_workshop;
END;
