#!/bin/bash
# Best-of-3 timings of q/<name>.{before,after}.sql on base.db / proto.db, one sqlite3 at a time.
# Output of each run goes to out/<name>.<layout>.csv (b uses -json), then the two outputs are compared.
cd "${IK_DIR:-/tmp/ik}"; mkdir -p out
run() { # name layout db mode
  local name=$1 layout=$2 db=$3 mode=$4 best=999 t
  cat $db > /dev/null                                   # warm-up read of the file
  for i in 1 2 3; do
    t=$( { /usr/bin/time -f %e sqlite3 $mode $db "$(cat q/$name.$layout.sql)" > out/$name.$layout.out; } 2>&1 )
    best=$(echo "$t $best" | awk '{print ($1<$2)?$1:$2}')
    all="$all $t"
  done
  echo "$name $layout best=$best runs:$all rows=$(wc -l < out/$name.$layout.out) md5=$(md5sum < out/$name.$layout.out | cut -c1-8)"; all=""
}
for spec in "a -csv" "b -json" "c -csv" "d -csv"; do
  set -- $spec; n=$1; m=$2
  run $n before base.db $m
  run $n after proto.db $m
  cmp -s out/$n.before.out out/$n.after.out && echo "$n identical: yes" || echo "$n identical: NO"
done
# variants ordering by key instead of id text (not faithful): are results the same as today?
run a2 after proto.db -csv; cmp -s out/a.before.out out/a2.after.out && echo "a2 (order by key) identical to before: yes" || echo "a2 (order by key) identical to before: NO"
run b2 after proto.db -json; cmp -s out/b.before.out out/b2.after.out && echo "b2 (order by key) identical to before: yes" || echo "b2 (order by key) identical to before: NO"
