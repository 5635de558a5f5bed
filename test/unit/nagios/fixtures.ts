// Hand-built verdicts for the Nagios renderer tests. Diagnostics come from the
// real catalogue (diagnostic()), so the messages are the ones users see.
import { diagnostic, type Diagnostic, type SeverityPolicy } from '../../../src/verdict/diagnostics.ts';
import { defaultExpiryThresholds, type ExpiryThresholds } from '../../../src/verdict/certificate-expiry.ts';
import { judgeCheck } from '../../../src/verdict/exit-status.ts';
import type { SignatureThresholds, SignedAnswer } from '../../../src/verdict/signature-expiry.ts';
import type { PathSignature } from '../../../src/dnssec/path-signature.ts';
import type { RolloverReadiness } from '../../../src/verdict/rollover.ts';
import type {
  AddressResult,
  CertificateSummary,
  CheckOutcome,
  DomainResult,
  HostResult,
  RunInfo,
  TlsaRecord,
} from '../../../src/verdict/result.ts';

export const STARTED = '2025-06-01T12:00:00.000Z';
const DAY = 86_400_000;

export function daysFromStart(days: number): string {
  return new Date(Date.parse(STARTED) + days * DAY).toISOString();
}

export const EE: TlsaRecord = { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) };
export const TA: TlsaRecord = { usage: 2, selector: 0, matchingType: 1, data: 'cd'.repeat(32) };

export function cert(cn: string, depth: number, daysLeft: number, sha = `${cn}-${depth}`): CertificateSummary {
  return {
    depth,
    subject: depth === 0 ? `CN = ${cn}` : `O = Lab, CN = ${cn}`,
    issuer: 'O = Lab, CN = Lab CA',
    dnsNames: depth === 0 ? [cn] : [],
    notBefore: daysFromStart(-30),
    notAfter: daysFromStart(daysLeft),
    keyAlgorithm: 'EC',
    sha256: sha.padEnd(64, '0'),
    spkiSha256: `spki-${sha}`.padEnd(64, '0'),
  };
}

const TLS = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519, 253 bits', signatureType: 'ECDSA', hashUsed: 'SHA256' };

export function verifiedAddress(address: string, certs: CertificateSummary[], record: TlsaRecord = EE): AddressResult {
  return {
    address,
    family: address.includes(':') ? 6 : 4,
    dane_state: 'verified',
    stage: null,
    reason: null,
    starttls_offered: true,
    match: { outcome: 'pass', record, depth: record.usage === 3 ? 0 : 1, referenceIdentifiers: [], matchedName: record.usage === 2 ? certs[0]?.dnsNames[0] ?? null : null, detail: null },
    dated_path: record.usage === 3 ? [] : [0, 1],
    tls: TLS,
    certificates: certs,
    certificates_by_algorithm: [],
    last_ehlo_line: '250 CHUNKING',
    elapsed_ms: 120,
  };
}

export function mismatchAddress(address: string, certs: CertificateSummary[]): AddressResult {
  return {
    ...verifiedAddress(address, certs),
    dane_state: 'failed',
    dated_path: null,
    match: { outcome: 'tlsa-mismatch', record: null, depth: null, referenceIdentifiers: [], matchedName: null, detail: 'no record matched' },
  };
}

export function cancelledAddress(address: string): AddressResult {
  return {
    address,
    family: 4,
    dane_state: 'indeterminate',
    stage: 'tls',
    reason: 'the run deadline passed',
    starttls_offered: true,
    match: null,
    dated_path: null,
    tls: null,
    certificates: [],
    certificates_by_algorithm: [],
    last_ehlo_line: null,
    elapsed_ms: 9000,
  };
}

/** Hand-built hosts say nothing about rollover unless a test gives it. */
export const NO_ROLLOVER: RolloverReadiness = { state: 'n/a', reason: 'dane-not-applicable', matching: [], not_matching: [], tlsa_ttl: null };

