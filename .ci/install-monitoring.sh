#!/usr/bin/env bash
# The monitoring daemons the e2e tests drive: Debian 12's Icinga 2 (icinga2-bin
# + icinga2-common: daemon and ITL) and Nagios 4 core (no web UI).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" monitoring icinga2-bin icinga2-common nagios4-core
