// dist/smtp-dane-verify is the whole program in one file: a monitoring admin copies it, alone,
// into the plugin directory (docs/install.md). Copied into an empty directory, and under a
// `"type": "module"` package.json (Node then reads the extensionless file as an ES module),
// it checks hosts and domains, answers Zabbix discovery in JSON and runs the service.
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Lab } from '../lab/lab.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { DIST } from '../support/run-dist.ts';
import { useLab } from './lab-hooks.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file` with an argument array, from an empty working directory, with PATH only. */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env['PATH'] }, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error && typeof error.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
    });
  });
}

/** Starts `serve` on an ephemeral port, asks it one check, stops it with SIGTERM; returns its exit code. */
async function serveOnce(file: string, lab: Lab, cwd: string): Promise<{ status: number; state: string; code: number | null; output: string }> {
  const child = spawn(file, ['serve', '--port', '0', '--listen', '127.0.0.1', '--resolver', lab.plainResolver], {
    cwd,
    env: { PATH: process.env['PATH'], APIKEY: 'one-file-test-key-0123456789', TRUST_ANCHOR: lab.trustAnchorFile },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 20_000;
    let port = 0;
    while (!port && Date.now() < deadline) {
      const listening = /"event":"listening"[^\n]*"port":(\d+)/.exec(output);
      if (listening) port = Number(listening[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(port, `no "listening" line: ${output}`).to.be.greaterThan(0);
    const response = await fetch(`http://127.0.0.1:${port}/verify/`, {
      method: 'POST',
      headers: { 'x-apikey': 'one-file-test-key-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'good.test' }),
    });
    const json = (await response.json()) as { dane_state: string };
    child.kill('SIGTERM');
    return { status: response.status, state: json.dane_state, code: await exited, output };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('e2e: dist/smtp-dane-verify is one file that runs alone', function () {
  this.timeout(120_000);
  let scratch: string;
  let lab: Lab;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sdv-one-file-'));
    lab = await useLab();
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('npm run build writes the executable and nothing beside it', async () => {
    const beside = (await readdir(dirname(DIST))).filter((f) => !f.startsWith('smtp-dane-verify-linux-')); // the standalone binary
    expect(beside).to.deep.equal(['smtp-dane-verify']);
    const source = await readFile(DIST, 'utf8');
    expect(source.split('\n')[0]).to.equal('#!/usr/bin/env node');
    // Nothing imported or required at run time: it runs as CommonJS and as an ES module.
    const code = source.replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.to.match(/^import\s|^export\s|\bimport\.meta\b|\bmodule\.exports\s*=\s*require\(/m);
    expect(code.match(/\brequire\(["']node:/g) ?? []).to.deep.equal([]);
  });

  const places: [string, (dir: string) => Promise<string>][] = [
    [
      'an empty directory (CommonJS)',
      async (dir) => {
        await copyFile(DIST, join(dir, 'smtp-dane-verify'));
        return join(dir, 'smtp-dane-verify');
      },
    ],
    [
      'a directory under a "type": "module" package.json (ES module)',
      async (dir) => {
        await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
        await mkdir(join(dir, 'plugins'));
        await copyFile(DIST, join(dir, 'plugins', 'smtp-dane-verify'));
        return join(dir, 'plugins', 'smtp-dane-verify');
      },
    ],
  ];

  for (const [where, install] of places) {
    describe(`copied alone into ${where}`, () => {
      let plugin: string;
      let cwd: string;
      before(async () => {
        const dir = await mkdtemp(join(scratch, 'install-'));
        plugin = await install(dir);
        cwd = await mkdtemp(join(scratch, 'cwd-'));
      });

      it('host mx1.good.test: OK, exit 0, nothing on stderr', async () => {
        const r = await run(plugin, ['host', 'mx1.good.test', ...validateArgs(lab), '-t', '30'], cwd);
        expect(r.stdout, r.stderr).to.match(/^SMTP DANE OK - mx1\.good\.test: (\d+)\/\1 addresses DANE-verified/);
        expect(r.code).to.equal(0);
        expect(r.stderr).to.equal('');
      });

      it('domain good.test --format json: verified, exit 0', async () => {
        const r = await run(plugin, ['domain', 'good.test', ...validateArgs(lab), '-t', '30', '--format', 'json'], cwd);
        expect(JSON.parse(r.stdout).dane_state, r.stdout + r.stderr).to.equal('verified');
        expect(r.code).to.equal(0);
      });

      it('discover good.test: Zabbix low-level discovery JSON, exit 0', async () => {
        const r = await run(plugin, ['discover', 'good.test', ...validateArgs(lab), '-t', '30'], cwd);
        expect(r.code, r.stdout + r.stderr).to.equal(0);
        const rows: unknown = JSON.parse(r.stdout);
        expect(rows, r.stdout).to.be.an('array');
        const hosts = (rows as Record<string, string>[]).map((row) => Object.values(row).join(' '));
        expect(hosts.join('\n')).to.include('mx1.good.test').and.to.include('mx2.good.test');
      });

      it('serve: answers POST /verify/, stops cleanly on SIGTERM', async () => {
        const r = await serveOnce(plugin, lab, cwd);
        expect(r.status, r.output).to.equal(200);
        expect(r.state).to.equal('verified');
        expect(r.code, r.output).to.equal(0);
      });

      it('--version and a bad argument: one line, exit 3, as from dist/', async () => {
        for (const args of [['--version'], ['host', '--bogus', 'x']]) {
          const copied = await run(plugin, args, cwd);
          const original = await run(DIST, args, cwd);
          expect(copied).to.deep.equal(original);
          expect(copied.code).to.equal(3);
          expect(copied.stdout.split('\n')).to.have.length(2);
        }
      });
    });
  }

  it('runs through a symbolic link, as monitoring systems install plugins', async () => {
    await symlink(DIST, join(scratch, 'linked'));
    const r = await run(join(scratch, 'linked'), ['host', '--help'], scratch);
    expect(r.stdout, r.stderr).to.include('smtp-dane-verify host');
    expect(r.stderr).to.equal('');
  });
});
