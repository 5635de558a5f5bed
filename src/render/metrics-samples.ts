// Turns what the service knows (the latest check of each target, and for
// /probe the probe itself) into metric samples. Counting and projecting only:
// the states come from the verdict, the original's booleans from json.ts, so
// /metrics and /verify/ can never disagree.
import { DANE_STATES, type DaneState } from '../verdict/dane-state.ts';
import type { CheckOutcome, HostResult } from '../verdict/result.ts';
import type { CheckJudgement, HostJudgement, ServiceState } from '../verdict/exit-status.ts';
import { tlsaText } from '../verdict/tlsa-record.ts';
import { ROLLOVER_STATES } from '../verdict/rollover.ts';
import { coverageOf, KEY_ALGORITHM_COVERAGES } from '../verdict/key-algorithm-certificates.ts';
import { domainJson, hostJson } from './json.ts';
import type { MetricSample } from './metrics-families.ts';

/** The latest knowledge about one checked target. */
export interface MetricsTarget {
  kind: 'domain' | 'host';
  name: string;
  /** The latest verdict; null before the first check finished, or when every check so far failed internally. */
  outcome: CheckOutcome | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastDurationSeconds: number | null;
  /** Whether the latest attempt ran to completion; null before the first. */
  lastAttemptComplete: boolean | null;
}

/** The blackbox-style series of one /probe answer. */
export interface ProbeInfo {
  success: boolean;
  durationSeconds: number;
  timeoutSeconds: number;
}

export interface MetricsSnapshot {
  version: string;
  targets: readonly MetricsTarget[];
  probe: ProbeInfo | null;
}

const flag = (b: boolean): number => (b ? 1 : 0);
const seconds = (d: Date): number => d.getTime() / 1000;

/** Earliest notAfter over every certificate the host's addresses presented, in Unix seconds. */
/** The earliest notAfter among the certificates the host presented in any session (the verdict's expiry report), in seconds. */
function earliestExpiry(host: HostResult, judgement: CheckJudgement): number | null {
  let earliest: number | null = null;
  for (const c of judgement.expiry.certificates) {
    if (!c.seenAt.some((s) => s.host === host.hostname)) continue;
    const t = Date.parse(c.notAfter);
    if (!Number.isNaN(t) && (earliest === null || t < earliest)) earliest = t;
  }
  return earliest === null ? null : earliest / 1000;
}

/** Distinct TLSA records that authenticated at least one address of the host. */
function verifiedRecords(host: HostResult): number {
  const matched = new Set<string>();
  for (const a of host.addresses) {
    if (a.match?.outcome === 'pass' && a.match.record) matched.add(tlsaText(a.match.record));
  }
  return matched.size;
}

function stateSet(family: 'smtp_dane_verify_dane_state' | 'smtp_dane_verify_host_dane_state', labels: Record<string, string>, current: DaneState): MetricSample[] {
  return DANE_STATES.map((state) => ({ family, labels: { ...labels, state }, value: flag(state === current) }));
}

