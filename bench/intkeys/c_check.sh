#!/bin/bash
# Correctness check of the key rewrite of recount_review_dangling with a non-empty result:
# inside a rolled-back transaction, mark the first 50 orgs, 20 developers and 300 requests (by id order) deleted.
cd "${IK_DIR:-/tmp/ik}"
sqlite3 -csv base.db "BEGIN; $(cat /tmp/ik/_droptrig.sql)  -- (triggers dropped inside the rolled-back transaction: sqlite 3.40 cannot parse contentless_delete FTS used by them)

UPDATE org SET deleted=1 WHERE id IN (SELECT id FROM org ORDER BY id LIMIT 50);
UPDATE developer SET deleted=1 WHERE id IN (SELECT id FROM developer ORDER BY id LIMIT 20);
UPDATE request SET deleted=1 WHERE id IN (SELECT id FROM request ORDER BY id LIMIT 300 OFFSET 1000);
SELECT * FROM ($(cat q/c.before.sql)) ORDER BY 1,2,3;
ROLLBACK;" > out/c_check.before.out
sqlite3 -csv proto.db "BEGIN;
UPDATE org SET deleted=1 WHERE key IN (SELECT o.key FROM org o JOIN record_key k ON k.key=o.key ORDER BY k.id LIMIT 50);
UPDATE developer SET deleted=1 WHERE key IN (SELECT o.key FROM developer o JOIN record_key k ON k.key=o.key ORDER BY k.id LIMIT 20);
UPDATE request SET deleted=1 WHERE key IN (SELECT o.key FROM request o JOIN record_key k ON k.key=o.key ORDER BY k.id LIMIT 300 OFFSET 1000);
SELECT * FROM ($(cat q/c.after.sql)) ORDER BY 1,2,3;
ROLLBACK;" > out/c_check.after.out
wc -l out/c_check.*.out; cmp out/c_check.before.out out/c_check.after.out && echo "c (non-empty) identical: yes"
