// Does the chain a server presented match its usable TLSA records? (RFC 7672 §3, RFC 7671 §5)
// Pure; the clock is a parameter.
import { createHash, createPublicKey } from 'node:crypto';
import {
  bytesEqual,
  describeCertificate,
  parseCertificate,
  presentedDnsNames,
  type ParsedCertificate,
  type ParsedChain,
} from './certificate/x509.ts';
import { signatureVerifies } from './certificate/signature.ts';
import { certificateMatchesName } from './reference-names.ts';
import type { MatchOutcome, TlsaMatch, TlsaRecord } from './result.ts';
import { tlsaText } from './tlsa-record.ts';

export interface MatchOptions {
  /** Names a DANE-TA leaf must carry (see `referenceIdentifiers()`); DANE-EE ignores them. */
  referenceIdentifiers: readonly string[];
  /** The time certificate validity is judged at (DANE-TA only). */
  now: Date;
}

/** Best first: when no record passes, the failure that got furthest is reported. */
const OUTCOME_RANK: readonly MatchOutcome[] = [
  'pass',
  'name-mismatch',
  'cert-expired',
  'chain-invalid',
  'tlsa-mismatch',
];

/** One certificate position as far as matching is concerned; parsed or not. */
interface Presented {
  depth: number;
  der: Uint8Array;
  spki: Uint8Array | null;
  cert: ParsedCertificate | null;
  parseError: string | null;
}

/**
 * Matches the chain against the usable records (filter with `usableTlsa` first). Any pass wins;
 * otherwise the best failure is reported: name-mismatch > cert-expired > chain-invalid > tlsa-mismatch.
 */
export function matchTlsa(
  usable: readonly TlsaRecord[],
  chain: ParsedChain,
  opts: MatchOptions,
): TlsaMatch {
  const presented = presentedPositions(chain);
  const names = [...opts.referenceIdentifiers];
  if (presented.length === 0) return mismatch('the server presented no certificate', []);
  if (usable.length === 0) return mismatch('there are no usable TLSA records to match', []);

  const context = new PathContext(presented);
  const results: TlsaMatch[] = [];
  const notes: string[] = [];
  for (const record of usable) {
    if (record.usage === 3) {
      const result = matchDaneEe(record, presented, notes);
      if (result) results.push(result);
    } else if (record.usage === 2) {
      try {
        results.push(...matchDaneTa(record, context, names, opts.now, notes));
      } catch (e) {
        // Hostile or exotic certificates must not throw out of the verdict.
        const why = e instanceof Error ? e.message : String(e);
        const detail = `DANE-TA ${shortRecord(record)} could not be checked: ${why}`;
        results.push({ outcome: 'chain-invalid', record, depth: null, referenceIdentifiers: names, matchedName: null, detail });
      }
    }
    if (results.some((r) => r.outcome === 'pass')) break;
  }
  const best = bestOf(results);
  if (best) return best;
  const count = `${usable.length} usable TLSA record${usable.length === 1 ? '' : 's'}`;
  const sent = `${presented.length} certificate${presented.length === 1 ? '' : 's'} the server sent`;
  return mismatch([`none of the ${count} matches the ${sent}`, ...notes].join('; '), []);
}

function bestOf(results: readonly TlsaMatch[]): TlsaMatch | null {
  let best: TlsaMatch | null = null;
  for (const r of results) {
    if (!best || OUTCOME_RANK.indexOf(r.outcome) < OUTCOME_RANK.indexOf(best.outcome)) best = r;
  }
  return best;
}

function mismatch(detail: string, referenceIdentifiers: string[]): TlsaMatch {
  return { outcome: 'tlsa-mismatch', record: null, depth: null, referenceIdentifiers, matchedName: null, detail };
}

function presentedPositions(chain: ParsedChain): Presented[] {
  const all: Presented[] = [
    ...chain.certificates.map((cert) => ({
      depth: cert.depth,
      der: cert.der,
      spki: cert.spki,
      cert,
      parseError: null,
    })),
    ...chain.errors.map((e) => ({ depth: e.depth, der: e.der, spki: e.spki, cert: null, parseError: e.message })),
  ];
  return all.sort((a, b) => a.depth - b.depth);
}

