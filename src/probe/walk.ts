// Gathers the evidence for a domain or one host: MX → hosts → A/AAAA → TLSA →
// one SMTP/STARTTLS session per address, then, where DANE applies, one per other
// key algorithm (key-algorithm-sessions.ts). Hosts and addresses are probed
// concurrently, so a domain takes about as long as its slowest address.
// The only decisions here are where to look next (the RFC 7672 rules in dane/);
// what the evidence means is decided later, in verdict/.
import { setMaxListeners } from 'node:events';
import type { Deps } from '../ports.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import type { DomainEvidence, HostEvidence } from '../evidence/walk.ts';
import { createKeyedLimiter, createLimiter, type KeyedLimiter, type Limiter } from './limit.ts';
import { probeAddress } from './probe-address.ts';
import { withOtherKeyAlgorithms, type SessionSlot } from './key-algorithm-sessions.ts';
import { planMxHosts } from '../dane/mx-hosts.ts';
import { recordsToFollow } from '../dane/followed-records.ts';
import { daneApplies } from '../dane/applicability.ts';
import { baseDomainOf, decisiveTlsaAnswer, isSecureDenial, tlsaBaseCandidates, tlsaOwner } from '../dane/tlsa-base.ts';

export interface WalkOptions {
  port: number;
  helo: string;
  ipv4: boolean;
  ipv6: boolean;
  stageTimeoutMs: number;
  maxMxHosts: number;
  smtpConcurrency: number;
  /** When the run ends (Deps.clock milliseconds): whether a temporary refusal can be tried again. */
  deadlineAt: number;
  signal: AbortSignal;
}

/**
 * Every probe under way listens for the run's abort: more than Node's default
 * of 10 at once is normal here (16 SMTP sessions, DNS questions of many hosts),
 * and its MaxListenersExceededWarning would land on stderr, in the plugin output.
 */
function allowManyListeners(signal: AbortSignal): void {
  setMaxListeners(0, signal);
}

export async function walkDomain(deps: Deps, domain: string, options: WalkOptions): Promise<DomainEvidence> {
  allowManyListeners(options.signal);
  const mx = await deps.dns.query(domain, 'MX', { signal: options.signal });
  const plan = planMxHosts(domain, mx, options.maxMxHosts);
  const limits = sessionLimits(options);
  const hosts =
    plan.kind === 'hosts'
      ? await Promise.all(plan.hosts.map((h) => walkHostWith(deps, h.hostname, h.preference, mx, options, limits)))
      : [];
  return { domain, mx, plan, hosts };
}

export function walkHost(deps: Deps, hostname: string, options: WalkOptions): Promise<HostEvidence> {
  allowManyListeners(options.signal);
  return walkHostWith(deps, hostname, null, null, options, sessionLimits(options));
}

/** Sessions at once with one address, whatever the check wants of it: a throttling server counts them. */
export const SESSIONS_PER_ADDRESS = 2;

interface SessionLimits {
  overall: Limiter;
  perAddress: KeyedLimiter;
}

/** One set per run: MX hosts that share an address share its limit. */
function sessionLimits(options: WalkOptions): SessionLimits {
  return { overall: createLimiter(options.smtpConcurrency), perAddress: createKeyedLimiter(SESSIONS_PER_ADDRESS) };
}

async function walkHostWith(
  deps: Deps,
  hostname: string,
  preference: number | null,
  /** The domain's MX answer; null for a host checked on its own. */
  mx: DnsAnswerEvidence | null,
  options: WalkOptions,
  limits: SessionLimits,
): Promise<HostEvidence> {
  const { signal } = options;
  const [a, aaaa] = await Promise.all([
    options.ipv4 ? deps.dns.query(hostname, 'A', { signal }) : null,
    options.ipv6 ? deps.dns.query(hostname, 'AAAA', { signal }) : null,
  ]);
  const tlsa: DnsAnswerEvidence[] = [];
  for (const base of tlsaBaseCandidates(hostname, [a, aaaa])) {
    const answer = await deps.dns.query(tlsaOwner(options.port, base), 'TLSA', { signal });
    tlsa.push(answer);
    if (!isSecureDenial(answer)) break;
  }
  const decisive = decisiveTlsaAnswer(tlsa);
  const sni = decisive ? baseDomainOf(decisive.question.name) : hostname;
  const targets = [...addressesOf(a, 4), ...addressesOf(aaaa, 6)];
  const everyKeyAlgorithm = daneApplies({ mx, addresses: [a, aaaa], tlsa: decisive });
  const smtp = await Promise.all(
    targets.map(async (t) => {
      const request = { address: t.address, port: options.port, sni, helo: options.helo, stageTimeoutMs: options.stageTimeoutMs, signal };
      // The address's own limit first, so a crowded address does not hold overall slots while it waits.
      const slot: SessionSlot = (task) => limits.perAddress(t.address, () => limits.overall(task));
      const first = await slot(() => probeAddress(deps, request, { deadlineAt: options.deadlineAt }));
      return everyKeyAlgorithm ? withOtherKeyAlgorithms(deps, request, first, slot) : first;
    }),
  );
  return { hostname, preference, a, aaaa, tlsa, sni, smtp };
}

function addressesOf(answer: DnsAnswerEvidence | null, family: 4 | 6): { address: string; family: 4 | 6 }[] {
  if (!answer) return [];
  const seen = new Set<string>();
  for (const r of recordsToFollow(answer)) {
    if (r.data.type === 'A' || r.data.type === 'AAAA') seen.add(r.data.address);
  }
  return [...seen].map((address) => ({ address, family }));
}
