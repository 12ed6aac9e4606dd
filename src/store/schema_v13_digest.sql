-- Relais schema: the kept state digest (issue 13). One digest per record with
-- derived state (SHA-256 over its row, elements and conflicts) and their sum
-- modulo 2^256, maintained as changes are applied, so that `status` reads one
-- row. Filled for an existing database by the Rust step that follows the
-- migrations (`digest_kept::build_if_absent`).
CREATE TABLE IF NOT EXISTS record_digest (
    record TEXT PRIMARY KEY,
    digest BLOB NOT NULL,
    -- The kind tables where the record has a live row (bits of Kind::ALL).
    live   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS digest_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    total BLOB NOT NULL
);

-- Live records per kind (`deleted` is not 1), kept with the digests.
CREATE TABLE IF NOT EXISTS live_count (
    kind TEXT PRIMARY KEY,
    live INTEGER NOT NULL
) WITHOUT ROWID;
