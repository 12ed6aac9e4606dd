-- shape of every id / reference column in derived tables
.mode list
WITH c(tbl,col,v) AS (
  SELECT 'site','id',id FROM site UNION ALL
  SELECT 'org','id',id FROM org UNION ALL SELECT 'org','merged_into',merged_into FROM org UNION ALL
  SELECT 'request','id',id FROM request UNION ALL SELECT 'request','organisation',organisation FROM request UNION ALL
  SELECT 'developer','id',id FROM developer UNION ALL SELECT 'developer','merged_into',merged_into FROM developer UNION ALL
  SELECT 'workshop','id',id FROM workshop UNION ALL SELECT 'workshop','site',site FROM workshop UNION ALL
  SELECT 'workshop','request',request FROM workshop UNION ALL SELECT 'workshop','place',place FROM workshop UNION ALL
  SELECT 'time_entry','id',id FROM time_entry UNION ALL SELECT 'time_entry','developer',developer FROM time_entry UNION ALL
  SELECT 'time_entry','request',request FROM time_entry UNION ALL SELECT 'time_entry','workshop',workshop FROM time_entry UNION ALL
  SELECT 'budget_line','id',id FROM budget_line UNION ALL
  SELECT 'deliverable','id',id FROM deliverable UNION ALL SELECT 'deliverable','request',request FROM deliverable UNION ALL
  SELECT 'place','id',id FROM place UNION ALL
  SELECT 'element','record',record FROM element UNION ALL
  SELECT 'element','element(dev/fac)',element FROM element WHERE name IN ('developer','facilitator') UNION ALL
  SELECT 'record_digest','record',record FROM record_digest UNION ALL
  SELECT 'search_key','id',id FROM search_key UNION ALL
  SELECT 'kept_person_last','developer',developer FROM kept_person_last UNION ALL
  SELECT 'fig_org_year','organisation',organisation FROM fig_org_year UNION ALL
  SELECT 'fig_dev_active','developer',developer FROM fig_dev_active UNION ALL
  SELECT 'conflict','record',record FROM conflict UNION ALL
  SELECT 'review_dangling','record',record FROM review_dangling UNION ALL SELECT 'review_dangling','missing',missing FROM review_dangling UNION ALL
  SELECT 'merged_link','id',id FROM merged_link UNION ALL SELECT 'merged_link','target',target FROM merged_link UNION ALL
  SELECT 'purge_marker','record',record FROM purge_marker
)
SELECT tbl, col, typeof(v) AS t, length(v) AS len,
       CASE WHEN v GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' THEN 'uuid-lc'
            WHEN v IS NULL THEN 'null' ELSE 'other' END AS shape,
       count(*), count(DISTINCT v)
FROM c GROUP BY 1,2,3,4,5 ORDER BY 1,2;
