-- Relais schema, version 32 (issue 13): `workshop_by_id_date` (id, date,
-- deleted, request), 6.4 MB = 2.0 B/change at `demo --scale 100000`, is
-- dropped. Schema v7 made it so that the year's workshops were read in id
-- order, their set elements being keyed by record id then; since v23 the
-- elements sit under the record's key, which is the workshop's rowid, so
-- the table read in rowid order finds them in order. Since v28 no look-up
-- of a workshop by id needs an id-first index (`keys::row_of`); finding a
-- workshop by the tail of its id reads the table instead of this index.
DROP INDEX IF EXISTS workshop_by_id_date;
