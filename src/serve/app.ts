// The HTTP service: routes, the key check, error answers, access logs, the
// background scheduler and an orderly stop. Built from settings and a Deps
// factory, so tests run it in-process with fake Deps on an ephemeral port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Deps } from '../ports.ts';
import { logAccess, type AccessInfo } from './access-log.ts';
import { ApiError } from './api-error.ts';
import { keyMatcher } from './api-key.ts';
import type { CheckContext } from './check-request.ts';
import { CheckService } from './check-service.ts';
import type { AppParts, Exchange } from './exchange.ts';
import type { Logger } from './log.ts';
import { handleMetrics } from './metrics-handler.ts';
import { MetricsStore } from './metrics-store.ts';
import { handleProbe } from './probe-handler.ts';
import { DOCS_PAGE } from './docs-page.ts';
import { openApiDocument } from './openapi.ts';
import { send, sendError, sendJson } from './respond.ts';
import { matchRoute, type RouteName } from './routes.ts';
import { Scheduler } from './scheduler.ts';
import type { ServeSettings } from './settings.ts';
import { handleVerify } from './verify-handler.ts';

export interface ServeAppOptions {
  settings: ServeSettings;
  /** A fresh Deps for every check run. */
  makeDeps: () => Deps;
  context: CheckContext;
  log: Logger;
  /** Injectable for tests: scheduler jitter. */
  random?: () => number;
  /** How long open requests may take to finish after a stop began. */
  shutdownGraceMs?: number;
}

export interface ServeApp {
  server: Server;
  service: CheckService;
  store: MetricsStore;
  listen(): Promise<AddressInfo>;
  /** Stops accepting, cancels checks, lets answers go out, closes; idempotent. */
  stop(reason: string): Promise<void>;
}

const HANDLERS: Record<RouteName, (x: Exchange) => Promise<void>> = {
  verify: (x) => handleVerify('domain', x),
  'verify-host': (x) => handleVerify('host', x),
  metrics: handleMetrics,
  probe: handleProbe,
  health: async (x) => sendJson(x.res, 200, { status: x.app.stopping() ? 'stopping' : 'ok' }),
  openapi: async (x) => sendJson(x.res, 200, openApiDocument(x.app.version)),
  docs: async (x) => send(x.res, 200, 'text/html; charset=utf-8', DOCS_PAGE.html, DOCS_PAGE.headers),
  root: async (x) =>
    sendJson(x.res, 200, {
      message: 'smtp-dane-verify service: POST /verify/ {"domain": ...}, POST /verify_host/ {"hostname": ...}, GET /metrics, GET /probe?target=..., GET /openapi.json, GET /docs',
      version: x.app.version,
    }),
};

function parseUrl(req: IncomingMessage): URL | null {
  try {
    // Only the path and query matter; the base is never contacted.
    return new URL(req.url ?? '/', 'http://service.invalid');
  } catch {
    return null;
  }
}

