#!/bin/bash
# Cold builds of the kernels idle and beside processes spinning on one and
# on two cores, then what the busiest build left pending settled once the
# machine is quiet: each function's verdict and its best candidate's
# speedup (measured idle, predicted from the threads' waits when busy) in
# each (issue 26, item 1).
#
#   scripts/busy-verdicts.sh                     # the kernels: idle, 1 and 2 spinners; about 25 minutes
#   scripts/busy-verdicts.sh kernels/corpus 0 1  # the corpus, idle and 1 spinner
#
# The machine must be otherwise quiet.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S=$ROOT/bin/slmcc
DIR=$ROOT/${1:-kernels}
shift || true
SPINNERS=${*:-0 1 2}
OUT=/tmp/busy
verdicts() { python3 - "$1" <<'PY'
import json,sys
last={}
for l in open(sys.argv[1]+'/decisions.jsonl'):
  d=json.loads(l)
  if d['function'].startswith('<'): continue
  v=d['verdict']; k=v['kind']+(' '+v.get('candidateId','') if v['kind']=='candidate' else '')
  best=max([c.get('speedup') or 0 for c in d.get('candidates',[])] or [0])
  last[(d['source'].split('/')[-1],d['function'])]=f"{k} ({best:.2f}x)" if best else k
for k in sorted(last): print(f"{k[0]}:{k[1]} {last[k]}")
PY
}
rm -rf $OUT && mkdir -p $OUT
cols=
for n in $SPINNERS; do
  pids=
  for _ in $(seq 1 $n); do sh -c 'while :; do :; done' & pids="$pids $!"; done
  t0=$SECONDS
  SLMCC_PROVIDER=builtin SLMCC_CACHE_DIR=$OUT/cache-$n SLMCC_SETTLE=0 make -s -C $DIR CC=$S BUILD=$OUT/build-$n >/dev/null 2>&1
  echo "$n spinners: cold build $((SECONDS - t0)) s"
  [ -n "$pids" ] && kill $pids
  verdicts $OUT/cache-$n > $OUT/spin$n.txt
  cols="$cols $OUT/spin$n.txt"
  last=$n
done
if [ "$last" != 0 ]; then
  echo "settling what the build beside $last spinners left pending (quiet now)"
  t0=$SECONDS; SLMCC_PROVIDER=builtin SLMCC_CACHE_DIR=$OUT/cache-$last $S --slmcc settle --now >/dev/null 2>&1; echo "settle: $((SECONDS - t0)) s"
  verdicts $OUT/cache-$last > $OUT/settled.txt
  cols="$cols $OUT/settled.txt"
fi
echo "columns: $(for n in $SPINNERS; do printf '%s spinners | ' $n; done)${last:+settled}"
paste -d'|' $cols | column -t -s'|'
