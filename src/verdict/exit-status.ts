// The service state of a check result, decided once for every address, host
// and domain: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Renderers (Nagios, JSON,
// Zabbix, OpenMetrics) read these states; none of them decides one.
//
// A node's state is the worst of its findings (docs/nagios.md has the same table):
//
//   source                         state
//   -----------------------------  -------------------------------------------
//   each diagnostic                its severity after `--severity CODE=LEVEL`
//                                  (applied here and nowhere else):
//                                  critical→CRITICAL, warning→WARNING,
//                                  unknown→UNKNOWN, info→OK
//   each certificate's expiry      -c range alerts→CERT_EXPIRY_CRITICAL, else
//                                  -w→CERT_EXPIRY_WARNING; DANE_EE_CERT_EXPIRY
//                                  (WARNING) when only DANE-EE, which ignores
//                                  dates, authenticated it (RFC 7672 §3.1.1)
//   each DNSSEC signature on the   RRSIG_EXPIRY_CRITICAL below a tenth of its
//     validation path of an        validity (or --sig-crit), else
//     answer used                  RRSIG_EXPIRY_WARNING below a fifth (or
//                                  --sig-warn); and RRSIG_EXPIRES_WITHIN_TTL
//                                  when it expires within its RRset's TTL
//                                  (signature-expiry.ts); --days moves the
//                                  instant certificates and signatures are
//                                  judged at
//   probes cut by the time limit   PROBE_UNFINISHED (UNKNOWN)
//   some children verified,        MX_HOSTS_PARTIAL / ADDRESSES_PARTIAL: the
//     others not (partial)         children that are not verified count at
//                                  most as this code's severity (CRITICAL)
//   a dane_state that no           NULL_MX, DANE_STATE_NOT_TESTED (WARNING),
//     diagnostic explains          DANE_STATE_INDETERMINATE (UNKNOWN) or
//     (safety net, below)          DANE_STATE_UNEXPLAINED (CRITICAL)
//
// "Worst" ranks CRITICAL > WARNING > UNKNOWN > OK, as monitoring-plugins'
// max_state_alt does: a proven failure on one MX host is never hidden by a
// lookup that could not finish on another.
//
// Partial: with `--severity MX_HOSTS_PARTIAL=warning`, a domain where one of two
// MX hosts fails is WARNING while the failing host itself stays CRITICAL; a
// domain where every MX host fails is still CRITICAL. The cap never raises: a
// failing host whose causes were all demoted to info counts as OK.
//
// Safety net: a node (domain, host, address) whose dane_state is not `verified`
// normally carries the diagnostics that caused it (catalogue severity other
// than info). Only when none is present does its dane_state itself count, so a
// verdict gap can never turn into OK, while demoting the causing codes (e.g.
// `--severity TLSA_ABSENT=info`) really does turn the result OK.
//
// Invalid arguments, --help/--version and SIGTERM exit 3 (UNKNOWN) in the CLI.
import type { DaneState } from './dane-state.ts';
import { catalogueSeverity, diagnostic, type Diagnostic, type DiagnosticCode, type Placement, type Severity, type SeverityPolicy } from './diagnostics.ts';
import { evaluateExpiry, hostsOf, type CertificateExpiry, type ExpiryReport, type ExpiryThresholds } from './certificate-expiry.ts';
import type { AddressResult, DomainResult, HostResult } from './result.ts';
import {
  DEFAULT_SIGNATURE_THRESHOLDS,
  evaluateSignatureExpiry,
  horizonOf,
  type AnswerSignatureExpiry,
  type SignatureReport,
  type SignatureThresholds,
} from './signature-expiry.ts';
import { signatureDiagnostics } from './signature-diagnostics.ts';

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

const STATE_SEVERITY: Record<ServiceState, Severity> = { OK: 'info', WARNING: 'warning', CRITICAL: 'critical', UNKNOWN: 'unknown' };

export function stateOfSeverity(severity: Severity): ServiceState {
  return SEVERITY_STATE[severity];
}

/** The state a dane_state stands for when no diagnostic explains it (the safety net's codes). */
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

export type FindingSource = 'unfinished' | 'diagnostic' | 'expiry' | 'signature' | 'partial' | 'dane-state';

