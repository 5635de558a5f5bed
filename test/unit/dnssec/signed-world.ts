// Test helper: a small signed DNS world in memory (keys from node:crypto,
// RRSIGs over the validator's own canonical form, NSEC chains made on the
// fly) and a DnssecFetcher that answers from it as a recursive resolver
// would, with hooks to break any response. For unit tests of the chain of
// trust and of answer validation without the lab.
//
// Beware: this world signs with the validator's own signatureInput() and
// canonical ordering (src/dnssec/core/canonical-form.ts), so a bug there is
// self-consistent here and every test built on this world still passes. Two
// suites guard against that, and must stay: published-vectors.test.ts (RFC
// 4034/5702/6605/8080/5155 vectors and BIND-signed data, signed by someone
// else) and the e2e dnssec-agreement.test.ts (the same verdicts as unbound and
// BIND's delv on every row of the lab's DNSSEC case table, whose zones BIND's
// dnssec-signzone or Knot signed).
import { type KeyObject, createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { DnssecFetcher, RawExchangeResult } from '../../../src/dnssec/fetcher.ts';
import type { ReadMessage } from '../../../src/dns/message-reader.ts';
import {
  type DnsName,
  compareNames,
  isAtOrBelow,
  isBelow,
  nameEquals,
  nameText,
  nameWire,
  parseName,
  signatureLabelCount,
  wildcardOf,
  commonAncestor,
} from '../../../src/dns/name.ts';
import { readRrsig } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { signatureInput } from '../../../src/dnssec/core/canonical-form.ts';
import { keyTag } from '../../../src/dnssec/core/key-tag.ts';
import { RR_TYPE, typeName } from '../../../src/dns/rr-types.ts';
import type { TrustAnchor } from '../../../src/dnssec/trust-anchors.ts';
import { type Rrset, type WireRecord, groupRrsets } from '../../../src/dns/wire-record.ts';

export const T0 = new Date('2030-06-01T00:00:00Z');
const DAY = 86_400_000;

export interface TestKey {
  owner: DnsName;
  rdata: Buffer;
  tag: number;
  algorithm: 13 | 15;
  privateKey: KeyObject;
}

export function makeKey(zone: string, algorithm: 13 | 15 = 15, flags = 257): TestKey {
  const owner = parseName(zone);
  let publicKey: Buffer;
  let privateKey: KeyObject;
  if (algorithm === 15) {
    const pair = generateKeyPairSync('ed25519');
    publicKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    privateKey = pair.privateKey;
  } else {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = pair.publicKey.export({ format: 'jwk' });
    publicKey = Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    privateKey = pair.privateKey;
  }
  const rdata = Buffer.concat([Buffer.from([flags >> 8, flags & 0xff, 3, algorithm]), publicKey]);
  return { owner, rdata, tag: keyTag(rdata), algorithm, privateKey };
}

export function dsRdata(key: TestKey, digestType = 2): Buffer {
  const hash = { 1: 'sha1', 2: 'sha256', 4: 'sha384' }[digestType] ?? 'sha256';
  const digest = createHash(hash).update(nameWire(key.owner)).update(key.rdata).digest();
  return Buffer.concat([Buffer.from([key.tag >> 8, key.tag & 0xff, key.algorithm, digestType]), digest]);
}

export interface SignOptions {
  inception?: Date;
  expiration?: Date;
  /** Defaults to the owner's label count (no wildcard). */
  labels?: number;
  signer?: DnsName;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000) >>> 0;

export function rrsig(set: Rrset, key: TestKey, options: SignOptions = {}): WireRecord {
  const signer = options.signer ?? key.owner;
  const fixed = Buffer.alloc(18);
  fixed.writeUInt16BE(set.type, 0);
  fixed[2] = key.algorithm;
  fixed[3] = options.labels ?? signatureLabelCount(set.owner);
  fixed.writeUInt32BE(set.ttl, 4);
  fixed.writeUInt32BE(seconds(options.expiration ?? new Date(T0.getTime() + 30 * DAY)), 8);
  fixed.writeUInt32BE(seconds(options.inception ?? new Date(T0.getTime() - DAY)), 12);
  fixed.writeUInt16BE(key.tag, 16);
  const prefix = Buffer.concat([fixed, nameWire(signer)]);
  const parsed = readRrsig(Buffer.concat([prefix, Buffer.alloc(1)]));
  const data = signatureInput({ ...parsed, signedPrefix: prefix }, set);
  const signature = key.algorithm === 15 ? sign(null, data, key.privateKey) : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { owner: set.owner, type: RR_TYPE.RRSIG, class: 1, ttl: set.ttl, rdata: Buffer.concat([prefix, signature]) };
}

export const record = (owner: string, type: number, rdata: Buffer, ttl = 300): WireRecord => ({ owner: parseName(owner), type, class: 1, ttl, rdata });
export const aRdata = (address: string) => Buffer.from(address.split('.').map(Number));
export const nameRdata = (name: string) => nameWire(parseName(name));
export const mxRdata = (preference: number, exchange: string) => Buffer.concat([Buffer.from([preference >> 8, preference & 0xff]), nameRdata(exchange)]);

/** RFC 4034 §4.1.2 type bitmap. */
export function typeBitmap(types: readonly number[]): Buffer {
  const windows = new Map<number, number[]>();
  for (const t of [...new Set(types)].sort((x, y) => x - y)) {
    const bytes = windows.get(t >> 8) ?? [];
    const index = (t & 0xff) >> 3;
    while (bytes.length <= index) bytes.push(0);
    bytes[index]! |= 0x80 >> (t & 7);
    windows.set(t >> 8, bytes);
  }
  return Buffer.concat([...windows].map(([w, bytes]) => Buffer.from([w, bytes.length, ...bytes])));
}

export interface Zone {
  apex: DnsName;
  keys: TestKey[];
  records: WireRecord[];
  /** Sign data RRsets with these options (default: valid around T0). */
  signing?: SignOptions;
}

export interface WorldOptions {
  zones: Zone[];
}

function setsOf(zone: Zone): Rrset[] {
  return groupRrsets(zone.records);
}

/** The signed RRsets of the zone plus its DNSKEY RRset, as records. */
function signed(zone: Zone, sets: Rrset[]): WireRecord[] {
  const out: WireRecord[] = [];
  for (const s of sets) {
    out.push(...s.rdatas.map((rdata) => ({ owner: s.owner, type: s.type, class: 1, ttl: s.ttl, rdata })));
    // RFC 4035 §2.2: DNSKEY RRsets signed by every key here (test zones use one or two).
    for (const key of zone.keys) out.push(rrsig(s, key, zone.signing));
  }
  return out;
}

export interface FetchHooks {
  /** Changes a response before the validator sees it. */
  tamper?: (name: DnsName, type: number, message: ReadMessage) => ReadMessage;
  /** Returns a transport failure instead of an answer. */
  fail?: (name: DnsName, type: number) => RawExchangeResult['outcome'] | null;
}

const answer = (message: Partial<ReadMessage>): ReadMessage => ({
  id: 1,
  qr: true,
  aa: false,
  tc: false,
  rd: true,
  ra: true,
  ad: false,
  cd: true,
  rcode: 0,
  questions: [],
  answer: [],
  authority: [],
  additional: [],
  ednsOptions: [],
  ...message,
});

/** A recursive resolver's view of the world: answers with DO, follows CNAMEs, proves absence with NSEC. */
export function worldFetcher(world: WorldOptions, hooks: FetchHooks = {}): DnssecFetcher & { asked: string[] } {
  const asked: string[] = [];
  const zoneOf = (name: DnsName, type: number): Zone | undefined => {
    const candidates = world.zones.filter((z) => isAtOrBelow(name, z.apex) && !(type === RR_TYPE.DS && nameEquals(z.apex, name)));
    return candidates.sort((a, b) => b.apex.length - a.apex.length)[0];
  };
  const allSets = (zone: Zone): Rrset[] => {
    const children = world.zones.filter((z) => isBelow(z.apex, zone.apex) && zoneOf(z.apex, RR_TYPE.DS) === zone);
    const extra: WireRecord[] = [
      ...zone.keys.map((k) => ({ owner: zone.apex, type: RR_TYPE.DNSKEY, class: 1, ttl: 300, rdata: k.rdata })),
      ...children.flatMap((c) => [
        record(nameText(c.apex), RR_TYPE.NS, nameRdata('ns.test')),
        ...(c.keys.length > 0 ? [{ owner: c.apex, type: RR_TYPE.DS, class: 1, ttl: 300, rdata: dsRdata(c.keys.find((k) => k.rdata.readUInt16BE(0) & 1) ?? c.keys[0]!) }] : []),
      ]),
    ];
    return groupRrsets([...zone.records, ...extra]);
  };
  const nsecChain = (zone: Zone): Rrset[] => {
    const sets = allSets(zone);
    const owners: DnsName[] = [];
    for (const s of sets) if (!owners.some((o) => nameEquals(o, s.owner))) owners.push(s.owner);
    owners.sort(compareNames);
    return owners.map((owner, i) => {
      const next = owners[(i + 1) % owners.length]!;
      const types = [...sets.filter((s) => nameEquals(s.owner, owner)).map((s) => s.type), RR_TYPE.RRSIG, RR_TYPE.NSEC];
      return { owner, type: RR_TYPE.NSEC, class: 1, ttl: 60, rdatas: [Buffer.concat([nameWire(next), typeBitmap(types)])] };
    });
  };
  const respond = (name: DnsName, type: number, depth = 0): ReadMessage => {
    const zone = zoneOf(name, type);
    if (!zone) return answer({ rcode: 5 });
    const sets = allSets(zone);
    const signIfSigned = (chosen: Rrset[]) => (zone.keys.length > 0 ? signed(zone, chosen) : chosen.flatMap((s) => s.rdatas.map((rdata) => ({ owner: s.owner, type: s.type, class: 1, ttl: s.ttl, rdata }))));
    const exact = sets.find((s) => nameEquals(s.owner, name) && s.type === type);
    if (exact) return answer({ answer: signIfSigned([exact]) });
    const alias = sets.find((s) => nameEquals(s.owner, name) && s.type === RR_TYPE.CNAME);
    if (alias) {
      const target = parseName(nameText(readTarget(alias.rdatas[0]!)));
      if (depth > 8) return answer({ answer: signIfSigned([alias]) });
      const rest = respond(target, type, depth + 1);
      return { ...rest, answer: [...signIfSigned([alias]), ...rest.answer] };
    }
    const exists = sets.some((s) => isAtOrBelow(s.owner, name));
    const chain = nsecChain(zone);
    const covers = (n: Rrset, x: DnsName) => compareNames(n.owner, x) < 0 && (compareNames(x, readTarget(n.rdatas[0]!)) < 0 || compareNames(readTarget(n.rdatas[0]!), n.owner) <= 0);
    // RFC 4592: a wildcard one label below the closest encloser answers for a missing name.
    const source = exists ? undefined : sets.find((s) => s.type === type && isBelow(name, s.owner.slice(1)) && s.owner[0]?.toString() === '*');
    if (source) {
      const expanded: Rrset = { ...source, owner: name };
      const sig = zone.keys.map((k) => ({ ...rrsig(source, k, zone.signing), owner: name }));
      const cover = chain.find((n) => covers(n, name));
      return answer({
        answer: [...expanded.rdatas.map((rdata) => ({ owner: name, type, class: 1, ttl: expanded.ttl, rdata })), ...sig],
        authority: cover ? signed(zone, [cover]) : [],
      });
    }
    const soa = sets.find((s) => s.type === RR_TYPE.SOA);
    const proof: Rrset[] = [];
    if (exists) {
      const match = chain.find((n) => nameEquals(n.owner, name));
      if (match) proof.push(match);
    } else {
      const cover = chain.find((n) => covers(n, name));
      if (cover) proof.push(cover);
      const encloser = cover ? [commonAncestor(name, cover.owner), commonAncestor(name, readTarget(cover.rdatas[0]!))].sort((a, b) => b.length - a.length)[0]! : zone.apex;
      const wildcardCover = chain.find((n) => covers(n, wildcardOf(encloser)));
      if (wildcardCover && wildcardCover !== cover) proof.push(wildcardCover);
    }
    return answer({ rcode: exists ? 0 : 3, authority: signIfSigned([...(soa ? [soa] : []), ...(zone.keys.length > 0 ? proof : [])]) });
  };
  return {
    asked,
    server: { address: '192.0.2.53', port: 53 },
    async fetch(name, type) {
      asked.push(`${nameText(name)}/${typeName(type)}`);
      const failure = hooks.fail?.(name, type);
      if (failure) return { outcome: failure, error: `${failure} (scripted)`, response: null, transport: null, attempts: 1, elapsedMs: 1 };
      const message = respond(name, type);
      return { outcome: 'answer', error: null, response: hooks.tamper ? hooks.tamper(name, type, message) : message, transport: 'udp', attempts: 1, elapsedMs: 1 };
    },
    stats: () => ({ queries: asked.length, byType: {} }),
  };
}

function readTarget(rdata: Buffer): DnsName {
  const labels: Buffer[] = [];
  let offset = 0;
  while (rdata[offset]) {
    labels.push(rdata.subarray(offset + 1, offset + 1 + rdata[offset]!));
    offset += 1 + rdata[offset]!;
  }
  return labels;
}

export function dsAnchor(key: TestKey): TrustAnchor {
  return { owner: key.owner, type: RR_TYPE.DS, rdata: dsRdata(key) };
}

export const soaRdata = () => Buffer.concat([nameRdata('ns.test'), nameRdata('hostmaster.test'), Buffer.alloc(20)]);

/** root (.) → example → sub.example, each signed with its own Ed25519 key, and an unsigned child insecure.example. */
export function standardWorld() {
  const keys = { root: makeKey('.'), example: makeKey('example'), sub: makeKey('sub.example', 13) };
  const zones: Zone[] = [
    { apex: [], keys: [keys.root], records: [record('.', RR_TYPE.SOA, soaRdata())] },
    {
      apex: parseName('example'),
      keys: [keys.example],
      records: [
        record('example', RR_TYPE.SOA, soaRdata()),
        record('example', RR_TYPE.MX, mxRdata(10, 'mx.example')),
        record('mx.example', RR_TYPE.A, aRdata('192.0.2.1')),
        record('alias.example', RR_TYPE.CNAME, nameRdata('mx.sub.example')),
        record('toinsecure.example', RR_TYPE.CNAME, nameRdata('mx.insecure.example')),
        record('*.wild.example', RR_TYPE.A, aRdata('192.0.2.9')),
      ],
    },
    {
      apex: parseName('sub.example'),
      keys: [keys.sub],
      records: [record('sub.example', RR_TYPE.SOA, soaRdata()), record('mx.sub.example', RR_TYPE.A, aRdata('192.0.2.2'))],
    },
    { apex: parseName('insecure.example'), keys: [], records: [record('insecure.example', RR_TYPE.SOA, soaRdata()), record('mx.insecure.example', RR_TYPE.A, aRdata('192.0.2.3'))] },
  ];
  return { keys, zones, anchors: [dsAnchor(keys.root)] };
}
