#!/usr/bin/env bash
# Report benchmark (not a timed test): the whole `relais report` process in
# HTML and XLSX (and Markdown, JSON) on `demo --scale 100000` against
# `--scale 10000`: wall time and peak memory from /usr/bin/time -v. Target:
# <= 1 s at 100,000 requests, peak memory within 1.2x of the 10,000 run.
# Usage: bench/report.sh [SCALE] (default 100000). RELAIS_BENCH_NO_BUILD=1
# skips the release build (when another build is holding the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-100000}"
SMALL=$((SCALE / 10))
[ -n "${RELAIS_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet
R="${CARGO_TARGET_DIR:-$PWD/target}/release/relais"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-11-26T10:00:00Z LANG=fr_FR.UTF-8
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
wall_s() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ print $(NF-1) * 60 + $NF }'; }

for scale in "$SMALL" "$SCALE"; do
    "$R" --db "$W/$scale.db" init --name bench --departement 13 --role regional --author bench >/dev/null
    "$R" --db "$W/$scale.db" demo --scale "$scale" >/dev/null
done
echo "scale,format,seconds,peak_kb,bytes"
for format in html xlsx md json; do
    for scale in "$SMALL" "$SCALE"; do
        out="$W/report-$scale.$format"
        # One warm-up run (the page cache), then the measured one.
        "$R" --db "$W/$scale.db" report --year 2026 --format "$format" --out "$out" >/dev/null
        /usr/bin/time -v "$R" --db "$W/$scale.db" report --year 2026 --format "$format" --out "$out" \
            >/dev/null 2>"$W/time.txt"
        echo "$scale,$format,$(wall_s "$W/time.txt"),$(peak_kb "$W/time.txt"),$(stat -c %s "$out")"
    done
done
