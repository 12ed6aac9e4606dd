#!/usr/bin/env bash
# Purge benchmark (issue 12, not a timed test): erase one developer who has
# 1,000 logged changes in a replica of about 1,000,000 changes (demo --scale
# 35000), timing the whole `relais purge developer ID --yes` process (open,
# marker, 1,000 stubs, derived row, secure delete, WAL truncation). Budget:
# 1 s. Then checks that neither the name nor the e-mail is left in the
# database, its WAL or SHM. Usage: bench/purge.sh [SCALE] (default 35000).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-35000}"
T="${CARGO_TARGET_DIR:-$PWD/target}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
# The target directory may be shared: copy the binary while holding the lock.
flock /tmp/relais-cargo.lock sh -c \
    "cargo build --release --quiet && cp '$T/release/relais' '$W/relais'"
R="$W/relais"
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-03-02T10:00:00Z LANG=en_GB.UTF-8
export RELAIS_DB="$W/big.db"
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
changes() { "$R" status --json | sed -n 's/.*"changes": \([0-9]*\).*/\1/p' | head -1; }

"$R" init --name "Coordination" --departement 13 --role regional --author bench >/dev/null
t0=$(now); "$R" demo --scale "$SCALE" >/dev/null; t1=$(now)
echo "replica: $(changes) changes (made in $(elapsed "$t0" "$t1") s)"
ID=$("$R" add developer "name=Zoé Bench-Effacée" email=zoe.bench@example.org departement=04 --force)
# 2 fields + 499 edits x 2 fields = 1,000 logged changes of this developer.
for i in $(seq 1 499); do
    "$R" set developer "$ID" "name=Zoé Bench-Effacée $i" "email=zoe.bench$i@example.org" >/dev/null
done
"$R" add time "developer=$ID" date=2026-02-02 hours=3 >/dev/null
echo "replica: $(changes) changes, developer $ID with 1,000 logged changes"
t0=$(now); OUT=$("$R" purge developer "$ID" --yes); t1=$(now)
PURGE_S=$(elapsed "$t0" "$t1")
echo "$OUT"
echo "purge: ${PURGE_S} s (budget 1 s)"
for f in "$W/big.db" "$W/big.db-wal" "$W/big.db-shm"; do
    [ -f "$f" ] || continue
    if grep -a -q -e "Bench-Effac" -e "zoe.bench" "$f"; then
        echo "FAIL: the erased person is still in $f" >&2
        exit 1
    fi
done
echo "no byte of the name or e-mail left in the database, WAL or SHM"
if [ "$(echo "$PURGE_S > 1" | bc)" = 1 ]; then
    echo "FAIL: purge took ${PURGE_S} s > 1 s" >&2
    exit 1
fi
echo "OK"
