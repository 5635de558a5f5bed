// JSON output: a superset of the original service's /verify/ and /verify_host/
// responses (same field names, same meaning), plus dane_state, per-address
// results and diagnostics. Every field is documented in the README. The
// states (service_state, each diagnostic's severity) are the ones the verdict
// decided (verdict/exit-status.ts), so JSON, Nagios, Zabbix and OpenMetrics agree.
import { locatedMessage, refsOf } from '../verdict/diagnostics.ts';
import type { AddressJudgement, CheckJudgement, Finding, HostJudgement } from '../verdict/exit-status.ts';
import type { AddressResult, CheckOutcome, DomainResult, HostResult, TlsaMatch } from '../verdict/result.ts';
import { tlsaText, tlsaUsageName } from '../verdict/tlsa-record.ts';
import { coverageOf } from '../verdict/key-algorithm-certificates.ts';
import { rolloverReasonText } from '../verdict/rollover.ts';
import { type AnswerSignatureExpiry, earliestSignatureForHost } from '../verdict/signature-expiry.ts';

/** OpenSSL's X509_V_ERR codes for the failures openssl would have reported, as the original returned them. */
const OPENSSL_CODES: Record<TlsaMatch['outcome'], { text: string; code: number }> = {
  pass: { text: 'OK', code: 0 },
  'tlsa-mismatch': { text: 'No matching DANE TLSA records', code: 65 },
  'name-mismatch': { text: 'hostname mismatch', code: 62 },
  'cert-expired': { text: 'certificate has expired', code: 10 },
  'chain-invalid': { text: 'certificate signature failure', code: 7 },
};

/** The address that speaks for a host in the original's single-address fields: a verified one if any. */
function representative(host: HostResult): AddressResult | null {
  return (
    host.addresses.find((a) => a.dane_state === 'verified') ??
    host.addresses.find((a) => a.tls !== null) ??
    host.addresses[0] ??
    null
  );
}

function opensslVerification(a: AddressResult | null): { text: string; code: number } {
  if (a?.match) return OPENSSL_CODES[a.match.outcome];
  if (a && a.stage) return { text: `not verified: ${a.stage} failed: ${a.reason ?? 'unknown'}`, code: -1 };
  return { text: 'not verified: no usable TLSA records', code: -1 };
}

function logMessages(host: HostResult, a: AddressResult | null): string[] {
  const lines: string[] = [];
  if (!a) return [`${host.hostname}: no address to test`];
  if (a.tls) lines.push('CONNECTION ESTABLISHED');
  const m = a.match;
  if (m?.record && m.outcome === 'pass') {
    const hex = m.record.data;
    const shortened = `${m.record.usage} ${m.record.selector} ${m.record.matchingType} ...${hex.slice(-24)}`;
    lines.push(`DANE TLSA ${shortened} matched ${m.record.usage === 3 ? 'EE' : 'TA'} certificate at depth ${m.depth ?? 0}`);
  } else if (m) {
    lines.push(`DANE ${m.outcome}: ${m.detail ?? ''}`.trim());
  }
  if (a.tls?.group) lines.push(`Server Temp Key: ${a.tls.group}`);
  if (a.stage) lines.push(`${a.address}: ${a.stage} failed: ${a.reason ?? ''}`.trim());
  if (a.last_ehlo_line) lines.push(a.last_ehlo_line);
  lines.push('DONE');
  return lines;
}

/** A diagnostic as JSON: its code, decided severity, RFC sections, text and arguments. */
export function findingJson(f: Finding) {
  const d = f.diagnostic;
  const refs = refsOf(d.code);
  return { code: d.code, severity: f.severity, rfc: refs.join(', '), refs, message: locatedMessage(d), args: d.args, host: d.host, address: d.address };
}

/** One answer used and the earliest-expiring RRSIG on its validation path ('path') or sent with it ('answers', --dnssec resolver). */
function signatureJson(a: AnswerSignatureExpiry) {
  const s = a.earliest;
  return {
    answer: a.answer,
    host: a.host,
    scope: a.scope,
    days_left: s.daysLeft,
    covers: s.signature.rrset,
    signer: s.signature.signer,
    key_tag: s.signature.keyTag,
    algorithm: s.signature.algorithm,
    inception: s.signature.inception,
    expiration: s.signature.expiration,
    validity_days: s.validityDays,
    original_ttl: s.signature.originalTtl,
    ttl: s.signature.ttl,
    warning_days: s.warningDays,
    critical_days: s.criticalDays,
    expires_within_ttl: s.withinTtl,
  };
}

