#!/usr/bin/env bash
# Size of the change log (issue 13, item 1; not a timed test): bytes per
# change of the log with its indexes and of the whole database, from SQLite's
# `dbstat` (pages in use; free pages left by a migration are not counted, the
# file size is printed beside), before (a database at schema version 11, the
# text log) and after (that database migrated by this build, and a fresh
# `demo`), with the migration's time (backup included) beside a plain `cp`
# of the same file in the same run; then each compacted by `relais compact`
# (schema v16: `VACUUM`), beside the `sqlite3` shell's own `VACUUM` of a
# copy of the old file in the same run.
# Usage: bench/size.sh OLD_DB [SCALE]
#   OLD_DB: a database written by Relais before the compact log (e.g. the
#   shared /work/bench/base100k.db); it is copied, never written.
#   SCALE: the fresh demo's scale (default 100000; 0 skips the fresh demo).
# RELAIS_BENCH_NO_BUILD=1 skips the release build; RELAIS_BIN names the binary.
# Needs a sqlite3 shell built with the dbstat virtual table.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD="${1:?usage: bench/size.sh OLD_DB [SCALE]}"
SCALE="${2:-100000}"
[ -n "${RELAIS_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet
R="${RELAIS_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/relais}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export RELAIS_CONFIG="$W/config.toml" RELAIS_NOW=2026-11-26T10:00:00Z LANG=C.UTF-8

LOG_TABLES="'changes','changes_by_field','log_site','log_author','log_name'"
# sizes NAME DB: changes, B/change of the log + indexes and of the whole file.
sizes() {
    sqlite3 "$2" "SELECT '$1',
        (SELECT count(*) FROM changes) AS changes,
        round(1.0 * (SELECT sum(pgsize) FROM dbstat WHERE name IN ($LOG_TABLES))
              / (SELECT count(*) FROM changes), 1) AS log_b_per_change,
        round(1.0 * (SELECT sum(pgsize) FROM dbstat) / (SELECT count(*) FROM changes), 1)
              AS db_b_per_change,
        (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size) AS file_bytes;"
}
elapsed() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "name|changes|log_B_per_change|db_B_per_change|file_bytes"
sizes before "$OLD"

t0=$(date +%s.%N)
cp "$OLD" "$W/copy.db"
t1=$(date +%s.%N)
chmod u+w "$W/copy.db"
/usr/bin/time -f "migration: %e s, peak %M KB" "$R" --db "$W/copy.db" status >/dev/null
t2=$(date +%s.%N)
echo "reference cp of the old file: $(elapsed "$t0" "$t1") s; open + migrate + status: $(elapsed "$t1" "$t2") s"
sizes migrated "$W/copy.db"
/usr/bin/time -f "relais compact (migrated file): %e s, peak %M KB" "$R" --db "$W/copy.db" compact >/dev/null
sizes "migrated, compacted" "$W/copy.db"
rm -f "$W"/copy.db*
cp "$OLD" "$W/ref.db"
chmod u+w "$W/ref.db"
/usr/bin/time -f "reference: sqlite3 VACUUM of the old file: %e s, peak %M KB" \
    sqlite3 "$W/ref.db" "PRAGMA temp_store = FILE; VACUUM"
rm -f "$W"/ref.db*

if [ "$SCALE" != 0 ]; then
    "$R" --db "$W/fresh.db" init --name bench --departement 13 --role regional --author bench >/dev/null
    "$R" --db "$W/fresh.db" demo --scale "$SCALE" >/dev/null
    "$R" --db "$W/fresh.db" sites import tests/fixtures/regionsud_lieux_inclusion_numerique_2022.csv >/dev/null
    sizes "fresh demo" "$W/fresh.db"
    /usr/bin/time -f "relais compact (fresh demo): %e s, peak %M KB" "$R" --db "$W/fresh.db" compact >/dev/null
    sizes "fresh demo, compacted" "$W/fresh.db"
fi
echo "largest tables and indexes of the migrated copy are listed by:"
echo "  sqlite3 DB \"SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC\""
