#!/usr/bin/env bash
# Peak memory of an import (issue 9, attack 5): not a timed test. A signed
# bundle of N versions of one field, each naming 256 parents nobody holds and
# carrying a 16 KiB value, imported into a lead; the peak RSS for 5,000
# versions must stay within 1.5 x that for 500, plus 16 MB (it used to grow
# with every version's parents and value). Usage: bench/import_rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
T="${CARGO_TARGET_DIR:-$PWD/target}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
# The target directory may be shared: copy the binary while holding the lock.
flock /tmp/relais-cargo.lock sh -c \
    "cargo build --release --quiet && cp '$T/release/relais' '$W/relais'"
RELAIS_BENCH_DIR="$W" flock /tmp/relais-cargo.lock \
    cargo test --quiet --test suite -- --ignored --exact hostile::bench_bundles >/dev/null
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-03-02T10:00:00Z LANG=en_GB.UTF-8
R="$W/relais"
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
for n in 500 5000; do
    cp "$W/L.db" "$W/L-$n.db"
    cp "$W/L.db.key" "$W/L-$n.db.key"
    /usr/bin/time -v -o "$W/time-$n" "$R" --db "$W/L-$n.db" import "$W/versions-$n.rb" >/dev/null
    "$R" --db "$W/L-$n.db" check >/dev/null
    /usr/bin/time -v -o "$W/set-$n" "$R" --db "$W/L-$n.db" resolve request \
        "$(cat "$W/record.txt")" need --value "Besoin réel" >/dev/null
    echo "$n versions: bundle $(stat -c %s "$W/versions-$n.rb") bytes;" \
        "import peak RSS $(peak_kb "$W/time-$n") kB;" \
        "resolve after it $(peak_kb "$W/set-$n") kB"
done
small=$(peak_kb "$W/time-500"); big=$(peak_kb "$W/time-5000")
limit=$((small * 3 / 2 + 16384))
if [ "$big" -gt "$limit" ]; then
    echo "FAIL: peak RSS grows with the versions: $big kB > $limit kB" >&2
    exit 1
fi
echo "OK: peak RSS $big kB for 10x the versions (limit $limit kB)"
