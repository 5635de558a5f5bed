// knotd configuration: authoritative for the private root, test. and every lab
// zone, serving the pre-signed files as they are (no signing, no journal, no
// zone-file writes), listening on AUTH_SERVER:53 only.
import { join } from 'node:path';
import { AUTH_SERVER } from './scenarios.ts';
import type { BuiltZone } from './zones.ts';

const quote = (s: string): string => JSON.stringify(s);

export function knotConfig(dir: string, zones: BuiltZone[]): string {
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
    '',
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
    ...zones.flatMap((z) => [`  - domain: ${quote(z.name === '' ? '.' : `${z.name}.`)}`, `    file: ${quote(z.file)}`]),
    '',
  ].join('\n');
}
