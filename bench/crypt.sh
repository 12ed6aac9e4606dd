#!/usr/bin/env bash
# Encryption benchmark (not a timed test): export (everything: the addressee acknowledged nothing) and import of a
# replica of about 1,000,000 changes, plain then encrypted to the
# addressee's age recipient (and to a passphrase), each timed; the
# encrypted ones must stay within 1.2x the plain ones. Usage:
# bench/crypt.sh [SCALE] (default 35000, about 1M changes, as bench/sync.sh).
# RELAIS_BIN=path skips the release build (e.g. one built under the lock);
# RUNS=n times each measure (default 3, the best kept).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-35000}"
if [ -z "${RELAIS_BIN:-}" ]; then
    cargo build --release --quiet
    RELAIS_BIN="$PWD/target/release/relais"
fi
R="$RELAIS_BIN"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-03-02T10:00:00Z LANG=en_GB.UTF-8
unset RELAIS_PASSPHRASE
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
changes() { "$R" --db "$1" status --json | sed -n 's/.*"changes": \([0-9]*\).*/\1/p'; }
ratio() { echo "scale=2; $1 / $2" | bc; }
# Best of RUNS runs of a command (seconds), so that one hiccup of the shared
# machine does not decide the ratio.
RUNS="${RUNS:-3}"
best() {
    local best=""
    for _ in $(seq "$RUNS"); do
        local t0 t1 t
        t0=$(now); "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }; t1=$(now); t=$(elapsed "$t0" "$t1")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

echo "== Making the replica (demo --scale $SCALE) and its addressee"
"$R" --db "$W/src.db" init --name Source --departement 04 --author bench >/dev/null
"$R" --db "$W/dst.db" init --name Lead --departement 13 --role regional --author bench >/dev/null
"$R" --db "$W/src.db" identity export --out "$W/src.card" >/dev/null
"$R" --db "$W/dst.db" identity export --out "$W/dst.card" >/dev/null
"$R" --db "$W/src.db" trust "$W/dst.card" --as-lead >/dev/null
"$R" --db "$W/dst.db" trust "$W/src.card" >/dev/null
"$R" --db "$W/src.db" demo --scale "$SCALE" >/dev/null
N=$(changes "$W/src.db")
DST=$("$R" --db "$W/dst.db" status --json | sed -n 's/.*"id": "\([0-9a-f]*\)".*/\1/p' | head -1)
echo "replica: $N changes"

echo "== Export (best of $RUNS)"
EXP_PLAIN=$(best "$R" --db "$W/src.db" export --to "$DST" --out "$W/plain.rb")
EXP_AGE=$(best "$R" --db "$W/src.db" export --to "$DST" --encrypt --out "$W/age.rb")
EXP_PASS=$(best env RELAIS_PASSPHRASE=bench-passphrase "$R" --db "$W/src.db" export --to "$DST" --passphrase --out "$W/pass.rb")
echo "plain: ${EXP_PLAIN} s ($(stat -c %s "$W/plain.rb") bytes)"
echo "encrypted to the recipient: ${EXP_AGE} s ($(stat -c %s "$W/age.rb") bytes), ratio $(ratio "$EXP_AGE" "$EXP_PLAIN")"
echo "encrypted to a passphrase: ${EXP_PASS} s, ratio $(ratio "$EXP_PASS" "$EXP_PLAIN")"

echo "== Import into an empty lead (best of $RUNS, a fresh copy each time)"
cp "$W/dst.db" "$W/empty.db"; cp "$W/dst.db.key" "$W/empty.db.key"; cp "$W/dst.db.age" "$W/empty.db.age"
import_into() { # bundle [env…]
    rm -f "$W/into.db" "$W/into.db-wal" "$W/into.db-shm"
    cp "$W/empty.db" "$W/into.db"; cp "$W/empty.db.key" "$W/into.db.key"; cp "$W/empty.db.age" "$W/into.db.age"
    env "${@:2}" "$R" --db "$W/into.db" import "$1"
}
IMP_PLAIN=$(best import_into "$W/plain.rb")
IMP_AGE=$(best import_into "$W/age.rb")
IMP_PASS=$(best import_into "$W/pass.rb" RELAIS_PASSPHRASE=bench-passphrase)
[ "$(changes "$W/into.db")" -ge "$N" ] || { echo "MISSING CHANGES"; exit 1; }
echo "plain: ${IMP_PLAIN} s"
echo "encrypted to the recipient: ${IMP_AGE} s, ratio $(ratio "$IMP_AGE" "$IMP_PLAIN")"
echo "encrypted to a passphrase: ${IMP_PASS} s, ratio $(ratio "$IMP_PASS" "$IMP_PLAIN")"

echo "== Summary (ceiling 1.2)"
for pair in "export:$EXP_AGE:$EXP_PLAIN" "import:$IMP_AGE:$IMP_PLAIN"; do
    IFS=: read -r what enc plain <<<"$pair"
    r=$(ratio "$enc" "$plain")
    verdict=ok; [ "$(echo "$r > 1.2" | bc)" = 1 ] && verdict=OVER
    echo "$what encrypted/plain: $r ($verdict)"
done
