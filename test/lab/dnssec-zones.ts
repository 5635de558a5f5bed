// Builds the zones of dnssec-scenarios.ts: keys with dnssec-keygen, signing
// with dnssec-signzone (Knot's own signer where dnssec-signzone refuses, see
// LabDenial), then each zone broken as its spec says. Children first: their DS
// (or plain NS for unsigned ones) goes into the parent lab zone, or, for direct
// children of test., back to zones.ts, which signs test. with it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DNSSEC_SCENARIOS, type DnssecBreakage, type DnssecZoneSpec } from './dnssec-scenarios.ts';
import { type BuiltZone, type ExtraZones, NAMESERVER, TTL, fqdn, header, renderRecord, tool } from './zones.ts';

/** The algorithm number dnssec-zones writes for 'unknown-algorithm': ECC-GOST12, which nobody here implements. */
export const UNKNOWN_ALGORITHM = 23;
/** The digest type written for 'unknown-digest': unassigned. */
export const UNKNOWN_DIGEST = 200;

const parentOf = (zone: DnssecZoneSpec) => zone.parent ?? 'test';

async function keygen(dir: string, zone: DnssecZoneSpec, role: 'KSK' | 'ZSK'): Promise<string> {
  const algorithm = zone.algorithm ?? 'ECDSAP256SHA256';
  const size = algorithm.startsWith('RSA') ? ['-b', role === 'KSK' ? '2048' : '1024'] : [];
  const args = ['-q', '-a', algorithm, ...size, ...(role === 'KSK' ? ['-f', 'KSK'] : []), '-n', 'ZONE', '-K', dir, fqdn(zone.name)];
  const base = (await tool('dnssec-keygen', args)).trim();
  if (!/^K/.test(base)) throw new Error(`dnssec-keygen printed no key name for ${zone.name}: ${base}`);
  return join(dir, base);
}

function signArgs(zone: DnssecZoneSpec, input: string, output: string, dsDir: string, keys: string[]): string[] {
  const args = ['-q', '-O', 'full', '-o', fqdn(zone.name), '-d', dsDir, '-f', output];
  if ((zone.keys ?? 'csk') === 'csk') args.push('-z');
  const denial = zone.denial ?? { kind: 'nsec' };
  if (denial.kind === 'nsec3') {
    args.push('-3', denial.salt ?? '-', '-H', String(denial.iterations ?? 0));
    if (denial.optOut) args.push('-A');
  }
  // 30 to 60 days ahead; -P skips the self-check that would reject such signatures.
  if (zone.breakage?.kind === 'not-yet-valid') args.push('-P', '-s', '+2592000', '-e', '+5184000');
  return [...args, input, ...keys.map((k) => `${k}.key`)];
}

const tokensOf = (line: string) => line.trim().split(/\s+/);

/** Rewrites the signed zone text as the breakage says (lines are "owner ttl IN TYPE rdata", -O full). */
function breakSignedZone(text: string, zone: string, breakage: DnssecBreakage): { text: string; changed: number } {
  let changed = 0;
  const lines = text.split('\n').flatMap((line): string[] => {
    if (line.startsWith(';') || line.trim() === '') return [line];
    const t = tokensOf(line);
    const [owner, , , type, covered] = t;
    switch (breakage.kind) {
      case 'strip-rrsig':
        if (type !== 'RRSIG' || covered !== breakage.type || owner !== fqdn(breakage.owner)) return [line];
        changed++;
        return [];
      case 'corrupt-rrsig':
        if (type !== 'RRSIG' || covered !== breakage.type) return [line];
        t[12] = (t[12]![0] === 'A' ? 'B' : 'A') + t[12]!.slice(1);
        changed++;
        return [t.join(' ')];
      case 'strip-nsec':
        if (type !== 'NSEC' && !(type === 'RRSIG' && covered === 'NSEC')) return [line];
        changed++;
        return [];
      case 'unknown-algorithm':
        if (type === 'DNSKEY') t[6] = String(UNKNOWN_ALGORITHM);
        else if (type === 'RRSIG') t[5] = String(UNKNOWN_ALGORITHM);
        else return [line];
        changed++;
        return [t.join(' ')];
      default:
        return [line];
    }
  });
  if (changed === 0 && breakage.kind !== 'none' && breakage.kind !== 'not-yet-valid' && breakage.kind !== 'unknown-digest') {
    throw new Error(`${zone}: ${breakage.kind} changed nothing`);
  }
  return { text: lines.join('\n'), changed };
}

/** Wire form of a presentation name (lab names are plain LDH), lower-cased. */
function wireName(name: string): Buffer {
  const labels = fqdn(name).toLowerCase().split('.').filter(Boolean);
  return Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), Buffer.from(l, 'ascii')]), Buffer.from([0])]);
}

/** RFC 4034 §5.1.4 / Appendix B, for a DNSKEY dnssec-dsfromkey cannot handle (an unknown algorithm). */
function dsOfDnskeyLine(line: string): string {
  const t = tokensOf(line);
  const owner = t[0]!;
  const rdata = Buffer.concat([Buffer.from([Number(t[4]) >> 8, Number(t[4]) & 0xff, Number(t[5]), Number(t[6])]), Buffer.from(t.slice(7).join(''), 'base64')]);
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  const tag = (ac + ((ac >> 16) & 0xffff)) & 0xffff;
  const digest = createHash('sha256').update(wireName(owner)).update(rdata).digest('hex').toUpperCase();
  return `${owner} ${TTL} IN DS ${tag} ${t[6]} 2 ${digest}`;
}

const DIGEST_FLAG: Record<'SHA-1' | 'SHA-256' | 'SHA-384', string[]> = { 'SHA-1': ['-1'], 'SHA-256': ['-2'], 'SHA-384': ['-a', 'SHA-384'] };

