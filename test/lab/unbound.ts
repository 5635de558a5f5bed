// unbound configuration: a validating resolver on RESOLVER:53 whose whole world is
// the lab. Root hints point at AUTH_SERVER, the only trust anchor is the lab root,
// every outgoing query leaves from a loopback address (and the kernel will not
// route loopback sources anywhere else), and a lame delegation turns into
// SERVFAIL at once.
import { join } from 'node:path';
import { AUTH_SERVER, RESOLVER } from './scenarios.ts';
import { NAMESERVER } from './zones.ts';

const quote = (s: string): string => JSON.stringify(s);

export function rootHints(): string {
  return `.\t3600000\tIN\tNS\t${NAMESERVER}.\n${NAMESERVER}.\t3600000\tIN\tA\t${AUTH_SERVER}\n`;
}

export interface UnboundOptions {
  /** Where it listens and sends from (default RESOLVER). */
  address?: string;
  /**
   * false: a plain recursive resolver that iterates from the same private root
   * but validates nothing (module-config "iterator", no trust anchor), as most
   * resolvers on monitoring hosts are; the built-in validator is tested through it.
   */
  validating?: boolean;
}

/** Lines only a validating resolver has. */
const VALIDATOR_ONLY = /^    (val-|trust-anchor|root-key-sentinel|harden-dnssec-stripped)/;

export function unboundConfig(dir: string, options: UnboundOptions = {}): string {
  const address = options.address ?? RESOLVER;
  const validating = options.validating ?? true;
  return [
    'server:',
    '    verbosity: 1',
    `    interface: ${address}`,
    '    port: 53',
    `    outgoing-interface: ${address}`,
    '    do-ip4: yes',
    '    do-ip6: no',
    '    do-udp: yes',
    '    do-tcp: yes',
    '    num-threads: 1',
    '    so-reuseport: no',
    '    access-control: 0.0.0.0/0 refuse',
    '    access-control: ::/0 refuse',
    '    access-control: 127.0.0.0/8 allow',
    '    access-control: ::1/128 allow',
    // The lab's authoritative server is on loopback.
    '    do-not-query-localhost: no',
    '    chroot: ""',
    '    username: ""',
    `    directory: ${quote(dir)}`,
    `    pidfile: ${quote(join(dir, 'unbound.pid'))}`,
    '    use-syslog: no',
    '    logfile: ""',
    '    log-time-ascii: yes',
    '    log-servfail: yes',
    '    val-log-level: 2',
    '    ede: yes',
    `    root-hints: ${quote(join(dir, 'root.hints'))}`,
    `    trust-anchor-file: ${quote(join(dir, 'root.ds'))}`,
    '    trust-anchor-signaling: no',
    '    root-key-sentinel: no',
    validating ? '    module-config: "validator iterator"' : '    module-config: "iterator"',
    '    val-permissive-mode: no',
    '    harden-dnssec-stripped: yes',
    '    qname-minimisation: yes',
    // test. and invalid. are RFC 6761 names unbound answers locally by default.
    '    local-zone: "test." nodefault',
    '    local-zone: "invalid." nodefault',
    '    prefetch: no',
    '    serve-expired: no',
    '    cache-max-negative-ttl: 60',
    '    cache-max-ttl: 300',
    // Upstream over TCP: a dead authoritative address (lame.test) then fails at
    // connect (RST) instead of through UDP retransmissions backing off for minutes,
    // so SERVFAIL comes back in milliseconds. Loopback makes TCP free.
    '    tcp-upstream: yes',
    '    infra-host-ttl: 60',
    '    edns-buffer-size: 1232',
    '    minimal-responses: no',
    '',
    'remote-control:',
    '    control-enable: no',
    '',
  ].filter((line) => validating || !VALIDATOR_ONLY.test(line)).join('\n');
}
