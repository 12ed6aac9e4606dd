-- Relais schema, version 5 (applies after version 4): the places of the
-- national directory of digital inclusion, a replicated kind like any other
-- (no constraint a merge could break), and the place a workshop was held in.

CREATE TABLE place (
    id TEXT PRIMARY KEY, deleted INTEGER,
    name TEXT, directory_key TEXT, directory_id TEXT, siret TEXT, address TEXT,
    postcode TEXT, commune TEXT, commune_name TEXT, departement TEXT,
    latitude TEXT, longitude TEXT, typology TEXT, services TEXT, website TEXT,
    source TEXT, updated_on TEXT
);
CREATE INDEX place_by_key ON place (directory_key);
CREATE INDEX place_by_commune ON place (commune, deleted);

ALTER TABLE workshop ADD COLUMN place TEXT;
