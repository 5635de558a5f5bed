import { expect } from 'chai';
import { normalizeMailName, type NameProblem } from '../../../src/dns/mail-name.ts';

describe('normalizeMailName (RFC 5321 §2.3.5, RFC 5890)', () => {
  const good: [string, string][] = [
    ['example.org', 'example.org'],
    ['Example.ORG.', 'example.org'],
    ['mx-1.example.org', 'mx-1.example.org'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['ÉCOLE.example', 'xn--cole-9oa.example'],
    ['a.b.c.d.e.f.example', 'a.b.c.d.e.f.example'],
    ['1.2.3.example', '1.2.3.example'],
    [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
  ];
  for (const [input, expected] of good) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      expect(normalizeMailName(input)).to.deep.equal({ ok: true, name: expected });
    });
  }

  const bad: [string, NameProblem][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['192.0.2.1', 'ip-literal'],
    ['192.0.2.1.', 'ip-literal'],
    ['2001:db8::1', 'ip-literal'],
    ['[2001:db8::1]', 'ip-literal'],
    ['::1', 'ip-literal'],
    ['1.2.3', 'numeric-tld'],
    ['example', 'single-label'],
    ['example..org', 'empty-label'],
    ['.example.org', 'empty-label'],
    ['example.org..', 'empty-label'],
    ['.', 'empty-label'],
    [`${'a'.repeat(64)}.example`, 'label-too-long'],
    [`${'abcdefghi.'.repeat(26)}example`, 'too-long'],
    ['-mx.example.org', 'bad-hyphen'],
    ['mx-.example.org', 'bad-hyphen'],
    ['_25._tcp.example.org', 'bad-character'],
    ['mx_1.example.org', 'bad-character'],
    ['mx 1.example.org', 'bad-character'],
    ['mx\t.example.org', 'bad-character'],
    ['mx\n.example.org', 'bad-character'],
    ['mx\u0000.example.org', 'bad-character'],
    ['example.org;rm -rf /', 'bad-character'],
    ['$(reboot).example.org', 'bad-character'],
    ['`id`.example.org', 'bad-character'],
    ['example.org|true', 'bad-character'],
    ['https://example.org/', 'bad-character'],
    ['user@example.org', 'bad-character'],
    ['example.org:25', 'bad-character'],
    ['*.example.org', 'bad-character'],
    ['ex"ample.org', 'bad-character'],
    ["ex'ample.org", 'bad-character'],
    ['xn--a.example', 'invalid-idn'],
    ['xn--.example', 'bad-hyphen'],
    ['a\u200d.example', 'invalid-idn'],
  ];
  for (const [input, problem] of bad) {
    it(`refuses ${JSON.stringify(input)} as ${problem}`, () => {
      const result = normalizeMailName(input);
      expect(result.ok).to.equal(false);
      if (!result.ok) {
        expect(result.problem).to.equal(problem);
        expect(result.message).to.not.match(/[\n\r]/);
      }
    });
  }
});
