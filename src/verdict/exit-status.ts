// The Nagios/Icinga state of a check result: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
//
// The state is the worst of these findings (docs/nagios.md has the same table):
//
//   source                         state
//   -----------------------------  -------------------------------------------
//   each diagnostic                its severity after `--severity CODE=LEVEL`:
//                                  critical→CRITICAL, warning→WARNING,
//                                  unknown→UNKNOWN, info→OK
//   each certificate's expiry      -c range alerts→CRITICAL, else -w→WARNING
//   probes cut by the time limit   PROBE_UNFINISHED's severity (UNKNOWN)
//   a dane_state that no           verified→OK; null-mx→WARNING;
//     diagnostic explains          not-tested→WARNING; indeterminate→UNKNOWN;
//                                  every other→CRITICAL
//     (safety net, below)
//
// "Worst" ranks CRITICAL > WARNING > UNKNOWN > OK, as monitoring-plugins'
// max_state_alt does: a proven failure on one MX host is never hidden by a
// lookup that could not finish on another.
//
// Safety net: a node (domain, host, address) whose dane_state is not `verified`
// normally carries the diagnostics that caused it (catalogue severity other
// than info). Only when none is present does its dane_state itself count, so a
// verdict gap can never turn into OK, while demoting the causing codes (e.g.
// `--severity TLSA_ABSENT=info`) really does turn the result OK.
//
// Invalid arguments, --help/--version and SIGTERM exit 3 (UNKNOWN) in the CLI.
import type { DaneState } from './dane-state.ts';
import { DIAGNOSTICS, type Diagnostic, type Severity, type SeverityPolicy } from './diagnostics.ts';
import {
  evaluateExpiry,
  expiryBrief,
  expiryMessage,
  type CertificateExpiry,
  type ExpiryReport,
  type ExpiryState,
  type ExpiryThresholds,
} from './certificate-expiry.ts';
import type { AddressResult, DomainResult, HostResult } from './result.ts';

export type ServiceState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
export type ExitCode = 0 | 1 | 2 | 3;

export const EXIT_CODES: Record<ServiceState, ExitCode> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

const RANK: Record<ServiceState, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

/** CRITICAL > WARNING > UNKNOWN > OK. */
export function worstState(states: Iterable<ServiceState>): ServiceState {
  let worst: ServiceState = 'OK';
  for (const s of states) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export function compareStates(a: ServiceState, b: ServiceState): number {
  return RANK[a] - RANK[b];
}

const SEVERITY_STATE: Record<Severity, ServiceState> = {
  info: 'OK',
  warning: 'WARNING',
  critical: 'CRITICAL',
  unknown: 'UNKNOWN',
};

export function stateOfSeverity(severity: Severity): ServiceState {
  return SEVERITY_STATE[severity];
}

/** The state a dane_state stands for when no diagnostic explains it. */
export const DANE_STATE_FALLBACK: Record<DaneState, ServiceState> = {
  verified: 'OK',
  partial: 'CRITICAL',
  failed: 'CRITICAL',
  unreachable: 'CRITICAL',
  insecure: 'CRITICAL',
  'no-tlsa': 'CRITICAL',
  'unusable-tlsa': 'CRITICAL',
  bogus: 'CRITICAL',
  'null-mx': 'WARNING',
  indeterminate: 'UNKNOWN',
  'not-tested': 'WARNING',
};

const EXPIRY_STATE: Record<ExpiryState, ServiceState> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };

/** The operator's override wins over the severity the diagnostic was built with. */
export function effectiveSeverity(d: Diagnostic, policy: SeverityPolicy): Severity {
  return policy[d.code] ?? d.severity;
}

/** A diagnostic that can explain a non-verified state: its catalogue severity is not info. */
function isCausal(d: Diagnostic): boolean {
  return DIAGNOSTICS[d.code].severity !== 'info';
}

export type FindingSource = 'diagnostic' | 'expiry' | 'unfinished' | 'dane-state';

export interface Finding {
  state: ServiceState;
  source: FindingSource;
  /** The diagnostic code; 'CERT_EXPIRY', 'UNFINISHED' or 'DANE_STATE' for the other sources. */
  code: string;
  rfc: string | null;
  message: string;
  /** A shorter form for the status line, where the message is long. */
  brief?: string;
  /** Null for domain-level findings. */
  host: string | null;
  /** Null for domain- and host-level findings. */
  address: string | null;
}

export interface ExitDecision {
  state: ServiceState;
  exitCode: ExitCode;
  /** Every finding worse than OK, most important first (state, then unfinished, diagnostics, expiry, dane-state). */
  findings: Finding[];
}

export interface ExitInput {
  result: DomainResult | HostResult;
  unfinished: readonly string[];
  expiry: ExpiryReport | null;
  policy: SeverityPolicy;
}

function fromDiagnostic(d: Diagnostic, policy: SeverityPolicy): Finding {
  return {
    state: stateOfSeverity(effectiveSeverity(d, policy)),
    source: 'diagnostic',
    code: d.code,
    rfc: d.rfc,
    message: d.message,
    host: d.host ?? null,
    address: d.address ?? null,
  };
}

function fallback(state: DaneState, message: string, host: string | null, address: string | null): Finding {
  return { state: DANE_STATE_FALLBACK[state], source: 'dane-state', code: 'DANE_STATE', rfc: null, message, host, address };
}

