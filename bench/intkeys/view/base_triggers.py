"""The time_entry triggers of a v20 schema (stdin: their SQL, as
`sqlite3 DB "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger'
AND tbl_name = 'time_entry'"` prints it) rewritten for the keyed table
`time_entry_row`: ids and references read through `record_key`; the latest
hours of a developer read by key. Output on stdout."""
import re
import sys

s = sys.stdin.read()
s = s.replace(' ON time_entry\n', ' ON time_entry_row\n')
s = s.replace('FROM time_entry t\n', 'FROM time_entry_row t\n')
# Keys on both sides: protected from the rewrite below.
s = s.replace('t.developer = new.developer', 't.developer = NEWDEVKEY')
s = s.replace('t.developer = old.developer', 't.developer = OLDDEVKEY')
for who in ['new', 'old']:
    s = s.replace(f'{who}.id', f'(SELECT id FROM record_key WHERE key = {who}.key)')
    for col in ['developer', 'request', 'workshop']:
        s = re.sub(rf'\b{who}\.{col}\b', f'(SELECT id FROM record_key WHERE key = {who}.{col})', s)
s = s.replace('NEWDEVKEY', 'new.developer').replace('OLDDEVKEY', 'old.developer')
out = []
for line in s.split('\n'):
    if line.startswith('WHEN'):  # comparisons of keys need no look-up
        line = re.sub(r'\(SELECT id FROM record_key WHERE key = (\w+\.\w+)\)', r'\1', line)
    out.append(line)
print('\n'.join(out))
