// Reads a small JSON request body. The limit is checked against Content-Length
// before anything is read, and again while reading (chunked bodies have none).
// Like the original (FastAPI), a body without Content-Type is read as JSON;
// any other type than application/json or application/*+json is refused.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.ts';

/** A domain name is at most 253 octets; 4 KiB leaves room for whitespace and extra fields. */
export const BODY_LIMIT_BYTES = 4096;

export function checkJsonContentType(req: IncomingMessage): void {
  const header = req.headers['content-type'];
  if (header === undefined || header.trim() === '') return;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  throw new ApiError('unsupported-media-type', `Content-Type must be application/json, not ${JSON.stringify(type.slice(0, 80))}`);
}

export function checkDeclaredLength(req: IncomingMessage, limit = BODY_LIMIT_BYTES): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    throw new ApiError('body-too-large', `the request body must be at most ${limit} bytes`);
  }
}

export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: ApiError | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading; the answer closes the connection (see app.ts).
        req.pause();
        finish(new ApiError('body-too-large', `the request body must be at most ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = () => finish(new ApiError('bad-request', 'the request body could not be read'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Parses the body as a JSON object (an array, a string or null is not a request). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('malformed-json', 'the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('malformed-json', 'the request body must be a JSON object, e.g. {"domain": "example.org"}');
  }
  return value as Record<string, unknown>;
}
