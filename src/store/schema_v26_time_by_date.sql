-- Relais schema, version 26 (issue 13): `time_by_date` (date, deleted,
-- developer, hours), 2.8 B/change at `demo --scale 100000`, is dropped:
-- `time_entry_by_label` (date COLLATE NOCASE, id, deleted, hours, developer,
-- request) holds every column its queries read. A date range whose bounds
-- are digits and hyphens (`stats::year_bounds`, the suggestions' window)
-- selects the same rows compared NOCASE as BINARY: folding turns a capital
-- into a small letter, and every letter sorts after every digit and the
-- hyphen, so those queries compare `date COLLATE NOCASE` and read that index.
DROP INDEX IF EXISTS time_by_date;
