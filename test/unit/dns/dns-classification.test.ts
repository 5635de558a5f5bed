import { expect } from 'chai';
import type { DnsAnswerEvidence } from '../../../src/evidence/dns.ts';
import { EDE_NAMES, classifyAnswer, rcodeName } from '../../../src/dane/dns-classification.ts';

const TLSA = {
  name: '_25._tcp.mx.example.org',
  ttl: 300,
  data: { type: 'TLSA' as const, usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) },
};

function evidence(overrides: Partial<DnsAnswerEvidence>): DnsAnswerEvidence {
  return {
    question: { name: '_25._tcp.mx.example.org', type: 'TLSA' },
    server: '127.0.0.1:53',
    outcome: 'answer',
    error: null,
    rcode: 'NOERROR',
    ad: false,
    transport: 'udp',
    ede: [],
    cnameChain: ['_25._tcp.mx.example.org'],
    records: [],
    checkingDisabledRcode: null,
      unvalidated: null,
    attempts: 1,
    elapsedMs: 3,
    ...overrides,
  };
}

const failure = (outcome: DnsAnswerEvidence['outcome'], attempts: number, error: string) =>
  evidence({ outcome, attempts, error, rcode: null, transport: null });

describe('verdict/dns-classification', () => {
  const table: [string, DnsAnswerEvidence, string, string, string][] = [
    // [case, evidence, security, existence, detail]
    ['NOERROR + AD + records', evidence({ ad: true, records: [TLSA] }), 'secure', 'records', 'NOERROR, AD'],
    ['NOERROR + AD, no records', evidence({ ad: true }), 'secure', 'nodata', 'NOERROR, AD'],
    ['NXDOMAIN + AD', evidence({ rcode: 'NXDOMAIN', ad: true }), 'secure', 'nxdomain', 'NXDOMAIN, AD'],
    ['NOERROR, no AD, records', evidence({ records: [TLSA] }), 'insecure', 'records', 'NOERROR, no AD'],
    ['NOERROR, no AD, no records', evidence({}), 'insecure', 'nodata', 'NOERROR, no AD'],
    ['NXDOMAIN, no AD', evidence({ rcode: 'NXDOMAIN' }), 'insecure', 'nxdomain', 'NXDOMAIN, no AD'],
    [
      'NOERROR + AD with a non-DNSSEC EDE',
      evidence({ ad: true, records: [TLSA], ede: [{ code: 3, text: '' }] }),
      'secure',
      'records',
      'NOERROR, AD, EDE 3 Stale Answer',
    ],
    [
      'SERVFAIL, EDE 7',
      evidence({ rcode: 'SERVFAIL', ede: [{ code: 7, text: '' }] }),
      'bogus',
      'unknown',
      'SERVFAIL, EDE 7 Signature Expired',
    ],
    [
      'SERVFAIL, EDE 22 then a DNSSEC EDE with text',
      evidence({ rcode: 'SERVFAIL', ede: [{ code: 22, text: '' }, { code: 10, text: 'no RRSIG for example.org/TLSA' }] }),
      'bogus',
      'unknown',
      'SERVFAIL, EDE 22 No Reachable Authority, EDE 10 RRSIGs Missing (no RRSIG for example.org/TLSA)',
    ],
    [
      'NOERROR without AD but a DNSSEC EDE',
      evidence({ records: [TLSA], ede: [{ code: 6, text: '' }] }),
      'bogus',
      'unknown',
      'NOERROR, EDE 6 DNSSEC Bogus',
    ],
    [
      'SERVFAIL, CD retry NOERROR',
      evidence({ rcode: 'SERVFAIL', checkingDisabledRcode: 'NOERROR' }),
      'bogus',
      'unknown',
      'SERVFAIL, NOERROR with CD',
    ],
    [
      'SERVFAIL, CD retry NXDOMAIN',
      evidence({ rcode: 'SERVFAIL', checkingDisabledRcode: 'NXDOMAIN' }),
      'bogus',
      'unknown',
      'SERVFAIL, NXDOMAIN with CD',
    ],
    [
      'SERVFAIL, CD retry SERVFAIL',
      evidence({ rcode: 'SERVFAIL', checkingDisabledRcode: 'SERVFAIL' }),
      'indeterminate',
      'unknown',
      'SERVFAIL, SERVFAIL with CD',
    ],
    [
      'SERVFAIL, CD retry unanswered, non-DNSSEC EDE',
      evidence({ rcode: 'SERVFAIL', ede: [{ code: 22, text: '' }] }),
      'indeterminate',
      'unknown',
      'SERVFAIL, EDE 22 No Reachable Authority',
    ],
    ['REFUSED', evidence({ rcode: 'REFUSED' }), 'indeterminate', 'unknown', 'REFUSED'],
    ['FORMERR even with AD', evidence({ rcode: 'FORMERR', ad: true }), 'indeterminate', 'unknown', 'FORMERR'],
    ['unknown EDE code', evidence({ rcode: 'SERVFAIL', ede: [{ code: 4000, text: 'x' }] }), 'indeterminate', 'unknown', 'SERVFAIL, EDE 4000 (x)'],
    [
      'timeout',
      failure('timeout', 3, 'no answer from 127.0.0.1:53 within 2000 ms (3 attempts over UDP)'),
      'indeterminate',
      'unknown',
      'timeout after 3 attempts: no answer from 127.0.0.1:53 within 2000 ms (3 attempts over UDP)',
    ],
    [
      'network error',
      failure('network-error', 1, '127.0.0.1:53: ECONNREFUSED'),
      'indeterminate',
      'unknown',
      'network-error after 1 attempt: 127.0.0.1:53: ECONNREFUSED',
    ],
    ['malformed', failure('malformed', 1, 'bad'), 'indeterminate', 'unknown', 'malformed after 1 attempt: bad'],
    ['cancelled', failure('cancelled', 0, ''), 'indeterminate', 'unknown', 'cancelled after 0 attempts'],
  ];
  for (const [name, input, security, existence, detail] of table) {
    it(`${name} → ${security}/${existence}`, () => {
      expect(classifyAnswer(input)).to.deep.equal({ security, existence, detail });
    });
  }

  describe('--dnssec validate: the server\'s rcode and AD bit as sent, this program\'s validation apart', () => {
    const validated = (rcode: string, security: 'secure' | 'insecure' | 'bogus' | 'indeterminate', records: (typeof TLSA)[] = []) =>
      evidence({ rcode, records, validation: { security, upstreamRcode: rcode, zones: [], findings: [] } });
    const cases: [string, DnsAnswerEvidence, string, string][] = [
      ['NOERROR, secure, with records', validated('NOERROR', 'secure', [TLSA]), 'secure', 'records'],
      ['NXDOMAIN, secure', validated('NXDOMAIN', 'secure'), 'secure', 'nxdomain'],
      ['NOERROR, insecure, no records', validated('NOERROR', 'insecure'), 'insecure', 'nodata'],
      ['NOERROR, bogus (the records kept as unvalidated)', validated('NOERROR', 'bogus'), 'bogus', 'unknown'],
      ['NOERROR, indeterminate', validated('NOERROR', 'indeterminate'), 'indeterminate', 'unknown'],
      // Bogus needs data that arrived: a SERVFAIL from the server proves nothing (RFC 7672 §2.1.1).
      ['SERVFAIL, the validator saying bogus for an earlier link', validated('SERVFAIL', 'bogus'), 'indeterminate', 'unknown'],
      ['REFUSED', validated('REFUSED', 'indeterminate'), 'indeterminate', 'unknown'],
    ];
    for (const [name, input, security, existence] of cases) {
      it(`${name} → ${security}/${existence}, the server's AD bit not read`, () => {
        expect(classifyAnswer(input)).to.deep.include({ security, existence });
        expect(classifyAnswer({ ...input, ad: !input.ad })).to.deep.include({ security, existence });
        expect(classifyAnswer(input).detail).to.match(new RegExp(`^${input.rcode}, ${security}, validated here`));
      });
    }
  });

  for (const code of [6, 7, 8, 9, 10, 11, 12]) {
    it(`EDE ${code} (${EDE_NAMES[code]}) means bogus`, () => {
      expect(classifyAnswer(evidence({ rcode: 'SERVFAIL', ede: [{ code, text: '' }] })).security).to.equal('bogus');
    });
  }
  for (const code of [0, 1, 2, 3, 4, 5, 13, 22, 23, 24]) {
    it(`EDE ${code} (${EDE_NAMES[code]}) alone does not`, () => {
      expect(classifyAnswer(evidence({ rcode: 'SERVFAIL', ede: [{ code, text: '' }] })).security).to.equal(
        'indeterminate',
      );
    });
  }

  it('names EDE codes as RFC 8914 does', () => {
    expect(EDE_NAMES[6]).to.equal('DNSSEC Bogus');
    expect(EDE_NAMES[9]).to.equal('DNSKEY Missing');
    expect(EDE_NAMES[12]).to.equal('NSEC Missing');
    expect(EDE_NAMES[24]).to.equal('Invalid Data');
  });

  it('names rcodes', () => {
    expect([0, 2, 3, 5, 16, 42].map(rcodeName)).to.deep.equal(['NOERROR', 'SERVFAIL', 'NXDOMAIN', 'REFUSED', 'BADVERS', 'RCODE42']);
  });
});
