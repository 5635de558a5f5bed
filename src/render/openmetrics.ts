// The exposition of metric samples, in either format Prometheus reads:
// OpenMetrics 1.0 (ends with `# EOF`) or the text format 0.0.4. prom-client
// does the writing (escaping, number formatting, `# EOF`, per-format content
// types); a fresh registry per answer, so nothing global survives a scrape.
import { Gauge, Registry, type RegistryContentType } from 'prom-client';
import { METRIC_FAMILIES, type MetricFamilyName, type MetricSample } from './metrics-families.ts';

export const EXPOSITION_FORMATS = ['openmetrics', 'text'] as const;
export type ExpositionFormat = (typeof EXPOSITION_FORMATS)[number];

export interface Exposition {
  contentType: string;
  body: string;
}

const CONTENT_TYPES: Record<ExpositionFormat, RegistryContentType> = {
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
  text: Registry.PROMETHEUS_CONTENT_TYPE,
};

/** Renders the samples family by family in METRIC_FAMILIES order; families without samples are left out. */
export async function renderExposition(samples: readonly MetricSample[], format: ExpositionFormat): Promise<Exposition> {
  const contentType = CONTENT_TYPES[format];
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  const byFamily = new Map<MetricFamilyName, MetricSample[]>();
  for (const s of samples) byFamily.set(s.family, [...(byFamily.get(s.family) ?? []), s]);
  for (const [name, spec] of Object.entries(METRIC_FAMILIES) as [MetricFamilyName, (typeof METRIC_FAMILIES)[MetricFamilyName]][]) {
    const values = byFamily.get(name);
    if (!values) continue;
    const gauge = new Gauge({ name, help: spec.help, labelNames: spec.labels, registers: [registry as Registry] });
    for (const s of values) gauge.set({ ...s.labels }, s.value);
  }
  return { contentType, body: await registry.metrics() };
}
