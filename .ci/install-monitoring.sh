#!/usr/bin/env bash
# Installs the monitoring daemons the e2e tests drive: Debian 12's Icinga 2
# (icinga2-bin + icinga2-common: daemon and ITL) and Nagios 4 core (no web UI).
# Services are never started by apt here: /usr/sbin/policy-rc.d blocks them, and
# the tests run their own daemons in temp dirs. Idempotent; quiet when present.
set -euo pipefail

want=(icinga2-bin icinga2-common nagios4-core)
missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-monitoring: already installed: ${want[*]}"
  exit 0
fi

# A service start inside a CI container would only fail or linger: refuse it.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -y -q --no-install-recommends)
if ! apt-get "${apt_opts[@]}" install "${missing[@]}" >/tmp/install-monitoring.log 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 -q update >>/tmp/install-monitoring.log 2>&1
  apt-get "${apt_opts[@]}" install "${missing[@]}" >>/tmp/install-monitoring.log 2>&1 || {
    tail -n 40 /tmp/install-monitoring.log
    exit 1
  }
fi
echo "install-monitoring: installed ${missing[*]} in $(( $(date +%s) - start )) s"