function expiryFinding(c: CertificateExpiry, host: string | null, address: string | null): Finding {
  return {
    state: EXPIRY_STATE[c.state],
    source: 'expiry',
    code: 'CERT_EXPIRY',
    rfc: null,
    message: expiryMessage(c),
    brief: expiryBrief(c),
    host,
    address,
  };
}

/** Findings from the certificate expiry report, one per certificate, placed at its first sighting. */
export function expiryFindings(expiry: ExpiryReport | null): Finding[] {
  return (expiry?.certificates ?? [])
    .filter((c) => c.state !== 'ok')
    .map((c) => expiryFinding(c, c.seenAt[0]?.host ?? null, c.seenAt[0]?.address ?? null));
}

/** The state and its reasons for one host, counting its addresses. */
export function hostFindings(host: HostResult, policy: SeverityPolicy, expiry: ExpiryReport | null): Finding[] {
  const findings = host.diagnostics.map((d) => fromDiagnostic(d, policy));
  if (host.dane_state !== 'verified' && !host.diagnostics.some(isCausal)) {
    findings.push(fallback(host.dane_state, `${host.hostname}: DANE state is ${host.dane_state}`, host.hostname, null));
  }
  for (const c of expiry?.certificates ?? []) {
    if (c.state === 'ok') continue;
    const at = c.seenAt.find((s) => s.host === host.hostname);
    if (at) findings.push(expiryFinding(c, at.host, at.address));
  }
  return findings;
}

/**
 * The findings of one address: its own diagnostics and certificate expiry. An
 * address whose state no diagnostic of its own explains (it inherited an
 * insecure or no-tlsa host state) takes the host-level findings instead.
 */
export function addressFindings(
  host: HostResult,
  address: AddressResult,
  policy: SeverityPolicy,
  expiry: ExpiryReport | null,
): Finding[] {
  const own = host.diagnostics.filter((d) => d.address === address.address);
  const findings = own.map((d) => fromDiagnostic(d, policy));
  if (address.dane_state !== 'verified' && !own.some(isCausal)) {
    const hostLevel = host.diagnostics.filter((d) => d.address === undefined);
    if (hostLevel.some(isCausal)) findings.push(...hostLevel.map((d) => fromDiagnostic(d, policy)));
    else {
      findings.push(
        fallback(address.dane_state, `${host.hostname} ${address.address}: DANE state is ${address.dane_state}`, host.hostname, address.address),
      );
    }
  }
  for (const c of expiry?.certificates ?? []) {
    if (c.state === 'ok') continue;
    if (c.seenAt.some((s) => s.host === host.hostname && s.address === address.address)) {
      findings.push(expiryFinding(c, host.hostname, address.address));
    }
  }
  return findings;
}

const SOURCE_ORDER: Record<FindingSource, number> = { unfinished: 0, diagnostic: 1, expiry: 2, 'dane-state': 3 };

/** Most important first: worse state, then source; tree order otherwise (stable sort). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[b.state] - RANK[a.state] || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
}

export function unfinishedMessage(unfinished: readonly string[]): string {
  const n = unfinished.length;
  const shown = unfinished.slice(0, 3).join(', ');
  const more = n > 3 ? ` and ${n - 3} more` : '';
  return `${n} probe${n === 1 ? '' : 's'} not finished before the time limit: ${shown}${more}`;
}

/** For the status line: the one probe by name, several by number (the long output lists them). */
function unfinishedBrief(unfinished: readonly string[]): string {
  const n = unfinished.length;
  return n === 1 ? `1 probe not finished before the time limit: ${unfinished[0]}` : `${n} probes not finished before the time limit`;
}

export function decideExit(input: ExitInput): ExitDecision {
  const { result, policy } = input;
  const isDomain = 'hosts' in result;
  const all: Diagnostic[] = isDomain ? [...result.diagnostics, ...result.hosts.flatMap((h) => h.diagnostics)] : result.diagnostics;
  const findings: Finding[] = all.map((d) => fromDiagnostic(d, policy));
  findings.push(...expiryFindings(input.expiry));
  if (input.unfinished.length > 0) {
    const severity = policy.PROBE_UNFINISHED ?? DIAGNOSTICS.PROBE_UNFINISHED.severity;
    findings.push({
      state: stateOfSeverity(severity),
      source: 'unfinished',
      code: 'UNFINISHED',
      rfc: null,
      message: unfinishedMessage(input.unfinished),
      brief: unfinishedBrief(input.unfinished),
      host: null,
      address: null,
    });
  }
  if (result.dane_state !== 'verified' && !all.some(isCausal)) {
    const name = isDomain ? result.domain : result.hostname;
    findings.push(fallback(result.dane_state, `${name}: DANE state is ${result.dane_state}`, isDomain ? null : name, null));
  }
  const state = worstState(findings.map((f) => f.state));
  return { state, exitCode: EXIT_CODES[state], findings: sortFindings(findings.filter((f) => f.state !== 'OK')) };
}

/** The exit decision for a whole check outcome, as the CLI needs it for any output format. */
export function exitStatusOf(
  outcome: { result: DomainResult | HostResult; run: { unfinished: readonly string[] } },
  settings: { thresholds: ExpiryThresholds; severityPolicy: SeverityPolicy },
  now: Date,
): ExitDecision {
  const expiry = evaluateExpiry(outcome.result, now, settings.thresholds);
  return decideExit({ result: outcome.result, unfinished: outcome.run.unfinished, expiry, policy: settings.severityPolicy });
}
