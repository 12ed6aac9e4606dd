#!/bin/bash
# Extra non-faithful variants in the prototype, to split the cost of rendering ids as text.
cd "${IK_DIR:-/tmp/ik}"; mkdir -p out
for spec in "a3 -csv" "a4 -csv" "b4 -json"; do set -- $spec; n=$1; m=$2; best=999; all=""
  cat proto.db > /dev/null
  for i in 1 2 3; do t=$( { /usr/bin/time -f %e sqlite3 $m proto.db "$(cat q/$n.after.sql)" > out/$n.after.out; } 2>&1 ); all="$all $t"
    best=$(echo "$t $best" | awk '{print ($1<$2)?$1:$2}'); done
  echo "$n after best=$best runs:$all rows=$(wc -l < out/$n.after.out)"
done
