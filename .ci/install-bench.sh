#!/usr/bin/env bash
# npm run bench: Debian's check_ssl_cert (monitoring-plugins-contrib) as the
# --dane peer, wrk for HTTP load, GNU time for peak RSS, unshare/nsenter
# (util-linux) for the peers' private resolv.conf.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" bench monitoring-plugins-contrib wrk time util-linux
