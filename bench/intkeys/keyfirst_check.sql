-- Are the key-first covering indexes (org_area, developer_area, request_area, workshop_by_id_date) still useful?
-- Time query c (key version) with and without them, in one session; the drop is rolled back.
.output /dev/null
.timer on
.read q/c.after.sql
.read q/c.after.sql
.read q/c.after.sql
BEGIN;
DROP INDEX org_area; DROP INDEX developer_area; DROP INDEX request_area; DROP INDEX workshop_by_id_date;
.read q/c.after.sql
.read q/c.after.sql
.read q/c.after.sql
ROLLBACK;
