// Runs a `domain` or `host` check from validated settings and renders it.
// Builds the real Deps here, at the composition root.
import { judgedAt as judgedAtOf } from '../app/rejudge.ts';
import { VERSION } from '../version.ts';
import { formatResolverAddress } from '../dns/resolver-address.ts';
import { DEFAULT_DNSSEC_MODE, dnsAttempts, realDepsFactory } from '../app/real-deps.ts';
import { defaultHelo } from '../app/helo-name.ts';
import { runCheck, type CheckOutcome, type CheckRequest } from '../app/run-check.ts';
import { writeFile } from 'node:fs/promises';
import { savedEvidence } from '../app/saved-run.ts';
import { createEvidenceLog } from '../probe/recording.ts';
import { systemClock } from '../clock.ts';
import { UsageError } from '../app/usage-error.ts';
import { domainJson, hostCheckJson, renderJson } from '../render/json.ts';
import { renderNagios } from '../render/nagios.ts';
import type { CommonSettings } from './common-options.ts';
import type { PluginSettings } from './plugin-options.ts';
import { chooseResolver } from '../app/choose-resolver.ts';
import { readTrustAnchors, trustAnchorSource } from '../app/trust-anchor-file.ts';
import type { ExitCode } from './output.ts';


/**
 * What is left of -t for probing: -t counts from the process start (the
 * monitoring system's clock), less a tenth (at most a second) kept back for
 * judging and printing.
 */
function deadlineMs(timeoutSeconds: number): number {
  const total = timeoutSeconds * 1000;
  return total - Math.min(1000, total / 10) - performance.now();
}

/** The outcome in the asked format, Nagios lines or the API's JSON, and the exit code the verdict decided. */
export function renderOutcome(outcome: CheckOutcome, format: CommonSettings['format'], plugin: PluginSettings): { text: string; exitCode: ExitCode } {
  // Both formats report the state decided in the verdict; neither decides one.
  if (format === 'json') {
    const body = outcome.kind === 'domain' ? domainJson(outcome) : hostCheckJson(outcome);
    return { text: renderJson(body), exitCode: outcome.judgement.exitCode };
  }
  return renderNagios(outcome, { verbosity: plugin.verbosity });
}

export interface CheckExtras {
  /** --save-evidence FILE */
  saveEvidence?: string;
  /** The command line as given (argv without the program), recorded with the evidence. */
  options?: Record<string, unknown>;
}

export async function executeCheck(
  kind: 'domain' | 'host',
  settings: CommonSettings,
  plugin: PluginSettings,
  env: Readonly<Record<string, string | undefined>>,
  extras: CheckExtras = {},
): Promise<{ text: string; exitCode: ExitCode }> {
  const server = await chooseResolver(settings.resolver, env);
  const deadline = deadlineMs(settings.timeoutSeconds);
  const dnssec = settings.dnssec ?? DEFAULT_DNSSEC_MODE;
  // $TRUST_ANCHOR, like $NAMESERVER, describes the DNS world this host lives in; --dnssec resolver does not use it.
  const source = dnssec === 'validate' ? trustAnchorSource(settings.trustAnchorFile, env) : null;
  const anchors = dnssec === 'validate' ? await readTrustAnchors(source?.file ?? null, source?.label) : [];
  const log = extras.saveEvidence === undefined ? undefined : createEvidenceLog(systemClock);
  const deps = realDepsFactory({ server, dnssec, anchors, checkTimeoutMs: deadline, ...(log ? { log } : {}) })();
  const request: CheckRequest = {
    kind,
    name: settings.name,
    walk: {
      port: settings.port,
      helo: settings.helo ?? defaultHelo(),
      ipv4: settings.ipv4,
      ipv6: settings.ipv6,
      // A stuck stage reports itself (as a timeout at that stage) before the run's deadline cancels it.
      stageTimeoutMs: Math.max(1000, deadline * 0.7),
      maxMxHosts: settings.maxMx,
      smtpConcurrency: 16,
    },
    deadlineMs: deadline,
    judgement: plugin,
    resolverLabel: formatResolverAddress(server),
    version: VERSION,
  };
  const outcome: CheckOutcome = await runCheck(deps, request);
  const judgedAt = judgedAtOf(outcome);
  if (log && extras.saveEvidence !== undefined) {
    const context = { request, outcome, judgedAt, dnssec, anchors, dns: dnsAttempts(deadline), options: extras.options ?? {} };
    const text = `${JSON.stringify(savedEvidence(log, context), null, 1)}\n`;
    await writeFile(extras.saveEvidence, text).catch((error: unknown) => {
      throw new UsageError(`--save-evidence ${extras.saveEvidence}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return renderOutcome(outcome, settings.format, plugin);
}
