#!/usr/bin/env bash
# Every Debian package the whole test suite runs: the lab, the monitoring
# daemons (Icinga 2, Nagios 4), Prometheus and docker-compose, Zabbix 6.0 with
# PostgreSQL and PHP, and the distribution tools. Each part is idempotent.
set -euo pipefail
here=$(dirname "$0")
for part in lab monitoring serve zabbix dist; do
  bash "$here/install-$part.sh"
done