/** A raw JSON answer for requests Node's parser rejected before any handler saw them. */
function clientErrorResponse(code: string | undefined): string {
  const [status, text, error] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'bad-request']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'bad-request']
        : [400, 'Bad Request', 'bad-request'];
  const body = `${JSON.stringify({ error, detail: text })}\n`;
  return [
    `HTTP/1.1 ${status} ${text}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function createServeApp(options: ServeAppOptions): ServeApp {
  const { settings, log } = options;
  const store = new MetricsStore(settings.metricsDomains);
  const service = new CheckService({
    makeDeps: options.makeDeps,
    context: {
      ...options.context,
      severityPolicy: settings.severityPolicy,
      horizonDays: settings.horizonDays,
      signatureThresholds: settings.signatureThresholds,
    },
    maxChecks: settings.maxChecks,
    maxQueue: settings.maxQueue,
    cacheTtlMs: settings.cacheTtlSeconds * 1000,
    onAttempt: (job, attempt) => {
      if (job.kind === 'domain') store.record(job.name, attempt);
    },
  });
  let stopping: Promise<void> | null = null;
  const parts: AppParts = {
    settings,
    service,
    store,
    version: options.context.version,
    log,
    stopping: () => stopping !== null,
  };
  const keyOk = keyMatcher(settings.apiKey);
  const checkMs = settings.checkTimeoutSeconds * 1000;

  const scheduler = new Scheduler({
    domains: settings.metricsDomains,
    intervalMs: settings.metricsIntervalSeconds * 1000,
    random: options.random,
    run: async (domain) => {
      const answer = await service.check(
        { kind: 'domain', name: domain },
        // Waits for a slot however busy the API is; never served from the cache.
        { budgetMs: checkMs, queueTimeoutMs: settings.metricsIntervalSeconds * 1000, hardEnd: false, useCache: false, overflow: 'wait' },
      );
      const { outcome } = answer.check;
      log('info', 'scheduled-check', {
        domain,
        dane_state: outcome.result.dane_state,
        complete: answer.check.complete,
        duration_ms: Math.round(answer.check.durationSeconds * 1000),
        source: answer.source,
      });
    },
    onError: (domain, error) => {
      log('warn', 'scheduled-check-failed', { domain, error: error instanceof Error ? error.message : String(error) });
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = parseUrl(req);
    const info: AccessInfo = { url };
    // 'close' also fires when the client went away before the answer was finished.
    res.once('close', () => logAccess(log, req, res, started, info));
    try {
      if (!url) throw new ApiError('bad-request', 'the request target is not a valid path');
      const match = matchRoute(url.pathname, req.method);
      if (match.kind === 'not-found') throw new ApiError('not-found', 'Not Found');
      if (match.kind === 'method-not-allowed') {
        throw new ApiError('method-not-allowed', 'Method Not Allowed', { Allow: match.allow });
      }
      if (match.route.auth) {
        const header = req.headers['x-apikey'];
        const candidates = [url.searchParams.get('api_key'), ...(Array.isArray(header) ? header : [header])];
        if (!keyOk(candidates)) throw new ApiError('unauthorized', 'Invalid or missing API Key');
      }
      await HANDLERS[match.route.name]({ req, res, url, info, app: parts });
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('internal-error', 'internal error (see the service log)');
      if (!(error instanceof ApiError)) {
        log('error', 'internal-error', { error: error instanceof Error ? error.message : String(error) });
      }
      info.error = apiError.code;
      // A body left unread (refused before reading, or over the limit) is not drained: close instead.
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      sendError(res, apiError, hasBody && !req.complete ? { Connection: 'close' } : {});
    }
  }

  // Slow or idle clients do not hold sockets for ever; node checks these limits
  // every connectionsCheckingInterval, 30 s unless told otherwise.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    void handle(req, res);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') socket.end(clientErrorResponse(error.code));
    else socket.destroy();
  });

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log('info', 'stopping', { reason, in_flight: service.inFlight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      service.stop();
      await scheduler.stop();
      const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 5000);
      await closed;
      clearTimeout(grace);
      log('info', 'stopped', {});
    })();
    return stopping;
  };

  return {
    server,
    service,
    store,
    listen: () =>
      new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: settings.port, host: settings.listen ?? undefined }, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          log('info', 'listening', {
            address: address.address,
            port: address.port,
            metrics_domains: settings.metricsDomains,
            metrics_interval_s: settings.metricsIntervalSeconds,
            check_timeout_s: settings.checkTimeoutSeconds,
            cache_ttl_s: settings.cacheTtlSeconds,
            max_checks: settings.maxChecks,
            max_queue: settings.maxQueue,
            resolver: options.context.resolverLabel,
            dnssec: settings.dnssec,
            trust_anchor: settings.trustAnchorFile ?? 'built-in',
          });
          scheduler.start();
          resolve(address);
        });
      }),
    stop,
  };
}
