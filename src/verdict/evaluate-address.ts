// The verdict for one address of a DANE-applicable host: was the SMTP session
// authenticated by one of the host's usable TLSA records? RFC 7672 §3.
import type { SmtpEvidence } from '../evidence/smtp.ts';
import type { DaneState } from './dane-state.ts';
import { diagnostic, diagnosticMessage, type Diagnostic } from './diagnostics.ts';
import { certificatesByAlgorithm, KEY_ALGORITHM_NAMES, type KeyAlgorithmCertificate } from './key-algorithm-certificates.ts';
import type { AddressResult, CertificateSummary, TlsaMatch, TlsaRecord } from './result.ts';
import { parseChain, summarizeCertificate, type ParsedChain } from './certificate/x509.ts';
import { datedPath, matchTlsa, eeDateRemark } from './tlsa-match.ts';
import { tlsaText } from './tlsa-record.ts';
import { tlsSummary } from './tls-summary.ts';

export interface AddressContext {
  host: string;
  /** Null when DANE does not apply to the host: the address then inherits the host's state. */
  usable: TlsaRecord[] | null;
  inheritedState: DaneState;
  referenceIdentifiers: string[];
  now: Date;
}

export interface AddressVerdict {
  result: AddressResult;
  diagnostics: Diagnostic[];
  /** The chain as parsed, for the host's rollover readiness (rollover.ts). */
  chain: ParsedChain;
}

/**
 * Where a failed session leaves DANE: no session at all is "unreachable", a broken one "failed";
 * an address this host cannot reach is "not-tested", a server saying "not now" leaves it open,
 * and so does one that was still silent when its step's share of -t ran out: it may only be slow
 * (RFC 5321 §4.5.3.2 gives a sender 5 minutes for the greeting), so the check did not finish.
 */
function stateOfFailure(smtp: SmtpEvidence): DaneState {
  const kind = smtp.failure?.kind;
  if (kind === 'cancelled' || kind === 'timeout' || kind === 'temporary') return 'indeterminate';
  if (kind === 'local-network') return 'not-tested';
  if (smtp.stage === 'connect' || smtp.stage === 'banner') return 'unreachable';
  return 'failed';
}

function failureDiagnostic(smtp: SmtpEvidence, host: string): Diagnostic {
  const at = { host, address: smtp.address };
  const failure = smtp.failure!;
  const detail = `${failure.message} (stage ${smtp.stage})`;
  if (failure.kind === 'cancelled') return diagnostic('PROBE_UNFINISHED', { probes: [`SMTP at ${smtp.stage}`] }, at);
  // A step's own time-out is the time limit too (a share of -t): unfinished, as in run.unfinished (run-check.ts).
  if (failure.kind === 'timeout') return diagnostic('PROBE_UNFINISHED', { probes: [`SMTP at ${smtp.stage} (${failure.message})`] }, at);
  if (failure.kind === 'not-offered') return diagnostic('STARTTLS_NOT_OFFERED', {}, at);
  if (failure.kind === 'local-network') {
    return diagnostic('ADDRESS_NOT_TESTED_HERE', { family: smtp.family === 6 ? 'IPv6' : 'IPv4', detail: failure.message }, at);
  }
  if (failure.kind === 'temporary') {
    const tries = (smtp.attempts ?? 1) > 1 ? ', also when tried again' : '';
    return diagnostic('SMTP_TEMPORARY_REFUSAL', { detail: `${failure.message} (stage ${smtp.stage}${tries})` }, at);
  }
  if (smtp.stage === 'connect' || smtp.stage === 'banner') return diagnostic('SMTP_UNREACHABLE', { detail }, at);
  if (smtp.stage === 'starttls') return diagnostic('STARTTLS_REJECTED', { detail }, at);
  if (smtp.stage === 'tls') return diagnostic('TLS_HANDSHAKE_FAILED', { detail }, at);
  return diagnostic('SMTP_FAILED', { detail }, at);
}

function matchFailure(match: TlsaMatch, usable: number, at: { host: string; address: string }): Diagnostic {
  const detail = match.detail ?? match.outcome;
  switch (match.outcome) {
    case 'name-mismatch':
      return diagnostic('NAME_MISMATCH', { names: match.referenceIdentifiers }, at);
    case 'chain-invalid':
      return diagnostic('CHAIN_INVALID', { detail }, at);
    case 'cert-expired':
      return diagnostic('CHAIN_EXPIRED', { detail }, at);
    default:
      return diagnostic('TLSA_MISMATCH', { total: usable }, at);
  }
}

