-- Relais schema, version 1.
-- The change log is the truth; every other table is derived from it by the
-- merge rule and carries no constraint a merge could break (no foreign key,
-- no NOT NULL, no UNIQUE beyond the record id it is keyed by).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;

-- Field-level changes, from this site and from every site we heard of.
CREATE TABLE changes (
    site    TEXT    NOT NULL,
    seq     INTEGER NOT NULL,
    record  TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    field   TEXT    NOT NULL,
    value   TEXT,
    stamp   INTEGER NOT NULL,
    wall    INTEGER NOT NULL,
    author  TEXT    NOT NULL,
    parents TEXT    NOT NULL,
    hash    BLOB    NOT NULL,
    purged  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, seq)
) WITHOUT ROWID;
CREATE INDEX changes_by_field ON changes (record, field);

-- Version vector: per origin site, the highest seq held without gaps.
CREATE TABLE vector (
    site       TEXT PRIMARY KEY,
    contiguous INTEGER,
    max_seq    INTEGER,
    changes    INTEGER
) WITHOUT ROWID;

-- Fields whose heads disagree, and deletions concurrent with edits
-- (field = 'deleted', reason = 'deleted').
CREATE TABLE conflict (
    record TEXT,
    field  TEXT,
    kind   TEXT,
    reason TEXT,
    PRIMARY KEY (record, field)
) WITHOUT ROWID;

-- One row per present element of a set field (skill.web = 3).
CREATE TABLE element (
    record  TEXT,
    name    TEXT,
    element TEXT,
    value   TEXT,
    PRIMARY KEY (record, name, element)
) WITHOUT ROWID;
CREATE INDEX element_by_name ON element (name, element);

CREATE TABLE site (
    id TEXT PRIMARY KEY, deleted INTEGER,
    name TEXT, departement TEXT, commune TEXT, role TEXT, public_key TEXT,
    enrolled_on TEXT, revoked_after NUMERIC
);

CREATE TABLE org (
    id TEXT PRIMARY KEY, deleted INTEGER,
    name TEXT, kind TEXT, siret TEXT, departement TEXT, commune TEXT,
    website TEXT, contact TEXT
);

CREATE TABLE request (
    id TEXT PRIMARY KEY, deleted INTEGER,
    title TEXT, need TEXT, organisation TEXT, departement TEXT, category TEXT,
    data_sources TEXT, licence TEXT, priority TEXT, status TEXT, status_reason TEXT,
    estimated_hours NUMERIC, received_on TEXT, delivered_on TEXT
);
CREATE INDEX request_by_status ON request (status, departement);
CREATE INDEX request_by_title ON request (title COLLATE NOCASE);

CREATE TABLE developer (
    id TEXT PRIMARY KEY, deleted INTEGER,
    name TEXT, email TEXT, departement TEXT, role TEXT, availability NUMERIC,
    last_activity TEXT
);

CREATE TABLE workshop (
    id TEXT PRIMARY KEY, deleted INTEGER,
    title TEXT, kind TEXT, date TEXT, duration NUMERIC, site TEXT, request TEXT,
    participants NUMERIC, outputs TEXT, notes TEXT
);
CREATE INDEX workshop_by_date ON workshop (date);

CREATE TABLE time_entry (
    id TEXT PRIMARY KEY, deleted INTEGER,
    developer TEXT, request TEXT, workshop TEXT, date TEXT, hours NUMERIC, note TEXT
);
CREATE INDEX time_by_request ON time_entry (request);
CREATE INDEX time_by_developer ON time_entry (developer);

CREATE TABLE budget_line (
    id TEXT PRIMARY KEY, deleted INTEGER,
    year NUMERIC, amount NUMERIC, label TEXT
);

CREATE TABLE deliverable (
    id TEXT PRIMARY KEY, deleted INTEGER,
    title TEXT, request TEXT, kind TEXT, url TEXT, licence TEXT, published_on TEXT
);
CREATE INDEX deliverable_by_request ON deliverable (request);
