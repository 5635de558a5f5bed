// The verdict for a domain: its MX RRset must be secure (RFC 7672 §2.2.1),
// and every MX host is judged on its own; testing never stops at the first
// problem, so an insecure MX RRset still gets each host reported.
import type { DomainEvidence } from '../evidence/walk.ts';
import { classifyAnswer } from '../dane/dns-classification.ts';
import { combineStates, type DaneState } from './dane-state.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { evaluateHost } from './evaluate-host.ts';
import type { DomainResult } from './result.ts';
import { validationDiagnostics } from './dnssec-diagnostics.ts';
import { signedAnswers } from './signature-expiry.ts';

export interface DomainContext {
  port: number;
  now: Date;
}

export function evaluateDomain(ev: DomainEvidence, ctx: DomainContext): DomainResult {
  const { domain, plan } = ev;
  const mx = classifyAnswer(ev.mx);
  const diagnostics: Diagnostic[] = [];

  let mxState: DaneState | null = null;
  if (mx.security === 'bogus') {
    mxState = 'bogus';
    diagnostics.push(diagnostic('MX_BOGUS', { domain, detail: mx.detail }));
  } else if (mx.security === 'indeterminate') {
    mxState = 'indeterminate';
    diagnostics.push(diagnostic('MX_LOOKUP_FAILED', { domain, detail: mx.detail }));
  } else if (plan.kind === 'none' && plan.reason === 'nxdomain') {
    mxState = 'failed';
    diagnostics.push(diagnostic('DOMAIN_NXDOMAIN', { domain }));
  } else if (mx.security === 'insecure') {
    mxState = 'insecure';
    diagnostics.push(diagnostic('MX_INSECURE', { domain }));
  } else {
    diagnostics.push(diagnostic('MX_SECURE', { domain }));
  }
  // --dnssec validate: what the validator found about the MX RRset.
  diagnostics.push(...validationDiagnostics([ev.mx]));
  if (plan.kind === 'null-mx') {
    mxState ??= 'null-mx';
    diagnostics.push(diagnostic('NULL_MX', { domain }));
  }
  if (plan.kind === 'hosts') {
    if (plan.implicit) diagnostics.push(diagnostic('IMPLICIT_MX', { domain }));
    if (plan.total > plan.hosts.length) diagnostics.push(diagnostic('MX_TOO_MANY', { domain, total: plan.total, checked: plan.hosts.length }));
    for (const bad of plan.invalid) diagnostics.push(diagnostic('MX_TARGET_INVALID', { domain, target: bad.name, detail: bad.detail }));
  }

  const hosts = ev.hosts.map((h) => evaluateHost(h, { port: ctx.port, nextHopDomain: domain, now: ctx.now }));
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
    signed_answers: signedAnswers([ev.mx], ctx.now),
  };
}