/** A diagnostic with the severity and state decided for it. */
export interface Finding {
  diagnostic: Diagnostic;
  /** After `--severity`; for a partial roll-up, after the cap. */
  severity: Severity;
  state: ServiceState;
  source: FindingSource;
}

export interface AddressJudgement {
  address: string;
  state: ServiceState;
  /** Its own diagnostics, the host's when it inherited the host's state, its certificates' expiry. */
  findings: Finding[];
}

export interface HostJudgement {
  hostname: string;
  state: ServiceState;
  /** Every diagnostic of the host (its addresses' included), judged, in tree order. */
  diagnostics: Finding[];
  /** The findings the host's state is the worst of. */
  findings: Finding[];
  addresses: AddressJudgement[];
  /** The worst decided state of the certificates its addresses presented (DANE_EE_CERT_EXPIRY is WARNING by default). */
  expiryState: ServiceState;
  /** The worst decided state of the signatures its answers (A, AAAA, TLSA) rest on. */
  signatureState: ServiceState;
}

/** The decided states of a whole check, the exit decision and the expiry report. */
export interface CheckJudgement {
  state: ServiceState;
  exitCode: ExitCode;
  /** Every finding worse than OK anywhere in the tree, most important first (state, then source, then tree order). */
  findings: Finding[];
  /** The domain's own diagnostics, judged (none for a host check). */
  diagnostics: Finding[];
  hosts: HostJudgement[];
  expiry: ExpiryReport;
  /** The worst decided state of every presented certificate's expiry. */
  expiryState: ServiceState;
  /** Days left for the signatures on the validation path of each answer used. */
  signatures: SignatureReport;
  /** The worst decided state of those signatures. */
  signatureState: ServiceState;
}

export interface JudgementSettings {
  thresholds: ExpiryThresholds;
  severityPolicy: SeverityPolicy;
  /** `--days N`: judge certificates and signatures as of N days from now ("will this still pass in N days?"); default 0. */
  horizonDays?: number;
  /** `--sig-warn` / `--sig-crit`; default: a fifth and a tenth of each signature's own validity. */
  signatureThresholds?: SignatureThresholds;
}

const SOURCE_ORDER: Record<FindingSource, number> = { unfinished: 0, diagnostic: 1, expiry: 2, signature: 3, partial: 4, 'dane-state': 5 };

/** Most important first: worse state, then source; tree order otherwise (stable sort). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[b.state] - RANK[a.state] || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
}

/** A diagnostic that can explain a non-verified state: its catalogue severity is not info. */
export function isCausal(d: Diagnostic): boolean {
  return catalogueSeverity(d.code) !== 'info';
}

class Judge {
  readonly extra: Finding[] = [];
  constructor(
    private readonly policy: SeverityPolicy,
    private readonly expiry: ExpiryReport,
    private readonly signatures: SignatureReport,
  ) {}

  /** The one place `--severity` applies. */
  severity(code: DiagnosticCode): Severity {
    return this.policy[code] ?? catalogueSeverity(code);
  }

  finding(d: Diagnostic, source: FindingSource = 'diagnostic'): Finding {
    const severity = this.severity(d.code);
    return { diagnostic: d, severity, state: stateOfSeverity(severity), source };
  }

  /** A roll-up finding that counts at most as `contained`, the worst of what it stands for. */
  capped(d: Diagnostic, contained: ServiceState): Finding {
    const own = stateOfSeverity(this.severity(d.code));
    const state = RANK[own] <= RANK[contained] ? own : contained;
    const f: Finding = { diagnostic: d, severity: STATE_SEVERITY[state], state, source: 'partial' };
    this.extra.push(f);
    return f;
  }

  fallback(state: DaneState, name: string, at: Placement): Finding[] {
    if (state === 'verified') return [];
    const d =
      state === 'null-mx'
        ? diagnostic('NULL_MX', { domain: name }, at)
        : state === 'indeterminate'
          ? diagnostic('DANE_STATE_INDETERMINATE', {}, at)
          : state === 'not-tested'
            ? diagnostic('DANE_STATE_NOT_TESTED', {}, at)
            : diagnostic('DANE_STATE_UNEXPLAINED', { state }, at);
    const f = this.finding(d, 'dane-state');
    this.extra.push(f);
    return [f];
  }

