#!/usr/bin/env bash
# Streaming reads benchmark (issue 13, item 3; not a timed test): wall time
# and peak memory (/usr/bin/time -v) of `list`, `list --json`, `history` and
# the open-data exports on `demo --scale N`, each beside the sqlite3 shell
# reading the same table in the same run. Goals: <= 2x the sqlite3 time,
# <= 30 MB peak.
# Usage: bench/list.sh [SCALE] [DB] (default 100000, a fresh database in a
# temporary folder; give DB to reuse one built before, it is never written).
# RELAIS_BENCH_NO_BUILD=1 skips the release build; RELAIS_BIN names the
# binary (default: the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-100000}"
[ -n "${RELAIS_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet
R="${RELAIS_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/relais}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-11-26T10:00:00Z LANG=C.UTF-8
DB="${2:-$W/bench.db}"
if [ ! -e "$DB" ]; then
    "$R" --db "$DB" init --name bench --departement 13 --role regional --author bench >/dev/null
    "$R" --db "$DB" demo --scale "$SCALE" >/dev/null
    "$R" --db "$DB" sites import tests/fixtures/regionsud_lieux_inclusion_numerique_2022.csv >/dev/null
fi
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
wall_s() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ print $(NF-1) * 60 + $NF }'; }

# measure NAME COMMAND...: one warm-up run (the page cache), then the
# measured one; prints NAME,seconds,peak_kb,bytes.
measure() {
    local name="$1"
    shift
    "$@" >"$W/out" 2>/dev/null
    /usr/bin/time -v "$@" >"$W/out" 2>"$W/time.txt"
    echo "$name,$(wall_s "$W/time.txt"),$(peak_kb "$W/time.txt"),$(stat -c %s "$W/out")"
}

# The record with the longest history.
RECORD=$(sqlite3 "$DB" "SELECT record FROM changes GROUP BY record ORDER BY count(*) DESC LIMIT 1")
KIND=$(sqlite3 "$DB" "SELECT kind FROM changes WHERE record = '$RECORD' LIMIT 1")

echo "command,seconds,peak_kb,bytes"
# kind:table
for pair in request:request time:time_entry developer:developer; do
    kind="${pair%%:*}" table="${pair##*:}"
    measure "relais list $kind --json" "$R" --db "$DB" list "$kind" --json
    measure "sqlite3 -json select * from $table" sqlite3 -json "$DB" "SELECT * FROM $table"
    measure "relais list $kind" "$R" --db "$DB" list "$kind"
    measure "sqlite3 -csv select * from $table" sqlite3 -csv "$DB" "SELECT * FROM $table"
done
measure "relais history $KIND --json ($RECORD)" "$R" --db "$DB" history "$KIND" "$RECORD" --json
measure "relais history $KIND ($RECORD)" "$R" --db "$DB" history "$KIND" "$RECORD"
measure "sqlite3 -json changes of $RECORD" sqlite3 -json "$DB" "SELECT * FROM changes WHERE record = '$RECORD' ORDER BY stamp"
for format in csv json geojson; do
    measure "relais publish catalogue --format $format" "$R" --db "$DB" publish catalogue --format "$format"
done
measure "sqlite3 -csv select * from deliverable" sqlite3 -csv "$DB" "SELECT * FROM deliverable"
for format in lamednum geojson; do
    measure "relais sites export --format $format" "$R" --db "$DB" sites export --format "$format"
done
measure "sqlite3 -csv select * from place" sqlite3 -csv "$DB" "SELECT * FROM place"
for format in csv xlsx; do
    measure "relais report --year 2026 --format $format" "$R" --db "$DB" report --year 2026 --format "$format" --out "$W/report.$format"
done
