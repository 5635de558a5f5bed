// GET /metrics: the background results of METRICS_DOMAINS, from memory, never
// waiting for a check. Unlike the original it answers 200 before the first run
// has finished (with the version series and no domain series yet), not 503.
import { metricSamples } from '../render/metrics-samples.ts';
import { renderExposition } from '../render/openmetrics.ts';
import type { Exchange } from './exchange.ts';
import { expositionFormat } from './negotiate.ts';
import { send } from './respond.ts';

export async function handleMetrics(x: Exchange): Promise<void> {
  const format = expositionFormat(x.req.headers.accept, x.url.searchParams.get('format'));
  const snapshot = { version: x.app.version, targets: x.app.store.snapshot(), probe: null };
  const exposition = await renderExposition(metricSamples(snapshot), format);
  send(x.res, 200, exposition.contentType, exposition.body);
}
