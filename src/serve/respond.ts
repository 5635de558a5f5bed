// Writing answers. Every answer is marked not cacheable by intermediaries (they
// are per-key, per-moment results) and not to be sniffed as another type.
import type { ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';

const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  // setHeader, not writeHead's object: the access log reads them back.
  const all = { ...COMMON_HEADERS, ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) };
  for (const [name, value] of Object.entries(all)) res.setHeader(name, value);
  res.writeHead(status);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value, null, 2)}\n`, headers);
}

export function sendError(res: ServerResponse, error: ApiError, extraHeaders: Readonly<Record<string, string>> = {}): void {
  sendJson(res, error.status, { error: error.code, detail: error.detail }, { ...error.headers, ...extraHeaders });
}
