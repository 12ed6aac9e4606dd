-- Relais schema, version 8: erasure (purge). Additive only.
-- `changes.purged` (there since version 1) now says what a logged row is:
-- 0 a change, 1 a stub (value and author erased, original hash kept),
-- 2 a purge marker. Markers are also listed here, so that imports and
-- edits find a purged record with one index probe; derived from the log
-- like every other table (a marker row for each marker change).
CREATE TABLE IF NOT EXISTS purge_marker (
    record TEXT    NOT NULL,
    site   TEXT    NOT NULL,
    seq    INTEGER NOT NULL,
    kind   TEXT    NOT NULL,
    wall   INTEGER NOT NULL,
    author TEXT    NOT NULL,
    PRIMARY KEY (record, site, seq)
) WITHOUT ROWID;

-- The derived row of a purged record keeps only its id and this flag, so
-- that hours and workshops still point at it ("personne effacée").
ALTER TABLE developer ADD COLUMN purged INTEGER;
ALTER TABLE org ADD COLUMN purged INTEGER;
