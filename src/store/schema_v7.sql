-- Relais schema, version 7 (applies after version 6): the yearly report.
-- Additive only: covering indexes so that each of the report's passes reads
-- one index range (no table look-up per row, no sort of the year's rows), and
-- a category on budget lines (old lines have none: the report counts them
-- as "autre").

-- A year's requests with every column the report groups them by.
CREATE INDEX IF NOT EXISTS request_year ON request (received_on, deleted, departement, status, category, organisation);
-- Départements with requests, read in order (no sort).
CREATE INDEX IF NOT EXISTS request_by_departement ON request (departement, deleted);
-- Organisations served, read in organisation order: distinct without a sort.
CREATE INDEX IF NOT EXISTS request_by_organisation ON request (organisation, received_on, deleted, departement);
-- A workshop's or deliverable's département (and organisation), through its
-- request, without reading the request row; an organisation's kind and place.
CREATE INDEX IF NOT EXISTS request_area ON request (id, departement, deleted, organisation);
CREATE INDEX IF NOT EXISTS org_area ON org (id, deleted, kind, departement, commune);
CREATE INDEX IF NOT EXISTS developer_area ON developer (id, departement, deleted);
CREATE INDEX IF NOT EXISTS workshop_year ON workshop (date, deleted, request, kind, participants, duration, id);
-- The year's workshops in id order, so that their elements (keyed by record
-- id) are read in order rather than one random page each.
CREATE INDEX IF NOT EXISTS workshop_by_id_date ON workshop (id, date, deleted, request);
-- Hours grouped by developer, request or workshop in index order (no sort).
CREATE INDEX IF NOT EXISTS time_by_developer_date ON time_entry (developer, date, deleted, hours, request, workshop);
CREATE INDEX IF NOT EXISTS time_by_request_date ON time_entry (request, date, deleted, hours, developer);
CREATE INDEX IF NOT EXISTS time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer);

ALTER TABLE budget_line ADD COLUMN category TEXT;
