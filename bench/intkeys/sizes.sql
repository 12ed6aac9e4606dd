-- Usage: sqlite3 base.db < sizes.sql   (proto.db is attached as p)
ATTACH 'proto.db' AS p;
CREATE TEMP TABLE sz AS
  WITH b AS (SELECT name, sum(pgsize) AS sz FROM dbstat('main') GROUP BY name),
       a AS (SELECT name, sum(pgsize) AS sz FROM dbstat('p') GROUP BY name),
       n AS (SELECT name FROM b UNION SELECT name FROM a)
  SELECT n.name, coalesce(b.sz,0) AS before, coalesce(a.sz,0) AS after FROM n LEFT JOIN b USING(name) LEFT JOIN a USING(name);
.mode list
.headers off
.separator ""
SELECT '| object | before B | after B | saved B | before B/chg | after B/chg | saved B/chg |';
SELECT '|---|---:|---:|---:|---:|---:|---:|';
SELECT printf('| %s | %d | %d | %d | %.2f | %.2f | %.2f |', name, before, after, before-after,
              before/3135451.0, after/3135451.0, (before-after)/3135451.0)
  FROM temp.sz ORDER BY before-after DESC, name;
SELECT printf('| **TOTAL** | %d | %d | %d | %.2f | %.2f | %.2f |', sum(before), sum(after), sum(before)-sum(after),
              sum(before)/3135451.0, sum(after)/3135451.0, (sum(before)-sum(after))/3135451.0) FROM temp.sz;
SELECT printf('| log (changes + changes_by_field) | %d | %d | %d | %.2f | %.2f | %.2f |', sum(before), sum(after), sum(before)-sum(after),
              sum(before)/3135451.0, sum(after)/3135451.0, (sum(before)-sum(after))/3135451.0) FROM temp.sz WHERE name IN ('changes','changes_by_field');
SELECT printf('| everything else | %d | %d | %d | %.2f | %.2f | %.2f |', sum(before), sum(after), sum(before)-sum(after),
              sum(before)/3135451.0, sum(after)/3135451.0, (sum(before)-sum(after))/3135451.0) FROM temp.sz WHERE name NOT IN ('changes','changes_by_field');
SELECT printf('| id/key-first covering indexes (org_area, developer_area, request_area, workshop_by_id_date) | %d | %d | %d | %.2f | %.2f | %.2f |', sum(before), sum(after), sum(before)-sum(after),
              sum(before)/3135451.0, sum(after)/3135451.0, (sum(before)-sum(after))/3135451.0) FROM temp.sz WHERE name IN ('org_area','developer_area','request_area','workshop_by_id_date');
SELECT printf('page_count x page_size: before %d, after %d', (SELECT page_count*page_size FROM pragma_page_count('main'), pragma_page_size('main')),
              (SELECT page_count*page_size FROM pragma_page_count('p'), pragma_page_size('p')));