/**
 * RFC 6698 §2.1.2/§2.1.3: selector 0 is the whole DER certificate, 1 its SubjectPublicKeyInfo;
 * matching type 0 compares those bytes, 1 their SHA-256, 2 their SHA-512.
 */
export function associationData(
  material: { der: Uint8Array; spki: Uint8Array | null },
  selector: number,
  matchingType: number,
): Uint8Array | null {
  const selected = selector === 0 ? material.der : selector === 1 ? material.spki : null;
  if (!selected) return null;
  if (matchingType === 0) return selected;
  if (matchingType === 1) return createHash('sha256').update(selected).digest();
  if (matchingType === 2) return createHash('sha512').update(selected).digest();
  return null;
}

function recordMatches(record: TlsaRecord, material: { der: Uint8Array; spki: Uint8Array | null }): boolean {
  const data = associationData(material, record.selector, record.matchingType);
  return data !== null && bytesEqual(data, Buffer.from(record.data, 'hex'));
}

function shortRecord(record: TlsaRecord): string {
  const text = tlsaText(record);
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

// --- DANE-EE(3) ---------------------------------------------------------------------------

/**
 * RFC 7672 §3.1.1: a DANE-EE record is compared with the leaf only, and a match authenticates
 * the server outright: no name checks, no validity dates, no chain. Compared on the raw DER,
 * so selector 0 still works when the leaf did not parse.
 */
function matchDaneEe(record: TlsaRecord, presented: readonly Presented[], notes: string[]): TlsaMatch | null {
  const leaf = presented.find((p) => p.depth === 0);
  if (leaf && recordMatches(record, leaf)) {
    return { outcome: 'pass', record, depth: 0, referenceIdentifiers: [], matchedName: null, detail: null };
  }
  const above = presented.find((p) => p.depth > 0 && recordMatches(record, p));
  if (above) {
    notes.push(
      `DANE-EE ${shortRecord(record)} matches the certificate at depth ${above.depth}, but DANE-EE records match the leaf only (RFC 7672 §3.1.1)`,
    );
  }
  return null;
}

// --- DANE-TA(2) ---------------------------------------------------------------------------

/** A trust anchor a DANE-TA record designates (not a DNSSEC trust anchor). */
interface DaneTaAnchor {
  /** The certificate, when known: sent by the server, or given in full by a "2 0 0" record. */
  cert: ParsedCertificate | null;
  /** Its SubjectPublicKeyInfo (DER). */
  key: Uint8Array;
  /** Chain position when the server sent it; null when it comes from the record itself. */
  depth: number | null;
  /** Whether a presented certificate is the anchor itself (same DER for selector 0, same key for 1). */
  is: (c: ParsedCertificate) => boolean;
  label: string;
}

/** Depth -1 marks a certificate that came from a "2 0 0" record rather than from the server. */
const FROM_RECORD = -1;

function labelOf(cert: ParsedCertificate): string {
  return cert.depth === FROM_RECORD
    ? `the trust anchor certificate in the TLSA record (${cert.subject || 'empty subject'})`
    : describeCertificate(cert);
}

/** Limits on the path search (OpenSSL's default verify depth is 100; real SMTP chains are 1–4). */
const MAX_PATH_LENGTH = 16;
const MAX_PATH_STEPS = 256;

type PathResult = { ok: true; path: ParsedCertificate[] } | { ok: false; reached: number; detail: string };

/** Signature checks are memoised per call: several records often designate the same chain. */
class PathContext {
  readonly certs: ParsedCertificate[];
  private readonly verified = new Map<string, boolean>();

  constructor(readonly presented: readonly Presented[]) {
    this.certs = presented.flatMap((p) => (p.cert ? [p.cert] : []));
  }

  leaf(): Presented | undefined {
    return this.presented.find((p) => p.depth === 0);
  }

  /** Whether `spki` (a SubjectPublicKeyInfo) verifies the signature on `child`, a certificate the server sent. */
  signedBy(child: ParsedCertificate, spki: Uint8Array): boolean {
    const id = `${child.depth}<${Buffer.from(spki).toString('base64')}`;
    let result = this.verified.get(id);
    if (result === undefined) {
      result = signatureVerifies(child, spki);
      this.verified.set(id, result);
    }
    return result;
  }

  /** Self-signed: self-issued and its signature verifies with its own key (RFC 5280 §3.2). */
  selfSigned(cert: ParsedCertificate): boolean {
    return cert.selfIssued && this.signedBy(cert, cert.spki);
  }
}

/**
 * RFC 7672 §3.1.2 / RFC 7671 §5.2: a DANE-TA record designates a trust anchor that the server
 * must send in its chain; the leaf must chain up to it (§3.2.2), every certificate from the
 * leaf to the anchor must be within its dates, and the leaf must carry a reference
 * identifier (§3.2.3).
 *
 * Choices where the RFCs leave room:
 * - Matching the leaf itself counts only when the leaf is self-signed (then it is its own
 *   anchor, as OpenSSL treats it); otherwise the match is noted and ignored.
 * - "2 0 0" and "2 1 0" records carry the whole anchor, so the server may omit it
 *   (RFC 7671 §5.2.2): when nothing sent matches, the record's certificate or key is the
 *   anchor and the top of the path must be signed by it.
 */
function matchDaneTa(
  record: TlsaRecord,
  context: PathContext,
  names: string[],
  now: Date,
  notes: string[],
): TlsaMatch[] {
  const leaf = context.leaf();
  const anchors: DaneTaAnchor[] = [];
  const unparsableMatches: Presented[] = [];
  for (const p of context.presented) {
    if (!recordMatches(record, p)) continue;
    if (!p.cert) {
      unparsableMatches.push(p);
      continue;
    }
    if (p.depth === 0 && !context.selfSigned(p.cert)) {
      notes.push(
        `DANE-TA ${shortRecord(record)} matches the leaf, which is not self-signed (or its signature cannot be checked) and so cannot be its own trust anchor (RFC 7671 §5.2)`,
      );
      continue;
    }
    anchors.push(presentedAnchor(record, p.cert));
  }
  if (anchors.length === 0 && record.matchingType === 0) {
    const fromRecord = anchorFromRecord(record);
    if (fromRecord) anchors.push(fromRecord);
  }

  const results: TlsaMatch[] = [];
  const base = { record, referenceIdentifiers: names, matchedName: null };
  for (const p of unparsableMatches) {
    results.push({
      ...base,
      outcome: 'chain-invalid',
      depth: p.depth,
      detail: `the certificate at depth ${p.depth} matches but cannot be parsed: ${p.parseError}`,
    });
  }
  if (anchors.length > 0 && !leaf?.cert) {
    const why = leaf ? `cannot be parsed: ${leaf.parseError}` : 'is missing';
    for (const anchor of anchors) {
      results.push({ ...base, outcome: 'chain-invalid', depth: anchor.depth, detail: `the leaf certificate ${why}` });
    }
    return results;
  }
  for (const anchor of anchors) {
    results.push(judgeAnchor(record, anchor, leaf!.cert!, context, names, now));
    if (results.at(-1)!.outcome === 'pass') break;
  }
  return results;
}

function presentedAnchor(record: TlsaRecord, cert: ParsedCertificate): DaneTaAnchor {
  return {
    cert,
    key: cert.spki,
    depth: cert.depth,
    is: record.selector === 0 ? (c) => bytesEqual(c.der, cert.der) : (c) => bytesEqual(c.spki, cert.spki),
    label: describeCertificate(cert),
  };
}

/** The anchor carried in full by a "2 0 0" (certificate) or "2 1 0" (public key) record. */
function anchorFromRecord(record: TlsaRecord): DaneTaAnchor | null {
  const data = new Uint8Array(Buffer.from(record.data, 'hex'));
  try {
    if (record.selector === 0) {
      const cert = parseCertificate(data, FROM_RECORD);
      return { cert, key: cert.spki, depth: null, is: () => false, label: labelOf(cert) };
    }
    createPublicKey({ key: Buffer.from(data), format: 'der', type: 'spki' }); // throws unless it is a public key
    return { cert: null, key: data, depth: null, is: () => false, label: 'the trust anchor key in the TLSA record' };
  } catch {
    return null;
  }
}

function judgeAnchor(
  record: TlsaRecord,
  anchor: DaneTaAnchor,
  leaf: ParsedCertificate,
  context: PathContext,
  names: string[],
  now: Date,
): TlsaMatch {
  const base = { record, depth: anchor.depth, referenceIdentifiers: names, matchedName: null };
  // RFC 7672 §3.2.2: the chain from the leaf to the anchor must verify.
  const path = buildPath(leaf, anchor, context);
  if (!path.ok) return { ...base, outcome: 'chain-invalid', detail: path.detail };
  // RFC 7672 §3.2.2 / RFC 5280 §6.1.3 (a)(2): every certificate up to the anchor within its dates.
  const outOfDate = path.path.map((c) => validityProblem(c, now)).filter((p): p is string => p !== null);
  if (outOfDate.length > 0) return { ...base, outcome: 'cert-expired', detail: outOfDate.join('; ') };
  // RFC 7672 §3.2.3: the leaf must carry one of the reference identifiers.
  const presentedNames = presentedDnsNames(leaf);
  const matchedName = certificateMatchesName(presentedNames, names);
  if (matchedName === null) {
    const carried = presentedNames.length > 0 ? presentedNames.join(', ') : 'no DNS names';
    const tried = names.length > 0 ? names.join(', ') : '(no reference identifiers)';
    return { ...base, outcome: 'name-mismatch', detail: `the leaf names ${carried}; expected one of ${tried}` };
  }
  return { ...base, outcome: 'pass', matchedName, detail: null };
}

/**
 * Builds leaf → … → anchor through the certificates the server sent, in any order. Each step
 * needs issuer/subject name linkage, an issuer allowed to sign certificates, and a signature
 * that verifies (RFC 5280 §6.1.3 (a)(1), (a)(4); §6.1.4 (k)). Depth-first with backtracking, so
 * extra or cross-signed certificates do not hide a valid path. The returned path ends with the
 * anchor's certificate when one is known, so its dates are checked too.
 */
function buildPath(leaf: ParsedCertificate, anchor: DaneTaAnchor, context: PathContext): PathResult {
  if (anchor.depth === 0 && anchor.cert === leaf) return { ok: true, path: [leaf] };
  let best = { reached: 0, detail: `no path from ${labelOf(leaf)} to ${anchor.label}` };
  // Keep the failure from the furthest point; a missing issuer only replaces a failure from a shorter path.
  const fail = (reached: number, detail: string, missingIssuer = false) => {
    if (reached > best.reached || (reached === best.reached && !missingIssuer)) best = { reached, detail };
  };
  const noIssuer = (c: ParsedCertificate) =>
    `no certificate the server sent is the issuer (${c.issuer || 'empty name'}) of ${labelOf(c)}, so the chain does not reach ${anchor.label}`;

  /** Checks one step: `issuer` (a certificate, or the bare record key when null) signed `current`. */
  const step = (current: ParsedCertificate, issuer: ParsedCertificate | null, reached: number): boolean => {
    if (issuer && !issuer.isCa) {
      fail(reached, `${labelOf(issuer)} issued ${labelOf(current)} but is not a CA certificate`);
      return false;
    }
    const key = issuer ? issuer.spki : anchor.key;
    if (!context.signedBy(current, key)) {
      const by = issuer ? `the key of ${labelOf(issuer)}` : anchor.label;
      fail(reached, `the signature on ${labelOf(current)} does not verify with ${by}`);
      return false;
    }
    return true;
  };

  // A hostile server could send many same-named cross-signed CAs; bound the search.
  let budget = MAX_PATH_STEPS;
  const extend = (path: ParsedCertificate[]): ParsedCertificate[] | null => {
    if (--budget < 0 || path.length > MAX_PATH_LENGTH) {
      fail(path.length, `gave up looking for a path to ${anchor.label} after ${MAX_PATH_STEPS} steps`);
      return null;
    }
    const current = path.at(-1)!;
    // An anchor the server did not send ("2 0 0" / "2 1 0", RFC 7671 §5.2.2) signs the top of the path.
    if (anchor.depth === null) {
      const linked = anchor.cert === null || bytesEqual(anchor.cert.subjectDer, current.issuerDer);
      if (linked && step(current, anchor.cert, path.length)) return anchor.cert ? [...path, anchor.cert] : path;
    }
    const issuers = context.certs.filter((c) => !path.includes(c) && bytesEqual(c.subjectDer, current.issuerDer));
    if (issuers.length === 0) {
      fail(path.length, noIssuer(current), true);
    }
    for (const issuer of issuers) {
      if (!step(current, issuer, path.length)) continue;
      const next = [...path, issuer];
      if (anchor.is(issuer)) return next;
      const found = extend(next);
      if (found) return found;
    }
    return null;
  };

  const found = extend([leaf]);
  return found ? { ok: true, path: found } : { ok: false, ...best };
}

/** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive. */
function validityProblem(cert: ParsedCertificate, now: Date): string | null {
  if (now.getTime() > cert.notAfter.getTime()) {
    return `${labelOf(cert)} expired at ${cert.notAfter.toISOString()}`;
  }
  if (now.getTime() < cert.notBefore.getTime()) {
    return `${labelOf(cert)} is not valid before ${cert.notBefore.toISOString()}`;
  }
  return null;
}

// --- Reporting helpers --------------------------------------------------------------------

/**
 * After a DANE-EE pass, a note when the leaf is outside its validity dates: RFC 7672 §3.1.1 says
 * to ignore them, so this is information for the operator, never a failure. Null otherwise.
 */
export function eeDateRemark(match: TlsaMatch, chain: ParsedChain, now: Date): string | null {
  if (match.outcome !== 'pass' || match.record?.usage !== 3) return null;
  const leaf = chain.certificates.find((c) => c.depth === 0);
  return leaf ? validityProblem(leaf, now) : null;
}

/** The certificate (of those sent and parsed) that expires first, or null for an empty chain. */
export function earliestExpiry(chain: ParsedChain): { depth: number; subject: string; notAfter: Date } | null {
  let first: ParsedCertificate | null = null;
  for (const c of chain.certificates) {
    if (!first || c.notAfter.getTime() < first.notAfter.getTime()) first = c;
  }
  return first ? { depth: first.depth, subject: first.subject, notAfter: first.notAfter } : null;
}

/**
 * The chain depths whose dates DANE checks after a pass (RFC 7672 §3.1.1, §3.2.2): none
 * for DANE-EE (it ignores dates: []), for DANE-TA every certificate from the leaf up to
 * and including the anchor, -1 standing for an anchor the record itself carries. Null
 * when the match did not pass. Rebuilds the path the match verified; pure.
 */
export function datedPath(match: TlsaMatch | null, chain: ParsedChain): number[] | null {
  if (match?.outcome !== 'pass' || !match.record) return null;
  if (match.record.usage !== 2) return [];
  const context = new PathContext(presentedPositions(chain));
  const leaf = context.leaf()?.cert;
  if (!leaf) return null;
  const sent = match.depth === null ? null : context.certs.find((c) => c.depth === match.depth);
  const anchor = sent ? presentedAnchor(match.record, sent) : anchorFromRecord(match.record);
  if (!anchor) return null;
  const path = buildPath(leaf, anchor, context);
  return path.ok ? path.path.map((c) => c.depth) : null;
}
