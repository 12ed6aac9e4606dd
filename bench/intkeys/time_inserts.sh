#!/bin/bash
# Insert proxy: best of 3 "Run Time: real" of the INSERT(s), fresh empty ins.db each run, default journal/sync.
cd "${IK_DIR:-/tmp/ik}"
for s in ins_before ins_after ins_after_dict; do all=""
  for i in 1 2 3; do rm -f ins.db ins.db-journal; cat base.db proto.db stage.db > /dev/null
    r=$(sqlite3 ins.db < $s.sql | awk '/Run Time/{s+=$4} END{print s}'); all="$all $r"; done
  echo "$s real(s):$all best=$(echo $all | tr ' ' '\n' | sort -n | head -1) size=$(stat -c %s ins.db)"
done
rm -f ins.db
