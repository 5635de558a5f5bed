// A check request as the CLI would build it, for runCheck over fake Deps: the
// default walk settings, no -w/-c beyond the defaults, no --severity.
import type { CheckRequest } from '../../src/app/run-check.ts';
import { defaultExpiryThresholds } from '../../src/verdict/certificate-expiry.ts';

export function checkRequest(
  kind: CheckRequest['kind'],
  name: string,
  options: { walk?: Partial<CheckRequest['walk']>; deadlineMs?: number } = {},
): CheckRequest {
  return {
    kind,
    name,
    walk: { port: 25, helo: 'monitor.example.net', ipv4: true, ipv6: true, stageTimeoutMs: 1000, maxMxHosts: 16, smtpConcurrency: 16, ...options.walk },
    deadlineMs: options.deadlineMs ?? 5000,
    judgement: { thresholds: defaultExpiryThresholds(), severityPolicy: {} },
    resolverLabel: '127.0.0.1:53',
    version: 'test',
  };
}
