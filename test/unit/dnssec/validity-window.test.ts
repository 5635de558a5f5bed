// RRSIG validity against the injected clock with RFC 1982 serial arithmetic
// (RFC 4034 §3.1.5), including across the 2106 wrap of 32-bit seconds.
import { expect } from 'chai';
import { checkValidityWindow, signatureTimeAsDate } from '../../../src/dnssec/core/validity-window.ts';

const s = (iso: string) => Math.floor(Date.parse(iso) / 1000) >>> 0;

describe('dnssec/validity-window', () => {
  const inception = s('2030-01-01T00:00:00Z');
  const expiration = s('2030-02-01T00:00:00Z');
  it('is within the window from inception to expiration, both inclusive', () => {
    expect(checkValidityWindow(inception, expiration, new Date('2030-01-01T00:00:00Z'))).to.equal('within');
    expect(checkValidityWindow(inception, expiration, new Date('2030-02-01T00:00:00Z'))).to.equal('within');
    expect(checkValidityWindow(inception, expiration, new Date('2030-02-01T00:00:01Z'))).to.equal('expired');
    expect(checkValidityWindow(inception, expiration, new Date('2029-12-31T23:59:59Z'))).to.equal('not-yet-valid');
  });

  it('works across the 2106 wrap of 32-bit time', () => {
    const before = s('2106-02-07T00:00:00Z');
    const after = s('2106-02-08T00:00:00Z'); // wrapped: a small number
    expect(after).to.be.lessThan(before);
    expect(checkValidityWindow(before, after, new Date('2106-02-07T12:00:00Z'))).to.equal('within');
    expect(signatureTimeAsDate(after, new Date('2106-02-07T12:00:00Z')).toISOString()).to.equal('2106-02-08T00:00:00.000Z');
  });
});
