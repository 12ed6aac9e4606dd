-- Relais schema, version 2: local sync bookkeeping. None of these tables is
-- replicated or covered by the digest; they only remember what this
-- installation chose (trusted cards) and what its peers told it (acks).

-- What each peer said it holds (the ack vector of its latest bundles),
-- merged by maximum so that a stale resend never moves it back.
CREATE TABLE peer_ack (
    peer TEXT    NOT NULL,
    site TEXT    NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (peer, site)
) WITHOUT ROWID;

-- Bundles already imported: importing one again is a no-op.
CREATE TABLE imported_bundle (
    id          TEXT PRIMARY KEY,
    sender      TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    changes     INTEGER NOT NULL
) WITHOUT ROWID;

-- Site cards this installation chose to trust (`relais trust FILE`), and the
-- ones it revoked locally.
CREATE TABLE trusted_card (
    site        TEXT PRIMARY KEY,
    public_key  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    departement TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    trusted_at  INTEGER NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
