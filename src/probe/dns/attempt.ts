// The result of sending one query once, over either transport.
import { type DecodedResponse, type DnsQuery, checkResponse } from './wire.ts';

export type AttemptResult =
  | { kind: 'response'; response: DecodedResponse }
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

/**
 * One message off the wire, for either transport: an unrelated one is counted
 * and waited past (null); a malformed or matching one ends the attempt.
 */
export function judgeMessage(query: DnsQuery, message: Buffer, ignored: IgnoredMessages): AttemptResult | null {
  const check = checkResponse(query, message);
  if (check.kind === 'unrelated') {
    ignored.count++;
    ignored.lastReason = check.reason;
    return null;
  }
  return check.kind === 'malformed' ? { kind: 'malformed', error: check.reason } : { kind: 'response', response: check.response };
}
