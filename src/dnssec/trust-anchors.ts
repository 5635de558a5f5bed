// Trust anchors: the IANA root anchors built in, or DS/DNSKEY records read from
// a file in zone-file syntax (RFC 1035 §5, as unbound's root.key, BIND's
// dsset-/K*.key files and `dig DNSKEY . | dnssec-dsfromkey -f -` produce).
import { type DnsName, nameEquals, nameText, parseName } from '../dns/name.ts';
import { RR_TYPE } from '../dns/rr-types.ts';

export interface TrustAnchor {
  owner: DnsName;
  type: typeof RR_TYPE.DS | typeof RR_TYPE.DNSKEY;
  rdata: Buffer;
}

export class TrustAnchorFormatError extends Error {
  override readonly name = 'TrustAnchorFormatError';
}

/**
 * https://data.iana.org/root-anchors/root-anchors.xml: KSK-2017 (key tag 20326)
 * and KSK-2024 (key tag 38696), both algorithm 8 with SHA-256 digests. The
 * 20326 digest is the one of the published DNSKEY (unit-tested); both match
 * BIND 9.18's built-in bind.keys.
 */
export const IANA_ROOT_ANCHORS_TEXT = [
  '. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D',
  '. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16',
].join('\n');

/** Strips a comment (';' outside a quoted string). */
function withoutComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '\\') i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ';' && !quoted) return line.slice(0, i);
  }
  return line;
}

interface LogicalLine {
  number: number;
  text: string;
  /** The line began with white space: the owner is the previous one (RFC 1035 §5.1). */
  inheritsOwner: boolean;
}

/** Joins parenthesised continuations (RFC 1035 §5.1) into logical lines. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | null = null;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = withoutComment(raw);
    if (pending === null) {
      if (line.trim() === '') return;
      pending = { number: index + 1, text: '', inheritsOwner: /^\s/.test(line) };
    }
    for (const char of line) {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      if (depth < 0) throw new TrustAnchorFormatError(`line ${index + 1}: ")" without "("`);
    }
    pending.text += ` ${line.replace(/[()]/g, ' ')}`;
    if (depth === 0) {
      out.push(pending);
      pending = null;
    }
  });
  if (pending !== null) throw new TrustAnchorFormatError(`line ${(pending as LogicalLine).number}: "(" is never closed`);
  return out;
}

function integer(token: string | undefined, max: number, what: string, line: number): number {
  if (token === undefined || !/^[0-9]+$/.test(token) || Number(token) > max) throw new TrustAnchorFormatError(`line ${line}: bad ${what} "${token ?? ''}"`);
  return Number(token);
}

function dsRdata(fields: string[], line: number): Buffer {
  const [tag, algorithm, digestType, ...digest] = fields;
  const hex = digest.join('');
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new TrustAnchorFormatError(`line ${line}: the DS digest is not hexadecimal`);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(integer(tag, 0xffff, 'key tag', line), 0);
  head[2] = integer(algorithm, 255, 'algorithm', line);
  head[3] = integer(digestType, 255, 'digest type', line);
  return Buffer.concat([head, Buffer.from(hex, 'hex')]);
}

function dnskeyRdata(fields: string[], line: number): Buffer {
  const [flags, protocol, algorithm, ...key] = fields;
  const base64 = key.join('');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new TrustAnchorFormatError(`line ${line}: the DNSKEY public key is not base64`);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(integer(flags, 0xffff, 'flags', line), 0);
  head[2] = integer(protocol, 255, 'protocol', line);
  head[3] = integer(algorithm, 255, 'algorithm', line);
  if (head[2] !== 3) throw new TrustAnchorFormatError(`line ${line}: DNSKEY protocol must be 3`);
  return Buffer.concat([head, Buffer.from(base64, 'base64')]);
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

/** Reads DS and DNSKEY records; other records are an error, as is a file without any. */
export function parseTrustAnchors(text: string): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  let origin: DnsName = [];
  let previousOwner: DnsName | null = null;
  const absolute = (token: string, line: number): DnsName => {
    try {
      if (token === '@') return origin;
      const name = parseName(token);
      return token.endsWith('.') ? name : [...name, ...origin];
    } catch (error) {
      throw new TrustAnchorFormatError(`line ${line}: ${error instanceof Error ? error.message : error}`);
    }
  };
  for (const { number, text: lineText, inheritsOwner } of logicalLines(text)) {
    const tokens = lineText.trim().split(/\s+/);
    if (tokens[0] === '$ORIGIN') {
      origin = absolute(tokens[1] ?? '.', number);
      continue;
    }
    if (tokens[0]?.startsWith('$')) continue; // $TTL and friends do not matter here
    let owner: DnsName;
    if (inheritsOwner) {
      if (!previousOwner) throw new TrustAnchorFormatError(`line ${number}: no owner name`);
      owner = previousOwner;
    } else {
      owner = absolute(tokens.shift()!, number);
    }
    previousOwner = owner;
    // [TTL] [class] or [class] [TTL], in either order (RFC 1035 §5.1).
    while (tokens[0] !== undefined && (/^[0-9]+$/.test(tokens[0]) || CLASSES.has(tokens[0].toUpperCase()))) {
      if (CLASSES.has(tokens[0].toUpperCase()) && tokens[0].toUpperCase() !== 'IN') throw new TrustAnchorFormatError(`line ${number}: class ${tokens[0]} is not IN`);
      tokens.shift();
    }
    const type = tokens.shift()?.toUpperCase();
    if (type === 'DS') anchors.push({ owner, type: RR_TYPE.DS, rdata: dsRdata(tokens, number) });
    else if (type === 'DNSKEY') anchors.push({ owner, type: RR_TYPE.DNSKEY, rdata: dnskeyRdata(tokens, number) });
    else throw new TrustAnchorFormatError(`line ${number}: ${type ?? 'nothing'} is not a DS or DNSKEY record`);
  }
  if (anchors.length === 0) throw new TrustAnchorFormatError('no DS or DNSKEY record');
  return anchors;
}

export const IANA_ROOT_ANCHORS: readonly TrustAnchor[] = parseTrustAnchors(IANA_ROOT_ANCHORS_TEXT);

/** The anchors, grouped by owner name (most often just the root). */
export function anchorPoints(anchors: readonly TrustAnchor[]): { owner: DnsName; anchors: TrustAnchor[] }[] {
  const points: { owner: DnsName; anchors: TrustAnchor[] }[] = [];
  for (const anchor of anchors) {
    const point = points.find((p) => nameEquals(p.owner, anchor.owner));
    if (point) point.anchors.push(anchor);
    else points.push({ owner: anchor.owner, anchors: [anchor] });
  }
  return points;
}
