// The repeatable `severity` query parameter of /verify/, /verify_host/ and
// /probe: `--severity CODE=LEVEL` for one request (each value one or more
// comma-separated overrides, as {$DANE.SEVERITY} sends them), laid over the
// service's own --severity / SEVERITY. The target is probed once (cache,
// single-flight) and this request's answer judged again under its policy.
import { rejudge } from '../app/rejudge.ts';
import { defaultExpiryThresholds } from '../verdict/certificate-expiry.ts';
import type { SeverityPolicy } from '../verdict/diagnostics.ts';
import type { CheckOutcome } from '../verdict/result.ts';
import { parseSeverityPolicy, SeverityPolicyError, withOverrides } from '../verdict/severity-policy.ts';
import { ApiError } from './api-error.ts';

export const SEVERITY_PARAMETER = 'severity';

/** The request's overrides; null when it gave none (or only empty values). Bad input: a 400. */
export function requestedSeverity(url: URL): SeverityPolicy | null {
  try {
    const policy = parseSeverityPolicy(url.searchParams.getAll(SEVERITY_PARAMETER), SEVERITY_PARAMETER);
    return Object.keys(policy).length === 0 ? null : policy;
  } catch (error) {
    if (error instanceof SeverityPolicyError) throw new ApiError('invalid-parameter', error.message);
    throw error;
  }
}

/** The outcome this request answers with: as judged for the service, or again under its overrides. */
export function outcomeFor(outcome: CheckOutcome, base: SeverityPolicy, overrides: SeverityPolicy | null): CheckOutcome {
  if (overrides === null) return outcome;
  return rejudge(outcome, { thresholds: defaultExpiryThresholds(), severityPolicy: withOverrides(base, overrides) });
}
