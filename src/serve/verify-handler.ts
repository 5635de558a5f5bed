// POST /verify/ {"domain"} and POST /verify_host/ {"hostname"}: the body the
// CLI prints with --format json, byte for byte. A cached answer carries an Age
// header. `?format=openmetrics|prometheus` (or Accept: application/openmetrics-text),
// as in the original, gives the result as metrics instead; `?format=text` the
// human-readable check output, the plugin's text (status line, long output, perfdata).
import { domainJson, hostCheckJson, renderJson } from '../render/json.ts';
import { metricSamples } from '../render/metrics-samples.ts';
import { renderNagios } from '../render/nagios.ts';
import { renderExposition, type ExpositionFormat } from '../render/openmetrics.ts';
import { ApiError } from './api-error.ts';
import { checkError } from './check-errors.ts';
import type { CheckAnswer } from './check-service.ts';
import type { Exchange } from './exchange.ts';
import { targetOf } from './metrics-target.ts';
import { expositionFormat } from './negotiate.ts';
import { checkDeclaredLength, checkJsonContentType, parseJsonObject, readBody } from './read-body.ts';
import { requestedName, type CheckKind } from './request-name.ts';
import { send } from './respond.ts';
import { judgementFor, outcomeFor, requestedJudgement } from './judgement-params.ts';

/** The values of `?format=` on /verify/ and /verify_host/ (the OpenAPI document lists them). */
export const VERIFY_FORMATS = ['json', 'text', 'openmetrics', 'prometheus'] as const;

type VerifyFormat = 'json' | 'text' | ExpositionFormat;

function verifyFormat(param: string | null, accept: string | undefined): VerifyFormat {
  if (param === null) return accept?.trim().toLowerCase().startsWith('application/openmetrics-text') ? 'openmetrics' : 'json';
  if (param === 'json' || param === 'text') return param;
  if (param === 'openmetrics' || param === 'prometheus') return expositionFormat(undefined, param);
  throw new ApiError('invalid-parameter', `format must be ${VERIFY_FORMATS.join(', ')}`);
}

export async function handleVerify(kind: CheckKind, x: Exchange): Promise<void> {
  const { req, res, url, app } = x;
  checkJsonContentType(req);
  checkDeclaredLength(req);
  const format = verifyFormat(url.searchParams.get('format'), req.headers.accept);
  const judgement = judgementFor(requestedJudgement(url), app.settings);
  const name = requestedName(kind, parseJsonObject(await readBody(req)));
  x.info.target = name;
  const job = { kind, name };
  const timeoutMs = app.settings.checkTimeoutSeconds * 1000;
  let answer: CheckAnswer;
  try {
    answer = await app.service.check(job, { budgetMs: timeoutMs, queueTimeoutMs: timeoutMs, hardEnd: false, useCache: true, overflow: 'reject' });
  } catch (error) {
    throw checkError(error, app.settings.checkTimeoutSeconds) ?? error;
  }
  // Cut off by shutdown: not a result to hand out.
  if (app.stopping()) throw new ApiError('shutting-down', 'the service is shutting down', { 'Retry-After': '1' });
  x.info.source = answer.source;
  const headers: Record<string, string> = answer.source === 'cache' ? { Age: String(answer.ageSeconds) } : {};
  const outcome = outcomeFor(answer.check.outcome, judgement);
  if (format === 'json') {
    const body = outcome.kind === 'domain' ? domainJson(outcome) : hostCheckJson(outcome);
    send(res, 200, 'application/json', renderJson(body), headers);
    return;
  }
  if (format === 'text') {
    // The plugin's own rendering, the service's (or the request's) policy, the default thresholds.
    send(res, 200, 'text/plain; charset=utf-8', renderNagios(outcome).text, headers);
    return;
  }
  const exposition = await renderExposition(
    metricSamples({ version: app.version, targets: [targetOf(job, { ...answer.check, outcome })], probe: null }),
    format,
  );
  send(res, 200, exposition.contentType, exposition.body, headers);
}