interface ZoneBuild {
  served: BuiltZone[];
  /** Lines for the parent zone: NS, and DS when signed. */
  delegation: string[];
}

async function buildOne(dir: string, zone: DnssecZoneSpec, serial: number, childLines: string[], tlsaData: Parameters<ExtraZones>[0]['tlsaData']): Promise<ZoneBuild> {
  const zoneDir = join(dir, zone.name);
  await mkdir(zoneDir, { recursive: true });
  const ns = `${fqdn(zone.name)} ${TTL} IN NS ${NAMESERVER}.`;
  const lines = [...header(zone.name, serial), ...(await Promise.all(zone.records.map((r) => renderRecord(r, tlsaData)))), ...(zone.extraLines ?? []), ...childLines];
  const input = join(zoneDir, `${zone.name}.zone`);
  if (!zone.signed) {
    await writeFile(input, lines.join('\n') + '\n');
    return { served: [{ name: zone.name, file: input, dnssec: 'dnssec-case' }], delegation: [ns] };
  }
  const denial = zone.denial ?? { kind: 'nsec' };
  if (denial.kind === 'nsec3-by-knot') {
    // Knot signs on load with a key made here in its KASP database (knot.ts writes the policy).
    const kaspDir = join(dir, 'kasp');
    await mkdir(kaspDir, { recursive: true });
    await tool('keymgr', ['-D', kaspDir, fqdn(zone.name), 'generate', 'algorithm=13', 'ksk=yes', 'zsk=yes']);
    const ds = (await tool('keymgr', ['-D', kaspDir, fqdn(zone.name), 'ds']))
      .split('\n')
      .map(tokensOf)
      .filter((t) => t[1] === 'DS' && t[4] === '2')
      .map((t) => `${t[0]} ${TTL} IN DS ${t.slice(2).join(' ')}`);
    await writeFile(input, lines.join('\n') + '\n');
    const knotPolicy = { id: `iterations-${denial.iterations}`, kaspDir, nsec3Iterations: denial.iterations };
    return { served: [{ name: zone.name, file: input, dnssec: 'dnssec-case', knotPolicy }], delegation: [ns, ...ds] };
  }
  const keysDir = join(zoneDir, 'keys');
  await mkdir(keysDir, { recursive: true });
  const keys = (zone.keys ?? 'csk') === 'csk' ? [await keygen(keysDir, zone, 'KSK')] : await Promise.all([keygen(keysDir, zone, 'KSK'), keygen(keysDir, zone, 'ZSK')]);
  for (const key of keys) lines.push(await readFile(`${key}.key`, 'utf8'));
  await writeFile(input, lines.join('\n') + '\n');
  const output = `${input}.signed`;
  await tool('dnssec-signzone', signArgs(zone, input, output, zoneDir, keys));
  const breakage = zone.breakage ?? { kind: 'none' };
  const broken = breakSignedZone(await readFile(output, 'utf8'), zone.name, breakage);
  await writeFile(output, broken.text);

  let ds: string[];
  if (breakage.kind === 'unknown-algorithm') {
    ds = broken.text.split('\n').filter((l) => tokensOf(l)[3] === 'DNSKEY' && tokensOf(l)[4] === '257').map(dsOfDnskeyLine);
  } else {
    const digests = zone.ds ?? ['SHA-256'];
    const ksk = keys[0]!;
    ds = (await Promise.all(digests.map((d) => tool('dnssec-dsfromkey', [...DIGEST_FLAG[d], `${ksk}.key`])))).flatMap((out) => out.split('\n').filter((l) => /\sDS\s/.test(l)));
    if (breakage.kind === 'unknown-digest') {
      ds = ds.map((l) => {
        const t = tokensOf(l);
        const at = t.indexOf('DS');
        t[at + 3] = String(UNKNOWN_DIGEST);
        return t.join(' ');
      });
    }
  }
  return { served: [{ name: zone.name, file: output, dnssec: 'dnssec-case' }], delegation: [ns, ...ds] };
}

/** Deepest zones first, each parent after all its children. */
async function buildAll(dir: string, zones: readonly DnssecZoneSpec[], serial: number, tlsaData: Parameters<ExtraZones>[0]['tlsaData']) {
  const results = new Map<string, Promise<ZoneBuild>>();
  const build = (zone: DnssecZoneSpec): Promise<ZoneBuild> => {
    const known = results.get(zone.name);
    if (known) return known;
    const pending = (async () => {
      const children = zones.filter((z) => parentOf(z) === zone.name);
      const built = await Promise.all(children.map(build));
      const own = await buildOne(dir, zone, serial, built.flatMap((b) => b.delegation), tlsaData);
      return { served: [...built.flatMap((b) => b.served), ...own.served], delegation: own.delegation };
    })();
    results.set(zone.name, pending);
    return pending;
  };
  const top = zones.filter((z) => parentOf(z) === 'test');
  const built = await Promise.all(top.map(build));
  return { served: built.flatMap((b) => b.served), delegations: built.flatMap((b) => b.delegation) };
}

/** The ExtraZones hook of zones.ts for every zone of DNSSEC_SCENARIOS. */
export const dnssecCaseZones: ExtraZones = async ({ dir, serial, tlsaData }) => {
  await mkdir(dir, { recursive: true });
  const zones = DNSSEC_SCENARIOS.flatMap((s) => s.zones);
  for (const z of zones) {
    if (parentOf(z) !== 'test' && !zones.some((p) => p.name === parentOf(z))) throw new Error(`${z.name}: parent ${parentOf(z)} is no lab zone`);
  }
  return buildAll(dir, zones, serial, tlsaData);
};
