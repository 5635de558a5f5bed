// A check as a file and back: the document --save-evidence writes, and analyze's
// replay of it. Replay runs the same walk and verdict as a live check, with Deps
// that serve the recorded DNS messages and SMTP sessions and a clock fixed at the
// instant judged (the recorded one, or --now): DNSSEC is validated again from
// the raw messages, certificates are parsed again from their DER.
import type { Clock, Deps } from '../ports.ts';
import {
  EVIDENCE_FORMAT,
  EVIDENCE_VERSION,
  type SavedCheck,
  type SavedEvidence,
  type SavedTrustAnchor,
} from '../evidence/document.ts';
import { createResolver } from '../probe/dns/resolver.ts';
import { parseResolverAddress } from '../dns/resolver-address.ts';
import { createValidatingResolver } from '../probe/dns/validating-resolver.ts';
import type { EvidenceLog } from '../probe/recording.ts';
import { replayingConnector, replayingTransport } from '../probe/replaying.ts';
import { type CheckOutcome, type CheckRequest, judgeEvidence, probeCheck } from './run-check.ts';
import type { JudgementSettings } from '../verdict/exit-status.ts';
import { nameText, parseName } from '../dns/name.ts';
import { RR_TYPE } from '../dns/rr-types.ts';
import type { TrustAnchor } from '../dnssec/trust-anchors.ts';
import type { DnssecMode } from './real-deps.ts';

export interface SavedRunContext {
  request: CheckRequest;
  outcome: CheckOutcome;
  /** The instant the live verdict was judged at. */
  judgedAt: Date;
  dnssec: DnssecMode;
  anchors: readonly TrustAnchor[];
  dns: { timeoutMs: number; retries: number };
  options: Record<string, unknown>;
}

function savedAnchor(anchor: TrustAnchor): SavedTrustAnchor {
  return { owner: nameText(anchor.owner), type: anchor.type === RR_TYPE.DS ? 'DS' : 'DNSKEY', rdata: anchor.rdata.toString('base64') };
}

export function savedEvidence(log: EvidenceLog, context: SavedRunContext): SavedEvidence {
  const { request, outcome } = context;
  const check: SavedCheck = {
    kind: request.kind,
    name: request.name,
    port: request.walk.port,
    helo: request.walk.helo,
    ipv4: request.walk.ipv4,
    ipv6: request.walk.ipv6,
    max_mx: request.walk.maxMxHosts,
    smtp_concurrency: request.walk.smtpConcurrency,
    stage_timeout_ms: request.walk.stageTimeoutMs,
    deadline_ms: request.deadlineMs,
    resolver: request.resolverLabel,
    dns_timeout_ms: context.dns.timeoutMs,
    dns_retries: context.dns.retries,
    dnssec: context.dnssec,
    trust_anchors: context.dnssec === 'validate' ? context.anchors.map(savedAnchor) : null,
  };
  return {
    format: EVIDENCE_FORMAT,
    evidence_version: EVIDENCE_VERSION,
    tool: { name: 'smtp-dane-verify', version: request.version },
    started_at: outcome.run.started_at,
    duration_ms: outcome.run.duration_ms,
    judged_at: context.judgedAt.toISOString(),
    check,
    options: context.options,
    dns: log.dns,
    smtp: log.smtp,
  };
}

function anchorOf(saved: SavedTrustAnchor): TrustAnchor {
  return { owner: parseName(saved.owner), type: saved.type === 'DS' ? RR_TYPE.DS : RR_TYPE.DNSKEY, rdata: Buffer.from(saved.rdata, 'base64') };
}

/** Deps that answer from the file, on a clock stopped at `now`. */
export function replayDeps(saved: SavedEvidence, now: Date): Deps {
  const clock: Clock = { now: () => new Date(now) };
  const { check } = saved;
  const options = {
    server: parseResolverAddress(check.resolver),
    timeoutMs: check.dns_timeout_ms,
    retries: check.dns_retries,
    transport: replayingTransport(saved.dns),
  };
  return {
    dns:
      check.dnssec === 'validate'
        ? createValidatingResolver({ ...options, anchors: (check.trust_anchors ?? []).map(anchorOf), clock })
        : createResolver(options),
    smtp: replayingConnector(saved.smtp),
    clock,
  };
}

export interface ReplayOptions {
  /** The instant to judge at; default: the one the live check was judged at. */
  now?: Date;
  /** -w, -c and --severity: analyze's own, not the recorded run's. */
  judgement: JudgementSettings;
  version: string;
}

/**
 * Judges a saved check again. The run's report keeps the live run's start and
 * duration (they describe the probing, which is not repeated); the verdict is this one's.
 */
export async function replayCheck(saved: SavedEvidence, options: ReplayOptions): Promise<{ outcome: CheckOutcome; now: Date }> {
  const now = options.now ?? new Date(saved.judged_at);
  const deps = replayDeps(saved, now);
  const { check } = saved;
  const request: CheckRequest = {
    kind: check.kind,
    name: check.name,
    walk: {
      port: check.port,
      helo: check.helo,
      ipv4: check.ipv4,
      ipv6: check.ipv6,
      stageTimeoutMs: check.stage_timeout_ms,
      maxMxHosts: check.max_mx,
      smtpConcurrency: check.smtp_concurrency,
    },
    // Nothing waits on the network here: the deadline only guards against a runaway walk.
    deadlineMs: 60_000,
    judgement: options.judgement,
    resolverLabel: check.resolver,
    version: options.version,
  };
  const evidence = await probeCheck(deps, request, now);
  const outcome = judgeEvidence(deps, request, evidence, { started: new Date(saved.started_at), durationMs: saved.duration_ms, now });
  return { outcome, now };
}
