// The result of sending one query once, over either transport. `R` is how the
// caller reads an answer: dns-packet's decoding for the evidence, every section
// byte for byte for the DNSSEC validator.
import type { DecodedResponse, ResponseCheck } from './wire.ts';

export type AttemptResult<R = DecodedResponse> =
  | { kind: 'response'; response: R }
  /** Nothing acceptable arrived in time; `ignored` describes unrelated messages seen meanwhile. */
  | { kind: 'timeout'; ignored: IgnoredMessages }
  | { kind: 'network-error'; error: string }
  | { kind: 'malformed'; error: string }
  /** `ignored`: unrelated messages seen before the cancellation, when the attempt had started. */
  | { kind: 'cancelled'; ignored?: IgnoredMessages };

/** Unrelated messages are counted, and the last reason kept, so a timeout can say why nothing matched. */
export interface IgnoredMessages {
  count: number;
  lastReason: string | null;
}

export function noneIgnored(): IgnoredMessages {
  return { count: 0, lastReason: null };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Reads one message off the wire as an answer to the query that was sent, or not. */
export type ResponseChecker<R> = (message: Buffer) => ResponseCheck<R>;

/** One query message as sent, and how to read what comes back. */
export interface AttemptQuery<R> {
  bytes: Buffer;
  check: ResponseChecker<R>;
}

/**
 * One message off the wire, for either transport: an unrelated one is counted
 * and waited past (null); a malformed or matching one ends the attempt.
 */
export function judgeMessage<R>(query: AttemptQuery<R>, message: Buffer, ignored: IgnoredMessages): AttemptResult<R> | null {
  const check = query.check(message);
  if (check.kind === 'unrelated') {
    ignored.count++;
    ignored.lastReason = check.reason;
    return null;
  }
  return check.kind === 'malformed' ? { kind: 'malformed', error: check.reason } : { kind: 'response', response: check.response };
}
