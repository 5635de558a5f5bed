// A scripted SMTP server on a loopback address and an ephemeral port, with a
// real STARTTLS upgrade (node:tls on the accepted socket). Each reply is raw
// text, so a test can send anything: multi-line replies, refusals, extra bytes
// after a 220, or nothing at all (null: stay silent). For hostile peers a reply
// may also be a writer function (drip(), endless(), binary bytes), and the
// handshake can be cut short or replaced by a hand-made TLS 1.2 server flight.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

/** Writes a reply by itself, at its own pace; it must stop once `out` is destroyed. */
export type ReplyWriter = (out: net.Socket) => void;

/** Raw text written at once, null for silence, or a writer. */
export type ScriptedReply = string | null | ReplyWriter;

export interface FixtureScript {
  /** Sent on connect. Default a 220 greeting; null: silence. */
  banner?: ScriptedReply;
  /** Reply to EHLO/HELO in clear. Default offers STARTTLS; null: silence. */
  ehlo?: ScriptedReply;
  /** Reply to STARTTLS, written at once (extra text included). Default '220 Ready'; null: silence. */
  starttls?: string | null;
  /**
   * After a 2xx to STARTTLS: a real handshake ('tls'); these bytes written when the
   * ClientHello arrives (garbage); a real handshake of which only the first `cutAfter`
   * bytes reach the client, then silence or a close; or a hand-made TLS 1.2
   * ServerHello + Certificate carrying `tls12Certificates` as they are (a certificate
   * that does not parse), then silence.
   */
  handshake?:
    | 'tls'
    | { garbage: string }
    | { cutAfter: number; then: 'silence' | 'close' }
    | { tls12Certificates: Buffer[] };
  /** Server TLS settings: cert (PEM, leaf first, in the order to send), key, versions, ciphers... */
  tls?: tls.SecureContextOptions;
  /** Reply to EHLO inside TLS. Default offers PIPELINING and SIZE; null: silence. */
  ehloTls?: ScriptedReply;
  /** Reply to QUIT (then the server closes). Default '221 Bye'; null: close without a word. */
  quit?: string | null;
}

export interface FixtureConnection {
  /** Commands received in clear, then inside TLS, without CRLF. */
  commands: string[];
  tlsCommands: string[];
  /** The SNI the client sent; null when none. */
  servername: string | null;
  /** Negotiated protocol once the handshake finished. */
  protocol: string | null;
  /** Resolves when the client's socket is gone. */
  closed: Promise<void>;
}

export interface FixtureServer {
  host: string;
  port: number;
  connections: FixtureConnection[];
  close(): Promise<void>;
}

/** Builds a (multi-line) reply: reply(250, 'mx', 'STARTTLS') → "250-mx\r\n250 STARTTLS\r\n". */
export function reply(code: number, ...lines: string[]): string {
  const texts = lines.length > 0 ? lines : [''];
  return texts.map((text, i) => `${code}${i === texts.length - 1 ? ' ' : '-'}${text}\r\n`).join('');
}

export const DEFAULT_BANNER = reply(220, 'fixture.example.test ESMTP');
export const DEFAULT_EHLO = reply(250, 'fixture.example.test', 'PIPELINING', 'SIZE 10240000', 'STARTTLS', '8BITMIME');
export const DEFAULT_EHLO_TLS = reply(250, 'fixture.example.test', 'PIPELINING', 'SIZE 10240000', '8BITMIME');

/** A writer that sends `text` one byte every `intervalMs` (a peer at one byte per second). */
export function drip(text: string | Buffer, intervalMs = 1000): ReplyWriter {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  return (out) => {
    let at = 0;
    const next = () => {
      if (out.destroyed || at >= bytes.length) return;
      out.write(bytes.subarray(at, at + 1));
      at++;
      setTimeout(next, intervalMs).unref();
    };
    next();
  };
}

/**
 * A writer that repeats `chunk` until the client goes away or `maxBytes` were
 * written (an endless `250-` reply, megabytes of text), as fast as the client
 * reads: it waits for 'drain' rather than buffering without bound.
 */
export function endless(chunk: string | Buffer, maxBytes = Infinity): ReplyWriter {
  const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1');
  const block = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(16384 / bytes.length)) }, () => bytes));
  return (out) => {
    let written = 0;
    const pump = () => {
      while (!out.destroyed && written < maxBytes) {
        const piece = block.subarray(0, Math.min(block.length, maxBytes - written));
        written += piece.length;
        if (!out.write(piece)) return void out.once('drain', pump);
      }
    };
    pump();
  };
}

/** A writer that sends bytes as they are (binary garbage). */
export function bytesReply(bytes: Buffer): ReplyWriter {
  return (out) => void out.write(bytes);
}

