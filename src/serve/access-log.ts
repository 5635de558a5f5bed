// One access-log record per answered request. The api_key query parameter is
// replaced by "[redacted]" and no header is logged, so the key (whichever way
// it came) never reaches the log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './log.ts';

export const REDACTED = '[redacted]';

/** The query as an object, with the API key's value hidden. */
export function loggableQuery(url: URL | null): Record<string, string> {
  const query: Record<string, string> = {};
  if (!url) return query;
  for (const [k, v] of url.searchParams) query[k] = k === 'api_key' ? REDACTED : v.slice(0, 256);
  return query;
}

export interface AccessInfo {
  url: URL | null;
  /** What the request was about (a checked name), when the handler knew it. */
  target?: string;
  /** cache | run | joined, for checks. */
  source?: string;
  error?: string;
}

export function logAccess(log: Logger, req: IncomingMessage, res: ServerResponse, startedMs: number, info: AccessInfo): void {
  log(res.statusCode >= 500 ? 'warn' : 'info', 'request', {
    method: req.method,
    path: info.url?.pathname ?? null,
    query: loggableQuery(info.url),
    status: res.statusCode,
    duration_ms: Math.round(performance.now() - startedMs),
    bytes: Number(res.getHeader('content-length') ?? 0),
    remote: req.socket.remoteAddress ?? null,
    user_agent: String(req.headers['user-agent'] ?? '').slice(0, 200) || null,
    ...(info.target ? { target: info.target } : {}),
    ...(info.source ? { source: info.source } : {}),
    ...(info.error ? { error: info.error } : {}),
  });
}
