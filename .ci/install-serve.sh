#!/usr/bin/env bash
# What the service-mode e2e tests drive: Debian 12's Prometheus (the package
# ships both the server and `promtool`) and docker-compose 1.29 (Python), which
# validates docker-compose.yml with `docker-compose config` without a container
# engine, and Chromium, which opens the service's /docs page headless. The
# packaged Prometheus service is not started (policy-rc.d): the tests run their
# own on 127.0.0.1 in a temp dir and stop it by PID.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" serve prometheus docker-compose chromium
