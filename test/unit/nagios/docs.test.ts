// docs/nagios.md lists every diagnostic code an operator can pass to
// --severity; this keeps that table in step with the catalogue.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DIAGNOSTICS } from '../../../src/verdict/diagnostics.ts';
import { DANE_STATE_FALLBACK } from '../../../src/verdict/exit-status.ts';

const doc = readFileSync(new URL('../../../docs/nagios.md', import.meta.url), 'utf8');

describe('docs/nagios.md', () => {
  it('lists every diagnostic code with its default severity and RFC section', () => {
    const rows = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (info|warning|critical|unknown) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    const catalogue = Object.entries(DIAGNOSTICS).map(([code, spec]) => [code, spec.severity, spec.refs.join(', ')]);
    expect(rows).to.deep.equal(catalogue);
  });

  it('gives the exit code of every dane_state as exit-status.ts does', () => {
    const codes = { OK: '0 OK', WARNING: '1 WARNING', CRITICAL: '2 CRITICAL', UNKNOWN: '3 UNKNOWN' };
    for (const [state, service] of Object.entries(DANE_STATE_FALLBACK)) {
      expect(doc, state).to.match(new RegExp(`^\\| \`${state}\` \\| ${codes[service]} \\|`, 'm'));
    }
  });
});
