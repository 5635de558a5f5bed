// The verdict for a domain: its MX RRset must be secure (RFC 7672 §2.2.1),
// and every MX host is judged on its own; testing never stops at the first
// problem, so an insecure MX RRset still gets each host reported.
import type { DomainEvidence } from '../probe/walk.ts';
import { classifyAnswer } from './dns-classification.ts';
import { combineStates, type DaneState } from './dane-state.ts';
import { diagnostic, type Diagnostic, type SeverityPolicy } from './diagnostics.ts';
import { evaluateHost } from './evaluate-host.ts';
import type { DomainResult } from './result.ts';
import { validationDiagnostics } from './dnssec/validation-diagnostics.ts';

export interface DomainContext {
  port: number;
  now: Date;
  policy: SeverityPolicy;
}

export function evaluateDomain(ev: DomainEvidence, ctx: DomainContext): DomainResult {
  const { domain, plan } = ev;
  const mx = classifyAnswer(ev.mx);
  const diagnostics: Diagnostic[] = [];
  const say = (code: Parameters<typeof diagnostic>[0], args: Parameters<typeof diagnostic>[1] = {}) =>
    diagnostics.push(diagnostic(code, { domain, ...args }, ctx.policy));

  let mxState: DaneState | null = null;
  if (mx.security === 'bogus') {
    mxState = 'bogus';
    say('MX_BOGUS', { detail: mx.detail });
  } else if (mx.security === 'indeterminate') {
    mxState = 'indeterminate';
    say('MX_LOOKUP_FAILED', { detail: mx.detail });
  } else if (plan.kind === 'none' && plan.reason === 'nxdomain') {
    mxState = 'failed';
    say('DOMAIN_NXDOMAIN');
  } else if (mx.security === 'insecure') {
    mxState = 'insecure';
    say('MX_INSECURE');
  } else {
    say('MX_SECURE');
  }
  // --dnssec validate: what the validator found about the MX RRset.
  diagnostics.push(...validationDiagnostics([ev.mx], ctx.policy));
  if (plan.kind === 'null-mx') {
    mxState ??= 'null-mx';
    say('NULL_MX');
  }
  if (plan.kind === 'hosts') {
    if (plan.implicit) say('IMPLICIT_MX');
    if (plan.total > plan.hosts.length) say('MX_TOO_MANY', { total: plan.total, count: plan.hosts.length });
    for (const bad of plan.invalid) say('MX_TARGET_INVALID', { name: bad.name, detail: bad.detail });
  }

  const hosts = ev.hosts.map((h) => evaluateHost(h, { port: ctx.port, nextHopDomain: domain, now: ctx.now, policy: ctx.policy }));
  const invalidTargets = plan.kind === 'hosts' && plan.invalid.length > 0 ? (['failed'] as DaneState[]) : [];
  const state = mxState ?? combineStates([...hosts.map((h) => h.dane_state), ...invalidTargets]);
  return {
    domain,
    dane_state: state,
    mx_dnssec_status: mx.security,
    implicit_mx: plan.kind === 'hosts' && plan.implicit,
    null_mx: plan.kind === 'null-mx',
    hosts,
    diagnostics,
  };
}
