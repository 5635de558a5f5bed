// One check from start to verdict: probe (through the injected Deps) then
// judge. Shared by the CLI and the service; neither reads argv or env here.
import type { Deps } from '../ports.ts';
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { walkDomain, walkHost, type WalkOptions } from '../probe/walk.ts';
import type { DomainEvidence, HostEvidence } from '../evidence/walk.ts';
import { evaluateDomain } from '../verdict/evaluate-domain.ts';
import { evaluateHost } from '../verdict/evaluate-host.ts';
import { judgeCheck, type JudgementSettings } from '../verdict/exit-status.ts';
import type { CheckOutcome, RunInfo } from '../verdict/result.ts';

export type { CheckOutcome };

export interface CheckRequest {
  kind: 'domain' | 'host';
  name: string;
  walk: Omit<WalkOptions, 'signal' | 'deadlineAt'>;
  /** Milliseconds after which every probe still running is cancelled. */
  deadlineMs: number;
  /** Certificate expiry ranges and `--severity` overrides, applied once when the states are decided. */
  judgement: JudgementSettings;
  resolverLabel: string;
  version: string;
}

function unfinishedDns(answers: (DnsAnswerEvidence | null)[]): string[] {
  return answers
    .filter((a): a is DnsAnswerEvidence => a?.outcome === 'cancelled')
    .map((a) => `DNS ${a.question.name}/${a.question.type}`);
}

/**
 * Probes the time limit cut off: those still running at the run's deadline,
 * and SMTP steps that gave up waiting at their own share of -t ("no banner
 * within 7000 ms"), since the server may only be slow. Both are judged as
 * PROBE_UNFINISHED, so every integration shows them alike.
 */
function unfinishedInHost(h: HostEvidence): string[] {
  return [
    ...unfinishedDns([h.a, h.aaaa, ...h.tlsa]),
    ...h.smtp.flatMap((s) => {
      if (s.failure?.kind === 'cancelled') return [`SMTP ${h.hostname} ${s.address} at ${s.stage}`];
      if (s.failure?.kind === 'timeout') return [`SMTP ${h.hostname} ${s.address} at ${s.stage} (${s.failure.message})`];
      return [];
    }),
  ];
}

function dnsQueries(deps: Deps): RunInfo['dns_queries'] {
  const stats = deps.dns.stats?.();
  return stats ? { total: stats.queries, by_type: stats.byType } : null;
}

/**
 * Probes under a signal that fires at the deadline or when the caller's does.
 * Linked by hand, not with AbortSignal.any: on Node 20 that leaves an entry on
 * a long-lived signal (the service's) behind for every check (nodejs/node#55351).
 */
async function probeUntilDeadline<T>(deadlineMs: number, outer: AbortSignal | undefined, probe: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('the check reached its time limit')), Math.max(1, Math.floor(deadlineMs)));
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  try {
    return await probe(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
  }
}

/** The walk of `request` under its deadline, counted from `started` (Deps.clock): the evidence, nothing judged. */
export function probeCheck(deps: Deps, request: CheckRequest, started: Date, outerSignal?: AbortSignal): Promise<DomainEvidence | HostEvidence> {
  return probeUntilDeadline<DomainEvidence | HostEvidence>(request.deadlineMs, outerSignal, (signal) => {
    const walk: WalkOptions = { ...request.walk, signal, deadlineAt: started.getTime() + request.deadlineMs };
    return request.kind === 'domain' ? walkDomain(deps, request.name, walk) : walkHost(deps, request.name, walk);
  });
}

/** When the run started and the instant it is judged at (the end of probing in a live run). */
export interface RunTiming {
  started: Date;
  durationMs: number;
  now: Date;
}

/** The verdict on evidence: pure but for the resolver's question count. */
export function judgeEvidence(deps: Deps, request: CheckRequest, evidence: DomainEvidence | HostEvidence, timing: RunTiming): CheckOutcome {
  const { now } = timing;
  const run = (unfinished: string[]): RunInfo => ({
    version: request.version,
    started_at: timing.started.toISOString(),
    duration_ms: timing.durationMs,
    resolver: request.resolverLabel,
    port: request.walk.port,
    unfinished,
    dns_queries: dnsQueries(deps),
  });
  if ('mx' in evidence) {
    const result = evaluateDomain(evidence, { port: request.walk.port, now });
    const unfinished = [...unfinishedDns([evidence.mx]), ...evidence.hosts.flatMap(unfinishedInHost)];
    return { kind: 'domain', result, run: run(unfinished), judgement: judgeCheck(result, unfinished, request.judgement, now) };
  }
  const result = evaluateHost(evidence, { port: request.walk.port, nextHopDomain: null, now });
  const unfinished = unfinishedInHost(evidence);
  return { kind: 'host', result, run: run(unfinished), judgement: judgeCheck(result, unfinished, request.judgement, now) };
}

export async function runCheck(deps: Deps, request: CheckRequest, outerSignal?: AbortSignal): Promise<CheckOutcome> {
  const started = deps.clock.now();
  const evidence = await probeCheck(deps, request, started, outerSignal);
  const now = deps.clock.now();
  return judgeEvidence(deps, request, evidence, { started, durationMs: now.getTime() - started.getTime(), now });
}
