#!/usr/bin/env bash
# Sync benchmark (not a timed test): full export and import of a replica of
# about 1,000,000 changes, against sqlite3's own `.import` of the same rows
# into a table keyed like the change log; peak memory of a 1M import vs a
# 100k one; an incremental import of ~10k changes into the 1M replica vs
# into an empty database. Usage: bench/sync.sh [SCALE] (default 35000).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-35000}"
SMALL=$((SCALE / 10))
TINY=$((SCALE / 100))
cargo build --release --quiet
R="$PWD/target/release/relais"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-03-02T10:00:00Z LANG=en_GB.UTF-8
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
changes() { "$R" --db "$1" status --json | sed -n 's/.*"changes": \([0-9]*\).*/\1/p'; }
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

site() { # name role
    "$R" --db "$W/$1.db" init --name "$1" --departement 04 --role "$2" --author bench >/dev/null
    "$R" --db "$W/$1.db" identity export --out "$W/$1.card" >/dev/null
}

echo "== Making replicas (demo --scale $SCALE, $SMALL, $TINY)"
site big epn; site small epn; site tiny epn
t0=$(now); "$R" --db "$W/big.db" demo --scale "$SCALE" >/dev/null; t1=$(now)
"$R" --db "$W/small.db" demo --scale "$SMALL" >/dev/null
"$R" --db "$W/tiny.db" demo --scale "$TINY" --seed 7 >/dev/null
N=$(changes "$W/big.db"); NS=$(changes "$W/small.db"); NT=$(changes "$W/tiny.db")
echo "big replica: $N changes (made in $(elapsed "$t0" "$t1") s); small: $NS; tiny: $NT"

echo "== Export"
t0=$(now); "$R" --db "$W/big.db" export --full --out "$W/big.rb" >/dev/null; t1=$(now)
EXPORT_S=$(elapsed "$t0" "$t1")
"$R" --db "$W/small.db" export --full --out "$W/small.rb" >/dev/null
"$R" --db "$W/tiny.db" export --full --out "$W/tiny.rb" >/dev/null
echo "full export of $N changes: ${EXPORT_S} s, $(stat -c %s "$W/big.rb") bytes"

receiver() { # name: an empty lead that trusts the three sources
    "$R" --db "$W/$1.db" init --name "$1" --departement 13 --role regional --author bench >/dev/null
    for s in big small tiny; do "$R" --db "$W/$1.db" trust "$W/$s.card" >/dev/null; done
}

echo "== Import into empty databases"
receiver into_big; receiver into_small; receiver into_empty
t0=$(now)
/usr/bin/time -v -o "$W/time_big" "$R" --db "$W/into_big.db" import "$W/big.rb" >/dev/null
t1=$(now)
IMPORT_S=$(elapsed "$t0" "$t1")
/usr/bin/time -v -o "$W/time_small" "$R" --db "$W/into_small.db" import "$W/small.rb" >/dev/null
PEAK_BIG=$(peak_kb "$W/time_big"); PEAK_SMALL=$(peak_kb "$W/time_small")
IMPORT_RATE=$(echo "$N / $IMPORT_S" | bc)
echo "import of $N changes: ${IMPORT_S} s = $IMPORT_RATE changes/s"
echo "peak memory: $PEAK_BIG kB for $N changes, $PEAK_SMALL kB for $NS changes, ratio $(echo "scale=2; $PEAK_BIG / $PEAK_SMALL" | bc)"
BIG_SITE=$("$R" --db "$W/big.db" status --json | sed -n 's/.*"id": "\([0-9a-f]*\)".*/\1/p' | head -1)
held() { "$R" --db "$1" status --json | sed -n "s/.*\"$BIG_SITE\": \([0-9]*\).*/\1/p"; }
[ "$(held "$W/into_big.db")" = "$(held "$W/big.db")" ] \
  && echo "the importer holds every change of the source ($(held "$W/big.db"))" || { echo "MISSING CHANGES"; exit 1; }

echo "== Incremental import of $NT changes"
t0=$(now); "$R" --db "$W/into_big.db" import "$W/tiny.rb" >/dev/null; t1=$(now)
INC_BIG=$(elapsed "$t0" "$t1")
t0=$(now); "$R" --db "$W/into_empty.db" import "$W/tiny.rb" >/dev/null; t1=$(now)
INC_EMPTY=$(elapsed "$t0" "$t1")
echo "into the $N-change replica: ${INC_BIG} s; into an empty one: ${INC_EMPTY} s; ratio $(echo "scale=2; $INC_BIG / $INC_EMPTY" | bc)"

echo "== sqlite3 .import reference (same $N rows, PRIMARY KEY(site, seq))"
sqlite3 -csv "$W/into_big.db" \
  "SELECT site, seq, record, kind, field, value, stamp, wall, author, parents, hex(hash) FROM changes WHERE site IN (SELECT site FROM changes GROUP BY site ORDER BY count(*) DESC LIMIT 1)" > "$W/changes.csv"
ROWS=$(wc -l < "$W/changes.csv")
sqlite3 "$W/ref.db" "PRAGMA journal_mode=WAL; CREATE TABLE changes(site TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, value TEXT, stamp INTEGER NOT NULL, wall INTEGER NOT NULL, author TEXT NOT NULL, parents TEXT NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (site, seq)) WITHOUT ROWID;" >/dev/null
t0=$(now); sqlite3 "$W/ref.db" ".import --csv $W/changes.csv changes"; t1=$(now)
SQLITE_S=$(elapsed "$t0" "$t1")
SQLITE_RATE=$(echo "$ROWS / $SQLITE_S" | bc)
echo "sqlite3 .import of $ROWS rows: ${SQLITE_S} s = $SQLITE_RATE rows/s"
echo "== Summary"
echo "relais import: $IMPORT_RATE changes/s; sqlite3 .import: $SQLITE_RATE rows/s; ratio $(echo "scale=2; $IMPORT_RATE / $SQLITE_RATE" | bc) (floor 0.5)"
