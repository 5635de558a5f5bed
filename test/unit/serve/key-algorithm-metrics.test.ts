// /metrics has one state set per key algorithm of each address (issue 16): judged
// from the recorded lab scenario whose server holds RSA and ECDSA certificates and
// publishes TLSA for the RSA key only.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import { readEvidence } from '../../../src/app/evidence-file.ts';
import { replayCheck } from '../../../src/app/saved-run.ts';
import { pluginSettings } from '../../../src/cli/plugin-options.ts';

describe('metrics: one certificate per key algorithm', () => {
  it('smtp_dane_verify_address_key_algorithm_state: RSA covered, ECDSA not covered, Ed25519 not held', async () => {
    const saved = readEvidence(readFileSync(new URL('../../fixtures/evidence/rsaonlyalgo.test.json', import.meta.url), 'utf8'));
    const { outcome } = await replayCheck(saved, { judgement: pluginSettings({}), version: 'test' });
    const samples = metricSamples({
      version: 'test',
      probe: null,
      targets: [{ kind: 'domain', name: 'rsaonlyalgo.test', outcome, lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: true }],
    });
    const current = samples
      .filter((s) => s.family === 'smtp_dane_verify_address_key_algorithm_state' && s.value === 1)
      .map((s) => `${s.labels['address']} ${s.labels['key_algorithm']} ${s.labels['state']}`);
    expect(current).to.deep.equal(['127.0.25.50 ecdsa not-covered', '127.0.25.50 rsa covered', '127.0.25.50 ed25519 not-held']);
    // A state set: every state present once per algorithm, exactly one of them 1.
    expect(samples.filter((s) => s.family === 'smtp_dane_verify_address_key_algorithm_state')).to.have.length(3 * 4);
  });
});