export function hostJson(host: HostResult, judged: HostJudgement, judgement: CheckJudgement) {
  const a = representative(host);
  const verification = opensslVerification(a);
  return {
    // The original service's fields.
    host_dane_verified: host.dane_state === 'verified',
    dnssec_valid: host.dnssec_status === 'secure',
    dnssec_status: host.dnssec_status,
    protocol_version: a?.tls?.protocol ?? null,
    hostname: host.hostname,
    ciphersuite: a?.tls?.cipher ?? null,
    peer_certificate: a?.certificates[0]?.subject ?? null,
    hash_used: a?.tls?.hashUsed ?? null,
    signature_type: a?.tls?.signatureType ?? null,
    openssl_verification: verification.text,
    openssl_return_code: verification.code,
    log_messages: logMessages(host, a),
    tlsa_resource_records: host.tlsa.map(tlsaText),
    // Ours.
    dane_state: host.dane_state,
    preference: host.preference,
    tlsa_base_domain: host.tlsa_base_domain,
    tlsa_name: host.tlsa_name,
    usable_tlsa_records: host.usable_tlsa.map(tlsaText),
    rollover: { ...host.rollover, detail: rolloverReasonText(host.rollover.reason) },
    addresses: host.addresses.map((a, i) => addressJson(a, judged.addresses[i]!)),
    diagnostics: judged.diagnostics.map(findingJson),
    service_state: judged.state,
    cert_expiry_state: judged.expiryState,
    rrsig_days_left: earliestSignatureForHost(judgement.signatures, host.hostname)?.earliest.daysLeft ?? null,
    rrsig_expiry_state: judged.signatureState,
    rrsig_expiry: judgement.signatures.answers.filter((a) => a.host === host.hostname).map(signatureJson),
  };
}

function addressJson(a: AddressResult, judged: AddressJudgement) {
  return {
    address: a.address,
    family: a.family === 6 ? 'ipv6' : 'ipv4',
    dane_state: a.dane_state,
    stage: a.stage,
    reason: a.reason,
    starttls_offered: a.starttls_offered,
    matched_record: a.match?.outcome === 'pass' && a.match.record ? tlsaText(a.match.record) : null,
    matched_usage: a.match?.outcome === 'pass' && a.match.record ? tlsaUsageName(a.match.record.usage) : null,
    matched_depth: a.match?.outcome === 'pass' ? a.match.depth : null,
    match: a.match,
    dated_path: a.dated_path,
    tls: a.tls,
    certificates: a.certificates,
    // One entry per key algorithm the address was asked for (RFC 7671 §5); empty where DANE did not apply.
    certificates_by_algorithm: a.certificates_by_algorithm.map((e) => ({
      key_algorithm: e.key_algorithm,
      status: e.status,
      coverage: coverageOf(e),
      session: e.session,
      dane_state: e.dane_state,
      matched_record: e.match?.outcome === 'pass' && e.match.record ? tlsaText(e.match.record) : null,
      match: e.match,
      dated_path: e.dated_path,
      tls: e.tls,
      certificates: e.certificates,
      reason: e.reason,
      elapsed_ms: e.elapsed_ms,
    })),
    elapsed_ms: a.elapsed_ms,
    service_state: judged.state,
  };
}

/** Every distinct certificate presented, soonest expiry first, and whether DANE checks its dates. */
function certificateExpiryJson(j: CheckJudgement) {
  return j.expiry.certificates.map((c) => ({
    subject: c.subject,
    sha256: c.sha256,
    not_after: c.notAfter,
    days_left: c.daysLeft,
    state: c.state,
    dates: c.dates,
    seen_at: c.seenAt.map((s) => ({ host: s.host, address: s.address, depth: s.depth, session: s.session, key_algorithm: s.keyAlgorithm })),
  }));
}

/** What the verdict decided for the whole check: the Nagios state and exit code, the findings behind it. */
function decisionJson(j: CheckJudgement) {
  return {
    service_state: j.state,
    exit_code: j.exitCode,
    cert_expiry_state: j.expiryState,
    rrsig_days_left: j.signatures.earliest?.earliest.daysLeft ?? null,
    rrsig_expiry_state: j.signatureState,
    rrsig_expiry: j.signatures.answers.map(signatureJson),
    horizon_days: j.signatures.horizonDays,
    certificate_expiry: certificateExpiryJson(j),
    findings: j.findings.map(findingJson),
  };
}

export function domainJson(outcome: Extract<CheckOutcome, { kind: 'domain' }>) {
  const { result: domain, run, judgement } = outcome;
  return {
    all_hosts_dane_verified: domain.dane_state === 'verified',
    dnssec_valid: domain.mx_dnssec_status === 'secure' && domain.hosts.every((h) => h.dnssec_status === 'secure'),
    domain: domain.domain,
    mx_hosts: domain.hosts.map((h, i) => hostJson(h, judgement.hosts[i]!, judgement)),
    dane_state: domain.dane_state,
    mx_dnssec_status: domain.mx_dnssec_status,
    implicit_mx: domain.implicit_mx,
    null_mx: domain.null_mx,
    diagnostics: judgement.diagnostics.map(findingJson),
    ...decisionJson(judgement),
    run,
  };
}

export function hostCheckJson(outcome: Extract<CheckOutcome, { kind: 'host' }>) {
  return { ...hostJson(outcome.result, outcome.judgement.hosts[0]!, outcome.judgement), ...decisionJson(outcome.judgement), run: outcome.run };
}

export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