export function host(
  hostname: string,
  preference: number | null,
  addresses: AddressResult[],
  extra: Partial<HostResult> = {},
): HostResult {
  const diagnostics: Diagnostic[] = [];
  for (const a of addresses) {
    const where = { host: hostname, address: a.address };
    if (a.dane_state === 'verified') diagnostics.push(diagnostic('TLSA_MATCHED', { record: `3 1 1 ${EE.data}`, depth: 0 }, where));
    if (a.dane_state === 'failed') diagnostics.push(diagnostic('TLSA_MISMATCH', { total: 1 }, where));
    if (a.dane_state === 'indeterminate') diagnostics.push(diagnostic('PROBE_UNFINISHED', { probes: ['SMTP at tls'] }, where));
  }
  const states = addresses.map((a) => a.dane_state);
  const state = states.every((s) => s === 'verified') ? 'verified' : states.some((s) => s === 'verified') ? 'partial' : states[0] ?? 'indeterminate';
  return {
    hostname,
    preference,
    dane_state: state,
    dnssec_status: 'secure',
    tlsa_base_domain: hostname,
    tlsa_name: `_25._tcp.${hostname}`,
    tlsa: [EE],
    usable_tlsa: [EE],
    addresses,
    rollover: NO_ROLLOVER,
    diagnostics,
    signed_answers: [],
    ...extra,
  };
}

export function domain(name: string, hosts: HostResult[], extra: Partial<DomainResult> = {}): DomainResult {
  const states = hosts.map((h) => h.dane_state);
  const state = states.length > 0 && states.every((s) => s === 'verified') ? 'verified' : states.some((s) => s === 'verified' || s === 'partial') ? 'partial' : states[0] ?? 'indeterminate';
  return {
    domain: name,
    dane_state: state,
    mx_dnssec_status: 'secure',
    implicit_mx: false,
    null_mx: false,
    hosts,
    diagnostics: [diagnostic('MX_SECURE', { domain: name })],
    signed_answers: [],
    ...extra,
  };
}

export function run(extra: Partial<RunInfo> = {}): RunInfo {
  return { version: '0.1.0', started_at: STARTED, duration_ms: 1234, resolver: '127.0.53.2:53', port: 25, unfinished: [], dns_queries: null, ...extra };
}

/** What the CLI passes to judgeCheck: --severity, -w/-c and the clock (the run's start unless given). */
export interface JudgeOptions {
  severityPolicy?: SeverityPolicy;
  thresholds?: ExpiryThresholds;
  now?: Date;
  /** --days */
  horizonDays?: number;
  /** --sig-warn / --sig-crit */
  signatureThresholds?: SignatureThresholds;
}

/** A hand-built verdict judged as run-check.ts judges a real one. */
export function judged(input: { kind: 'domain'; result: DomainResult; run: RunInfo } | { kind: 'host'; result: HostResult; run: RunInfo }, o: JudgeOptions = {}): CheckOutcome {
  const settings = {
    severityPolicy: o.severityPolicy ?? {},
    thresholds: o.thresholds ?? defaultExpiryThresholds(),
    ...(o.horizonDays !== undefined ? { horizonDays: o.horizonDays } : {}),
    ...(o.signatureThresholds ? { signatureThresholds: o.signatureThresholds } : {}),
  };
  const judgement = judgeCheck(input.result, input.run.unfinished, settings, o.now ?? new Date(input.run.started_at));
  return { ...input, judgement } as CheckOutcome;
}

/** A hand-built domain verdict, judged with the defaults, as the JSON renderer takes it. */
export function judgedDomain(result: DomainResult, r: RunInfo = run(), o: JudgeOptions = {}): Extract<CheckOutcome, { kind: 'domain' }> {
  return judged({ kind: 'domain', result, run: r }, o) as Extract<CheckOutcome, { kind: 'domain' }>;
}

/** An RRSIG valid for `validityDays`, with `daysLeft` left at STARTED (fractions allowed). */
export function pathSig(rrset: string, validityDays: number, daysLeft: number, originalTtl = 3600, signer = rrset.split('/')[0]!.split('.').slice(-2).join('.')): PathSignature {
  return {
    rrset,
    signer,
    keyTag: 12345,
    algorithm: 'ECDSAP256SHA256',
    inception: daysFromStart(daysLeft - validityDays).replace('.000Z', 'Z'),
    expiration: daysFromStart(daysLeft).replace('.000Z', 'Z'),
    originalTtl,
    ttl: originalTtl,
  };
}

/** An answer validated here, with the signatures on its path (--dnssec validate). */
export function signedAnswer(answer: string, ...signatures: PathSignature[]): SignedAnswer {
  return { answer, scope: 'path', signatures };
}
