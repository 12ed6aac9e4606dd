#!/bin/sh
# Times `relais suggest REQUEST --limit 10` as a whole process on a database
# made by `relais demo --scale 100000` (100,000 requests, 5,000 developers;
# built once, kept in $WORK), for a few requests. hyperfine when installed,
# else the median of five runs timed with `date +%s%N`. Needs sqlite3.
#   bench/suggest.sh [path/to/relais]
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
median_ms() {
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        echo $(( (end - start) / 1000000 ))
    done | sort -n | sed -n 3p
}
requests=$(sqlite3 "$RELAIS_DB" "SELECT id FROM request WHERE deleted IS NOT 1 ORDER BY id LIMIT 3")
printf '%-38s %10s\n' request suggest_ms
for request in $requests; do
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 1 --runs 10 "$RELAIS suggest $request --limit 10"
    else
        printf '%-38s %10s\n' "$request" "$(median_ms "$RELAIS" suggest "$request" --limit 10)"
    fi
done
