-- Does key order equal id order within each kind table? (counts adjacent inversions)
WITH x(tbl, key) AS (SELECT 'site', key FROM site UNION ALL SELECT 'org', key FROM org UNION ALL SELECT 'request', key FROM request
   UNION ALL SELECT 'developer', key FROM developer UNION ALL SELECT 'workshop', key FROM workshop UNION ALL SELECT 'time_entry', key FROM time_entry
   UNION ALL SELECT 'budget_line', key FROM budget_line UNION ALL SELECT 'deliverable', key FROM deliverable),
 y AS (SELECT x.tbl, x.key, k.id, lag(k.id) OVER (PARTITION BY x.tbl ORDER BY x.key) AS prev FROM x JOIN record_key k ON k.key = x.key)
SELECT tbl, count(*) AS n, sum(prev > id) AS adjacent_inversions FROM y GROUP BY tbl;
-- whole dictionary
SELECT 'record_key all', count(*), sum(prev > id) FROM (SELECT id, lag(id) OVER (ORDER BY key) prev FROM record_key);
-- ties in the listing sort keys (where the id tie-break matters)
SELECT 'time_entry rows sharing date', count(*) FROM (SELECT date COLLATE NOCASE d, count(*) c FROM time_entry WHERE deleted IS NOT 1 GROUP BY 1 HAVING c>1);
SELECT 'request titles shared', count(*) FROM (SELECT title COLLATE NOCASE d, count(*) c FROM request GROUP BY 1 HAVING c>1);
