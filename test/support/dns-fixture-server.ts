// A scripted DNS server on loopback (UDP and TCP on the same ephemeral port) for
// the DNS probe tests. A handler sees each decoded query and returns what to do:
// reply, send raw bytes, wait, close. It can misbehave on purpose: truncate, send
// the wrong id or question, garbage, answer late, refuse TCP.
import { type RemoteInfo, type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server, type Socket, createServer } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer } from 'dns-packet';

export interface FixtureQuery {
  transport: 'udp' | 'tcp';
  id: number;
  name: string;
  type: string;
  rd: boolean;
  cd: boolean;
  /** Whether an OPT record with the DO bit came along. */
  dnssecOk: boolean;
  /** null without EDNS. */
  udpPayloadSize: number | null;
  packet: DecodedPacket;
}

export type FixtureAction =
  /** A DNS message; framed with the length prefix on TCP. */
  | { kind: 'reply'; bytes: Buffer }
  /** Written as-is, no TCP framing. */
  | { kind: 'raw'; bytes: Buffer }
  | { kind: 'delay'; ms: number }
  /** TCP: end the connection. */
  | { kind: 'close' };

export type FixtureHandler = (query: FixtureQuery) => FixtureAction[] | Promise<FixtureAction[]>;

export interface FixtureOptions {
  host?: '127.0.0.1' | '::1';
  /** 'refuse' resets every TCP connection at once. */
  tcp?: 'serve' | 'refuse';
}

export interface DnsFixture {
  address: string;
  port: number;
  /** Every query received, in order. */
  queries: FixtureQuery[];
  close(): Promise<void>;
}

export async function startDnsFixture(handler: FixtureHandler, options: FixtureOptions = {}): Promise<DnsFixture> {
  const host = options.host ?? '127.0.0.1';
  const queries: FixtureQuery[] = [];
  // UDP picks the ephemeral port; TCP must then get the same one, which can be taken.
  for (let tries = 0; ; tries++) {
    const udp = createSocket(host === '::1' ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => resolve());
      });
    } catch (error) {
      udp.close();
      if (tries < 10) continue;
      throw error;
    }
    serveUdp(udp, handler, queries);
    const dropConnections = serveTcp(tcp, handler, queries, options.tcp ?? 'serve');
    const close = async () => {
      udp.close();
      dropConnections();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    };
    return { address: host, port, queries, close };
  }
}

function serveUdp(udp: UdpSocket, handler: FixtureHandler, queries: FixtureQuery[]): void {
  udp.on('message', (message: Buffer, peer: RemoteInfo) => {
    const query = decodeQuery(message, 'udp');
    if (!query) return;
    queries.push(query);
    void run(handler, query, (bytes) => {
      udp.send(bytes, peer.port, peer.address, () => {});
    });
  });
}

/** Returns a function that drops every open connection (server.close waits for them). */
function serveTcp(tcp: Server, handler: FixtureHandler, queries: FixtureQuery[], mode: 'serve' | 'refuse'): () => void {
  const sockets = new Set<Socket>();
  tcp.on('connection', (socket) => {
    if (mode === 'refuse') return socket.resetAndDestroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + message.length);
        const query = decodeQuery(message, 'tcp');
        if (!query) continue;
        queries.push(query);
        void run(handler, query, (bytes, framed) => {
          if (socket.destroyed) return;
          if (framed === 'close') return void socket.end();
          // Too big for the two-byte length (RFC 1035 §4.2.2): a test asked the impossible; hang up.
          if (framed && bytes.length > 0xffff) return void socket.destroy();
          socket.write(framed ? Buffer.concat([lengthPrefix(bytes.length), bytes]) : bytes);
        });
      }
    });
  });
  return () => sockets.forEach((s) => s.destroy());
}

async function run(
  handler: FixtureHandler,
  query: FixtureQuery,
  send: (bytes: Buffer, framed: boolean | 'close') => void,
): Promise<void> {
  for (const action of await handler(query)) {
    if (action.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    else if (action.kind === 'reply') send(action.bytes, true);
    else if (action.kind === 'raw') send(action.bytes, false);
    else send(Buffer.alloc(0), 'close');
  }
}

/** Also lets pure tests build replies to a query they encoded themselves. */
export function decodeQuery(message: Buffer, transport: 'udp' | 'tcp' = 'udp'): FixtureQuery | null {
  let packet: DecodedPacket;
  try {
    packet = dnsPacket.decode(message);
  } catch {
    return null;
  }
  const question = packet.questions?.[0];
  if (!question) return null;
  const opt = (packet.additionals ?? []).find((a): a is OptAnswer => a.type === 'OPT');
  return {
    transport,
    id: packet.id ?? 0,
    name: question.name,
    type: question.type,
    rd: packet.flag_rd,
    cd: packet.flag_cd,
    dnssecOk: opt?.flag_do ?? false,
    udpPayloadSize: opt?.udpPayloadSize ?? null,
    packet,
  };
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);
  return prefix;
}

// --- building replies

