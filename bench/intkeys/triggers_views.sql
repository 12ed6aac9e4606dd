-- Which triggers / views use record ids (id columns, reference columns, element values for people, search_key)?
.mode list
.separator " | "
SELECT type, name, tbl_name,
  trim(
   (CASE WHEN sql GLOB '*[.( ]id[ ,)=;]*' OR sql GLOB '*.id' THEN 'id ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%.organisation%' OR sql LIKE '%organisation)%' OR sql LIKE '%, organisation%' THEN 'organisation ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%.developer%' OR sql LIKE '%(developer%' OR sql LIKE '%developer =%' THEN 'developer-ref ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%.request %' OR sql LIKE '%.request)%' OR sql LIKE '%.request,%' OR sql LIKE '%.request;%' OR sql LIKE '%.request
%' THEN 'request-ref ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%.workshop%' THEN 'workshop-ref ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%.record%' OR sql LIKE '%record =%' OR sql LIKE '%record,%' THEN 'record ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%facilitator%' THEN 'element(facilitator) ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%merged%' THEN 'merged_into/merged_link ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%search_key%' THEN 'search_key ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%review_dangling%' THEN 'review_dangling ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%fig_org_year%' OR sql LIKE '%fig_dev_active%' THEN 'fig_org_year/fig_dev_active ' ELSE '' END) ||
   (CASE WHEN sql LIKE '%kept_person_last%' THEN 'kept_person_last ' ELSE '' END)) AS uses
FROM sqlite_schema WHERE type IN ('trigger','view') ORDER BY type DESC, tbl_name, name;
