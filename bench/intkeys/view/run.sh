#!/usr/bin/env bash
# time_entry as a view over a keyed table, against today's table: size, the
# reads that name time_entry, and the materialiser's writes. Usage:
# run.sh BASE_DB (a vacuumed v20 `demo --scale 100000` copy, never written).
# SQLRUN: the statement runner built from sqlrun.rs with the project's
# bundled SQLite (the shell's 3.40 cannot rename a table whose triggers
# write a `contentless_delete` full-text table).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
S="${SQLRUN:-/tmp/sqlrun/target/release/sqlrun}"
W="${VIEW_DIR:-/tmp/ik/view}"
mkdir -p "$W" && cd "$W"
cp "$1" before.db && cp "$1" tview.db
sqlite3 before.db "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'time_entry'" \
    | python3 "$here/base_triggers.py" > base_triggers.sql
cat "$here/view_head.sql" base_triggers.sql > build_view.sql && echo "COMMIT;" >> build_view.sql
"$S" tview.db build_view.sql -c "VACUUM"
ls -l before.db tview.db
# Same rows, same recounts.
for q in "SELECT * FROM time_entry ORDER BY id" "SELECT * FROM recount_fig_hours ORDER BY 1, 2, 3" \
         "SELECT * FROM recount_fig_dev_active ORDER BY 1, 2" "SELECT * FROM recount_kept_person_last ORDER BY 1"; do
    [ "$("$S" before.db -p "$q" 2>/dev/null | md5sum)" = "$("$S" tview.db -p "$q" 2>/dev/null | md5sum)" ] || echo "DIFFERENT: $q"
done
# Reads, best of three.
for db in before.db tview.db; do for _ in 1 2 3; do
    "$S" "$db" -q "$(cat "$here/q_list_time.sql")" -q "$(cat "$here/q_list_time_json.sql")" \
        -q "SELECT * FROM recount_fig_hours" -q "SELECT * FROM recount_fig_dev_active" \
        -q "SELECT * FROM recount_kept_person_last" -q "SELECT * FROM recount_review_dangling" 2>&1 \
        | awk -v db="$db" '{ print db, $1, $NF }'
done; done | awk '{ k = $1 " " $3; if (!(k in b) || $2 < b[k]) b[k] = $2 } END { for (k in b) print k, b[k] }' | sort
# Writes as the materialiser makes them (prepared, one transaction): 30,000
# live entries deleted, then inserted by id and their columns set one by one.
python3 "$here/writes.py" before.db
for db in before.db tview.db; do
    cp "$db" "w_$db"
    "$S" "w_$db" -m m_delete.tsv -m m_insert.tsv -m m_delete.tsv -m m_insert.tsv 2>&1 | sed "s/^/$db /"
    "$S" "w_$db" -p "SELECT * FROM time_entry ORDER BY id" 2>/dev/null | md5sum
    rm -f "w_$db"
done
