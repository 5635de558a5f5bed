// The service's settings, from flags first and then the original service's
// environment variables (APIKEY, NAMESERVER, METRICS_DOMAINS, METRICS_INTERVAL)
// and our DNSSEC, TRUST_ANCHOR, SEVERITY, DAYS, SIG_WARN and SIG_CRIT, checked
// into one plain object. Without an
// API key the service does not start: the original made up a random one and
// logged it, which only hid the mistake.
import { isIP } from 'node:net';
import { dnssecSettings } from '../app/dnssec-settings.ts';
import { UsageError } from '../app/usage-error.ts';
import { DEFAULT_DNSSEC_MODE, type DnssecMode } from '../app/real-deps.ts';
import { normalizeMailName } from '../dns/mail-name.ts';
import { DaysValueError, parseDays } from '../verdict/days-value.ts';
import type { SeverityPolicy } from '../verdict/diagnostics.ts';
import { parseSeverityPolicy, SeverityPolicyError } from '../verdict/severity-policy.ts';
import { signatureThresholdConflict, type SignatureThresholds } from '../verdict/signature-expiry.ts';

export interface ServeSettings {
  apiKey: string;
  /** IP[:PORT] or a host name such as a container's ("unbound"); null: /etc/resolv.conf. */
  nameserver: string | null;
  /** validate: DNSSEC checked here from the trust anchors; resolver: the AD bit of a validating nameserver. */
  dnssec: DnssecMode;
  /** DS/DNSKEY file replacing the built-in IANA root anchors (validate only); null: those. */
  trustAnchorFile: string | null;
  metricsDomains: string[];
  metricsIntervalSeconds: number;
  /** 0 picks a free port (tests). */
  port: number;
  /** Address to listen on; null: every address, as the original. */
  listen: string | null;
  /** Budget of one check, /verify/ and the background runs alike. */
  checkTimeoutSeconds: number;
  /** How long a finished check answers identical requests; 0 disables the cache. */
  cacheTtlSeconds: number;
  /** Checks running at once; more wait in the queue. */
  maxChecks: number;
  /** Requests waiting for a free slot; beyond that, 503 with Retry-After. */
  maxQueue: number;
  /** Kept back from Prometheus' scrape timeout on /probe, as blackbox_exporter's --timeout-offset. */
  timeoutOffsetSeconds: number;
  helo: string | null;
  /** --severity (repeatable) or SEVERITY: the policy every check is judged with, /metrics included; a request's `severity` parameter is laid over it. */
  severityPolicy: SeverityPolicy;
  /** --days or DAYS: every check judged as of this many days from now, /metrics included; a request's `days` replaces it. */
  horizonDays: number;
  /** --sig-warn / --sig-crit or SIG_WARN / SIG_CRIT (null: the share of each signature's validity); a request's `sig_warn` / `sig_crit` replace them. */
  signatureThresholds: SignatureThresholds;
}

export type SettingsResult = { ok: true; settings: ServeSettings } | { ok: false; message: string };

type Env = Readonly<Record<string, string | undefined>>;

class SettingError extends Error {}

function text(flag: unknown, env: string | undefined): string | null {
  if (typeof flag === 'string' || typeof flag === 'number') return String(flag).trim();
  const value = env?.trim();
  return value ? value : null;
}

/** --severity values (repeatable), else SEVERITY; each value one or more comma-separated CODE=LEVEL. */
function severityPolicy(flag: unknown, env: string | undefined): SeverityPolicy {
  const values = flag === undefined || flag === null ? (env ? [env] : []) : (Array.isArray(flag) ? flag : [flag]).map(String);
  try {
    return parseSeverityPolicy(values, 'SEVERITY (--severity)');
  } catch (error) {
    if (error instanceof SeverityPolicyError) throw new SettingError(error.message);
    throw error;
  }
}

/** A number of days (--days, --sig-warn, --sig-crit) from the flag, else the variable; empty: not set. */
function days(what: string, flag: unknown, env: string | undefined): number | null {
  const value = text(flag, env);
  if (value === null || value === '') return null;
  try {
    return parseDays(value);
  } catch (error) {
    if (error instanceof DaysValueError) throw new SettingError(`${what} ${JSON.stringify(value.slice(0, 40))}: ${error.message}`);
    throw error;
  }
}

function signatureThresholds(argv: Readonly<Record<string, unknown>>, env: Env): SignatureThresholds {
  const warningDays = days('SIG_WARN (--sig-warn)', argv['sig-warn'], env['SIG_WARN']);
  const criticalDays = days('SIG_CRIT (--sig-crit)', argv['sig-crit'], env['SIG_CRIT']);
  const conflict = signatureThresholdConflict({ warningDays, criticalDays }, { warning: 'SIG_WARN (--sig-warn)', critical: 'SIG_CRIT (--sig-crit)' });
  if (conflict !== null) throw new SettingError(conflict);
  return { warningDays, criticalDays };
}

