// The peers the fan-out figures are shown beside: Debian's check_ssl_cert
// (monitoring-plugins-contrib) and Postfix's posttls-finger. Both read the
// system resolver, so each runs through test/support/with-lab-resolver.sh: a
// private mount namespace whose /etc/resolv.conf names the lab resolver. Every
// option that would leave loopback is off: no --require-dnssec (check_ssl_cert
// asks a public resolver for it), no OCSP (--ignore-ocsp), no CRL (--crl is
// never given), no SSL Labs, no SCT lookups.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labResolverNamespace } from '../test/support/lab-resolver-namespace.ts';
import { POSTTLS_FINGER, posttlsFingerArgs } from '../test/support/posttls-finger.ts';
import type { Command } from './measure.ts';

export const CHECK_SSL_CERT = '/usr/lib/nagios/plugins/check_ssl_cert';
const OPENSSL_DANE_EE = fileURLToPath(new URL('./openssl-dane-ee.sh', import.meta.url));

export interface ResolverNamespace {
  dir: string;
  /** `command` run with the lab resolver as the system resolver. */
  wrap(label: string, file: string, args: readonly string[], extra?: Partial<Command>): Command;
  remove(): void;
}

export function resolverNamespace(resolver: string): ResolverNamespace {
  const ns = labResolverNamespace(resolver);
  return {
    dir: ns.dir,
    wrap: (label, file, args, extra = {}) => ({ label, ...ns.argv(file, args), ...extra }),
    remove: ns.remove,
  };
}

export function peersAvailable(): { checkSslCert: boolean; posttlsFinger: boolean; unshare: boolean } {
  return { checkSslCert: existsSync(CHECK_SSL_CERT), posttlsFinger: existsSync(POSTTLS_FINGER), unshare: existsSync('/usr/bin/unshare') };
}

/** check_ssl_cert --dane on one MX host, STARTTLS on port 25, nothing off loopback. */
export function checkSslCert(ns: ResolverNamespace, host: string): Command {
  return ns.wrap(`check_ssl_cert --dane ${host}`, CHECK_SSL_CERT, [
    '-H', host,
    '-p', '25',
    '-P', 'smtp',
    '--dane',
    '--ignore-ocsp', // no OCSP request (it would go to the responder named in the certificate)
    '--ignore-sct', // lab certificates carry no SCTs; nothing to fetch either way
    '--ignore-host-cn', // DANE-EE: names are not checked (RFC 7672 §3.1.1)
    '--openssl', OPENSSL_DANE_EE, // the same, for its openssl s_client call
    '-t', '30',
  ], { expect: (out) => (out.startsWith('SSL_CERT OK') ? null : 'check_ssl_cert did not say OK') });
}

/** posttls-finger in DANE mode; `[host]` skips the MX lookup, a bare domain does it. */
export function posttlsFinger(ns: ResolverNamespace, destination: string): Command {
  return ns.wrap(`posttls-finger ${destination}`, POSTTLS_FINGER, posttlsFingerArgs(destination), {
    expect: (out) => (/Verified TLS connection established/.test(out) ? null : 'posttls-finger did not verify the connection'),
  });
}