const SERVICE_STATES: readonly ServiceState[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/** A decided state as a state set, as the verdict decided it (exit-status.ts). */
function serviceStateSet(
  family:
    | 'smtp_dane_verify_service_state'
    | 'smtp_dane_verify_host_service_state'
    | 'smtp_dane_verify_host_cert_expiry_state'
    | 'smtp_dane_verify_rrsig_expiry_state'
    | 'smtp_dane_verify_host_rrsig_expiry_state',
  labels: Record<string, string>,
  current: ServiceState,
): MetricSample[] {
  return SERVICE_STATES.map((state) => ({ family, labels: { ...labels, state }, value: flag(state === current) }));
}

/** When the earliest RRSIG on each answer's path expires (Unix seconds, as promtool wants the unit); the MX answer has no `mx` label. */
function signatureSamples(judgement: CheckJudgement, domain: string | null): MetricSample[] {
  return judgement.signatures.answers.map((a) => {
    const labels: Record<string, string> = { ...(domain === null ? {} : { domain }), ...(a.host === null ? {} : { mx: a.host }), answer: a.answer, covers: a.earliest.signature.rrset, scope: a.scope };
    return { family: 'smtp_dane_verify_rrsig_expiry_timestamp_seconds', labels, value: Date.parse(a.earliest.signature.expiration) / 1000 };
  });
}

function hostSamples(host: HostResult, judged: HostJudgement, judgement: CheckJudgement, domain: string | null): MetricSample[] {
  // A host check has no domain: the label is left out (an empty label is the same as none in Prometheus).
  const labels: Record<string, string> = domain === null ? { mx: host.hostname } : { domain, mx: host.hostname };
  const json = hostJson(host, judged, judgement);
  const samples: MetricSample[] = [
    { family: 'smtp_dane_verify_num_tlsa', labels, value: host.tlsa.length },
    { family: 'smtp_dane_verify_num_tlsa_dane_ta', labels, value: host.tlsa.filter((r) => r.usage === 2).length },
    { family: 'smtp_dane_verify_num_tlsa_dane_ee', labels, value: host.tlsa.filter((r) => r.usage === 3).length },
    { family: 'smtp_dane_verify_host_dane_verified', labels, value: flag(json.host_dane_verified) },
    ...stateSet('smtp_dane_verify_host_dane_state', labels, host.dane_state),
    ...serviceStateSet('smtp_dane_verify_host_service_state', labels, judged.state),
    ...serviceStateSet('smtp_dane_verify_host_cert_expiry_state', labels, judged.expiryState),
    ...ROLLOVER_STATES.map((state) => ({ family: 'smtp_dane_verify_host_rollover_state' as const, labels: { ...labels, state }, value: flag(state === host.rollover.state) })),
    ...serviceStateSet('smtp_dane_verify_host_rrsig_expiry_state', labels, judged.signatureState),
  ];
  if (host.rollover.tlsa_ttl !== null) samples.push({ family: 'smtp_dane_verify_host_tlsa_ttl_seconds', labels, value: host.rollover.tlsa_ttl });
  for (const a of host.addresses) {
    const addressLabels = { ...labels, address: a.address, family: a.family === 6 ? 'ipv6' : 'ipv4' };
    samples.push(
      { family: 'smtp_dane_verify_address_dane_verified', labels: addressLabels, value: flag(a.dane_state === 'verified') },
      { family: 'smtp_dane_verify_address_not_tested', labels: addressLabels, value: flag(a.dane_state === 'not-tested') },
    );
    for (const e of a.certificates_by_algorithm) {
      const current = coverageOf(e);
      for (const state of KEY_ALGORITHM_COVERAGES) {
        samples.push({ family: 'smtp_dane_verify_address_key_algorithm_state', labels: { ...addressLabels, key_algorithm: e.key_algorithm, state }, value: flag(state === current) });
      }
    }
  }
  const expiry = earliestExpiry(host, judgement);
  if (expiry !== null) samples.push({ family: 'smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds', labels, value: expiry });
  return samples;
}

function outcomeSamples(outcome: CheckOutcome): MetricSample[] {
  if (outcome.kind === 'host') {
    const j = outcome.judgement;
    return [
      ...hostSamples(outcome.result, j.hosts[0]!, j, null),
      ...serviceStateSet('smtp_dane_verify_rrsig_expiry_state', { mx: outcome.result.hostname }, j.signatureState),
      ...signatureSamples(j, null),
    ];
  }
  const domain = outcome.result.domain;
  const labels = { domain };
  const json = domainJson(outcome);
  const hosts = outcome.result.hosts;
  const samples: MetricSample[] = [
    { family: 'smtp_dane_verify_all_hosts_dane_verified', labels, value: flag(json.all_hosts_dane_verified) },
    { family: 'smtp_dane_verify_dnssec_valid', labels, value: flag(json.dnssec_valid) },
    { family: 'smtp_dane_verify_total_mx', labels, value: hosts.length },
    { family: 'smtp_dane_verify_total_tlsa_openssl_ok', labels, value: hosts.reduce((n, h) => n + verifiedRecords(h), 0) },
    ...stateSet('smtp_dane_verify_dane_state', labels, outcome.result.dane_state),
    ...serviceStateSet('smtp_dane_verify_service_state', labels, outcome.judgement.state),
    ...serviceStateSet('smtp_dane_verify_rrsig_expiry_state', labels, outcome.judgement.signatureState),
    ...hosts.flatMap((h, i) => hostSamples(h, outcome.judgement.hosts[i]!, outcome.judgement, domain)),
    ...signatureSamples(outcome.judgement, domain),
  ];
  const expiries = hosts.map((h) => earliestExpiry(h, outcome.judgement)).filter((t): t is number => t !== null);
  if (expiries.length > 0) {
    samples.push({ family: 'smtp_dane_verify_earliest_cert_expiry_timestamp_seconds', labels, value: Math.min(...expiries) });
  }
  return samples;
}

function targetSamples(t: MetricsTarget): MetricSample[] {
  const labels: Record<string, string> = t.kind === 'domain' ? { domain: t.name } : { mx: t.name };
  const samples: MetricSample[] = t.outcome ? outcomeSamples(t.outcome) : [];
  if (t.lastAttemptComplete !== null) {
    samples.push({ family: 'smtp_dane_verify_check_success', labels, value: flag(t.lastAttemptComplete) });
  }
  if (t.lastDurationSeconds !== null) {
    samples.push({ family: 'smtp_dane_verify_check_duration_seconds', labels, value: t.lastDurationSeconds });
  }
  if (t.lastAttemptAt) samples.push({ family: 'smtp_dane_verify_last_check_timestamp_seconds', labels, value: seconds(t.lastAttemptAt) });
  if (t.lastSuccessAt) samples.push({ family: 'smtp_dane_verify_last_success_timestamp_seconds', labels, value: seconds(t.lastSuccessAt) });
  return samples;
}

export function metricSamples(snapshot: MetricsSnapshot): MetricSample[] {
  const samples: MetricSample[] = [{ family: 'smtp_dane_verify_version', labels: { version: snapshot.version }, value: 1 }];
  if (snapshot.probe) {
    samples.push(
      { family: 'probe_success', labels: {}, value: flag(snapshot.probe.success) },
      { family: 'probe_duration_seconds', labels: {}, value: snapshot.probe.durationSeconds },
      { family: 'probe_timeout_seconds', labels: {}, value: snapshot.probe.timeoutSeconds },
    );
  }
  for (const t of snapshot.targets) samples.push(...targetSamples(t));
  return samples;
}

/** What /probe reports as probe_success: the original's top-level boolean of the check. */
export function outcomeVerified(outcome: CheckOutcome): boolean {
  return outcome.kind === 'domain'
    ? domainJson(outcome).all_hosts_dane_verified
    : hostJson(outcome.result, outcome.judgement.hosts[0]!, outcome.judgement).host_dane_verified;
}
