// knotd configuration: authoritative for the private root, test. and every lab
// zone, serving the pre-signed files as they are (no signing, no journal, no
// zone-file writes), listening on AUTH_SERVER:53 only.
import { join } from 'node:path';
import { AUTH_SERVER } from './scenarios.ts';
import type { BuiltZone } from './zones.ts';

const quote = (s: string): string => JSON.stringify(s);

/** Policies of the zones Knot signs itself (one KASP database for all, as Knot has one). */
function signingSections(zones: BuiltZone[]): { database: string[]; policy: string[] } {
  const signed = zones.filter((z) => z.knotPolicy);
  if (signed.length === 0) return { database: [], policy: [] };
  const policy = ['policy:'];
  for (const z of signed) {
    const p = z.knotPolicy!;
    policy.push(
      `  - id: ${p.id}`,
      '    algorithm: ecdsap256sha256',
      '    manual: on',
      '    single-type-signing: on',
      '    nsec3: on',
      `    nsec3-iterations: ${p.nsec3Iterations}`,
      '    nsec3-salt-length: 0',
    );
  }
  return { database: [`    kasp-db: ${quote(signed[0]!.knotPolicy!.kaspDir)}`], policy: [...policy, ''] };
}

function zoneEntry(z: BuiltZone): string[] {
  const entry = [`  - domain: ${quote(z.name === '' ? '.' : `${z.name}.`)}`, `    file: ${quote(z.file)}`];
  if (z.knotPolicy) entry.push('    dnssec-signing: on', `    dnssec-policy: ${z.knotPolicy.id}`);
  return entry;
}

export function knotConfig(dir: string, zones: BuiltZone[]): string {
  const signing = signingSections(zones);
  return [
    'server:',
    `    rundir: ${quote(dir)}`,
    `    pidfile: ${quote(join(dir, 'knot.pid'))}`,
    `    listen: ${AUTH_SERVER}@53`,
    '    udp-workers: 2',
    '    tcp-workers: 2',
    '    background-workers: 2',
    '',
    'control:',
    `    listen: ${quote(join(dir, 'knot.sock'))}`,
    '',
    'database:',
    `    storage: ${quote(join(dir, 'db'))}`,
    ...signing.database,
    '',
    ...signing.policy,
    'log:',
    '  - target: stderr',
    '    any: info',
    '',
    'template:',
    '  - id: default',
    `    storage: ${quote(dir)}`,
    '    dnssec-signing: off',
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    '    journal-content: none',
    '    semantic-checks: off',
    '',
    'zone:',
    ...zones.flatMap(zoneEntry),
    '',
  ].join('\n');
}
