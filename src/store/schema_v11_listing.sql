-- Relais schema, version 11 (streaming reads, issue 13). Additive only but
-- for one index it supersedes.

-- `list` and the places export read every live record of a kind in label
-- order (`label COLLATE NOCASE, id`) and write each as it is read. With an
-- index in exactly that order SQLite walks it instead of sorting the whole
-- table first (in memory: `temp_store = MEMORY`), so memory stays flat in
-- the table's size. `request_by_title` was the same index without the id;
-- this one serves every query it did.
DROP INDEX IF EXISTS request_by_title;
CREATE INDEX IF NOT EXISTS request_by_label ON request (title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS site_by_label ON site (name COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS org_by_label ON org (name COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS developer_by_label ON developer (name COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS workshop_by_label ON workshop (title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS time_entry_by_label ON time_entry (date COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS budget_line_by_label ON budget_line (year COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS deliverable_by_label ON deliverable (title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS place_by_label ON place (name COLLATE NOCASE, id);
