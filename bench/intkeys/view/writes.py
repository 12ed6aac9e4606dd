"""The materialiser's statements for 30,000 live time entries, as `sqlrun -m`
reads them (SQL, tab, parameters; \\N for NULL): m_delete.tsv, m_insert.tsv."""
import sqlite3
import sys

rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT id, developer, request, workshop, date, hours, note FROM time_entry"
    " WHERE deleted IS NOT 1 ORDER BY id LIMIT 30000").fetchall()
with open('m_delete.tsv', 'w') as out:
    for row in rows:
        out.write(f"DELETE FROM time_entry WHERE id = ?1\t{row[0]}\n")
with open('m_insert.tsv', 'w') as out:
    for row in rows:
        out.write(f"INSERT OR IGNORE INTO time_entry(id) VALUES (?1)\t{row[0]}\n")
        for column, value in zip(['developer', 'request', 'workshop', 'date', 'hours', 'note'], row[1:]):
            if value is not None:
                out.write(f"UPDATE time_entry SET {column} = ?1 WHERE id = ?2\t{value}\t{row[0]}\n")
