// TLSA records as data: their presentation form, and whether SMTP may use them.
// Pure functions; no certificate parsing here (see certificate/, tlsa-match.ts).
import type { TlsaRecord, TlsaText } from './result.ts';

/** Why `parseTlsaText` refused its input. */
export type TlsaParseErrorCode =
  | 'field-count' // fewer than four fields
  | 'field-range' // usage, selector or matching type is not an integer 0..255
  | 'data-hex'; // the association data is not an even number of hex digits

export class TlsaParseError extends Error {
  override readonly name = 'TlsaParseError';
  constructor(
    readonly code: TlsaParseErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Outcome of the usability test; everything but 'usable' is ignored by the matcher. */
export type TlsaUsabilityStatus =
  | 'usable'
  | 'unusable-usage'
  | 'unusable-selector'
  | 'unusable-matching-type'
  | 'malformed';

export interface TlsaUsability {
  status: TlsaUsabilityStatus;
  /** Why, in words; null when usable. */
  detail: string | null;
}

const USAGE_NAMES: Record<number, string> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE', 255: 'PrivCert' };
const SELECTOR_NAMES: Record<number, string> = { 0: 'Cert', 1: 'SPKI', 255: 'PrivSel' };
const MATCHING_TYPE_NAMES: Record<number, string> = { 0: 'Full', 1: 'SHA2-256', 2: 'SHA2-512', 255: 'PrivMatch' };

/** The RFC 7218 acronym of a certificate usage: 'PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE' (else "usage N"). */
export function tlsaUsageName(usage: number): string {
  return USAGE_NAMES[usage] ?? `usage ${usage}`;
}

/** The RFC 7218 acronym of a selector: 'Cert', 'SPKI' (else "selector N"). */
export function tlsaSelectorName(selector: number): string {
  return SELECTOR_NAMES[selector] ?? `selector ${selector}`;
}

/** The RFC 7218 acronym of a matching type: 'Full', 'SHA2-256', 'SHA2-512' (else "matching type N"). */
export function tlsaMatchingTypeName(matchingType: number): string {
  return MATCHING_TYPE_NAMES[matchingType] ?? `matching type ${matchingType}`;
}

/** "3 1 1 abcd…": the original service's `tlsa_resource_records` form, lower-case hex. */
export function tlsaText(r: TlsaRecord): TlsaText {
  return `${r.usage} ${r.selector} ${r.matchingType} ${r.data.toLowerCase()}`;
}

/**
 * Parses the RFC 6698 §2.2 presentation form "usage selector matching-type hex".
 * The hex may be split by white space (zone files wrap it) and use either case.
 * Throws `TlsaParseError` with a `code`.
 */
export function parseTlsaText(text: string): TlsaRecord {
  const fields = text.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length < 4) {
    throw new TlsaParseError(
      'field-count',
      `a TLSA record needs usage, selector, matching type and data; got ${JSON.stringify(text.trim())}`,
    );
  }
  const [usage, selector, matchingType] = (['usage', 'selector', 'matching type'] as const).map((label, i) =>
    parseOctet(fields[i] ?? '', label),
  ) as [number, number, number];
  const data = fields.slice(3).join('');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(data)) {
    throw new TlsaParseError('data-hex', `TLSA data must be an even number of hex digits; got ${JSON.stringify(data)}`);
  }
  return { usage, selector, matchingType, data: data.toLowerCase() };
}

function parseOctet(field: string, label: string): number {
  if (!/^\d{1,3}$/.test(field) || Number(field) > 255) {
    throw new TlsaParseError('field-range', `TLSA ${label} must be an integer 0..255; got ${JSON.stringify(field)}`);
  }
  return Number(field);
}

const DIGEST_LENGTHS: Record<number, number> = { 1: 32, 2: 64 };

/**
 * Whether SMTP may use a record at all, checked in field order.
 * - RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP; only DANE-TA(2), DANE-EE(3).
 * - RFC 6698 §2.1.2/§2.1.3 with RFC 7672 §3.1.3: selectors 0/1 and matching types 0/1/2 only;
 *   anything else (including the private-use 255s) is unusable.
 * - RFC 6698 §2.1.4: the data must fit the matching type: 32 bytes for SHA2-256, 64 for SHA2-512,
 *   and for Full(0) one DER SEQUENCE (a certificate or a SubjectPublicKeyInfo). Empty data never fits.
 */
export function tlsaUsability(r: TlsaRecord): TlsaUsability {
  for (const [label, value] of [
    ['usage', r.usage],
    ['selector', r.selector],
    ['matching type', r.matchingType],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      return { status: 'malformed', detail: `${label} ${value} is not an integer 0..255` };
    }
  }
  if (r.usage !== 2 && r.usage !== 3) {
    const why =
      r.usage === 0 || r.usage === 1
        ? 'PKIX usages are not used for SMTP, which has no common set of trusted CAs'
        : 'only DANE-TA(2) and DANE-EE(3) are used for SMTP';
    return { status: 'unusable-usage', detail: `usage ${r.usage} (${tlsaUsageName(r.usage)}): ${why}` };
  }
  if (r.selector !== 0 && r.selector !== 1) {
    return { status: 'unusable-selector', detail: `${tlsaSelectorName(r.selector)} is not Cert(0) or SPKI(1)` };
  }
  if (r.matchingType !== 0 && r.matchingType !== 1 && r.matchingType !== 2) {
    return {
      status: 'unusable-matching-type',
      detail: `${tlsaMatchingTypeName(r.matchingType)} is not Full(0), SHA2-256(1) or SHA2-512(2)`,
    };
  }
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(r.data)) {
    return { status: 'malformed', detail: 'the data is not an even number of hex digits' };
  }
  const bytes = r.data.length / 2;
  if (bytes === 0) return { status: 'malformed', detail: 'the data is empty' };
  const digestLength = DIGEST_LENGTHS[r.matchingType];
  if (digestLength !== undefined && bytes !== digestLength) {
    return {
      status: 'malformed',
      detail: `a ${tlsaMatchingTypeName(r.matchingType)} digest is ${digestLength} bytes, this one is ${bytes}`,
    };
  }
  if (r.matchingType === 0 && !isOneDerSequence(Buffer.from(r.data, 'hex'))) {
    const what = r.selector === 0 ? 'a DER certificate' : 'a DER SubjectPublicKeyInfo';
    return { status: 'malformed', detail: `Full(0) data with selector ${r.selector} must be ${what}` };
  }
  return { status: 'usable', detail: null };
}

/** The records the matcher may use (RFC 7672 §3.1.3), in their original order. */
export function usableTlsa(records: readonly TlsaRecord[]): TlsaRecord[] {
  return records.filter((r) => tlsaUsability(r).status === 'usable');
}

/** True when `bytes` is exactly one DER SEQUENCE (tag 0x30, definite length covering the rest). */
function isOneDerSequence(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  const first = bytes[1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || bytes.length < 2 + count) return false;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i]!;
    header = 2 + count;
  }
  return header + length === bytes.length;
}