  expiryFinding(c: CertificateExpiry, at: Placement): Finding | null {
    if (c.state === 'ok') return null;
    const code =
      c.dates === 'dane-ee'
        ? 'DANE_EE_CERT_EXPIRY'
        : c.dates === 'beyond-anchor'
          ? 'CERT_EXPIRY_BEYOND_ANCHOR'
          : c.state === 'critical'
            ? 'CERT_EXPIRY_CRITICAL'
            : 'CERT_EXPIRY_WARNING';
    const args = { subject: c.subject, notAfter: c.notAfter, daysLeft: c.daysLeft, seenAt: c.seenAt };
    return this.finding(diagnostic(code, args, at), 'expiry');
  }

  /** One finding per certificate beyond a range, placed at its first sighting. */
  expiryFindings(): Finding[] {
    return this.expiry.certificates.flatMap((c) => {
      const first = c.seenAt[0];
      const f = this.expiryFinding(c, first ? { host: first.host, address: first.address } : {});
      return f ? [f] : [];
    });
  }

  /** One finding per code and signing zone beyond a limit among `answers` (signature-diagnostics.ts). */
  signatureFindings(answers: readonly AnswerSignatureExpiry[], at: (a: AnswerSignatureExpiry) => Placement): Finding[] {
    return signatureDiagnostics(this.signatures, answers, at).map((d) => this.finding(d, 'signature'));
  }

  /** The signature findings of a host's own answers (A, AAAA, TLSA), placed at the host. */
  hostSignatureFindings(hostname: string): Finding[] {
    return this.signatureFindings(this.signatures.answers.filter((a) => a.host === hostname), () => ({ host: hostname }));
  }

  /** The signature findings of the domain's MX answer, placed at the domain. */
  domainSignatureFindings(): Finding[] {
    return this.signatureFindings(this.signatures.answers.filter((a) => a.host === null), () => ({}));
  }

  /** Every signature finding of the check once, placed where the first answer resting on it belongs. */
  allSignatureFindings(): Finding[] {
    return this.signatureFindings(this.signatures.answers, (a) => (a.host === null ? {} : { host: a.host }));
  }

  address(host: HostResult, a: AddressResult, diagnostics: Finding[]): AddressJudgement {
    const own = diagnostics.filter((f) => f.diagnostic.address === a.address);
    const findings = [...own];
    if (a.dane_state !== 'verified' && !own.some((f) => isCausal(f.diagnostic))) {
      // It inherited an insecure or no-tlsa host state: the host's findings are its own.
      const hostLevel = diagnostics.filter((f) => f.diagnostic.address === undefined);
      if (hostLevel.some((f) => isCausal(f.diagnostic))) findings.push(...hostLevel);
      else findings.push(...this.fallback(a.dane_state, host.hostname, { host: host.hostname, address: a.address }));
    }
    for (const c of this.expiry.certificates) {
      if (!c.seenAt.some((s) => s.host === host.hostname && s.address === a.address)) continue;
      const f = this.expiryFinding(c, { host: host.hostname, address: a.address });
      if (f) findings.push(f);
    }
    return { address: a.address, state: worstState(findings.map((f) => f.state)), findings };
  }

  host(host: HostResult): HostJudgement {
    const diagnostics = host.diagnostics.map((d) => this.finding(d));
    const addresses = host.addresses.map((a) => this.address(host, a, diagnostics));
    const verified = addresses.filter((_, i) => host.addresses[i]!.dane_state === 'verified');
    // An address this host could not test is no part of "partial" (combineStates): it counts as itself.
    const counted = addresses.filter((_, i) => host.addresses[i]!.dane_state === 'verified' || host.addresses[i]!.dane_state === 'not-tested');
    const signatureFindings = this.hostSignatureFindings(host.hostname);
    let findings: Finding[];
    if (host.dane_state === 'partial' && verified.length > 0) {
      const failing = addresses.filter((a) => !counted.includes(a));
      const rollup = diagnostic(
        'ADDRESSES_PARTIAL',
        { host: host.hostname, verified: verified.length, total: verified.length + failing.length, failing: failing.map((a) => a.address) },
        { host: host.hostname },
      );
      findings = [
        ...diagnostics.filter((f) => f.diagnostic.address === undefined),
        ...counted.flatMap((a) => a.findings),
        this.capped(rollup, worstState(failing.map((a) => a.state))),
        ...signatureFindings,
      ];
    } else {
      findings = [...diagnostics];
      if (!host.diagnostics.some(isCausal)) findings.push(...this.fallback(host.dane_state, host.hostname, { host: host.hostname }));
      for (const c of this.expiry.certificates) {
        const at = c.seenAt.find((s) => s.host === host.hostname);
        const f = at ? this.expiryFinding(c, { host: at.host, address: at.address }) : null;
        if (f) findings.push(f);
      }
      findings.push(...signatureFindings);
    }
    const expiryState = worstState(addresses.flatMap((a) => a.findings.filter((f) => f.source === 'expiry').map((f) => f.state)));
    const signatureState = worstState(signatureFindings.map((f) => f.state));
    return { hostname: host.hostname, state: worstState(findings.map((f) => f.state)), diagnostics, findings, addresses, expiryState, signatureState };
  }