/** Listens on `host` and an ephemeral port, or on `port` when given (25 for checks that cannot choose theirs). */
export async function startFixtureServer(script: FixtureScript, host = '127.0.0.1', port = 0): Promise<FixtureServer> {
  const connections: FixtureConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connections.push(serve(socket, script));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(socket: net.Socket, script: FixtureScript): FixtureConnection {
  const connection: FixtureConnection = {
    commands: [],
    tlsCommands: [],
    servername: null,
    protocol: null,
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
  };
  socket.on('error', () => {});

  const stopClear = readLines(socket, (line) => {
    connection.commands.push(line);
    const verb = line.split(' ')[0]!.toUpperCase();
    if (verb === 'EHLO' || verb === 'HELO') say(socket, script.ehlo, DEFAULT_EHLO);
    else if (verb === 'QUIT') quit(socket, script.quit);
    else if (verb === 'STARTTLS') {
      const answer = script.starttls === undefined ? reply(220, 'Ready to start TLS') : script.starttls;
      if (answer?.startsWith('2')) {
        stopClear();
        socket.write(answer);
        upgrade(socket, script, connection);
      } else if (answer !== null) {
        socket.write(answer); // refused: the conversation goes on in clear
      }
    } else socket.write(reply(500, 'unknown command'));
  });
  say(socket, script.banner, DEFAULT_BANNER);
  return connection;
}

function upgrade(socket: net.Socket, script: FixtureScript, connection: FixtureConnection): void {
  const handshake = script.handshake ?? 'tls';
  if (handshake !== 'tls' && 'garbage' in handshake) {
    socket.once('data', () => socket.write(handshake.garbage));
    socket.resume();
    return;
  }
  if (handshake !== 'tls' && 'tls12Certificates' in handshake) {
    socket.once('data', (clientHello: Buffer) => socket.write(tls12ServerFlight(clientHello, handshake.tls12Certificates)));
    socket.resume();
    return;
  }
  const secureContext = tls.createSecureContext(script.tls);
  // A cut handshake runs the real TLS server on a stream that lets only the first bytes through.
  const transport = handshake === 'tls' ? socket : new CutStream(socket, handshake.cutAfter, handshake.then);
  const secure = new tls.TLSSocket(transport as net.Socket, {
    isServer: true,
    secureContext,
    SNICallback: (name, done) => {
      connection.servername = name;
      done(null, secureContext);
    },
  });
  secure.on('error', () => {});
  secure.once('secure', () => {
    connection.protocol = secure.getProtocol();
  });
  readLines(secure, (line) => {
    connection.tlsCommands.push(line);
    const verb = line.split(' ')[0]!.toUpperCase();
    if (verb === 'EHLO' || verb === 'HELO') say(secure, script.ehloTls, DEFAULT_EHLO_TLS);
    else if (verb === 'QUIT') quit(secure, script.quit);
    else secure.write(reply(500, 'unknown command'));
  });
}

/** Writes a scripted reply: undefined means the default, null means silence, a function writes by itself. */
function say(stream: net.Socket, text: ScriptedReply | undefined, fallback: string): void {
  if (typeof text === 'function') text(stream);
  else if (text !== null) stream.write(text ?? fallback);
}

/**
 * Sits between the server's TLSSocket and the TCP socket: everything the client
 * sends is passed up, but only the first `limit` bytes the server writes go out;
 * then the rest is swallowed ('silence') or the connection is closed ('close').
 */
class CutStream extends Duplex {
  readonly #socket: net.Socket;
  #left: number;
  readonly #then: 'silence' | 'close';

  constructor(socket: net.Socket, limit: number, then: 'silence' | 'close') {
    super();
    this.#socket = socket;
    this.#left = limit;
    this.#then = then;
    socket.on('data', (chunk: Buffer) => this.push(chunk));
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.resume();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#left <= 0) return callback();
    const piece = chunk.subarray(0, this.#left);
    this.#left -= piece.length;
    this.#socket.write(piece, () => {
      if (this.#left <= 0 && this.#then === 'close') this.#socket.destroy();
      callback();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#socket.destroy();
    callback(error);
  }
}

/**
 * A TLS 1.2 ServerHello (ECDHE-RSA-AES128-GCM-SHA256, secure renegotiation) and a
 * Certificate message with `certificates` as given, whatever they hold (RFC 5246
 * §7.4.1.3, §7.4.2). Nothing follows: a client that accepts them waits for more.
 */
export function tls12ServerFlight(_clientHello: Buffer, certificates: Buffer[]): Buffer {
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
  const message = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
  const renegotiationInfo = Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00]);
  const serverHello = message(
    2,
    Buffer.concat([
      Buffer.from([0x03, 0x03]), // TLS 1.2
      randomBytes(32),
      Buffer.from([0]), // empty session id
      Buffer.from([0xc0, 0x2f]), // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
      Buffer.from([0]), // no compression
      u16(renegotiationInfo.length),
      renegotiationInfo,
    ]),
  );
  const list = Buffer.concat(certificates.flatMap((der) => [u24(der.length), der]));
  const certificate = message(11, Buffer.concat([u24(list.length), list]));
  const records: Buffer[] = [];
  const flight = Buffer.concat([serverHello, certificate]);
  for (let at = 0; at < flight.length; at += 16384) {
    const fragment = flight.subarray(at, at + 16384);
    records.push(Buffer.from([22, 0x03, 0x03]), u16(fragment.length), fragment);
  }
  return Buffer.concat(records);
}

function quit(stream: net.Socket, text: string | null | undefined): void {
  if (text === null) stream.destroy();
  else stream.end(text ?? reply(221, 'Bye'));
}

/** Calls onLine for each CRLF line; returns a function that stops reading (before the TLS upgrade). */
function readLines(stream: net.Socket, onLine: (line: string) => void): () => void {
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      onLine(line);
      if (!listening) return;
    }
  };
  let listening = true;
  stream.on('data', onData);
  return () => {
    listening = false;
    stream.off('data', onData);
    stream.pause();
  };
}