export function evaluateAddress(smtp: SmtpEvidence, ctx: AddressContext): AddressVerdict {
  const at = { host: ctx.host, address: smtp.address };
  const diagnostics: Diagnostic[] = [];
  const chain = parseChain(smtp.tls?.chain ?? []);
  for (const e of chain.errors) {
    diagnostics.push(diagnostic('CERTIFICATE_UNPARSABLE', { depth: e.depth, detail: e.message }, at));
  }
  if (smtp.tls?.chainTruncated) {
    diagnostics.push(diagnostic('CHAIN_TRUNCATED', { count: chain.length }, at));
  }
  const certificates: CertificateSummary[] = chain.certificates.map((c, depth) => summarizeCertificate(c, depth));
  // A failure after the handshake (EHLO or QUIT inside TLS) does not undo what the chain proves.
  const sessionBroken = smtp.failure !== null && smtp.tls === null;
  if (smtp.failure) diagnostics.push(failureDiagnostic(smtp, ctx.host));

  let state: DaneState;
  let match: TlsaMatch | null = null;
  let byAlgorithm: KeyAlgorithmCertificate[] = [];
  if (ctx.usable === null) {
    state = ctx.inheritedState;
  } else if (sessionBroken) {
    state = stateOfFailure(smtp);
  } else if (chain.certificates.length === 0) {
    state = 'failed';
  } else {
    match = matchTlsa(ctx.usable, chain, { referenceIdentifiers: ctx.referenceIdentifiers, now: ctx.now });
    if (match.outcome === 'pass') {
      state = 'verified';
      diagnostics.push(diagnostic('TLSA_MATCHED', { record: match.record ? tlsaText(match.record) : '', depth: match.depth ?? 0 }, at));
      const remark = eeDateRemark(match, chain, ctx.now);
      if (remark) diagnostics.push(diagnostic('DANE_EE_DATES_IGNORED', { detail: remark }, at));
    } else {
      state = 'failed';
      diagnostics.push(matchFailure(match, ctx.usable.length, at));
    }
    byAlgorithm = certificatesByAlgorithm(smtp, { usable: ctx.usable, referenceIdentifiers: ctx.referenceIdentifiers, now: ctx.now });
    state = judgeByAlgorithm(byAlgorithm, state, diagnostics, ctx.usable.length, at);
  }

  const lastEhlo = smtp.ehloTls?.lines.at(-1);
  return {
    result: {
      address: smtp.address,
      family: smtp.family,
      dane_state: state,
      stage: smtp.failure ? smtp.stage : null,
      reason: smtp.failure ? smtp.failure.message : null,
      starttls_offered: smtp.ehlo ? smtp.starttlsOffered : null,
      match,
      dated_path: state === 'verified' ? datedPath(match, chain) : null,
      tls: smtp.tls ? tlsSummary(smtp.tls, certificates[0] ?? null) : null,
      certificates,
      certificates_by_algorithm: byAlgorithm,
      last_ehlo_line: lastEhlo !== undefined && smtp.ehloTls ? `${smtp.ehloTls.code} ${lastEhlo}` : null,
      elapsed_ms: smtp.elapsedMs,
    },
    diagnostics,
    chain,
  };
}

/**
 * The address with every certificate it presents: verified when each is covered,
 * partial when some are, failed when none is (RFC 7672 §3.1, RFC 7671 §5). When
 * another algorithm's certificate is covered, the default certificate's own
 * mismatch finding gives way to KEY_ALGORITHM_NOT_COVERED, which names it.
 */
function judgeByAlgorithm(
  entries: readonly KeyAlgorithmCertificate[],
  defaultState: DaneState,
  diagnostics: Diagnostic[],
  usable: number,
  at: { host: string; address: string },
): DaneState {
  const presented = entries.filter((e) => e.status === 'presented');
  const covered = presented.filter((e) => e.dane_state === 'verified');
  for (const e of entries) {
    const algorithm = KEY_ALGORITHM_NAMES[e.key_algorithm];
    if (e.status === 'unknown') diagnostics.push(diagnostic('KEY_ALGORITHM_UNKNOWN', { algorithm, detail: e.reason ?? 'no certificate' }, at));
    if (e.status !== 'presented' || e.dane_state === 'verified' || !e.match) continue;
    const own = matchFailure(e.match, usable, at);
    if (e.session === 'default') {
      if (covered.length === 0) continue; // the mismatch found above says it all
      const found = diagnostics.findIndex((d) => d.code === own.code);
      if (found >= 0) diagnostics.splice(found, 1);
    }
    diagnostics.push(diagnostic('KEY_ALGORITHM_NOT_COVERED', { algorithm, detail: diagnosticMessage(own) }, at));
  }
  if (covered.length === 0) return defaultState;
  return covered.length === presented.length ? 'verified' : 'partial';
}
