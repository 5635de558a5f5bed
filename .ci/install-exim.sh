#!/usr/bin/env bash
# Exim for the lab (test/lab/exim.ts), without installing it as a package:
# Debian's exim4 conflicts with postfix, which the lab needs too. The .debs are
# downloaded and unpacked into $LAB_EXIM_ROOT (default /opt/smtp-dane-lab/exim4);
# the lab runs its exim4 binary in the foreground from a private config on its
# own loopback addresses, never as a system service. Its shared libraries come
# from ordinary packages (libidn12 is the one a postfix host usually lacks).
set -euo pipefail
root=${LAB_EXIM_ROOT:-/opt/smtp-dane-lab/exim4}
bash "$(dirname "$0")/apt-install.sh" exim-libs libidn12 libgnutls-dane0 libgnutls30 libnsl2 libdb5.3 libpcre2-8-0
# The binary looks its compiled-in user up at every start (exim4-base's postinst would create it).
if ! getent passwd Debian-exim >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim
fi
if [ -x "$root/usr/sbin/exim4" ] && "$root/usr/sbin/exim4" -C /dev/null -bV >/dev/null 2>&1; then
  echo "install-exim: already unpacked in $root"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cd "$work"
# apt-get download fetches into the current directory as the _apt user where it can.
chown _apt "$work" 2>/dev/null || true
if ! apt-get -q download exim4-daemon-light >download.log 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 -q update >>download.log 2>&1
  apt-get -q download exim4-daemon-light >>download.log 2>&1 || { tail -n 20 download.log; exit 1; }
fi
mkdir -p "$root"
dpkg-deb -x exim4-daemon-light_*.deb "$root"
"$root/usr/sbin/exim4" -C /dev/null -bV | head -n 1
echo "install-exim: unpacked exim4-daemon-light into $root"
