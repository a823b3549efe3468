#!/bin/sh
# Installs what a fresh Debian 12 machine lacks for slmcc, then builds it.
# Safe to run again: it installs only what is missing.
set -eu
cd "$(dirname "$0")"
packages="clang-19 llvm-19 libomp-19-dev libclang-rt-19-dev gcc make cmake binutils bubblewrap redis-server"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing$missing" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
# npm 11 rejects this lock file in `npm ci` because it lacks rollup's native
# packages for other platforms (npm/cli#4828; this machine's registry does not
# serve them, so no lock file written here can hold them). `npm install`
# with the lock file installs the same locked versions.
npm ci --no-audit --no-fund --loglevel=silent 2>/dev/null || npm install --no-audit --no-fund --no-save --loglevel=error
npm run --silent build
