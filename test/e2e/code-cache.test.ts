// dist/smtp-dane-verify is a small loader and the program as a string: the loader answers SIGTERM
// first, then compiles the program with V8's code cache (src/cli/compile-cache.ts), kept in a
// directory of this user's that nobody else may write. These tests run real checks against the
// lab and look at what the loader leaves on disk and what it answers.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../lab/lab.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { DIST, runFile, type DistRun } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

const VARIABLE = 'SMTP_DANE_VERIFY_CODE_CACHE';

describe('e2e: the loader of dist/smtp-dane-verify (V8 code cache, SIGTERM before the program compiles)', function () {
  this.timeout(120_000);
  let lab: Lab;
  let scratch: string;

  before(async () => {
    lab = await useLab();
    scratch = await mkdtemp(join(tmpdir(), 'sdv-code-cache-'));
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const check = (cache: string, command = 'host', name = 'mx1.good.test'): Promise<DistRun> =>
    runFile(DIST, [command, name, ...validateArgs(lab), '-t', '30'], { env: { PATH: process.env['PATH'], [VARIABLE]: cache } });
  const files = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [] as string[])).sort();
  const expectOk = (r: DistRun): void => {
    expect(r.stdout, r.stderr).to.match(/^SMTP DANE OK - mx1\.good\.test: (\d+)\/\1 addresses DANE-verified/);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal('');
  };

  it('a check writes its cache (directory 0700, file 0600); the next check uses it as it is', async () => {
    const dir = join(scratch, 'fresh');
    expectOk(await check(dir));
    expect((await stat(dir)).mode & 0o777).to.equal(0o700);
    const [file, ...more] = await files(dir);
    expect(more).to.deep.equal([]);
    // Named by the program's hash, Node's version and architecture, and the command.
    expect(file).to.equal(`${file!.slice(0, 16)}-node${process.version}-${process.arch}-host.v8cache`);
    expect(file!.slice(0, 16)).to.match(/^[0-9a-f]{16}$/);
    const first = await stat(join(dir, file!));
    expect(first.mode & 0o777).to.equal(0o600);
    expect(first.size).to.be.greaterThan(10_000);
    // Accepted, so not written again: a rejected or missing cache is replaced by a new file (rename).
    expectOk(await check(dir));
    const second = await stat(join(dir, file!));
    expect([second.ino, second.mtimeMs]).to.deep.equal([first.ino, first.mtimeMs]);
    // Another command has its own.
    const r = await check(dir, 'domain', 'good.test');
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect((await files(dir)).map((f) => f.replace(/^.*-/, ''))).to.deep.equal(['domain.v8cache', 'host.v8cache']);
  });

  it("writing a cache removes other builds' caches once they are a day old, and nothing else", async () => {
    const dir = join(scratch, 'upgrade');
    await mkdir(dir, { mode: 0o700 });
    const old = `0123456789abcdef-node${process.version}-${process.arch}-host.v8cache`;
    const recent = `fedcba9876543210-node${process.version}-${process.arch}-host.v8cache`;
    const oldPartial = `0123456789abcdef-node${process.version}-${process.arch}-domain.v8cache.4242.partial`;
    for (const name of [old, recent, oldPartial, 'notes.txt']) await writeFile(join(dir, name), 'x', { mode: 0o600 });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    for (const name of [old, oldPartial, 'notes.txt']) await utimes(join(dir, name), twoDaysAgo, twoDaysAgo);
    expectOk(await check(dir));
    const left = await files(dir);
    expect(left.filter((f) => f !== recent && f !== 'notes.txt')).to.have.length(1); // this build's new cache
    expect(left).to.include(recent).and.to.include('notes.txt').and.not.to.include(old).and.not.to.include(oldPartial);
  });

  it('a damaged cache is rejected by V8: the check is the same, and the cache is written anew', async () => {
    const dir = join(scratch, 'damaged');
    expectOk(await check(dir));
    const [file] = await files(dir);
    const garbage = Buffer.alloc(4096, 0x5a);
    await writeFile(join(dir, file!), garbage, { mode: 0o600 });
    expectOk(await check(dir));
    expect((await readFile(join(dir, file!))).equals(garbage)).to.equal(false);
  });

  it('a directory others may write, or owned by someone else, is not used at all', async () => {
    const open = join(scratch, 'group-writable');
    await mkdir(open, { mode: 0o700 });
    await chmod(open, 0o777);
    expectOk(await check(open));
    expect(await files(open)).to.deep.equal([]);

    if (process.getuid?.() === 0) {
      const foreign = join(scratch, 'foreign');
      await mkdir(foreign, { mode: 0o700 });
      await chown(foreign, 65534, 65534); // nobody
      expectOk(await check(foreign));
      expect(await files(foreign)).to.deep.equal([]);
    }
  });

  it(`${VARIABLE}=off: no cache anywhere; --help, --version and bad arguments never write one`, async () => {
    const dir = join(scratch, 'quiet');
    const off = await runFile(DIST, ['host', 'mx1.good.test', ...validateArgs(lab), '-t', '30'], {
      env: { PATH: process.env['PATH'], [VARIABLE]: 'off', TMPDIR: dir },
    });
    expectOk(off);
    expect(await files(dir)).to.deep.equal([]);
    for (const args of [['--help'], ['--version'], ['host', '--bogus'], ['host', 'mx1.good.test', '--help']]) {
      const r = await runFile(DIST, args, { env: { PATH: process.env['PATH'], [VARIABLE]: dir } });
      expect(r.code, args.join(' ')).to.equal(3);
      expect(await files(dir), args.join(' ')).to.deep.equal([]);
    }
  });

  it('SIGTERM that arrives while the loader reads the cache, before the program is compiled: UNKNOWN, exit 3', async () => {
    // The loader blocks opening the cache file when that file is a FIFO with no writer. Once this
    // test's own open for writing returns, the loader is inside that open: its SIGTERM handler is
    // installed and the program not yet compiled. The signal is sent then; closing the FIFO lets
    // the loader go on (a FIFO is no cache), and the pending signal must be answered.
    const dir = join(scratch, 'fifo');
    expectOk(await check(dir));
    const [file] = await files(dir);
    await rm(join(dir, file!));
    const mkfifo = await runFile('mkfifo', ['-m', '0600', join(dir, file!)], { env: { PATH: process.env['PATH'] } });
    expect(mkfifo.code, mkfifo.stderr).to.equal(0);

    const child = spawn(DIST, ['host', 'mx1.good.test', ...validateArgs(lab), '-t', '30'], {
      env: { PATH: process.env['PATH'], [VARIABLE]: dir },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const writer = await open(join(dir, file!), 'w'); // returns once the loader has opened it
      child.kill('SIGTERM');
      await writer.close();
      const { code, signal } = await exited;
      expect({ code, signal, stdout }).to.deep.equal({
        code: 3,
        signal: null,
        stdout: 'SMTP DANE UNKNOWN - terminated by SIGTERM before the check finished\n',
      });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
