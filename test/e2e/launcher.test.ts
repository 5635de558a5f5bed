// The shape of dist/: a small CommonJS launcher, dist/smtp-dane-verify, that
// answers --version itself and loads the program from dist/lib/ for every
// command; the program split so that a check does not load the service. And
// what an install that gets the shape wrong sees: one UNKNOWN line, never a
// stack trace.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cp, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST } from '../support/run-dist.ts';

const LIB = join(dirname(DIST), 'lib');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env['PATH'] }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error && typeof error.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
    });
  });
}

/** Relative modules a bundled file imports statically (`import … from "./x.mjs"`), not import(). */
function staticImports(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.\/[^"]+)";?$/gms)].map((m) => m[1]!);
}

/** The files a module loads before its first line runs: itself and its static imports, transitively. */
async function staticClosure(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const spec of staticImports(await readFile(file, 'utf8'))) await staticClosure(join(dirname(file), spec), seen);
  return seen;
}

describe('e2e: dist/ is a launcher and the program it loads', function () {
  this.timeout(60_000);
  let scratch: string;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sdv-launcher-'));
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('the launcher is small, CommonJS, and loads nothing of dist/lib/ before its first line runs', async () => {
    const source = await readFile(DIST, 'utf8');
    expect(source.length, 'bytes').to.be.below(16 * 1024);
    expect(source.split('\n').slice(0, 2)).to.deep.equal(['#!/usr/bin/env node', '"use strict";']);
    expect(JSON.parse(await readFile(join(dirname(DIST), 'package.json'), 'utf8')).type).to.equal('commonjs');
    // Nothing imported or required at run time: it runs as CommonJS or as an ES module.
    expect(staticImports(source)).to.deep.equal([]);
    const code = source.replace(/^\s*\/\/.*$/gm, ''); // esbuild's helpers carry comments that name module.exports
    expect(code).not.to.match(/\brequire\(|^import\s|^export\s|\bmodule\.exports\b|\bexports\./m);
    expect(source).to.include('import("./lib/program.mjs")');
  });

  it('runs as an ES module too, where an install dropped dist/package.json under a "type": "module" one', async () => {
    const tree = join(scratch, 'esm-tree');
    await mkdir(join(tree, 'bin'), { recursive: true });
    await writeFile(join(tree, 'package.json'), '{ "type": "module" }\n');
    await copyFile(DIST, join(tree, 'bin', 'smtp-dane-verify'));
    await cp(LIB, join(tree, 'bin', 'lib'), { recursive: true });
    const version = await run(join(tree, 'bin', 'smtp-dane-verify'), ['--version']);
    expect(version.code, version.stderr).to.equal(3);
    expect(version.stdout).to.match(/^smtp-dane-verify \d/);
    const help = await run(join(tree, 'bin', 'smtp-dane-verify'), ['domain', '--help']);
    expect(help.stdout, help.stderr).to.include('smtp-dane-verify domain');
    expect(help.stderr).to.equal('');
  });

  it('a check loads neither the service nor prom-client before it runs', async () => {
    const files = await staticClosure(join(LIB, 'program.mjs'));
    expect(files.size, 'program.mjs and the chunks it shares').to.be.greaterThan(1);
    const text = (await Promise.all([...files].map((f) => readFile(f, 'utf8')))).join('\n');
    expect(text).to.include('// src/cli/cli-app.ts');
    expect(text).not.to.include('// src/serve/');
    expect(text).not.to.include('node_modules/prom-client/');
  });

  it('--version works from the launcher alone', async () => {
    await copyFile(DIST, join(scratch, 'alone'));
    const r = await run(join(scratch, 'alone'), ['--version']);
    expect(r.code).to.equal(3);
    expect(r.stdout).to.match(/^smtp-dane-verify \d+\.\d+\.\d+\n$/);
  });

  it('a launcher copied without lib/ says so in one UNKNOWN line (exit 3), no stack trace', async () => {
    await copyFile(DIST, join(scratch, 'alone'));
    const r = await run(join(scratch, 'alone'), ['domain', 'good.test']);
    expect(r.code).to.equal(3);
    expect(r.stderr).to.equal('');
    expect(r.stdout.split('\n')).to.have.length(2);
    expect(r.stdout).to.match(/^SMTP DANE UNKNOWN - cannot load the program beside .*alone: .*\(install the whole dist\/ directory, or link to dist\/smtp-dane-verify\)\n$/);
  });

  it('runs through a symbolic link, as monitoring systems install plugins', async () => {
    await symlink(DIST, join(scratch, 'linked'));
    const r = await run(join(scratch, 'linked'), ['host', '--help']);
    expect(r.stdout, r.stderr).to.include('smtp-dane-verify host');
    expect(r.stderr).to.equal('');
  });

  it('runs from a copy of the whole dist/ directory', async () => {
    await cp(dirname(DIST), join(scratch, 'copy'), { recursive: true, filter: (src) => !src.endsWith('-linux-x64') });
    const r = await run(join(scratch, 'copy', 'smtp-dane-verify'), ['discover', '--help']);
    expect(r.stdout, r.stderr).to.include('smtp-dane-verify discover');
  });
});
