// One SMTP/STARTTLS session with one address (RFC 5321, RFC 3207), recorded as
// SmtpEvidence. A linear flow: each step sets `stage` first, so a failure thrown
// anywhere is reported at the step that failed. The probe observes and never
// judges: any certificate, any protocol version, any cipher is accepted and kept.
import net from 'node:net';
import tls from 'node:tls';
import type { SmtpConnector, SmtpProbeRequest } from '../../ports.ts';
import type { SmtpEvidence, SmtpReply, SmtpStage, TlsDetails } from '../../evidence/smtp.ts';
import { ProbeFailure, socketFailure } from './failure.ts';
import { HandshakeTap } from './handshake-tap.ts';
import { PLACEHOLDER_TRUST_ANCHOR } from './peer-chain.ts';
import { KEY_ALGORITHM_OFFERS } from './key-algorithm-offer.ts';
import { ReplyReader } from './reply-reader.ts';
import { clearAlert } from './tls-records.ts';
import { describeTls, serverHandshakeSecret } from './tls-details.ts';

export interface SmtpLimits {
  /** Most bytes read from the server in one session, TLS included. */
  maxBytes: number;
  /** Most chain certificates kept (a longer chain sets tls.chainTruncated). */
  maxCertificates: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = { maxBytes: 1024 * 1024, maxCertificates: 20 };

export function createSmtpConnector(limits: Partial<SmtpLimits> = {}): SmtpConnector {
  const settings = { ...DEFAULT_SMTP_LIMITS, ...limits };
  return { probe: (request) => probeSmtp(request, settings) };
}

/** The evidence of a session that has not yet connected: every step still to come. */
export function unstartedSession(request: Pick<SmtpProbeRequest, 'address' | 'port' | 'sni' | 'keyAlgorithm'>): SmtpEvidence {
  const evidence: SmtpEvidence = {
    address: request.address,
    family: net.isIPv6(request.address) ? 6 : 4,
    port: request.port,
    sni: request.sni,
    stage: 'connect',
    failure: null,
    banner: null,
    ehlo: null,
    starttlsOffered: false,
    tls: null,
    ehloTls: null,
    elapsedMs: 0,
  };
  if (request.keyAlgorithm) evidence.keyAlgorithm = request.keyAlgorithm;
  return evidence;
}

/** Runs the session; never throws, always leaves every socket and timer closed. */
export async function probeSmtp(request: SmtpProbeRequest, limits: SmtpLimits = DEFAULT_SMTP_LIMITS): Promise<SmtpEvidence> {
  const started = performance.now();
  const evidence = unstartedSession(request);
  const session = new Session(request, limits);
  try {
    await converse(session, request, evidence);
  } catch (error) {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure('network', `internal error: ${String(error)}`);
    // A reset before any banner is a refusal too (often a firewall or a full server).
    const refused = failure.code === 'ECONNRESET' && (evidence.stage === 'connect' || evidence.stage === 'banner');
    evidence.failure = { kind: refused ? 'refused' : failure.kind, message: failure.message, reply: failure.reply };
    if (failure.alert !== undefined) evidence.failure.alert = failure.alert;
    // The server is still talking to us: say goodbye (421 has already hung up).
    if (failure.kind === 'not-offered' || ((failure.kind === 'rejected' || failure.kind === 'temporary') && failure.reply?.code !== 421)) {
      await session.quit();
    }
  } finally {
    session.close();
    evidence.elapsedMs = Math.round(performance.now() - started);
  }
  return evidence;
}

async function converse(s: Session, request: SmtpProbeRequest, evidence: SmtpEvidence): Promise<void> {
  evidence.stage = 'connect';
  await s.connect();

  evidence.stage = 'banner';
  evidence.banner = await s.reply('banner');
  expectCode(evidence.banner, 220, 'the server refused the session', evidence.stage);

  evidence.stage = 'ehlo';
  if (!/^[\x21-\x7e]+$/.test(request.helo)) {
    throw new ProbeFailure('protocol', `refusing to send EHLO with an invalid name ${JSON.stringify(request.helo)}`);
  }
  s.send(`EHLO ${request.helo}`);
  evidence.ehlo = await s.reply('EHLO reply');
  expectCode(evidence.ehlo, 250, 'the server refused EHLO', evidence.stage);
  evidence.starttlsOffered = offersStartTls(evidence.ehlo);
  if (!evidence.starttlsOffered) throw new ProbeFailure('not-offered', 'STARTTLS is not among the EHLO capabilities');

  evidence.stage = 'starttls';
  s.send('STARTTLS');
  expectCode(await s.reply('STARTTLS reply'), 220, 'the server refused STARTTLS', evidence.stage);

  evidence.stage = 'tls';
  evidence.tls = await s.startTls();

  // A session that asked for one key algorithm came for the certificate only.
  if (request.keyAlgorithm) {
    evidence.stage = 'quit';
    await s.quit();
    evidence.stage = 'done';
    return;
  }

  evidence.stage = 'ehlo-tls';
  s.send(`EHLO ${request.helo}`);
  evidence.ehloTls = await s.reply('EHLO reply inside TLS');
  expectCode(evidence.ehloTls, 250, 'the server refused EHLO inside TLS', evidence.stage);

  evidence.stage = 'quit';
  await s.quit();
  evidence.stage = 'done';
}

/** Where a 4xx means "not now" rather than "no": before TLS, nothing is known yet (RFC 5321 §4.2.5). */
const TEMPORARY_STAGES: ReadonlySet<SmtpStage> = new Set(['banner', 'ehlo', 'starttls']);

/** A 4xx/5xx is the server saying no (a 4xx before TLS: not now); any other surprise is a protocol error. */
function expectCode(reply: SmtpReply, code: number, refusal: string, stage: SmtpStage): void {
  if (reply.code === code) return;
  if (reply.code >= 400 && reply.code < 500 && TEMPORARY_STAGES.has(stage)) {
    throw new ProbeFailure('temporary', `${refusal} for now: ${describeReply(reply)}`, reply);
  }
  if (reply.code >= 400) throw new ProbeFailure('rejected', `${refusal}: ${describeReply(reply)}`, reply);
  throw new ProbeFailure('protocol', `expected ${code}, got ${describeReply(reply)}`, reply);
}

/** EHLO keywords are the first word of each line after the greeting (RFC 5321 §4.1.1.1). */
export function offersStartTls(ehlo: SmtpReply): boolean {
  return ehlo.lines.slice(1).some((line) => line.trim().split(/\s+/)[0]?.toUpperCase() === 'STARTTLS');
}

function describeReply(reply: SmtpReply): string {
  const text = `${reply.code} ${reply.lines.join(' / ')}`.replace(/[^\x20-\x7e]/g, '?');
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

const TLS_OPTIONS: tls.ConnectionOptions = {
  // Observe, never enforce: the verdict layer judges the chain against TLSA.
  rejectUnauthorized: false,
  checkServerIdentity: () => undefined,
  minVersion: 'TLSv1',
  // OpenSSL 3 refuses TLS 1.0/1.1, SHA-1 signatures and small keys above level 0.
  ciphers: `${tls.DEFAULT_CIPHERS}:@SECLEVEL=0`,
  // No real trust store, so nothing can be appended to the chain (peer-chain.ts).
  ca: [PLACEHOLDER_TRUST_ANCHOR],
};

/** The sockets of one session, with its deadlines and its byte budget. */
class Session {
  readonly #request: SmtpProbeRequest;
  readonly #limits: SmtpLimits;
  #socket: net.Socket | null = null;
  #tls: tls.TLSSocket | null = null;
  #reader: ReplyReader | null = null;
  #bytesRead = 0;
  /** Set when the session is ended from outside the step under way (abort, byte budget). */
  #ended: ProbeFailure | null = null;
  readonly #endedPromise: Promise<never>;
  #rejectEnded: (failure: ProbeFailure) => void = () => {};

  constructor(request: SmtpProbeRequest, limits: SmtpLimits) {
    this.#request = request;
    this.#limits = limits;
    this.#endedPromise = new Promise<never>((_, reject) => {
      this.#rejectEnded = reject;
    });
    this.#endedPromise.catch(() => {}); // only ever raced; never unhandled
    if (request.signal?.aborted) this.#onAbort();
    else request.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  async connect(): Promise<void> {
    if (this.#ended) throw this.#ended;
    const { address, port } = this.#request;
    // An address, never a name: name resolution belongs to the DNS layer.
    if (net.isIP(address) === 0) throw new ProbeFailure('network', `${JSON.stringify(address)} is not an IP address`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ProbeFailure('network', `invalid port ${port}`);
    const socket = net.connect({ host: address, port, noDelay: true });
    this.#socket = socket;
    socket.on('error', () => {}); // reported through the reader or the step awaiting it
    socket.on('data', this.#count);
    this.#reader = new ReplyReader(socket); // from the first byte: the banner may come at once
    await this.#within(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', (error) => reject(socketFailure(error, 'cannot connect')));
      }),
      'connection',
    );
  }

  reply(what: string): Promise<SmtpReply> {
    return this.#within(this.#reader!.next(), what);
  }

  send(command: string): void {
    (this.#tls ?? this.#socket)!.write(`${command}\r\n`);
  }

  async startTls(): Promise<TlsDetails> {
    const socket = this.#socket!;
    // RFC 3207 §6: whatever the server sent in clear after its 220 is dropped
    // with the reader; it must be neither TLS input nor an answer to EHLO.
    this.#reader!.detach();
    this.#reader = null;
    const tap = new HandshakeTap(socket, this.#limits.maxBytes);
    const sni = this.#request.sni.replace(/\.$/, '');
    const offer = this.#request.keyAlgorithm ? KEY_ALGORITHM_OFFERS[this.#request.keyAlgorithm] : {};
    const tlsSocket = tls.connect({ ...TLS_OPTIONS, ...offer, socket: tap, ...(sni && !net.isIP(sni) ? { servername: sni } : {}) });
    this.#tls = tlsSocket;
    tlsSocket.on('error', () => {}); // reported through the step awaiting it
    let secret: Buffer | null = null;
    tlsSocket.on('keylog', (line: Buffer) => {
      secret ??= serverHandshakeSecret(line);
    });
    await this.#within(
      new Promise<void>((resolve, reject) => {
        tlsSocket.once('secureConnect', resolve);
        tlsSocket.once('error', (error: NodeJS.ErrnoException & { reason?: string }) => {
          // OpenSSL's message carries its file and line; its `reason` is the readable part.
          const why = error.reason ?? error.message.trim();
          const failure = new ProbeFailure('tls', `TLS handshake failed: ${why}`, null, error.code ?? null);
          failure.alert = clearAlert(tap.takeCapture());
          reject(failure);
        });
        tlsSocket.once('close', () => reject(new ProbeFailure('tls', 'the connection closed during the TLS handshake')));
      }),
      'TLS handshake',
    );
    const details = describeTls(tlsSocket, { bytes: tap.takeCapture(), serverHandshakeSecret: secret }, this.#limits.maxCertificates);
    this.#reader = new ReplyReader(tlsSocket);
    return details;
  }

  /** Best effort: QUIT and wait for an answer or the end. Never fails (a missing 221 is fine). */
  async quit(): Promise<void> {
    if (!this.#reader || this.#ended) return;
    try {
      this.send('QUIT');
      await this.reply('QUIT reply');
    } catch {
      // The session's result is already known.
    }
  }

  close(): void {
    this.#request.signal?.removeEventListener('abort', this.#onAbort);
    this.#reader?.detach();
    this.#tls?.destroy();
    this.#socket?.destroy();
  }

  /** Waits for one step, bounded by the stage timeout, the abort signal and the byte budget. */
  async #within<T>(work: Promise<T>, what: string): Promise<T> {
    work.catch(() => {}); // a step that loses the race may still fail later: not an unhandled rejection
    if (this.#ended) throw this.#ended;
    // Whole milliseconds: the budget is computed (a share of -t) and shows in messages.
    const ms = Math.max(1, Math.round(this.#request.stageTimeoutMs));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeFailure('timeout', `no ${what} within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([work, timeout, this.#endedPromise]);
    } catch (error) {
      throw this.#ended ?? error;
    } finally {
      clearTimeout(timer);
    }
  }

  #end(failure: ProbeFailure): void {
    if (this.#ended) return;
    this.#ended = failure;
    this.#rejectEnded(failure);
    this.#tls?.destroy();
    this.#socket?.destroy();
  }

  #onAbort = (): void => {
    const reason = this.#request.signal?.reason as unknown;
    const why = reason instanceof Error ? `: ${reason.message}` : '';
    this.#end(new ProbeFailure('cancelled', `the run was cancelled${why}`));
  };

  #count = (chunk: Buffer): void => {
    this.#bytesRead += chunk.length;
    if (this.#bytesRead > this.#limits.maxBytes) {
      this.#end(new ProbeFailure('protocol', `the server sent more than ${this.#limits.maxBytes} bytes`));
    }
  };
}
