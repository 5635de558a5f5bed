#!/usr/bin/env bash
# Distribution tests: systemd-analyze verifies the shipped unit (systemd),
# groff and man render the man page (groff-base, man-db), strip shrinks the
# standalone binary (binutils).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" dist systemd groff-base man-db binutils
