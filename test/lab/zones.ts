// Builds the lab's DNS tree under a private root and pre-signs it with BIND's
// dnssec-keygen/dnssec-signzone: child zones first, their DS records go into
// test., whose DS goes into the root, whose DS becomes unbound's trust anchor.
// Knot only serves the result (its own signing is off).
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTH_SERVER, LAME_SERVER, type DnssecAlgorithm, type RecordSpec, type ZoneSpec } from './scenarios.ts';

const run = promisify(execFile);

export const TTL = 300;
const NEGATIVE_TTL = 60;
export const NAMESERVER = 'ns1.test';

export interface BuiltZone {
  /** Apex without trailing dot ('' for the root). */
  name: string;
  file: string;
  /** Key tag(s) of the zone's key, for diagnostics. */
  dnssec: ZoneSpec['dnssec'] | 'root' | 'tld' | 'dnssec-case';
  /** Knot signs this zone itself with this policy (knot.ts); absent: served as the file says. */
  knotPolicy?: KnotSigningPolicy;
}

/** A zone Knot signs on load (for what dnssec-signzone refuses, e.g. more than 150 NSEC3 iterations). */
export interface KnotSigningPolicy {
  id: string;
  /** Knot's KASP database holding the zone's key (made with keymgr before knotd starts). */
  kaspDir: string;
  nsec3Iterations: number;
}

/** More zones built beside the scenario zones (test/lab/dnssec-zones.ts): served, and delegated from test. */
export type ExtraZones = (context: { dir: string; serial: number; tlsaData: TlsaDataFn }) => Promise<{ served: BuiltZone[]; delegations: string[] }>;

export interface BuiltZones {
  served: BuiltZone[];
  /** The root's DS RRset in zone-file syntax: unbound's trust anchor. */
  rootDs: string;
  /** The root's DNSKEY RR in zone-file syntax (for delv -a / other validators). */
  rootDnskey: string;
}

/** TLSA association data for a record; may wait (the certificates are made while keys are generated). */
export type TlsaDataFn = (record: Extract<RecordSpec, { type: 'TLSA' }>) => string | Promise<string>;

export const fqdn = (name: string): string => (name === '' || name === '.' ? '.' : `${name.replace(/\.$/, '')}.`);

