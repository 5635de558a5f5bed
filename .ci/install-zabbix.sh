#!/usr/bin/env bash
# Zabbix 6.0 server (PostgreSQL flavour) and frontend (the JSON-RPC API is PHP),
# PHP's CLI whose built-in web server serves the frontend, the pgsql driver, and
# PostgreSQL 15. php8.2-cgi satisfies the php metapackage without Apache.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" zabbix zabbix-server-pgsql zabbix-frontend-php php8.2-cli php8.2-cgi php8.2-pgsql postgresql-15
