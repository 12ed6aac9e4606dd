-- Relais schema, version 12 (issue 13, item 1): the compact change log.
-- The log is rewritten once (the backup of the file is taken first); what it
-- holds does not change, only how: see `src/store/codec.rs`, the one module
-- that encodes and decodes it (and whose tests check that the expressions
-- below are its own). Bundles and the digest see the same values as before.

-- Dictionaries: a code per site id (sites of changes and of their parents),
-- per author, per kind or field name. Codes are given in order of use, so
-- the commonest names get the smallest (one-byte) codes; a name never seen
-- before (a field of a newer Relais) simply gets the next one.
CREATE TABLE log_site (code INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE log_author (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE log_name (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

-- Site codes in site id order: the log, read in (site, seq) order, is then
-- written in the order of its new key.
INSERT INTO log_site(id) SELECT DISTINCT site FROM changes ORDER BY site;
INSERT INTO log_name(name) SELECT kind FROM changes GROUP BY kind ORDER BY count(*) DESC, kind;
INSERT OR IGNORE INTO log_name(name)
    SELECT field FROM changes GROUP BY field ORDER BY count(*) DESC, field;
INSERT INTO log_author(name) SELECT author FROM changes GROUP BY author ORDER BY count(*) DESC, author;

-- Column names as before (so is most SQL text); the types say what is kept.
-- `record`: 16 bytes for a canonical UUID text, else the text as received.
-- `wall`: distance below the stamp's physical milliseconds (`codec::wall_code`).
-- `parents`: NULL for none, else varint pairs (site code, seq); copied here
-- as text, then encoded by the Rust half of this migration.
-- `hash`: only a stub's (the original content hash, which bundles carry);
-- every other row's is recomputed from the row itself when needed.
CREATE TABLE changes_compact (
    site    INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    record  BLOB    NOT NULL,
    kind    INTEGER NOT NULL,
    field   INTEGER NOT NULL,
    value   TEXT,
    stamp   INTEGER NOT NULL,
    wall    INTEGER NOT NULL,
    author  INTEGER NOT NULL,
    parents BLOB,
    hash    BLOB,
    purged  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, seq)
) WITHOUT ROWID;

INSERT INTO changes_compact(site, seq, record, kind, field, value, stamp, wall, author, parents, hash, purged)
    SELECT s.code, c.seq,
        CASE WHEN c.record GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' AND length(CAST(c.record AS BLOB)) = 36 THEN unhex(replace(c.record, '-', '')) ELSE c.record END,
        k.code, f.code, c.value, c.stamp,
        CASE WHEN c.wall < (c.stamp >> 16) - 9223372036854775807 THEN ((c.stamp >> 16) - 9223372036854775807 - 1) - (c.wall + 9223372036854775807 + 1) ELSE (c.stamp >> 16) - c.wall END,
        a.code,
        nullif(c.parents, ''),
        CASE WHEN c.purged = 1 THEN c.hash END,
        c.purged
    FROM changes c
    JOIN log_site s ON s.id = c.site
    JOIN log_name k ON k.name = c.kind
    JOIN log_name f ON f.name = c.field
    JOIN log_author a ON a.name = c.author
    ORDER BY c.site, c.seq;
DROP TABLE changes;

-- Copied once more into a table of the same shape: SQLite then copies the
-- B-tree as a bulk load (every page full) where row-by-row inserts leave
-- about an eighth of each page empty.
CREATE TABLE changes (
    site    INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    record  BLOB    NOT NULL,
    kind    INTEGER NOT NULL,
    field   INTEGER NOT NULL,
    value   TEXT,
    stamp   INTEGER NOT NULL,
    wall    INTEGER NOT NULL,
    author  INTEGER NOT NULL,
    parents BLOB,
    hash    BLOB,
    purged  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, seq)
) WITHOUT ROWID;
INSERT INTO changes SELECT * FROM changes_compact;
DROP TABLE changes_compact;

-- (record, field, site, seq): 16 + 1..2 + 1 + 1..4 bytes a change.
CREATE INDEX changes_by_field ON changes (record, field);
