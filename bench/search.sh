#!/bin/sh
# Times `relais search QUERY --limit 20` as a whole process against
# `fzf --filter QUERY` over the same records' titles, on a database made by
# `relais demo --scale 100000` (built once, kept in $WORK), for the queries
# of issue 11, in the same run. Needs fzf and sqlite3 (or python3).
#   bench/search.sh [path/to/relais]
set -eu
RELAIS=${1:-target/release/relais}
WORK=${WORK:-/tmp/relais-bench-search}
SCALE=${SCALE:-100000}
mkdir -p "$WORK"
export RELAIS_DB="$WORK/bench.db" RELAIS_CONFIG="$WORK/config.toml" LANG=C.UTF-8
if [ ! -f "$RELAIS_DB" ]; then
    "$RELAIS" init --name Bench --departement 04 --author bench >/dev/null
    "$RELAIS" demo --scale "$SCALE" >/dev/null
fi
# Opening an older file migrates it (and backs it up) once, outside the timing.
"$RELAIS" status >/dev/null
if [ ! -f "$WORK/titles.txt" ]; then
    python3 - "$RELAIS_DB" "$WORK/titles.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w") as out:
    for table, field in [("request", "title"), ("org", "name"), ("developer", "name"),
                         ("workshop", "title"), ("deliverable", "title")]:
        for (text,) in db.execute(f"SELECT {field} FROM {table} WHERE deleted IS NOT 1"):
            out.write((text or "") + "\n")
PY
fi
# Median of five runs of a command, in milliseconds.
median_ms() {
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        echo $(( (end - start) / 1000000 ))
    done | sort -n | sed -n 3p
}
printf '%-10s %10s %10s %7s\n' query relais_ms fzf_ms ratio
for query in marau "parc nat" ecomusee velo lubreon; do
    relais_ms=$(median_ms "$RELAIS" search "$query" --limit 20)
    fzf_ms=$(median_ms sh -c "fzf --filter '$query' < '$WORK/titles.txt'")
    ratio=$(awk "BEGIN { printf \"%.2f\", $relais_ms / ($fzf_ms > 0 ? $fzf_ms : 1) }")
    printf '%-10s %10s %10s %7s\n' "$query" "$relais_ms" "$fzf_ms" "$ratio"
done
# Suggestions for one request (issue 11: at most 100 ms whole process;
# bench/suggest.sh times a few).
request=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM request WHERE deleted IS NOT 1 LIMIT 1\").fetchone()[0])" "$RELAIS_DB")
printf 'suggest    %10s ms\n' "$(median_ms "$RELAIS" suggest "$request" --limit 10)"
