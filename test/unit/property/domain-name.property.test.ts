// Name validation (src/verdict/domain-name.ts) as properties: any string at all
// either normalises to an LDH name of at most 253 octets, which normalises to
// itself, or is refused with one short line that names the problem.
import { expect } from 'chai';
import fc from 'fast-check';
import { normalizeMailName, type NameProblem } from '../../../src/dns/mail-name.ts';

const PROBLEMS: readonly NameProblem[] = [
  'empty',
  'ip-literal',
  'too-long',
  'empty-label',
  'label-too-long',
  'bad-character',
  'bad-hyphen',
  'invalid-idn',
  'single-label',
  'numeric-tld',
];

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function expectWellFormed(input: string): void {
  const result = normalizeMailName(input);
  if (result.ok) {
    const { name } = result;
    expect(name.length, name).to.be.at.most(253);
    const labels = name.split('.');
    expect(labels.length, name).to.be.at.least(2);
    for (const label of labels) {
      expect(label, name).to.match(LDH_LABEL);
      expect(label.length, name).to.be.at.most(63);
    }
    expect(labels.at(-1), name).to.not.match(/^[0-9]+$/);
    // Stable: the normal form is its own normal form, with or without the root dot.
    expect(normalizeMailName(name)).to.deep.equal({ ok: true, name });
    expect(normalizeMailName(`${name}.`)).to.deep.equal({ ok: true, name });
    expect(normalizeMailName(name.toUpperCase())).to.deep.equal({ ok: true, name });
  } else {
    expect(PROBLEMS).to.include(result.problem);
    expect(result.message, JSON.stringify(input)).to.not.match(/[\u0000-\u001f\u007f-\u009f]/);
    expect(result.message.length, JSON.stringify(input)).to.be.at.most(200);
    expect(result.message).to.not.equal('');
  }
}

/** Strings made of what names, attacks and typos are made of. */
const nameish = fc
  .array(
    fc.oneof(
      fc.constantFrom('.', '-', '_', 'xn--', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '[', ']', ':', '@', '/', '*', ';', '$(', '`', '|', '%', '\u200d', '\u0301'),
      fc.string({ unit: fc.constantFrom(...'abcXYZ0189-'.split('')), minLength: 1, maxLength: 70 }),
      fc.constantFrom('bücher', 'ÉCOLE', 'пример', '例え', 'ß', 'ﬁ', '①', '127.0.0.1', '::1', '2001:db8::1', 'example', 'org', 'test'),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('property: normalizeMailName', () => {
  it('any string: a stable LDH name of at most 253 octets, or one clean line naming the problem', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), expectWellFormed), { numRuns: 2000 });
  });

  it('name-like strings (labels, dots, IDNs, IP literals, shell and control characters) likewise', () => {
    fc.assert(fc.property(nameish, expectWellFormed), { numRuns: 3000 });
  });

  it('every valid LDH name is accepted, lower-cased, without its root dot', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/);
    const tld = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,20}[a-zA-Z0-9]$/);
    const name = fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 6 }), tld, fc.boolean())
      .map(([labels, top, dot]) => `${[...labels, top].join('.')}${dot ? '.' : ''}`)
      .filter((n) => n.replace(/\.$/, '').length <= 253)
      // A label of the IDN form must be a real A-label: valid LDH names only here.
      .filter((n) => !/(^|\.)..--/.test(n));
    fc.assert(
      fc.property(name, (input) => {
        expect(normalizeMailName(input)).to.deep.equal({ ok: true, name: input.toLowerCase().replace(/\.$/, '') });
      }),
      { numRuns: 1000 },
    );
  });

  it('a name with a character outside letters, digits, hyphens and dots is never accepted as given', () => {
    const bad = fc.constantFrom(...' _@:/;|*$`\'"<>\\!#%&()+,=?[]{}~\t\r\n\u0000\u007f'.split(''));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,10}$/), bad, fc.stringMatching(/^[a-z0-9]{1,10}$/), (a, c, b) => {
        const result = normalizeMailName(`${a}${c}${b}.example`);
        expect(result.ok, JSON.stringify(`${a}${c}${b}.example`)).to.equal(false);
      }),
    );
  });
});
