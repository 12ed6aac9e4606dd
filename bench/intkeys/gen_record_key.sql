-- Run against the ORIGINAL layout (base.db). Emits SQL (to stdout) that fills
-- stage_key(key, idtext, idblob) in the prototype. sqlite 3.40 has no unhex(),
-- so the 16-byte blobs are written as X'..' literals.
-- Key assignment: ids already in search_key keep their key (so the contentless
-- FTS rowids stay valid and FTS needs no rebuild); every other id gets the next
-- key in order of first appearance in the change log, then (ids absent from the
-- log, e.g. dangling references) in id order.
.mode list
.headers off
CREATE TEMP TABLE allid(id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO allid
  SELECT id FROM site UNION SELECT id FROM org UNION SELECT merged_into FROM org
  UNION SELECT id FROM request UNION SELECT organisation FROM request
  UNION SELECT id FROM developer UNION SELECT merged_into FROM developer
  UNION SELECT id FROM workshop UNION SELECT site FROM workshop UNION SELECT request FROM workshop UNION SELECT place FROM workshop
  UNION SELECT id FROM time_entry UNION SELECT developer FROM time_entry UNION SELECT request FROM time_entry UNION SELECT workshop FROM time_entry
  UNION SELECT id FROM budget_line UNION SELECT id FROM deliverable UNION SELECT request FROM deliverable UNION SELECT id FROM place
  UNION SELECT record FROM element UNION SELECT element FROM element WHERE name IN ('developer','facilitator')
  UNION SELECT record FROM record_digest UNION SELECT id FROM search_key
  UNION SELECT developer FROM kept_person_last UNION SELECT organisation FROM fig_org_year UNION SELECT developer FROM fig_dev_active
  UNION SELECT record FROM conflict UNION SELECT record FROM review_dangling UNION SELECT missing FROM review_dangling
  UNION SELECT id FROM merged_link UNION SELECT target FROM merged_link;
DELETE FROM allid WHERE id IS NULL OR trim(id) = '';
CREATE TEMP TABLE first_seen(h TEXT PRIMARY KEY, s INTEGER) WITHOUT ROWID;
INSERT INTO first_seen SELECT lower(CAST(CASE WHEN length(record)=16 AND typeof(record)='blob' THEN hex(record) END AS TEXT)), min(site*1099511627776+seq)
  FROM changes WHERE typeof(record)='blob' GROUP BY record;
-- site record (non-UUID) is logged as the ASCII bytes of its text id
INSERT OR REPLACE INTO first_seen SELECT CAST(record AS TEXT), min(site*1099511627776+seq) FROM changes
  WHERE CAST(record AS TEXT) IN (SELECT id FROM allid WHERE length(id) <> 36) GROUP BY CAST(record AS TEXT);
CREATE TEMP TABLE assigned(key INTEGER PRIMARY KEY, id TEXT UNIQUE);
INSERT INTO assigned SELECT key, id FROM search_key;
INSERT INTO assigned(id)
  SELECT a.id FROM allid a LEFT JOIN first_seen f ON f.h = (CASE WHEN length(a.id)=36 THEN replace(a.id,'-','') ELSE a.id END)
  WHERE a.id NOT IN (SELECT id FROM search_key)
  ORDER BY f.s IS NULL, f.s, a.id;
SELECT 'BEGIN;';
SELECT 'INSERT INTO stage_key VALUES(' || key || ',''' || id || ''',' ||
       CASE WHEN id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
            THEN 'X''' || replace(id,'-','') || ''''
            ELSE '''' || id || '''' END || ');'
  FROM assigned ORDER BY key;
SELECT 'COMMIT;';
