// A server may hold a certificate per key algorithm (RSA and ECDSA, say) and show a
// sender the one the sender's ClientHello favours, so a sender unlike us may get a
// certificate our default session never saw (RFC 7671 §5, RFC 7672 §3.1). After the
// default session, one session per other key algorithm asks for that algorithm only;
// they run side by side, so an address costs about two sessions in wall time
// whatever it holds. Only where DANE applies: elsewhere no certificate is judged.
import type { Deps, SmtpProbeRequest } from '../ports.ts';
import { KEY_ALGORITHMS, type KeyAlgorithm, type SmtpEvidence } from '../evidence/smtp.ts';
import { keyAlgorithmOf } from '../dane/key-algorithm.ts';

/** Runs one session within the run's limits (walk.ts: per address, overall). */
export type SessionSlot = <T>(task: () => Promise<T>) => Promise<T>;

/** The algorithms still to ask for after the default session: those its leaf is not of. */
export function keyAlgorithmsToAsk(first: SmtpEvidence): KeyAlgorithm[] {
  const leaf = first.tls?.chain[0];
  // No certificate, or a server that just said "not now" (a retry): nothing to add, nothing to pile on.
  if (leaf === undefined || (first.attempts ?? 1) > 1) return [];
  const shown = keyAlgorithmOf(leaf);
  return KEY_ALGORITHMS.filter((a) => a !== shown);
}

export async function withOtherKeyAlgorithms(
  deps: Deps,
  request: SmtpProbeRequest,
  first: SmtpEvidence,
  slot: SessionSlot,
): Promise<SmtpEvidence> {
  const ask = keyAlgorithmsToAsk(first);
  if (ask.length === 0) return first;
  const byKeyAlgorithm = await Promise.all(ask.map((keyAlgorithm) => slot(() => deps.smtp.probe({ ...request, keyAlgorithm }))));
  return { ...first, byKeyAlgorithm };
}
