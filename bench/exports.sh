#!/usr/bin/env bash
# Every listing, history and export beside the sqlite3 read of the same rows
# (issue 13 item 3, session 9; not a timed test). For each command: wall
# time and peak RSS of each given binary, then the sqlite3 shell's bare read
# of the rows the command writes (`select *` of the listed table in its own
# order: the issue's reference; for an export drawing on several tables,
# of every row it draws from, below), all in the same run, each the best of
# RELAIS_BENCH_RUNS (default 3) after one warm-up, binaries alternating.
# Goals: time <= 2x the reference, peak <= 30 MB.
# Usage: bench/exports.sh DB BIN [BIN...] (DB is read, never written: give a
# copy already migrated by the newest binary, since opening an older file
# with a newer binary migrates it). Prints one `|`-separated line per
# command: name, then seconds and peak MB per binary, then the reference's
# command, seconds and peak MB, then the last binary's time ratio.
set -uo pipefail
DB=$1
shift
BINS=("$@")
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG=/dev/null RELAIS_NOW=2026-11-26T10:00:00Z LANG=C.UTF-8
RUNS="${RELAIS_BENCH_RUNS:-3}"

peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
wall_s() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ print $(NF-1) * 60 + $NF }'; }

# best COMMAND...: one warm-up, then the best of RUNS; prints "seconds|MB".
best() {
    local b="" p="" s
    # A command that fails is not timed: its figure would be its error's.
    if ! "$@" >"$W/out" 2>/dev/null; then
        echo "failed|-"
        return
    fi
    for _ in $(seq "$RUNS"); do
        rm -rf "$W/site"
        /usr/bin/time -v "$@" >"$W/out" 2>"$W/time.txt"
        s=$(wall_s "$W/time.txt")
        if [ -z "$b" ] || awk "BEGIN { exit !($s < $b) }"; then
            b=$s p=$(peak_kb "$W/time.txt")
        fi
    done
    awk "BEGIN { printf \"%.2f|%.1f\", $b, $p / 1024 }"
}

# row NAME REF_SQL_MODE REF_SQL -- RELAIS_ARGS...: one line of the table.
row() {
    local name=$1 mode=$2 sql=$3 line t ref
    shift 4
    line="$name"
    for bin in "${BINS[@]}"; do
        t=$(best "$bin" --db "$DB" "$@")
        line="$line|$t"
    done
    if [ -n "$sql" ]; then
        ref=$(best sqlite3 -readonly "-$mode" "$DB" "$sql")
        line="$line|sqlite3 -$mode \"$sql\"|$ref|$(awk "BEGIN { r = ${ref%%|*}; printf \"%.1f\", (r > 0 ? ${t%%|*} / r : 0) }")"
    else
        line="$line|||"
    fi
    echo "$line"
}

# The record with the longest history and the busiest person, by their
# record keys (the log and a time entry's references hold keys since
# schemas v25 and v29), and their ids as the commands take them.
id_of() { # KEY: the id record_key holds for it, a UUID's 16 bytes spelt out
    local id
    id=$(sqlite3 -readonly "$DB" "SELECT CASE typeof(id) WHEN 'blob' THEN lower(hex(id)) ELSE id END FROM record_key WHERE key = $1")
    if [[ "$id" =~ ^[0-9a-f]{32}$ ]]; then
        id="${id:0:8}-${id:8:4}-${id:12:4}-${id:16:4}-${id:20:12}"
    fi
    echo "$id"
}
KEY=$(sqlite3 -readonly "$DB" "SELECT record FROM changes GROUP BY record ORDER BY count(*) DESC LIMIT 1")
RECORD=$(id_of "$KEY")
KIND=$(sqlite3 -readonly "$DB" "SELECT n.name FROM changes c JOIN log_name n ON n.code = c.kind WHERE c.record = $KEY LIMIT 1")
DEV_KEY=$(sqlite3 -readonly "$DB" "SELECT developer FROM time_entry WHERE deleted IS NOT 1 GROUP BY developer ORDER BY count(*) DESC LIMIT 1")
DEV=$(id_of "$DEV_KEY")

echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC, $(nproc) cores"
for pair in site:site org:org request:request developer:developer workshop:workshop \
    time:time_entry budget:budget_line deliverable:deliverable place:place; do
    IFS=: read -r kind table <<<"$pair"
    row "list $kind" csv "SELECT * FROM $table" -- list "$kind"
    row "list $kind --json" json "SELECT * FROM $table" -- list "$kind" --json
done
row "history $KIND (longest, $RECORD)" json "SELECT * FROM changes WHERE record = $KEY" -- history "$KIND" "$RECORD"
row "history $KIND --json" json "SELECT * FROM changes WHERE record = $KEY" -- history "$KIND" "$RECORD" --json
# An export that writes rows drawn from several tables is compared with the
# bare read of every row it draws from: the catalogue names each
# deliverable's request and organisation; the site adds the skills and
# workshops; the right of access reads a person's record, their log, hours,
# workshops and requests. The catalogue is also given against its own
# table alone (the reading that leaves the joined rows out).
CATALOGUE_ROWS="SELECT * FROM deliverable; SELECT * FROM request WHERE id IN (SELECT request FROM deliverable); SELECT * FROM org WHERE id IN (SELECT organisation FROM request WHERE id IN (SELECT request FROM deliverable))"
for f in csv json geojson; do
    row "publish catalogue --format $f" csv "$CATALOGUE_ROWS" -- publish catalogue --format "$f"
done
row "publish catalogue --format csv (its own table alone)" csv "SELECT * FROM deliverable" -- publish catalogue --format csv
for f in csv json; do
    row "publish skills --format $f" csv "SELECT * FROM element WHERE name = 'skill'" -- publish skills --format "$f"
    row "publish workshops --format $f" csv "SELECT * FROM workshop" -- publish workshops --format "$f"
done
row "publish site" csv "$CATALOGUE_ROWS; SELECT * FROM element WHERE name = 'skill'; SELECT * FROM workshop" -- publish site --out "$W/site"
for f in lamednum geojson; do
    row "sites export --format $f" csv "SELECT * FROM place" -- sites export --format "$f"
done
for f in text md html json; do
    row "report --year 2026 --format $f" "" "" -- report --year 2026 --format "$f"
done
row "report --year 2026 --format xlsx" "" "" -- report --year 2026 --format xlsx --out "$W/r.xlsx"
row "report --year 2026 --format csv" "" "" -- report --year 2026 --format csv --out "$W/r.csv"
PERSON_ROWS="SELECT * FROM developer WHERE rowid = $DEV_KEY; SELECT * FROM changes WHERE record = $DEV_KEY; SELECT * FROM time_entry WHERE developer = $DEV_KEY; SELECT * FROM workshop WHERE rowid IN (SELECT key FROM element WHERE name = 'facilitator' AND element = '$DEV'); SELECT * FROM request WHERE rowid IN (SELECT key FROM element WHERE name = 'developer' AND element = '$DEV')"
row "privacy export (busiest developer)" json "$PERSON_ROWS" -- privacy export "$DEV"
row "privacy review" "" "" -- privacy review
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"
