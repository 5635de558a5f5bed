// The man page is generated from the executable's --help (scripts/man-page.mjs):
// the committed docs/smtp-dane-verify.1 must equal a fresh generation, document
// every command, option and example that --help shows, and render cleanly.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { onPath, skipOrFail } from '../support/require-tool.ts';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = `${ROOT}docs/smtp-dane-verify.1`;
const GENERATOR = `${ROOT}scripts/man-page.mjs`;
const BIN = `${ROOT}dist/smtp-dane-verify`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env['PATH'], ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The roff spelling of a command-line word, as the generator writes it. */
const roff = (text: string) => text.replace(/-/g, '\\-');

describe('man page docs/smtp-dane-verify.1', function () {
  this.timeout(60_000);
  let committed: string;
  let commands: string[];

  before(async () => {
    committed = await readFile(PAGE, 'utf8');
    const top = await run(BIN, ['--help']);
    commands = [...top.stdout.matchAll(/^ {2}smtp-dane-verify (\S+)/gm)].map((m) => m[1]!);
  });

  it('equals a fresh generation from dist/smtp-dane-verify --help (else: npm run build && npm run man)', async () => {
    const fresh = await run(process.execPath, [GENERATOR, '--stdout']);
    expect(fresh.code, fresh.stderr).to.equal(0);
    expect(committed === fresh.stdout, 'docs/smtp-dane-verify.1 is stale: run `npm run build && npm run man`').to.equal(true);
  });

  it('has a synopsis line, a section and examples for every command --help lists', () => {
    expect(commands).to.include.members(['domain', 'host']);
    const examples = committed.slice(committed.indexOf('.SH EXAMPLES'));
    for (const command of commands) {
      expect(committed, command).to.contain(`\\fB${roff(command)}\\fR`);
      expect(committed, command).to.match(new RegExp(`^\\.SS "${roff(command)}[ "]`, 'm'));
      const own = examples.split(/^\.SS /m).find((part) => part.startsWith(`"${roff(command)}"`));
      expect(own, `examples for ${command}`).to.be.a('string');
      expect(own).to.contain(`.EX\nsmtp\\-dane\\-verify ${roff(command)}`);
    }
  });

  it('documents every option each command --help shows', async () => {
    for (const command of commands) {
      const help = await run(BIN, [command, '--help']);
      const flags = [...help.stdout.matchAll(/^\s+(-\w, )?(--[\w-]+)/gm)].map((m) => m[2]!);
      expect(flags.length, command).to.be.greaterThan(3);
      for (const flag of flags) expect(committed, `${command} ${flag}`).to.contain(`\\fB${roff(flag)}\\fR`);
    }
  });

  it('renders with groff -man without warnings', async function () {
    if (!(await onPath('groff'))) skipOrFail(this, 'groff is not installed (run .ci/install-dist.sh for groff-base)');
    const r = await run('groff', ['-t', '-man', '-Tutf8', '-ww', '-z', PAGE]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
  });

  it('renders with man -l, sections and options readable', async function () {
    if (!(await onPath('man'))) skipOrFail(this, 'man is not installed (run .ci/install-dist.sh for man-db)');
    const r = await run('man', ['--warnings', '-l', PAGE], { MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    const text = r.stdout.replace(/.\x08/g, ''); // drop overstrike bold/underline if any
    for (const heading of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES']) {
      expect(text).to.match(new RegExp(`^${heading}$`, 'm'));
    }
    expect(text).to.contain('smtp-dane-verify domain example.org');
    expect(text).to.match(/^\s+-t, --timeout TIMEOUT$/m);
  });
});
