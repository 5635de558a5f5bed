#!/usr/bin/env bash
# The test lab: an authoritative DNS server (knot), the signing tools
# (bind9-utils: dnssec-keygen, dnssec-signzone), dig and delv (bind9-dnsutils),
# a validating resolver (unbound), an MTA (postfix, also posttls-finger),
# openssl for the lab's cross-check (openssl s_client -dane_tlsa_rrdata in lab.test.ts), iproute2 for the
# network namespaces, and Exim unpacked beside postfix (install-exim.sh).
set -euo pipefail
here=$(dirname "$0")
bash "$here/apt-install.sh" lab knot bind9-utils bind9-dnsutils unbound postfix openssl iproute2
bash "$here/install-exim.sh"
