-- Relais schema, version 4: sync that trusts no one too much.

-- Imported bundles keyed by (sender, id): a bundle reusing the id of another
-- site's bundle no longer makes the real one look imported already.
CREATE TABLE imported_bundle_v4 (
    sender      TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    changes     INTEGER NOT NULL,
    PRIMARY KEY (sender, id)
) WITHOUT ROWID;
INSERT INTO imported_bundle_v4(sender, id, imported_at, changes)
    SELECT sender, id, imported_at, changes FROM imported_bundle;
DROP TABLE imported_bundle;
ALTER TABLE imported_bundle_v4 RENAME TO imported_bundle;

-- Acks are clamped to what this site holds: an inflated ack from before
-- this version comes down to the truth.
UPDATE peer_ack SET seq = min(seq, coalesce(
    (SELECT max_seq FROM vector WHERE vector.site = peer_ack.site), 0));

-- Cards trusted as the regional lead only through an explicit
-- `relais trust CARD --as-lead` (1), never from what a card says of itself.
ALTER TABLE trusted_card ADD COLUMN lead INTEGER NOT NULL DEFAULT 0;
UPDATE trusted_card SET lead = 1 WHERE role = 'regional';
