// DNS messages on the wire (RFC 1035 §4) via dns-packet: the query the probe sends
// and the checks a response must pass before it counts as the answer.
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, RecordType } from 'dns-packet';
import type { ExtendedDnsError, QueryType, ResourceRecord } from '../../evidence/dns.ts';
import { EDE_OPTION_CODE, decodeEdeOption } from '../../dns/extended-errors.ts';
import { followCnameChain, toResourceRecords, toRrsigs } from './answer-section.ts';
import type { RrsigFields } from '../../dnssec/path-signature.ts';
import { nameEncodingProblem, normaliseName } from '../../dns/normalise.ts';
import { rcodeName } from '../../dns/rcodes.ts';

/** RFC 9715 / DNS Flag Day 2020: a UDP size that avoids IP fragmentation. */
export const EDNS_UDP_PAYLOAD_SIZE = 1232;

export interface DnsQuery {
  id: number;
  /** Normalised (lower-case, no trailing dot). */
  name: string;
  type: QueryType;
  checkingDisabled: boolean;
  /** The encoded message, without the TCP length prefix. */
  bytes: Buffer;
}

export class QueryEncodingError extends Error {
  override readonly name = 'QueryEncodingError';
}

/**
 * RD=1 (we ask a recursive resolver), EDNS0 with DO=1 (RFC 3225: we want DNSSEC
 * data and the AD bit), CD only for the bogus-or-broken follow-up (RFC 4035 §3.2.2).
 * A fresh random id per query (RFC 5452 §9.2).
 */
export function buildQuery(name: string, type: QueryType, options: { checkingDisabled?: boolean } = {}): DnsQuery {
  const qname = normaliseName(name);
  const problem = nameEncodingProblem(qname);
  if (problem) throw new QueryEncodingError(`cannot ask for "${qname}": ${problem}`);
  const checkingDisabled = options.checkingDisabled ?? false;
  const { id, bytes } = encodeQuery(qname, type, checkingDisabled);
  return { id, name: qname, type, checkingDisabled, bytes };
}

/** The query message itself, with a fresh random id; shared with the DNSSEC fetcher. */
export function encodeQuery(qname: string, type: RecordType, checkingDisabled: boolean): { id: number; bytes: Buffer } {
  const id = randomInt(0, 0x10000);
  const opt: OptAnswer = {
    type: 'OPT',
    name: '.',
    udpPayloadSize: EDNS_UDP_PAYLOAD_SIZE,
    extendedRcode: 0,
    ednsVersion: 0,
    flags: dnsPacket.DNSSEC_OK,
    flag_do: true,
    options: [],
  };
  const bytes = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED | (checkingDisabled ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ type, class: 'IN', name: qname }],
    additionals: [opt],
  });
  return { id, bytes };
}

/** What a well-formed response matching the question said. */
export interface DecodedResponse {
  rcode: string;
  ad: boolean;
  tc: boolean;
  ede: ExtendedDnsError[];
  cnameChain: string[];
  records: ResourceRecord[];
  /** The RRSIGs sent with the answer and over its denial records (answer-section.ts). */
  rrsigs: RrsigFields[];
  /** Set when the answer's CNAME chain loops or is too long to follow (answer-section.ts). */
  cnameProblem: string | null;
}

/** How one message off the wire relates to a query; `R` is the reading of an answer. */
export type ResponseCheck<R = DecodedResponse> =
  /** Not an answer to this query (stray, late, spoofed or garbage): keep waiting. */
  | { kind: 'unrelated'; reason: string }
  /** Claims to answer this query (id matches, QR set) but cannot be decoded. */
  | { kind: 'malformed'; reason: string }
  | { kind: 'response'; response: R };

const HEADER_BYTES = 12;

/** Accepts only a response with our id, QR=1 and our question (name case-insensitive, type). */
export function checkResponse(query: DnsQuery, bytes: Buffer): ResponseCheck {
  if (bytes.length < HEADER_BYTES) return { kind: 'unrelated', reason: `${bytes.length}-byte datagram` };
  const id = bytes.readUInt16BE(0);
  if (id !== query.id) return { kind: 'unrelated', reason: `id ${id} instead of ${query.id}` };
  if ((bytes[2]! & 0x80) === 0) return { kind: 'unrelated', reason: 'a query, not a response' };
  let packet: DecodedPacket;
  try {
    packet = dnsPacket.decode(bytes);
  } catch (error) {
    return { kind: 'malformed', reason: `undecodable response: ${error instanceof Error ? error.message : error}` };
  }
  const question = packet.questions?.[0];
  if (packet.questions?.length !== 1 || !question) {
    return { kind: 'unrelated', reason: `${packet.questions?.length ?? 0} questions in the response` };
  }
  const name = normaliseName(question.name);
  if (name !== query.name || question.type !== query.type) {
    return { kind: 'unrelated', reason: `answers ${name}/${question.type}, not ${query.name}/${query.type}` };
  }
  return { kind: 'response', response: interpret(query, packet) };
}

function interpret(query: DnsQuery, packet: DecodedPacket): DecodedResponse {
  const opt = (packet.additionals ?? []).find((a: Answer): a is OptAnswer => a.type === 'OPT');
  // The OPT record carries the upper 8 bits of a 12-bit rcode (RFC 6891 §6.1.3).
  const rcode = (((opt?.extendedRcode ?? 0) << 4) | ((packet.flags ?? 0) & 0x0f)) >>> 0;
  const ede = (opt?.options ?? [])
    .filter((o) => (o.code as number) === EDE_OPTION_CODE && o.data)
    .map((o) => decodeEdeOption(o.data!))
    .filter((e): e is ExtendedDnsError => e !== null);
  const { cnameChain, records, broken } = followCnameChain(query.name, query.type, toResourceRecords(packet.answers ?? []));
  const rrsigs = toRrsigs(packet.answers ?? [], packet.authorities ?? []);
  return { rcode: rcodeName(rcode), ad: packet.flag_ad, tc: packet.flag_tc, ede, cnameChain, records, rrsigs, cnameProblem: broken };
}
