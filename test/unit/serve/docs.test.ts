// docs/serve.md lists every metric family, every error code and every setting;
// this keeps those tables in step with the code.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { METRIC_FAMILIES } from '../../../src/render/metrics-families.ts';
import { API_ERROR_STATUS } from '../../../src/serve/api-error.ts';
import { DEFAULTS } from '../../../src/serve/settings.ts';

const doc = readFileSync(new URL('../../../docs/serve.md', import.meta.url), 'utf8');

describe('docs/serve.md', () => {
  it('documents every metric family with its labels', () => {
    for (const [name, spec] of Object.entries(METRIC_FAMILIES)) {
      if (name.startsWith('probe_')) {
        expect(doc, name).to.include(`\`${name}\``);
        continue;
      }
      const row = new RegExp(`^\\| \`${name}\` \\| ([^|]*) \\|`, 'm').exec(doc);
      expect(row, name).to.not.equal(null);
      const labels = [...row![1]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
      expect(labels, name).to.deep.equal([...spec.labels]);
    }
  });

  it('documents every error code with its status', () => {
    for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
      expect(doc, code).to.match(new RegExp(`^\\| ${status} \\| \`${code}\` \\|`, 'm'));
    }
  });

  it('gives the defaults the code uses', () => {
    const flags: Record<keyof typeof DEFAULTS, string> = {
      metricsIntervalSeconds: '--metrics-interval',
      port: '--port',
      checkTimeoutSeconds: '--check-timeout',
      cacheTtlSeconds: '--cache-ttl',
      maxChecks: '--max-checks',
      maxQueue: '--max-queue',
      timeoutOffsetSeconds: '--timeout-offset',
    };
    for (const [key, flag] of Object.entries(flags)) {
      const value = DEFAULTS[key as keyof typeof DEFAULTS];
      expect(doc, flag).to.match(new RegExp(`^\\| \`${flag}\` \\|[^|]*\\| \`${String(value).replace('.', '\\.')}\` \\|`, 'm'));
    }
  });
});
