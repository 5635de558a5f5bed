// The UNKNOWN line every usage error and internal error becomes.
import { expect } from 'chai';
import { MAX_UNKNOWN_MESSAGE, unknownLine } from '../../../src/cli/output.ts';

describe('cli/output: unknownLine', () => {
  it('is one line with the service name, whatever the message holds', () => {
    expect(unknownLine('bad\r\nthing\n')).to.equal('SMTP DANE UNKNOWN - bad thing');
  });

  it('turns | (the perfdata separator) into /', () => {
    expect(unknownLine('a|b')).to.equal('SMTP DANE UNKNOWN - a/b');
  });

  it('echoes no control character of the input: escapes, bells, tabs, NUL, C1', () => {
    const line = unknownLine('x\u001b[31mred\u0007\t\u0000\u009b\u007f');
    expect(line).to.equal('SMTP DANE UNKNOWN - x?[31mred?????');
    expect(line).to.not.match(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('keeps printable non-ASCII text (IDNs in messages)', () => {
    expect(unknownLine('"bücher.example" ok')).to.equal('SMTP DANE UNKNOWN - "bücher.example" ok');
  });

  it(`bounds the message to ${MAX_UNKNOWN_MESSAGE} characters, keeping its start and its end`, () => {
    const line = unknownLine(`start ${'x'.repeat(50_000)} (see --help)`);
    const message = line.slice('SMTP DANE UNKNOWN - '.length);
    expect(message).to.have.length(MAX_UNKNOWN_MESSAGE);
    expect(message).to.match(/^start x+\.\.\.x+ \(see --help\)$/);
    expect(unknownLine('y'.repeat(MAX_UNKNOWN_MESSAGE))).to.equal(`SMTP DANE UNKNOWN - ${'y'.repeat(MAX_UNKNOWN_MESSAGE)}`);
  });
});
