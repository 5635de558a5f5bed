// The runCheck request of one service check: the same walk settings as the
// CLI's `domain`/`host` with its defaults (port 25, both address families).
import { defaultExpiryThresholds } from '../verdict/certificate-expiry.ts';
import type { CheckRequest } from '../app/run-check.ts';
import type { SeverityPolicy } from '../verdict/diagnostics.ts';
import { DEFAULT_SIGNATURE_THRESHOLDS, type SignatureThresholds } from '../verdict/signature-expiry.ts';
import type { CheckKind } from './request-name.ts';

export interface CheckJob {
  kind: CheckKind;
  name: string;
}

export interface CheckContext {
  helo: string;
  resolverLabel: string;
  version: string;
  /** The service's --severity / SEVERITY (none: the catalogue's severities). */
  severityPolicy?: SeverityPolicy;
  /** The service's --days / DAYS (none: today). */
  horizonDays?: number;
  /** The service's --sig-warn / --sig-crit (none: the share of each signature's validity). */
  signatureThresholds?: SignatureThresholds;
}

/** Time kept back from a budget for judging and answering: a tenth, at most one second (as the CLI's -t). */
export function marginMs(budgetMs: number): number {
  return Math.min(1000, budgetMs / 10);
}

export function checkRequest(job: CheckJob, deadlineMs: number, context: CheckContext): CheckRequest {
  return {
    kind: job.kind,
    name: job.name,
    walk: {
      port: 25,
      helo: context.helo,
      ipv4: true,
      ipv6: true,
      // A stuck stage reports itself (as a timeout at that stage) before the run's deadline cancels it.
      stageTimeoutMs: Math.max(1000, deadlineMs * 0.7),
      maxMxHosts: 16,
      smtpConcurrency: 16,
    },
    deadlineMs,
    // The service's --severity, --days, --sig-warn, --sig-crit; no -w/-c: the default ranges. A request's severity, days,
    // sig_warn, sig_crit, warning and critical re-judge its own answer (judgement-params.ts).
    judgement: {
      thresholds: defaultExpiryThresholds(),
      severityPolicy: context.severityPolicy ?? {},
      horizonDays: context.horizonDays ?? 0,
      signatureThresholds: context.signatureThresholds ?? DEFAULT_SIGNATURE_THRESHOLDS,
    },
    resolverLabel: context.resolverLabel,
    version: context.version,
  };
}

export function jobKey(job: CheckJob): string {
  return `${job.kind}:${job.name}`;
}
