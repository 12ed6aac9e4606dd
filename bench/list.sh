#!/usr/bin/env bash
# Streaming reads benchmark (issue 13, item 3; not a timed test): wall time
# and peak memory (/usr/bin/time -v) of `list`, `list --json`, `history` and
# the open-data exports on `demo --scale N`, each beside the sqlite3 shell
# reading the same table in the same run. Goals: <= 2x the sqlite3 time,
# <= 30 MB peak. Beside the issue's reference (`select *` in the table's
# own order) each command also gets a fair one: the sqlite3 shell running
# the SQL that returns the same columns in the same order (the listing's
# label order, the labels of referenced records joined, the catalogue's
# joins).
# Usage: bench/list.sh [SCALE] [DB] (default 100000, a fresh database in a
# temporary folder; give DB to reuse one built before, it is never written).
# RELAIS_BENCH_NO_BUILD=1 skips the release build; RELAIS_BIN names the
# binary (default: the release build); RELAIS_BENCH_RUNS the measured runs
# per command (default 3, the best is kept: the machine is shared).
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
# best of RELAIS_BENCH_RUNS measured ones; prints NAME,seconds,peak_kb,bytes.
RUNS="${RELAIS_BENCH_RUNS:-3}"
measure() {
    local name="$1" best="" peak="" seconds
    shift
    "$@" >"$W/out" 2>/dev/null
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v "$@" >"$W/out" 2>"$W/time.txt"
        seconds=$(wall_s "$W/time.txt")
        if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then
            best=$seconds peak=$(peak_kb "$W/time.txt")
        fi
    done
    echo "$name,$best,$peak,$(stat -c %s "$W/out")"
}

# The record with the longest history, by its record key (the log holds
# keys since schema v25), and its id as the commands take it (as
# bench/exports.sh finds it).
KEY=$(sqlite3 -readonly "$DB" "SELECT record FROM changes GROUP BY record ORDER BY count(*) DESC LIMIT 1")
RECORD=$(sqlite3 -readonly "$DB" "SELECT CASE typeof(id) WHEN 'blob' THEN lower(hex(id)) ELSE id END FROM record_key WHERE key = $KEY")
if [[ "$RECORD" =~ ^[0-9a-f]{32}$ ]]; then
    RECORD="${RECORD:0:8}-${RECORD:8:4}-${RECORD:12:4}-${RECORD:16:4}-${RECORD:20:12}"
fi
KIND=$(sqlite3 -readonly "$DB" "SELECT n.name FROM changes c JOIN log_name n ON n.code = c.kind WHERE c.record = $KEY LIMIT 1")

echo "command,seconds,peak_kb,bytes"
# kind:table:label
for triple in request:request:title time:time_entry:date developer:developer:name; do
    IFS=: read -r kind table label <<<"$triple"
    order="WHERE deleted IS NOT 1 ORDER BY $label COLLATE NOCASE, id"
    measure "relais list $kind --json" "$R" --db "$DB" list "$kind" --json
    measure "sqlite3 -json select * from $table" sqlite3 -json "$DB" "SELECT * FROM $table"
    measure "sqlite3 -json select * from $table in label order" sqlite3 -json "$DB" "SELECT * FROM $table $order"
    measure "relais list $kind" "$R" --db "$DB" list "$kind"
    measure "sqlite3 -csv select * from $table" sqlite3 -csv "$DB" "SELECT * FROM $table"
done
# The text listings' own columns, in label order, labels joined.
measure "sqlite3 -csv list request columns" sqlite3 -csv "$DB" \
    "SELECT id, title, status, departement, category FROM request
     WHERE deleted IS NOT 1 ORDER BY title COLLATE NOCASE, id"
# A time entry's references are record keys since schema v29 (so `select *
# from time_entry` above prints keys, not ids): the labels by rowid.
measure "sqlite3 -csv list time columns" sqlite3 -csv "$DB" \
    "SELECT t.id, t.date, t.hours, r0.name, r1.title FROM time_entry t
     LEFT JOIN developer r0 ON r0.rowid = t.developer LEFT JOIN request r1 ON r1.rowid = t.request
     WHERE t.deleted IS NOT 1 ORDER BY t.date COLLATE NOCASE, t.id"
measure "sqlite3 -csv list developer columns" sqlite3 -csv "$DB" \
    "SELECT t.id, t.name, t.departement, t.role, group_concat(e.element) FROM developer t
     LEFT JOIN element e ON e.key = t.rowid AND e.name = 'skill'
     WHERE t.deleted IS NOT 1 GROUP BY t.id ORDER BY t.name COLLATE NOCASE, t.id"
measure "relais history $KIND --json ($RECORD)" "$R" --db "$DB" history "$KIND" "$RECORD" --json
measure "relais history $KIND ($RECORD)" "$R" --db "$DB" history "$KIND" "$RECORD"
measure "sqlite3 -json changes of $RECORD" sqlite3 -json "$DB" "SELECT * FROM changes WHERE record = $KEY ORDER BY stamp"
for format in csv json geojson; do
    measure "relais publish catalogue --format $format" "$R" --db "$DB" publish catalogue --format "$format"
done
measure "sqlite3 -csv select * from deliverable" sqlite3 -csv "$DB" "SELECT * FROM deliverable"
# The catalogue's own query (src/store/publish.rs, CATALOGUE_SQL).
CATALOGUE="SELECT d.id, d.title, d.kind, o.name, coalesce(r.departement, o.departement), o.commune,
       d.url, d.licence, d.published_on, r.title
    FROM deliverable d
    LEFT JOIN request r ON r.id = d.request AND r.deleted IS NOT 1
    LEFT JOIN org o ON o.id = r.organisation AND o.deleted IS NOT 1
    WHERE d.deleted IS NOT 1 AND d.title IS NOT NULL
    ORDER BY d.published_on DESC, d.title, d.id"
measure "sqlite3 -csv catalogue query" sqlite3 -csv "$DB" "$CATALOGUE"
measure "sqlite3 -json catalogue query" sqlite3 -json "$DB" "$CATALOGUE"
for format in lamednum geojson; do
    measure "relais sites export --format $format" "$R" --db "$DB" sites export --format "$format"
done
measure "sqlite3 -csv select * from place" sqlite3 -csv "$DB" "SELECT * FROM place"
for format in csv xlsx; do
    measure "relais report --year 2026 --format $format" "$R" --db "$DB" report --year 2026 --format "$format" --out "$W/report.$format"
done