function numberIn(what: string, value: unknown, fallback: number, min: number, max: number, integer: boolean): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new SettingError(`${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(String(value))}`);
  }
  return n;
}

function domainList(raw: string | null): string[] {
  if (raw === null) return [];
  const names: string[] = [];
  for (const item of raw.split(',')) {
    if (item.trim() === '') continue;
    const checked = normalizeMailName(item.trim());
    if (!checked.ok) throw new SettingError(`METRICS_DOMAINS: ${checked.message}`);
    if (!names.includes(checked.name)) names.push(checked.name);
  }
  return names;
}

/**
 * --dnssec (else DNSSEC) and --trust-anchor (else TRUST_ANCHOR), checked as the
 * CLI checks its flags: a file alone means validate, a file with resolver
 * stops the start. An empty variable is unset.
 */
function dnssecChoice(argv: Readonly<Record<string, unknown>>, env: Env) {
  try {
    return dnssecSettings(text(argv['dnssec'], env['DNSSEC']), text(argv['trust-anchor'], env['TRUST_ANCHOR']), {
      mode: 'DNSSEC (--dnssec)',
      file: 'TRUST_ANCHOR (--trust-anchor)',
    });
  } catch (error) {
    if (error instanceof UsageError) throw new SettingError(error.message);
    throw error;
  }
}

export const DEFAULTS = {
  metricsIntervalSeconds: 60,
  port: 3000,
  checkTimeoutSeconds: 10,
  cacheTtlSeconds: 30,
  maxChecks: 4,
  maxQueue: 32,
  timeoutOffsetSeconds: 0.5,
} as const;

export function serveSettings(argv: Readonly<Record<string, unknown>>, env: Env): SettingsResult {
  try {
    const apiKey = text(argv['api-key'], env['APIKEY']);
    if (!apiKey) {
      throw new SettingError(
        'no API key: set the APIKEY environment variable (or --api-key); the service refuses to start without one',
      );
    }
    const listen = text(argv['listen'], undefined);
    if (listen !== null && isIP(listen) === 0) throw new SettingError(`--listen must be an IP address, not ${JSON.stringify(listen)}`);
    const heloText = text(argv['helo'], undefined);
    let helo: string | null = null;
    if (heloText !== null) {
      const h = normalizeMailName(heloText);
      if (!h.ok) throw new SettingError(`--helo: ${h.message}`);
      helo = h.name;
    }
    const metricsInterval = argv['metrics-interval'] ?? env['METRICS_INTERVAL'];
    const dnssec = dnssecChoice(argv, env);
    return {
      ok: true,
      settings: {
        apiKey,
        nameserver: text(argv['nameserver'], env['NAMESERVER']),
        dnssec: dnssec.dnssec ?? DEFAULT_DNSSEC_MODE,
        trustAnchorFile: dnssec.trustAnchorFile ?? null,
        metricsDomains: domainList(text(argv['metrics-domains'], env['METRICS_DOMAINS'])),
        metricsIntervalSeconds: numberIn('METRICS_INTERVAL (--metrics-interval)', metricsInterval, DEFAULTS.metricsIntervalSeconds, 1, 86_400, false),
        port: numberIn('--port', argv['port'], DEFAULTS.port, 0, 65_535, true),
        listen,
        checkTimeoutSeconds: numberIn('--check-timeout', argv['check-timeout'], DEFAULTS.checkTimeoutSeconds, 1, 600, false),
        cacheTtlSeconds: numberIn('--cache-ttl', argv['cache-ttl'], DEFAULTS.cacheTtlSeconds, 0, 86_400, false),
        maxChecks: numberIn('--max-checks', argv['max-checks'], DEFAULTS.maxChecks, 1, 1024, true),
        maxQueue: numberIn('--max-queue', argv['max-queue'], DEFAULTS.maxQueue, 0, 100_000, true),
        timeoutOffsetSeconds: numberIn('--timeout-offset', argv['timeout-offset'], DEFAULTS.timeoutOffsetSeconds, 0, 60, false),
        helo,
        severityPolicy: severityPolicy(argv['severity'], env['SEVERITY']),
        horizonDays: days('DAYS (--days)', argv['days'], env['DAYS']) ?? 0,
        signatureThresholds: signatureThresholds(argv, env),
      },
    };
  } catch (error) {
    if (error instanceof SettingError) return { ok: false, message: error.message };
    throw error;
  }
}
