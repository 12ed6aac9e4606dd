-- Run: sqlite3 proto.db < ins_prepare.sql  -> creates stage.db: time_entry rows with 16-byte blob ids
-- (what an importer would hold before key lookup) and the record_key dictionary minus time_entry ids.
ATTACH 'stage.db' AS s;
DROP TABLE IF EXISTS s.te_blob; DROP TABLE IF EXISTS s.rk_base;
CREATE TABLE s.te_blob AS SELECT k.id AS id, t.deleted, d.id AS developer, r.id AS request, w.id AS workshop, t.date, t.hours, t.note
  FROM time_entry t JOIN record_key k ON k.key = t.key LEFT JOIN record_key d ON d.key = t.developer
  LEFT JOIN record_key r ON r.key = t.request LEFT JOIN record_key w ON w.key = t.workshop ORDER BY t.key;
CREATE TABLE s.rk_base AS SELECT key, id FROM record_key WHERE key NOT IN (SELECT key FROM time_entry) ORDER BY key;
