#!/usr/bin/env bash
# The readers a schema change can slow down (issue 13, session 8; not a timed
# test): the listings, the report, search, suggestions and status, timed with
# a "before" binary on its database and an "after" binary on its own, each
# best of three after a warm-up, alternating, with the sqlite3 shell's bare
# `select *` of the listed tables in the same run.
# Usage: bench/readers.sh BEFORE_BIN BEFORE_DB AFTER_BIN AFTER_DB
# (the databases are read, never written: give copies migrated beforehand,
# since opening an older file with a newer binary migrates it).

set -uo pipefail
T="$(mktemp)"
trap 'rm -rf "$T" "$T.csv"' EXIT
export RELAIS_CONFIG=/dev/null RELAIS_NOW=2026-11-26T10:00:00Z LANG=C.UTF-8
B=$1; BD=$2; A=$3; AD=$4
REQ=$(sqlite3 -readonly "$AD" "SELECT id FROM request WHERE deleted IS NOT 1 ORDER BY id LIMIT 1")
best() { local b=""; for i in 1 2 3 4; do /usr/bin/time -o "$T" -f %e "$@" >/dev/null 2>/dev/null; s=$(tail -1 "$T"); [ $i = 1 ] && continue; if [ -z "$b" ] || awk "BEGIN{exit !($s<$b)}"; then b=$s; fi; done; echo "$b"; }
run() { local name="$1"; shift; echo "$name|$(best "$B" --db "$BD" "$@")|$(best "$A" --db "$AD" "$@")"; }
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command|before|after"
run "list request" list request
run "list request --json" list request --json
run "list time" list time
run "list time --json" list time --json
run "list workshop" list workshop
run "list developer" list developer
run "report --year 2026" report --year 2026 --format csv --out "$T.csv"
run "search verdon" search verdon
run "search cartographie" search cartographie
run "suggest REQ" suggest "$REQ" --limit 10
run "status" status
echo "sqlite3 -csv select * from request|$(best sqlite3 -csv "$AD" 'select * from request')"
echo "sqlite3 -json select * from request|$(best sqlite3 -json "$AD" 'select * from request')"
echo "sqlite3 -csv select * from time_entry|$(best sqlite3 -csv "$AD" 'select * from time_entry')"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
