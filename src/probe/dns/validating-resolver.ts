// The DnsResolver of Deps for --dnssec validate: it asks the configured
// recursive resolver with DO and CD (so the resolver hands over the data and
// its signatures even when it would fail them, or does not validate at all) and
// validates every answer itself from the trust anchors (src/dnssec/). The
// evidence has the same shape as createResolver's, so the verdict code reads it
// the same way. It records what the server sent (rcode, AD bit, EDEs) and, apart,
// `validation`: this program's conclusion and why. Records only count as
// `records` when they validated (or are provably unsigned); otherwise they are
// kept as `unvalidated`.
import dnsPacket from 'dns-packet';
import type { Clock, DnsResolver } from '../../ports.ts';
import { type DnsName, nameText, nameWire, parseName } from '../../dns/name.ts';
import type { TrustAnchor } from '../../dnssec/trust-anchors.ts';
import type { DnssecValidation } from '../../dnssec/validation-evidence.ts';
import { dataViewOf, recordWireLength, type WireRecord, writeRecordWire } from '../../dns/wire-record.ts';
import { typeCode } from '../../dns/rr-types.ts';
import { createAnswerValidator } from '../../dnssec/answer-validation.ts';
import type { DnssecFetcher } from '../../dnssec/fetcher.ts';
import { createDnssecFetcher } from './dnssec-fetcher.ts';
import { createTrustChain } from '../../dnssec/trust-chain.ts';
import { toResourceRecords } from './answer-section.ts';
import type { DnsAnswerEvidence, ExtendedDnsError, QueryType, ResourceRecord } from '../../evidence/dns.ts';
import { EDE_OPTION_CODE, decodeEdeOption, isDnssecFailure } from '../../dns/extended-errors.ts';
import { nameEncodingProblem } from '../../dns/normalise.ts';
import { memoisedQueries } from './memoised-queries.ts';
import { type ResolverAddress, formatResolverAddress } from '../../dns/resolver-address.ts';
import type { MessageExchange } from './transport.ts';

export interface ValidatingResolverOptions {
  server: ResolverAddress;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a timeout or network error. */
  retries: number;
  anchors: readonly TrustAnchor[];
  clock: Clock;
  /** How messages travel to `server`; default: the network. */
  transport?: MessageExchange;
  /** Where DNSSEC data comes from; default: a fetcher asking `server`. Tests script it. */
  fetcher?: DnssecFetcher;
}

export type ValidatingResolver = DnsResolver & {
  /** Questions sent to the resolver, each (name, type) once: answers, DS, DNSKEY. */
  stats(): { queries: number; byType: Record<string, number> };
};

/** Canonical records → the evidence's records, decoded by dns-packet like every other answer. */
function evidenceRecords(records: readonly WireRecord[]): ResourceRecord[] {
  if (records.length === 0) return [];
  const toWrite = records.map((r) => ({ ...r, ownerWire: nameWire(r.owner) }));
  const message = Buffer.alloc(toWrite.reduce((size, r) => size + recordWireLength(r), 12));
  const view = dataViewOf(message);
  view.setUint16(2, 0x8000); // QR
  view.setUint16(6, records.length); // ANCOUNT
  toWrite.reduce((offset, r) => writeRecordWire(message, view, offset, r), 12);
  return toResourceRecords(dnsPacket.decode(message).answers ?? []);
}

/** The resolver's own DNSSEC verdicts (RFC 8914 codes 6–12) are dropped: this program decides. */
function upstreamEde(options: { code: number; data: Buffer }[]): ExtendedDnsError[] {
  return options
    .filter((o) => o.code === EDE_OPTION_CODE)
    .map((o) => decodeEdeOption(o.data))
    .filter((e): e is ExtendedDnsError => e !== null && !isDnssecFailure(e));
}

export function createValidatingResolver(options: ValidatingResolverOptions): ValidatingResolver {
  const fetcher = options.fetcher ?? createDnssecFetcher(options);
  const chain = createTrustChain({ fetcher, anchors: options.anchors, clock: options.clock });
  const validator = createAnswerValidator({ fetcher, chain, clock: options.clock });
  const server = formatResolverAddress(options.server);

  async function resolve(name: string, type: QueryType, signal?: AbortSignal): Promise<DnsAnswerEvidence> {
    const started = performance.now();
    const base = { question: { name, type }, server, cnameChain: [name], checkingDisabledRcode: null, unvalidated: null };
    const problem = nameEncodingProblem(name);
    if (problem) {
      const error = `cannot ask for "${name}": ${problem}`;
      return { ...base, outcome: 'malformed', error, rcode: null, ad: false, transport: null, ede: [], records: [], attempts: 0, elapsedMs: 0 };
    }
    let qname: DnsName;
    try {
      qname = parseName(name);
    } catch (error) {
      const why = `cannot ask for "${name}": ${error instanceof Error ? error.message : error}`;
      return { ...base, outcome: 'malformed', error: why, rcode: null, ad: false, transport: null, ede: [], records: [], attempts: 0, elapsedMs: 0 };
    }
    const v = await validator.validate(qname, typeCode(type), signal);
    const validation: DnssecValidation = { security: v.security, upstreamRcode: v.upstreamRcode, zones: v.zones, findings: v.findings, signatures: v.signatures };
    const timing = { attempts: v.first.attempts, elapsedMs: Math.round(performance.now() - started), transport: v.first.transport };
    if (v.first.outcome !== 'answer') {
      // Nothing arrived at all: the same evidence as a plain resolver's timeout or error.
      return { ...base, ...timing, outcome: v.first.outcome, error: v.first.error, rcode: null, ad: false, ede: [], records: [], validation };
    }
    const cnameChain = v.cnameChain.map(nameText);
    const records = evidenceRecords(v.records);
    // What the server sent, as it sent it; the verdict reads `validation.security` (dns-classification.ts).
    const sent = { outcome: 'answer' as const, error: null, rcode: v.upstreamRcode, ad: v.first.response?.ad ?? false, ede: upstreamEde(v.ednsOptions) };
    if (v.security === 'secure' || v.security === 'insecure') return { ...base, ...timing, ...sent, cnameChain, records, validation };
    // Not vouched for: kept beside, as the unvalidated records of a CD answer (the walk may go on past bogus data).
    const answered = v.upstreamRcode === 'NOERROR' || v.upstreamRcode === 'NXDOMAIN';
    return { ...base, ...timing, ...sent, records: [], unvalidated: answered ? { cnameChain, records } : null, validation };
  }

  return {
    query: memoisedQueries(resolve),
    stats: () => fetcher.stats(),
  };
}
