// The real Deps, as the CLI and the service both build them: a DNS resolver
// towards one recursive resolver (validating DNSSEC here, or trusting its AD
// bit), the SMTP connector and the system clock. A new resolver per check: it
// remembers every answer it got, and a check is stateless.
import { systemClock, type Deps } from '../ports.ts';
import { createResolver } from '../probe/dns/resolver.ts';
import type { ResolverAddress } from '../dns/resolver-address.ts';
import { createValidatingResolver } from '../probe/dns/validating-resolver.ts';
import { createSmtpConnector } from '../probe/smtp/session.ts';
import type { TrustAnchor } from '../dnssec/trust-anchors.ts';
import type { EvidenceLog } from '../probe/recording.ts';

/** validate: check DNSSEC here from the trust anchors; resolver: trust the AD bit of a validating resolver. */
export const DNSSEC_MODES = ['validate', 'resolver'] as const;
export type DnssecMode = (typeof DNSSEC_MODES)[number];
/**
 * validate: proven to give every lab scenario the dane_state a validating
 * resolver gives (test/e2e/dnssec-scenarios.test.ts), and it needs nothing of
 * the host's resolver but answers, so the executable alone is enough anywhere.
 */
export const DEFAULT_DNSSEC_MODE: DnssecMode = 'validate';

export interface DepsPlan {
  server: ResolverAddress;
  dnssec: DnssecMode;
  anchors: readonly TrustAnchor[];
  /** The time a whole check may take; a DNS attempt gets a third of it, at most 3 s. */
  checkTimeoutMs: number;
  /** --save-evidence: every DNS message and SMTP session goes through this log too. */
  log?: EvidenceLog;
}

/** Per attempt and retries of every DNS question, from the check's time. */
export function dnsAttempts(checkTimeoutMs: number): { timeoutMs: number; retries: number } {
  return { timeoutMs: Math.min(3000, checkTimeoutMs / 3), retries: 2 };
}

export function realDepsFactory(plan: DepsPlan): () => Deps {
  const { log } = plan;
  const smtp = log ? log.connector(createSmtpConnector()) : createSmtpConnector();
  const resolverOptions = { server: plan.server, ...dnsAttempts(plan.checkTimeoutMs), ...(log ? { transport: log.transport } : {}) };
  // DNSSEC is judged on the run's clock, as the rest of the verdict: analyze replaces it with the recorded one (or --now).
  const clock = systemClock;
  return () => ({
    dns:
      plan.dnssec === 'validate'
        ? createValidatingResolver({ ...resolverOptions, anchors: plan.anchors, clock })
        : createResolver(resolverOptions),
    smtp,
    clock,
  });
}
