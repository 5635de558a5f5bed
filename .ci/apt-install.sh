#!/usr/bin/env bash
# Installs Debian packages that are missing, for one part of the test suite:
#   bash .ci/apt-install.sh LABEL PACKAGE...
# Idempotent and quiet when everything is present. Packaged services are never
# started (/usr/sbin/policy-rc.d refuses them): the tests start their own
# daemons on loopback, in temp dirs, and stop them by process id.
set -euo pipefail
label=$1
shift

missing=()
for p in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-$label: already installed: $*"
  exit 0
fi

if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
log=/tmp/install-$label.log
apt_opts=(-o DPkg::Lock::Timeout=300 -y -q --no-install-recommends)
# Try with the package lists at hand first; update them only when that fails.
if ! apt-get "${apt_opts[@]}" install "${missing[@]}" >"$log" 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 -q update >>"$log" 2>&1
  apt-get "${apt_opts[@]}" install "${missing[@]}" >>"$log" 2>&1 || {
    tail -n 40 "$log"
    exit 1
  }
fi
echo "install-$label: installed ${missing[*]} in $(( $(date +%s) - start )) s"
