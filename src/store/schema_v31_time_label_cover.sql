-- Relais schema, version 31 (issue 13): `time_entry_by_label` also holds a
-- time entry's workshop and note, so the index covers every column of the
-- time entries' table and `list time --json` walks it alone. Before, each
-- row in date order was fetched from the table at random for those two
-- columns: 157,000 of the listing's 252,000 page reads at `demo --scale
-- 100000` (medians 0.40 -> 0.26 s; the index grows by 0.46 MB, 0.15
-- B/change).
DROP INDEX IF EXISTS time_entry_by_label;
CREATE INDEX time_entry_by_label ON time_entry
    (date COLLATE NOCASE, id, deleted, hours, developer, request, workshop, note);
