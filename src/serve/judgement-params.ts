// The query parameters of /verify/, /verify_host/ and /probe that judge one
// request's answer as the plugin's options would: `severity` (repeatable,
// `--severity CODE=LEVEL`, each value one or more comma-separated overrides, as
// {$DANE.SEVERITY} sends them, laid over the service's --severity / SEVERITY),
// `days` (`--days`), `sig_warn` / `sig_crit` (`--sig-warn` / `--sig-crit`) and
// `warning` / `critical` (`-w` / `-c`), each laid over the service's own
// (--severity, --days, --sig-warn, --sig-crit). Judging is a pure function of the
// evidence, so the target is probed once (cache, single-flight) and this
// request's answer judged again; the cache keeps evidence, not a judgement.
import { rejudge } from '../app/rejudge.ts';
import { defaultExpiryThresholds } from '../verdict/certificate-expiry.ts';
import { DaysValueError, parseDays } from '../verdict/days-value.ts';
import type { SeverityPolicy } from '../verdict/diagnostics.ts';
import type { JudgementSettings } from '../verdict/exit-status.ts';
import type { CheckOutcome } from '../verdict/result.ts';
import { parseSeverityPolicy, SeverityPolicyError, withOverrides } from '../verdict/severity-policy.ts';
import { signatureThresholdConflict, type SignatureThresholds } from '../verdict/signature-expiry.ts';
import { parseRange, ThresholdRangeError, type ThresholdRange } from '../verdict/threshold-range.ts';
import { ApiError } from './api-error.ts';

export const SEVERITY_PARAMETER = 'severity';
export const DAYS_PARAMETER = 'days';
export const SIG_WARN_PARAMETER = 'sig_warn';
export const SIG_CRIT_PARAMETER = 'sig_crit';
export const WARNING_PARAMETER = 'warning';
export const CRITICAL_PARAMETER = 'critical';

/** What a request asked for; null where it gave nothing (the service's own judgement). */
export interface RequestedJudgement {
  severity: SeverityPolicy | null;
  horizonDays: number | null;
  sigWarnDays: number | null;
  sigCritDays: number | null;
  warning: ThresholdRange | null;
  critical: ThresholdRange | null;
}

/** A single-valued parameter: the last non-empty value wins, as with getopt (an empty Zabbix macro is no value). */
function lastValue(url: URL, name: string): string | null {
  return url.searchParams.getAll(name).filter((v) => v.trim() !== '').at(-1) ?? null;
}

/** A single-valued parameter parsed; a value the parser refuses (its own error class) is a 400 naming the parameter. */
function parsedParam<T>(url: URL, name: string, parse: (text: string) => T, refusal: new (...args: never[]) => Error, quote: boolean): T | null {
  const text = lastValue(url, name);
  if (text === null) return null;
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof refusal)) throw error;
    throw new ApiError('invalid-parameter', `${name}${quote ? ` ${JSON.stringify(text.slice(0, 40))}` : ''}: ${error.message}`);
  }
}

const daysParam = (url: URL, name: string) => parsedParam(url, name, parseDays, DaysValueError, true);
// A range error quotes the range itself.
const rangeParam = (url: URL, name: string) => parsedParam(url, name, parseRange, ThresholdRangeError, false);

function severityParam(url: URL): SeverityPolicy | null {
  try {
    const policy = parseSeverityPolicy(url.searchParams.getAll(SEVERITY_PARAMETER), SEVERITY_PARAMETER);
    return Object.keys(policy).length === 0 ? null : policy;
  } catch (error) {
    if (error instanceof SeverityPolicyError) throw new ApiError('invalid-parameter', error.message);
    throw error;
  }
}

/** The request's judgement parameters; null when it gave none. Each bad value: a 400 invalid-parameter naming it. */
export function requestedJudgement(url: URL): RequestedJudgement | null {
  const asked: RequestedJudgement = {
    severity: severityParam(url),
    horizonDays: daysParam(url, DAYS_PARAMETER),
    sigWarnDays: daysParam(url, SIG_WARN_PARAMETER),
    sigCritDays: daysParam(url, SIG_CRIT_PARAMETER),
    warning: rangeParam(url, WARNING_PARAMETER),
    critical: rangeParam(url, CRITICAL_PARAMETER),
  };
  const conflict = signatureThresholdConflict({ warningDays: asked.sigWarnDays, criticalDays: asked.sigCritDays }, { warning: SIG_WARN_PARAMETER, critical: SIG_CRIT_PARAMETER });
  if (conflict !== null) throw new ApiError('invalid-parameter', conflict);
  return Object.values(asked).every((v) => v === null) ? null : asked;
}

/** What the service judges every check with: its --severity, --days, --sig-warn and --sig-crit (settings.ts). */
export interface ServiceJudgement {
  severityPolicy: SeverityPolicy;
  horizonDays: number;
  signatureThresholds: SignatureThresholds;
}

/**
 * The settings this request's answer is judged with: the service's, each one the
 * request gave laid over them; null when it gave none (the answer as judged).
 * A sig_crit above the sig_warn that results (one of them the service's) is a 400.
 */
export function judgementFor(asked: RequestedJudgement | null, service: ServiceJudgement): JudgementSettings | null {
  if (asked === null) return null;
  const signatures = {
    warningDays: asked.sigWarnDays ?? service.signatureThresholds.warningDays,
    criticalDays: asked.sigCritDays ?? service.signatureThresholds.criticalDays,
  };
  const conflict = signatureThresholdConflict(signatures, {
    warning: asked.sigWarnDays === null ? "the service's SIG_WARN" : SIG_WARN_PARAMETER,
    critical: asked.sigCritDays === null ? "the service's SIG_CRIT" : SIG_CRIT_PARAMETER,
  });
  if (conflict !== null) throw new ApiError('invalid-parameter', conflict);
  const defaults = defaultExpiryThresholds();
  return {
    thresholds: { warning: asked.warning ?? defaults.warning, critical: asked.critical ?? defaults.critical },
    severityPolicy: asked.severity === null ? service.severityPolicy : withOverrides(service.severityPolicy, asked.severity),
    horizonDays: asked.horizonDays ?? service.horizonDays,
    signatureThresholds: signatures,
  };
}

/** The outcome this request answers with: as judged for the service, or again with what it asked for. */
export function outcomeFor(outcome: CheckOutcome, judgement: JudgementSettings | null): CheckOutcome {
  return judgement === null ? outcome : rejudge(outcome, judgement);
}
