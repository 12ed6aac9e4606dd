#!/bin/sh
# `relais status` and `relais check` (wall time, peak RSS) against SQLite's
# own `PRAGMA integrity_check` on the same database, in the same run
# (issue 13 items 4-5). Usage:
#   bench/check.sh RELAIS_BINARY DATABASE [RUNS]
# DATABASE is a copy you may write (the first open migrates it), e.g. of
# `relais demo --scale 100000`. Prints one line per measure and run.
set -eu
relais=$1
db=$2
runs=${3:-3}
export RELAIS_DB="$db"
export RELAIS_NOW=2026-11-26T10:00:00Z
measure() {
    label=$1
    shift
    /usr/bin/time -f "$label %e s %M KB" "$@" >/dev/null 2>/tmp/relais-bench-check.$$ || true
    tail -n 1 /tmp/relais-bench-check.$$
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(sqlite3 "$db" 'PRAGMA user_version') (schema before), $(du -h "$db" | cut -f1)"
measure "first-open(migration)" "$relais" status
i=0
while [ "$i" -lt "$runs" ]; do
    measure "status" "$relais" status
    measure "sqlite3-integrity_check" sqlite3 "$db" "PRAGMA integrity_check"
    measure "check" "$relais" check
    i=$((i + 1))
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f /tmp/relais-bench-check.$$
