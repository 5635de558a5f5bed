// GET /probe?target=<name>&module=domain|host: one check on demand, in the
// multi-target style of blackbox_exporter, finished within the scrape timeout
// Prometheus announces. Adding a domain is a scrape-config change, no restart.
// probe_success is 1 when the target is DANE verified; a check that could not
// finish in time answers probe_success 0 rather than failing the scrape.
import { metricSamples, outcomeVerified, type MetricsTarget } from '../render/metrics-samples.ts';
import { renderExposition } from '../render/openmetrics.ts';
import { ApiError } from './api-error.ts';
import { checkError } from './check-errors.ts';
import { CheckWaitTimeout } from './check-service.ts';
import type { Exchange } from './exchange.ts';
import { targetOf } from './metrics-target.ts';
import { expositionFormat } from './negotiate.ts';
import { checkedName, type CheckKind } from './request-name.ts';
import { send } from './respond.ts';
import { probeTimeoutSeconds } from './scrape-timeout.ts';
import { judgementFor, outcomeFor, requestedJudgement } from './judgement-params.ts';

function probeModule(param: string | null): CheckKind {
  const module = param ?? 'domain';
  if (module === 'domain' || module === 'host') return module;
  throw new ApiError('invalid-parameter', `Unknown module ${JSON.stringify(module.slice(0, 40))}: use domain or host`);
}

export async function handleProbe(x: Exchange): Promise<void> {
  const started = performance.now();
  const { req, res, url, app } = x;
  const target = url.searchParams.get('target');
  if (target === null || target.trim() === '') throw new ApiError('invalid-parameter', 'Target parameter is missing');
  const kind = probeModule(url.searchParams.get('module'));
  const name = checkedName(target, kind === 'domain' ? 'target domain' : 'target host');
  const format = expositionFormat(req.headers.accept, url.searchParams.get('format'));
  const judgement = judgementFor(requestedJudgement(url), app.settings);
  x.info.target = name;
  const job = { kind, name };
  const timeoutSeconds = probeTimeoutSeconds(
    req.headers['x-prometheus-scrape-timeout-seconds'],
    app.settings.timeoutOffsetSeconds,
    app.settings.checkTimeoutSeconds,
  );
  let targets: MetricsTarget[] = [];
  let success = false;
  try {
    const answer = await app.service.check(job, {
      budgetMs: timeoutSeconds * 1000,
      queueTimeoutMs: timeoutSeconds * 1000,
      hardEnd: true,
      useCache: true,
      overflow: 'reject',
    });
    x.info.source = answer.source;
    targets = [targetOf(job, { ...answer.check, outcome: outcomeFor(answer.check.outcome, judgement) })];
    success = outcomeVerified(answer.check.outcome);
  } catch (error) {
    if (!(error instanceof CheckWaitTimeout)) throw checkError(error, timeoutSeconds) ?? error;
    x.info.error = 'shared check did not finish within the probe timeout';
  }
  if (app.stopping()) throw new ApiError('shutting-down', 'the service is shutting down', { 'Retry-After': '1' });
  const probe = { success, durationSeconds: (performance.now() - started) / 1000, timeoutSeconds };
  const exposition = await renderExposition(metricSamples({ version: app.version, targets, probe }), format);
  send(res, 200, exposition.contentType, exposition.body);
}
