// Findings become catalogue diagnostics (severity and RFC from diagnostics.ts),
// once per zone and RRset however many answers carry them.
import { expect } from 'chai';
import { DIAGNOSTICS, diagnosticMessage, isDiagnosticCode } from '../../../src/verdict/diagnostics.ts';
import { DNSSEC_FINDING_EFFECT } from '../../../src/dnssec/findings.ts';
import { validationDiagnostics } from '../../../src/verdict/dnssec-diagnostics.ts';
import { answer } from '../../support/fake-deps.ts';

describe('dnssec/validation-diagnostics', () => {
  it('every finding code is in the catalogue, with a DNSSEC message, a severity and an RFC', () => {
    for (const code of Object.keys(DNSSEC_FINDING_EFFECT)) {
      expect(isDiagnosticCode(code), code).to.equal(true);
      const spec = DIAGNOSTICS[code as keyof typeof DIAGNOSTICS];
      expect(spec.refs[0], code).to.match(/^RFC \d+/);
    }
  });

  it('reports a finding shared by several answers once, naming zone and RRset', () => {
    const finding = { code: 'DNSSEC_SIGNATURE_EXPIRED' as const, zone: 'expired.test', rrset: 'expired.test/DNSKEY', detail: 'RRSIG ECDSAP256SHA256 key 1 expired 2020-02-01T00:00:00Z' };
    const evidence = (name: string) => ({ ...answer(name, 'A', { rcode: 'SERVFAIL' }), validation: { security: 'bogus' as const, upstreamRcode: 'NOERROR', zones: [], findings: [finding] } });
    const out = validationDiagnostics([evidence('a.expired.test'), evidence('b.expired.test'), null], { host: 'mx.expired.test' });
    expect(out).to.have.length(1);
    expect(out[0]).to.deep.equal({
      code: 'DNSSEC_SIGNATURE_EXPIRED',
      args: { zone: 'expired.test', name: 'expired.test/DNSKEY', detail: 'RRSIG ECDSAP256SHA256 key 1 expired 2020-02-01T00:00:00Z' },
      host: 'mx.expired.test',
    });
    expect(DIAGNOSTICS.DNSSEC_SIGNATURE_EXPIRED).to.deep.include({ severity: 'critical', refs: ['RFC 4035 §5.3.1'] });
    expect(diagnosticMessage(out[0]!)).to.equal('DNSSEC: signature over expired.test/DNSKEY in zone expired.test has expired: RRSIG ECDSAP256SHA256 key 1 expired 2020-02-01T00:00:00Z');
  });
});
