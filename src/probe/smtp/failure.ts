// The one thing the session throws internally. It never leaves the probe:
// session.ts turns it into SmtpEvidence.failure at the stage then current.
import type { SmtpFailureKind, SmtpReply } from '../../evidence/smtp.ts';

export class ProbeFailure extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly reply: SmtpReply | null = null,
    /** The socket error code behind it (ECONNRESET, ...), to refine the kind by stage. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }

  /** The TLS alert the server sent, when a handshake failed with one. */
  alert: number | undefined = undefined;
}

/**
 * Errors the kernel returns at once, before any packet leaves, because this host
 * has no route or no address of the destination's family (an IPv4-only host or
 * container facing an AAAA address). They say nothing about the server.
 */
const LOCAL_NETWORK_ERRORS: ReadonlySet<string> = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** Classifies a socket error; 'refused' is only for the connect step (see session.ts). */
export function socketFailure(error: unknown, doing: string): ProbeFailure {
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : null;
  const message = `${doing}: ${err?.message ?? String(error)}`;
  if (code !== null && LOCAL_NETWORK_ERRORS.has(code)) return new ProbeFailure('local-network', message, null, code);
  switch (code) {
    case 'ECONNREFUSED':
      return new ProbeFailure('refused', message, null, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ProbeFailure('closed', message, null, code);
    default:
      return new ProbeFailure('network', message, null, code);
  }
}
