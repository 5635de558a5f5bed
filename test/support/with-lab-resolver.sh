#!/bin/sh
# usage: with-lab-resolver.sh DIR COMMAND [ARG...]
# Runs COMMAND with DIR/resolv.conf in place of /etc/resolv.conf and
# DIR/nsswitch.conf in place of /etc/nsswitch.conf ("hosts: files dns": no
# systemd-resolved, no mDNS), and with nscd's socket hidden, so every name the
# peer looks up goes to the nameserver DIR/resolv.conf names: the lab's resolver.
# For the peers that read the system resolver (posttls-finger, check_ssl_cert),
# in the bench and in the e2e tests; lab-resolver-namespace.ts writes DIR.
# All of it inside a private mount namespace: the machine's own files are never
# touched and nothing else sees the bind mounts, which vanish with the command.
# The arguments are passed on as "$@", never parsed by a shell. Needs root.
set -eu
if [ "${SMTP_DANE_LAB_RESOLVER_NS:-}" != 1 ]; then
  SMTP_DANE_LAB_RESOLVER_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi
unset SMTP_DANE_LAB_RESOLVER_NS
dir=$1
shift
mount --bind -- "$dir/resolv.conf" /etc/resolv.conf
mount --bind -- "$dir/nsswitch.conf" /etc/nsswitch.conf
for nscd in /run/nscd /var/run/nscd; do
  if [ -d "$nscd" ]; then mount -t tmpfs -o size=64k,mode=0755 tmpfs "$nscd"; fi
done
exec "$@"