export interface ReplySpec {
  rcode?: number;
  ad?: boolean;
  tc?: boolean;
  answers?: Answer[];
  /** The authority section (a denial's SOA, NSEC/NSEC3 and their RRSIGs). */
  authorities?: Answer[];
  /** Extended DNS Errors to put in the OPT record. */
  ede?: { code: number; text?: string }[];
  /** Override the id (to send a wrong one). */
  id?: number;
  /** Override the question (to answer a different one). */
  question?: { name: string; type: string };
  /** Leave out the OPT record. */
  noEdns?: boolean;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** A response to `query`, echoing its id, question, RD and CD unless overridden. */
export function reply(query: FixtureQuery, spec: ReplySpec = {}): { kind: 'reply'; bytes: Buffer } {
  const flags =
    (spec.rcode ?? 0) |
    dnsPacket.RECURSION_AVAILABLE |
    (query.rd ? dnsPacket.RECURSION_DESIRED : 0) |
    (query.cd ? dnsPacket.CHECKING_DISABLED : 0) |
    (spec.ad ? dnsPacket.AUTHENTIC_DATA : 0) |
    (spec.tc ? dnsPacket.TRUNCATED_RESPONSE : 0);
  const opt = {
    type: 'OPT',
    name: '.',
    udpPayloadSize: 1232,
    flags: query.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
    options: (spec.ede ?? []).map(({ code, text }) => ({
      code: 15,
      data: Buffer.concat([lengthPrefix(code), Buffer.from(text ?? '', 'utf8')]),
    })),
  } as unknown as Answer;
  const question = spec.question ?? { name: query.name, type: query.type };
  const bytes = dnsPacket.encode({
    type: 'response',
    id: spec.id ?? query.id,
    flags,
    questions: [{ name: question.name, type: question.type as 'A', class: 'IN' }],
    answers: spec.answers ?? [],
    authorities: spec.authorities ?? [],
    additionals: spec.noEdns ? [] : [opt],
  });
  return { kind: 'reply', bytes };
}

export const rr = {
  a: (name: string, address: string, ttl = 300): Answer => ({ type: 'A', name, ttl, data: address }),
  aaaa: (name: string, address: string, ttl = 300): Answer => ({ type: 'AAAA', name, ttl, data: address }),
  cname: (name: string, target: string, ttl = 300): Answer => ({ type: 'CNAME', name, ttl, data: target }),
  mx: (name: string, preference: number, exchange: string, ttl = 300): Answer => ({
    type: 'MX',
    name,
    ttl,
    data: { preference, exchange },
  }),
  tlsa: (name: string, usage: number, selector: number, matchingType: number, hex: string, ttl = 300): Answer => ({
    type: 'TLSA',
    name,
    ttl,
    data: { usage, selector, matchingType, certificate: Buffer.from(hex, 'hex') },
  }),
  /** An RRSIG over `typeCovered` at `name` (the signature bytes are filler: nothing here checks them). */
  rrsig: (name: string, typeCovered: string, s: { signer: string; inception: number; expiration: number; originalTtl: number; keyTag?: number; algorithm?: number }, ttl = 300): Answer => ({
    type: 'RRSIG',
    name,
    ttl,
    data: {
      typeCovered,
      algorithm: s.algorithm ?? 13,
      labels: name.split('.').length,
      originalTTL: s.originalTtl,
      expiration: s.expiration,
      inception: s.inception,
      keyTag: s.keyTag ?? 12345,
      signersName: s.signer,
      signature: Buffer.alloc(64, 1),
    },
  }),
};

export const delay = (ms: number): FixtureAction => ({ kind: 'delay', ms });
export const raw = (bytes: Buffer): FixtureAction => ({ kind: 'raw', bytes });
export const closeConnection: FixtureAction = { kind: 'close' };

// --- a small zone, as a validating recursive resolver would answer it

export interface ZoneOptions {
  /** Set the AD bit on every answer (default true: the zone is signed and validated). */
  ad?: boolean;
  /**
   * Over UDP, answer with TC=1 and no records when the reply would be larger than
   * the query's EDNS UDP size (RFC 6891 §7), as a real server does; TCP then gets it all.
   */
  truncateUdp?: boolean;
  /** CNAMEs followed inside one answer before giving up (a loop stops at the first repeat). */
  maxCnameHops?: number;
}

/**
 * A handler answering from `records` like a recursive resolver: CNAMEs at the
 * name are put in front of the answer and followed, NODATA when the name owns
 * other records, NXDOMAIN when it owns none. Names compare case-insensitively.
 */
export function staticZone(records: Answer[], options: ZoneOptions = {}): FixtureHandler {
  const ad = options.ad ?? true;
  const key = (name: string) => name.toLowerCase().replace(/\.$/, '');
  const owners = new Set(records.map((r) => key(r.name)));
  return (query) => {
    const answers: Answer[] = [];
    const seen = new Set<string>();
    let owner = key(query.name);
    for (let hops = 0; hops <= (options.maxCnameHops ?? 64); hops++) {
      const own = records.filter((r) => key(r.name) === owner);
      const alias = query.type === 'CNAME' ? undefined : own.find((r) => r.type === 'CNAME');
      if (!alias || seen.has(owner)) {
        answers.push(...own.filter((r) => r.type === query.type));
        break;
      }
      seen.add(owner);
      answers.push(alias);
      owner = key((alias as { data: string }).data);
    }
    const rcode = answers.length === 0 && !owners.has(key(query.name)) ? RCODE.NXDOMAIN : RCODE.NOERROR;
    const full = reply(query, { ad, rcode, answers });
    if (options.truncateUdp && query.transport === 'udp' && full.bytes.length > (query.udpPayloadSize ?? 512)) {
      return [reply(query, { ad, rcode, tc: true })];
    }
    return [full];
  };
}
