#!/usr/bin/env bash
# The test lab: an authoritative DNS server (knot), the signing tools
# (bind9-utils: dnssec-keygen, dnssec-signzone), dig and delv (bind9-dnsutils),
# a validating resolver (unbound), an MTA (postfix, also posttls-finger) and
# openssl for the lab's cross-check (openssl s_client -dane_tlsa_rrdata in lab.test.ts).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" lab knot bind9-utils bind9-dnsutils unbound postfix openssl iproute2
