// A scripted SMTP server on a loopback address and an ephemeral port, with a
// real STARTTLS upgrade (node:tls on the accepted socket). Each reply is raw
// text, so a test can send anything: multi-line replies, refusals, extra bytes
// after a 220, or nothing at all (null: stay silent).
import net from 'node:net';
import tls from 'node:tls';

export interface FixtureScript {
  /** Sent on connect. Default a 220 greeting; null: silence. */
  banner?: string | null;
  /** Reply to EHLO/HELO in clear. Default offers STARTTLS; null: silence. */
  ehlo?: string | null;
  /** Reply to STARTTLS, written at once (extra text included). Default '220 Ready'; null: silence. */
  starttls?: string | null;
  /** After a 2xx to STARTTLS: a real handshake, or these bytes written when the ClientHello arrives. */
  handshake?: 'tls' | { garbage: string };
  /** Server TLS settings: cert (PEM, leaf first, in the order to send), key, versions, ciphers... */
  tls?: tls.SecureContextOptions;
  /** Reply to EHLO inside TLS. Default offers PIPELINING and SIZE; null: silence. */
  ehloTls?: string | null;
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

export async function startFixtureServer(script: FixtureScript, host = '127.0.0.1'): Promise<FixtureServer> {
  const connections: FixtureConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connections.push(serve(socket, script));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
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
  if (handshake !== 'tls') {
    socket.once('data', () => socket.write(handshake.garbage));
    socket.resume();
    return;
  }
  const secureContext = tls.createSecureContext(script.tls);
  const secure = new tls.TLSSocket(socket, {
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

/** Writes a scripted reply: undefined means the default, null means silence. */
function say(stream: net.Socket, text: string | null | undefined, fallback: string): void {
  if (text !== null) stream.write(text ?? fallback);
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
