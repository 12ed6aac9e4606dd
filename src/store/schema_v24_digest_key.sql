-- Relais schema, version 24 (issue 13): the kept record digests
-- (`record_digest`, schema v13) are stored under their record's key (v22)
-- instead of its 36-character id: a rowid table of key, digest and live
-- kinds, about 4 B/change less at `demo --scale 100000`. The table is
-- rebuilt by `keys::key_record_digests` after this step (once: it looks for
-- the old `record` column); no trigger or view reads it.
SELECT 1;