  domain(result: DomainResult, hosts: HostJudgement[], domainDiagnostics: Finding[]): Finding[] {
    const diagnostics = [...domainDiagnostics, ...this.domainSignatureFindings()];
    const verified = hosts.filter((_, i) => result.hosts[i]!.dane_state === 'verified');
    const counted = hosts.filter((_, i) => result.hosts[i]!.dane_state === 'verified' || result.hosts[i]!.dane_state === 'not-tested');
    if (result.dane_state === 'partial' && verified.length > 0) {
      const failing = hosts.filter((h) => !counted.includes(h));
      const rollup = diagnostic('MX_HOSTS_PARTIAL', {
        domain: result.domain,
        verified: verified.length,
        total: verified.length + failing.length,
        failing: failing.map((h) => h.hostname),
      });
      return [...diagnostics, ...counted.flatMap((h) => h.findings), this.capped(rollup, worstState(failing.map((h) => h.state)))];
    }
    const findings = [...diagnostics, ...hosts.flatMap((h) => h.findings)];
    const anyCause = [...result.diagnostics, ...result.hosts.flatMap((h) => h.diagnostics)].some(isCausal);
    if (!anyCause) findings.push(...this.fallback(result.dane_state, result.domain, {}));
    return findings;
  }
}

/**
 * Decides every state of a check: certificate expiry against the thresholds at
 * `now`, `--severity` applied once to every diagnostic, the roll-up from
 * addresses to hosts to the domain, and the exit code.
 */
export function judgeCheck(
  result: DomainResult | HostResult,
  unfinished: readonly string[],
  settings: JudgementSettings,
  now: Date,
): CheckJudgement {
  const horizonDays = settings.horizonDays ?? 0;
  const expiry = evaluateExpiry(result, horizonOf(now, horizonDays), settings.thresholds);
  const signatures = evaluateSignatureExpiry(result, now, settings.signatureThresholds ?? DEFAULT_SIGNATURE_THRESHOLDS, horizonDays);
  const judge = new Judge(settings.severityPolicy, expiry, signatures);
  const isDomain = 'hosts' in result;
  const diagnostics = isDomain ? result.diagnostics.map((d) => judge.finding(d)) : [];
  const hosts = hostsOf(result).map((h) => judge.host(h));
  const cut = unfinished.length > 0 ? [judge.finding(diagnostic('PROBE_UNFINISHED', { probes: [...unfinished] }), 'unfinished')] : [];
  const deciding = [...cut, ...(isDomain ? judge.domain(result, hosts, diagnostics) : hosts[0]!.findings)];
  const state = worstState(deciding.map((f) => f.state));
  const expiryFindings = judge.expiryFindings();
  const signatureFindings = judge.allSignatureFindings();
  const all = [...cut, ...diagnostics, ...hosts.flatMap((h) => h.diagnostics), ...expiryFindings, ...signatureFindings, ...judge.extra];
  return {
    state,
    exitCode: EXIT_CODES[state],
    findings: sortFindings(all.filter((f) => f.state !== 'OK')),
    diagnostics,
    hosts,
    expiry,
    expiryState: worstState(expiryFindings.map((f) => f.state)),
    signatures,
    signatureState: worstState(signatureFindings.map((f) => f.state)),
  };
}
