// GET /metrics: the background results of METRICS_DOMAINS, from memory, never
// waiting for a check. Unlike the original it answers 200 before the first run
// has finished (with the version series and no domain series yet), not 503.
import { metricSamples } from '../render/metrics-samples.ts';
import { renderExposition, type Exposition, type ExpositionFormat } from '../render/openmetrics.ts';
import type { Exchange } from './exchange.ts';
import type { MetricsStore } from './metrics-store.ts';
import { expositionFormat } from './negotiate.ts';
import { send } from './respond.ts';

interface Rendered {
  revision: number;
  exposition: Promise<Exposition>;
}

// The store changes once per background check while Prometheus may scrape many
// times a second, and rendering through prom-client is the cost of a scrape:
// each store's exposition is rendered once per revision and format, and every
// scrape until the next change (concurrent ones too) shares it.
const rendered = new WeakMap<MetricsStore, Map<ExpositionFormat, Rendered>>();

function exposition(x: Exchange, format: ExpositionFormat): Promise<Exposition> {
  const { store, version } = x.app;
  const byFormat = rendered.get(store) ?? new Map<ExpositionFormat, Rendered>();
  rendered.set(store, byFormat);
  const cached = byFormat.get(format);
  if (cached && cached.revision === store.revision) return cached.exposition;
  const entry: Rendered = {
    revision: store.revision,
    exposition: renderExposition(metricSamples({ version, targets: store.snapshot(), probe: null }), format),
  };
  byFormat.set(format, entry);
  // A failed rendering is not kept: the next scrape tries again.
  entry.exposition.catch(() => {
    if (byFormat.get(format) === entry) byFormat.delete(format);
  });
  return entry.exposition;
}

export async function handleMetrics(x: Exchange): Promise<void> {
  const format = expositionFormat(x.req.headers.accept, x.url.searchParams.get('format'));
  const { contentType, body } = await exposition(x, format);
  send(x.res, 200, contentType, body);
}
