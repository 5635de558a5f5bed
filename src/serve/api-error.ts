// Every error the API answers, as a closed set of codes with their HTTP status.
// The body is JSON, `{"error": code, "detail": text}`: `detail` is where the
// original (FastAPI) put its message, so clients reading it keep working.

export type ApiErrorCode =
  | 'bad-request' // unparsable request line, URL or query
  | 'malformed-json'
  | 'missing-field'
  | 'invalid-name'
  | 'invalid-parameter'
  | 'unauthorized'
  | 'not-found'
  | 'method-not-allowed'
  | 'body-too-large'
  | 'unsupported-media-type'
  | 'busy'
  | 'shutting-down'
  | 'internal-error';

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  'malformed-json': 400,
  'missing-field': 400,
  'invalid-name': 400,
  'invalid-parameter': 400,
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  busy: 503,
  'shutting-down': 503,
  // Only a bug reaches this; the body still carries no stack trace.
  'internal-error': 500,
};

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}
