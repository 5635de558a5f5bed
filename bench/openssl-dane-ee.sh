#!/bin/sh
# openssl for check_ssl_cert --openssl: the same binary, with
# -dane_ee_no_namechecks added to `s_client`. RFC 7672 §3.1.1: an SMTP client
# does not check names when a DANE-EE(3) record matches, and without this
# flag OpenSSL does (the lab's leaf L1 names mx1.good.test, not mx1.slow.test).
# Every other invocation is passed through unchanged.
if [ "${1:-}" = s_client ]; then
  shift
  exec /usr/bin/openssl s_client -dane_ee_no_namechecks "$@"
fi
exec /usr/bin/openssl "$@"
