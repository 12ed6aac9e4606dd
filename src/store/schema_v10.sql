-- Relais schema, version 10 (search and suggestions at scale, issue 11).
-- Additive only.

-- Suggestions count each candidate developer's open assignments: the
-- requests named by `element_by_name` (name, element → record) are checked
-- here without reading their rows.
CREATE INDEX IF NOT EXISTS request_open ON request (id, deleted, status);
