#!/bin/bash
# A cold build of the kernels idle, then one beside a process spinning on
# one core, then what the busy build left pending settled once the machine
# is quiet: the verdict of each function in the three (issue 26, item 1).
#
#   scripts/busy-verdicts.sh      # on a machine otherwise quiet; about 10 minutes
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S=$ROOT/bin/slmcc
verdicts() { python3 - "$1" <<'PY'
import json,sys
last={}
for l in open(sys.argv[1]+'/decisions.jsonl'):
  d=json.loads(l); last[(d['source'].split('/')[-1],d['function'])]=d['verdict']['kind']+(' '+d['verdict'].get('candidateId','') if d['verdict']['kind']=='candidate' else '')
for k in sorted(last): print(f"{k[0]}:{k[1]} {last[k]}")
PY
}
rm -rf /tmp/busy && mkdir -p /tmp/busy
for mode in idle busy; do
  spin=
  if [ $mode = busy ]; then sh -c 'while :; do :; done' & spin=$!; fi
  t0=$SECONDS
  SLMCC_PROVIDER=builtin SLMCC_CACHE_DIR=/tmp/busy/cache-$mode SLMCC_SETTLE=0 make -s -C $ROOT/kernels CC=$S BUILD=/tmp/busy/build-$mode >/dev/null 2>&1
  echo "$mode cold build: $((SECONDS - t0)) s"
  [ -n "$spin" ] && kill $spin
  verdicts /tmp/busy/cache-$mode > /tmp/busy/$mode.txt
done
echo "settling what the busy build left pending (quiet now)"
t0=$SECONDS; SLMCC_PROVIDER=builtin SLMCC_CACHE_DIR=/tmp/busy/cache-busy $S --slmcc settle --now >/dev/null 2>&1; echo "settle: $((SECONDS - t0)) s"
verdicts /tmp/busy/cache-busy > /tmp/busy/settled.txt
paste -d'|' /tmp/busy/idle.txt /tmp/busy/busy.txt /tmp/busy/settled.txt | column -t -s'|'
