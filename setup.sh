#!/bin/sh
# Installs what a fresh Debian 12 machine lacks for slmcc, then builds it.
# Safe to run again: it installs only what is missing.
set -eu
cd "$(dirname "$0")"
packages="clang-19 llvm-19 libomp-19-dev libclang-rt-19-dev gcc make cmake binutils"
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
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
