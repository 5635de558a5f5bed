// How long a /probe may take: the scrape timeout Prometheus announces in
// X-Prometheus-Scrape-Timeout-Seconds, minus an offset for the answer's way
// back (blackbox_exporter's --timeout-offset), capped by the check timeout.
// Without the header (curl), the check timeout itself.

/** A probe gets at least this much, however short the scrape timeout. */
export const MIN_PROBE_SECONDS = 0.5;

export function probeTimeoutSeconds(header: string | string[] | undefined, offsetSeconds: number, checkTimeoutSeconds: number): number {
  const text = Array.isArray(header) ? header[0] : header;
  const announced = text === undefined ? NaN : Number(text.trim());
  if (!Number.isFinite(announced) || announced <= 0) return checkTimeoutSeconds;
  return Math.max(MIN_PROBE_SECONDS, Math.min(checkTimeoutSeconds, announced - offsetSeconds));
}