export async function tool(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

async function keygen(keysDir: string, zone: string, algorithm: DnssecAlgorithm): Promise<string> {
  const args = ['-q', '-a', algorithm, ...(algorithm === 'RSASHA256' ? ['-b', '2048'] : []), '-f', 'KSK', '-n', 'ZONE', '-K', keysDir, fqdn(zone)];
  const base = (await tool('dnssec-keygen', args)).trim();
  if (!/^K/.test(base)) throw new Error(`dnssec-keygen printed no key name for ${fqdn(zone)}: ${base}`);
  return join(keysDir, base);
}

export async function renderRecord(record: RecordSpec, tlsaData: TlsaDataFn): Promise<string> {
  const owner = fqdn(record.owner);
  switch (record.type) {
    case 'MX':
      return `${owner} ${TTL} IN MX ${record.preference} ${record.exchange === '' ? '.' : fqdn(record.exchange)}`;
    case 'A':
    case 'AAAA':
      return `${owner} ${TTL} IN ${record.type} ${record.address}`;
    case 'CNAME':
      return `${owner} ${TTL} IN CNAME ${fqdn(record.target)}`;
    case 'TXT':
      return `${owner} ${TTL} IN TXT ${JSON.stringify(record.text)}`;
    case 'TLSA':
      return `${owner} ${TTL} IN TLSA ${record.usage} ${record.selector} ${record.matchingType} ${await tlsaData(record)}`;
  }
}

export function header(zone: string, serial: number): string[] {
  const apex = fqdn(zone);
  return [
    `$TTL ${TTL}`,
    `${apex} ${TTL} IN SOA ${NAMESERVER}. hostmaster.test. ${serial} 3600 600 86400 ${NEGATIVE_TTL}`,
    `${apex} ${TTL} IN NS ${NAMESERVER}.`,
  ];
}

interface SignOptions {
  zone: string;
  input: string;
  output: string;
  key: string;
  dsDir: string;
  nsec3?: boolean;
  expired?: boolean;
  /** Signatures valid in this window instead of the signer's default. */
  window?: { from: Date; until: Date };
}

/** dnssec-signzone's absolute time form, YYYYMMDDHHMMSS in UTC. */
const signerTime = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

async function sign(o: SignOptions): Promise<void> {
  const args = ['-q', '-O', 'full', '-z', '-o', fqdn(o.zone), '-d', o.dsDir, '-f', o.output];
  if (o.nsec3) args.push('-3', '-', '-H', '0');
  // Signatures valid in January 2020 only; -P skips the self-check that would reject them.
  if (o.expired) args.push('-P', '-s', '20200101000000', '-e', '20200201000000');
  else if (o.window) args.push('-s', signerTime(o.window.from), '-e', signerTime(o.window.until));
  args.push(o.input, o.key);
  await tool('dnssec-signzone', args);
}

/** Flips one character of every RRSIG over a TLSA RRset (signature stays valid base64). */
export function corruptTlsaSignatures(signedText: string): { text: string; corrupted: number } {
  let corrupted = 0;
  const lines = signedText.split('\n').map((line) => {
    if (line.startsWith(';')) return line;
    const tokens = line.trim().split(/\s+/);
    // owner ttl IN RRSIG TLSA alg labels origttl expiration inception keytag signer signature...
    if (tokens[3] !== 'RRSIG' || tokens[4] !== 'TLSA' || tokens.length < 13) return line;
    const signature = tokens[12]!;
    tokens[12] = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    corrupted++;
    return tokens.join(' ');
  });
  return { text: lines.join('\n'), corrupted };
}

async function dsOf(dsDir: string, zone: string): Promise<string[]> {
  const text = await readFile(join(dsDir, `dsset-${fqdn(zone)}`), 'utf8');
  return text.split('\n').filter((line) => /\sDS\s/.test(line));
}

export async function buildZones(options: { dir: string; zones: ZoneSpec[]; tlsaData: TlsaDataFn; serial: number; extraZones?: ExtraZones }): Promise<BuiltZones> {
  const { dir, zones, tlsaData, serial } = options;
  const extraPending = options.extraZones?.({ dir: join(dir, 'extra'), serial, tlsaData }) ?? Promise.resolve({ served: [], delegations: [] });
  extraPending.catch(() => undefined); // awaited below
  const keysDir = join(dir, 'keys');
  const dsDir = join(dir, 'ds');
  const zonesDir = join(dir, 'zones');
  const decoyDir = join(keysDir, 'decoy'); // keys whose DS is published but which sign nothing
  await Promise.all([mkdir(decoyDir, { recursive: true }), mkdir(dsDir, { recursive: true }), mkdir(zonesDir, { recursive: true })]);

  for (const zone of zones) {
    if (!zone.name.endsWith('.test') || zone.name.split('.').length !== 2) throw new Error(`lab zone ${zone.name} must be a direct child of test.`);
    for (const record of zone.records) {
      if (record.owner !== zone.name && !record.owner.endsWith(`.${zone.name}`)) throw new Error(`record ${record.owner} is outside zone ${zone.name}`);
    }
  }

  // 1. Keys, all at once: every signed child, a decoy for bad-ds, test. and the root.
  const signedZones = zones.filter((z) => z.dnssec !== 'unsigned' && z.dnssec !== 'lame');
  const [rootKey, tldKey, childKeys, decoys] = await Promise.all([
    keygen(keysDir, '.', 'ECDSAP256SHA256'),
    keygen(keysDir, 'test', 'ECDSAP256SHA256'),
    Promise.all(signedZones.map(async (z) => [z.name, await keygen(keysDir, z.name, z.algorithm ?? 'ECDSAP256SHA256')] as const)),
    Promise.all(
      zones.filter((z) => z.dnssec === 'bad-ds').map(async (z) => [z.name, await keygen(decoyDir, z.name, z.algorithm ?? 'ECDSAP256SHA256')] as const),
    ),
  ]);
  const keyOf = new Map(childKeys);

  // 2. Child zones.
  const served: BuiltZone[] = [];
  const delegations: string[] = [];
  await Promise.all(
    zones.map(async (zone) => {
      if (zone.dnssec === 'lame') {
        delegations.push(`${fqdn(zone.name)} ${TTL} IN NS ns.${fqdn(zone.name)}`, `ns.${fqdn(zone.name)} ${TTL} IN A ${LAME_SERVER}`);
        return;
      }
      const rendered = [...header(zone.name, serial), ...(await Promise.all(zone.records.map((r) => renderRecord(r, tlsaData))))];
      const ttl = zone.signatures?.ttl;
      const lines = ttl === undefined ? rendered : rendered.map((l) => l.replace(`$TTL ${TTL}`, `$TTL ${ttl}`).replace(` ${TTL} IN `, ` ${ttl} IN `));
      const key = keyOf.get(zone.name);
      if (key) lines.push(await readFile(`${key}.key`, 'utf8'));
      const input = join(zonesDir, `${zone.name}.zone`);
      await writeFile(input, lines.join('\n') + '\n');
      delegations.push(`${fqdn(zone.name)} ${TTL} IN NS ${NAMESERVER}.`);
      if (!key) {
        served.push({ name: zone.name, file: input, dnssec: zone.dnssec });
        return;
      }
      const output = `${input}.signed`;
      const hours = (h: number) => new Date(Date.now() + h * 3_600_000);
      const window = zone.signatures ? { from: hours(zone.signatures.fromHours), until: hours(zone.signatures.untilHours) } : undefined;
      await sign({ zone: zone.name, input, output, key, dsDir, nsec3: zone.denial === 'nsec3', expired: zone.dnssec === 'expired', ...(window ? { window } : {}) });
      if (zone.dnssec === 'bogus-tlsa-rrsig') {
        const { text, corrupted } = corruptTlsaSignatures(await readFile(output, 'utf8'));
        if (corrupted === 0) throw new Error(`${zone.name}: no TLSA RRSIG to corrupt`);
        await writeFile(output, text);
      }
      served.push({ name: zone.name, file: output, dnssec: zone.dnssec });
      if (zone.dnssec === 'bad-ds') {
        const decoy = decoys.find(([name]) => name === zone.name)![1];
        const ds = await tool('dnssec-dsfromkey', ['-2', `${decoy}.key`]);
        delegations.push(...ds.split('\n').filter((l) => /\sDS\s/.test(l)));
      } else {
        delegations.push(...(await dsOf(dsDir, zone.name)));
      }
    }),
  );

  // 2b. Extra zones (built concurrently with the scenario zones).
  const extra = await extraPending;
  served.push(...extra.served);
  delegations.push(...extra.delegations);

  // 3. test. (the TLD) with every delegation and DS.
  const tldInput = join(zonesDir, 'test.zone');
  await writeFile(
    tldInput,
    [...header('test', serial), `${NAMESERVER}. ${TTL} IN A ${AUTH_SERVER}`, ...delegations.sort(), await readFile(`${tldKey}.key`, 'utf8')].join('\n') + '\n',
  );
  await sign({ zone: 'test', input: tldInput, output: `${tldInput}.signed`, key: tldKey, dsDir });
  served.push({ name: 'test', file: `${tldInput}.signed`, dnssec: 'tld' });

  // 4. The private root.
  const rootInput = join(zonesDir, 'root.zone');
  await writeFile(
    rootInput,
    [
      ...header('.', serial),
      `test. ${TTL} IN NS ${NAMESERVER}.`,
      `${NAMESERVER}. ${TTL} IN A ${AUTH_SERVER}`,
      ...(await dsOf(dsDir, 'test')),
      await readFile(`${rootKey}.key`, 'utf8'),
    ].join('\n') + '\n',
  );
  await sign({ zone: '.', input: rootInput, output: `${rootInput}.signed`, key: rootKey, dsDir });
  served.push({ name: '', file: `${rootInput}.signed`, dnssec: 'root' });

  const rootDnskey = (await readFile(`${rootKey}.key`, 'utf8')).split('\n').find((l) => /\sDNSKEY\s/.test(l)) ?? '';
  return { served, rootDs: (await dsOf(dsDir, '.')).join('\n') + '\n', rootDnskey };
}
