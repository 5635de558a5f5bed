// Distribution: the standalone binary (a Node single executable application)
// run where there is no Node at all, the npm package as a user installs it, and
// the systemd unit for `serve` as systemd reads it.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { access, chmod, copyFile, cp, link, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLab } from './lab-hooks.ts';
import type { Lab } from '../lab/lab.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { onPath, skipOrFail } from '../support/require-tool.ts';
import { runFile, type DistRun } from '../support/run-dist.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STANDALONE = join(ROOT, 'dist', 'smtp-dane-verify-linux-x64');
const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-standalone.mjs');
const UNIT = join(ROOT, 'templates', 'systemd', 'smtp-dane-verify.service');
const ENV_EXAMPLE = join(ROOT, 'templates', 'systemd', 'smtp-dane-verify.env.example');
const MAN_PAGE = join(ROOT, 'docs', 'smtp-dane-verify.1');

/** runFile with exactly the environment given (as `env -i`), in a neutral directory unless told. */
function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeout?: number }): Promise<DistRun> {
  return runFile(file, args, { env: options.env, cwd: options.cwd ?? tmpdir(), timeoutMs: options.timeout });
}

const exists = (file: string) => access(file).then(() => true, () => false);

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        newest = Math.max(newest, (await stat(join(entry.parentPath ?? entry.path, entry.name))).mtimeMs);
      }
    } else newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

/** Builds the binary unless one newer than everything it is made of is there already. */
async function ensureStandalone(): Promise<'built' | 'reused'> {
  const inputs = [join(ROOT, 'src'), BUILD_SCRIPT, join(ROOT, 'scripts', 'build-config.mjs'), join(ROOT, 'scripts', 'bundle'), join(ROOT, 'package.json'), join(ROOT, 'package-lock.json'), process.execPath];
  const built = await stat(STANDALONE).catch(() => null);
  if (built && built.mtimeMs > (await newestMtime(inputs))) return 'reused';
  const r = await run(process.execPath, [BUILD_SCRIPT, '--quiet'], { env: process.env, cwd: ROOT, timeout: 300_000 });
  if (r.code !== 0) throw new Error(`npm run build:standalone failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  return 'built';
}

// The binary is the running node executable with the program injected (scripts/build-standalone.mjs):
// only on linux-x64 is that the artefact we ship, so elsewhere there is nothing to test, in CI or not.
const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';
const NOT_LINUX_X64 = `skipped: the standalone binary is built for linux-x64 only, this is ${process.platform}-${process.arch}`;
const suite = LINUX_X64 ? describe : describe.skip;

suite(`e2e: standalone binary dist/smtp-dane-verify-linux-x64 with no Node available${LINUX_X64 ? '' : ` (${NOT_LINUX_X64})`}`, function () {
  this.timeout(300_000);
  let noNode: string; // an empty directory: the whole PATH the binary gets
  let env: NodeJS.ProcessEnv;
  let version: string;

  before(async () => {
    await ensureStandalone();
    noNode = await mkdtemp(join(tmpdir(), 'sdv-no-node-'));
    env = { PATH: noNode }; // nothing else: as `env -i PATH=<empty dir>`
    version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
  });
  after(async () => {
    if (noNode) await rm(noNode, { recursive: true, force: true });
  });

  it('is a Linux ELF executable the size of node, not committed', async () => {
    const info = await stat(STANDALONE);
    expect(info.mode & 0o111, 'executable bits').to.not.equal(0);
    const head = Buffer.alloc(4);
    const fh = await open(STANDALONE, 'r');
    await fh.read(head, 0, 4, 0);
    await fh.close();
    expect(head.toString('latin1')).to.equal('\x7fELF');
    expect(info.size / 2 ** 20).to.be.within(40, 200); // MiB; it is node itself plus a ~1.4 MiB blob
    const ignored = await readFile(join(ROOT, '.gitignore'), 'utf8');
    expect(ignored.split('\n')).to.include('dist/smtp-dane-verify-linux-x64');
  });

  it('the environment has no node: its PATH is one empty directory', async () => {
    expect(Object.keys(env)).to.deep.equal(['PATH']);
    expect(await readdir(noNode)).to.deep.equal([]);
  });

  it('--version: the package version, exit 3, nothing on stderr', async () => {
    const r = await run(STANDALONE, ['--version'], { env });
    expect(r.code).to.equal(3);
    expect(r.stdout).to.equal(`smtp-dane-verify ${version}\n`);
    expect(r.stderr).to.equal(''); // no "single executable application is experimental" warning
  });

  it('--help: both commands, exit 3', async () => {
    const r = await run(STANDALONE, ['--help'], { env });
    expect(r.code).to.equal(3);
    expect(r.stdout).to.contain('smtp-dane-verify domain <name>');
    expect(r.stdout).to.contain('smtp-dane-verify host');
    expect(r.stderr).to.equal('');
  });

  it('domain --help: the same text as the npm bundle', async () => {
    const sea = await run(STANDALONE, ['domain', '--help'], { env });
    const bundle = await run(join(ROOT, 'dist', 'smtp-dane-verify'), ['domain', '--help'], { env: { PATH: process.env['PATH'] } });
    expect(sea.code).to.equal(3);
    expect(sea.stdout).to.equal(bundle.stdout);
  });

  it('a bad name: one UNKNOWN line, exit 3', async () => {
    const r = await run(STANDALONE, ['domain', 'bad..name', '--resolver', '127.0.53.2'], { env });
    expect(r.code).to.equal(3);
    expect(r.stdout).to.match(/^SMTP DANE UNKNOWN - [^\n]*\n$/);
    expect(r.stderr).to.equal('');
  });

  describe('against the lab', () => {
    // The default mode (validate, here inside the binary) through the lab's non-validating resolver.
    let lab: Lab;
    let labArgs: string[];
    before(async () => {
      lab = await useLab();
      labArgs = validateArgs(lab);
    });

    it('domain good.test --format json: dane_state verified', async () => {
      const r = await run(STANDALONE, ['domain', 'good.test', ...labArgs, '--format', 'json', '-t', '30'], { env });
      const json = JSON.parse(r.stdout);
      expect(json.dane_state, r.stdout).to.equal('verified');
      expect(json.all_hosts_dane_verified).to.equal(true);
      expect(json.run.version).to.equal(version);
      expect(json.mx_hosts.every((h: any) => h.addresses.every((a: any) => a.dane_state === 'verified'))).to.equal(true);
      expect(r.code).to.equal(0);
    });

    it('domain mismatch.test (Nagios output): CRITICAL, exit 2', async () => {
      const r = await run(STANDALONE, ['domain', 'mismatch.test', ...labArgs, '-t', '30'], { env });
      expect(r.code, r.stdout).to.equal(2);
      expect(r.stdout).to.match(/^SMTP DANE CRITICAL/);
      expect(r.stdout).to.contain('|'); // perfdata
      expect(r.stderr).to.equal('');
    });

    it('serve: the example environment file, POST /verify/ as Uptime Kuma does, clean SIGTERM', async function () {
      // The settings of templates/systemd/smtp-dane-verify.env.example, pointed at the lab.
      const settings = Object.fromEntries(
        [...(await readFile(ENV_EXAMPLE, 'utf8')).matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      const serveEnv = {
        ...env,
        ...settings,
        APIKEY: 'standalone-test-key-0123456789',
        NAMESERVER: lab.plainResolver,
        TRUST_ANCHOR: lab.trustAnchorFile,
        METRICS_DOMAINS: 'good.test',
      };
      const child = spawn(STANDALONE, ['serve', '--port', '0', '--listen', '127.0.0.1'], { env: serveEnv, cwd: tmpdir() });
      let log = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 15_000;
        let port = 0;
        while (!port && Date.now() < deadline) {
          const listening = /"event":"listening"[^\n]*"port":(\d+)/.exec(log);
          if (listening) port = Number(listening[1]);
          else await new Promise((r) => setTimeout(r, 50));
        }
        expect(port, `no "listening" line: ${log}${stderr}`).to.be.greaterThan(0);
        const response = await fetch(`http://127.0.0.1:${port}/verify/`, {
          method: 'POST',
          headers: { 'x-apikey': serveEnv.APIKEY, 'content-type': 'application/json' },
          body: JSON.stringify({ domain: 'good.test' }),
        });
        expect(response.status).to.equal(200);
        const json = (await response.json()) as { all_hosts_dane_verified: boolean; dane_state: string };
        expect(json.all_hosts_dane_verified).to.equal(true); // Uptime Kuma: Json Query all_hosts_dane_verified == true
        expect(json.dane_state).to.equal('verified');
        const refused = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(refused.status).to.equal(401);
        refused.body?.cancel();
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited, log + stderr).to.equal(0);
      expect(log).to.not.contain('standalone-test-key'); // the key never reaches the log
    });

    it('in a chroot that holds only the binary and the shared libraries it links: good.test verified', async function () {
      const chroot = await onPath('chroot');
      const ldd = await onPath('ldd');
      if (!chroot || !ldd) skipOrFail(this, 'chroot or ldd is not on PATH');
      if (process.getuid?.() !== 0) skipOrFail(this, 'chroot needs root (CI runs as root)');
      const jail = await mkdtemp(join(tmpdir(), 'sdv-chroot-'));
      try {
        const libs = await run(ldd, [STANDALONE], { env: { PATH: process.env['PATH'] } });
        const paths = [...libs.stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
        expect(paths.some((p) => p.includes('libc.so'))).to.equal(true);
        for (const lib of paths) {
          await mkdir(join(jail, dirname(lib)), { recursive: true });
          await copyFile(lib, join(jail, lib));
        }
        // A hard link when /tmp shares the file system, else an ~85 MiB copy.
        await link(STANDALONE, join(jail, 'smtp-dane-verify')).catch(() => copyFile(STANDALONE, join(jail, 'smtp-dane-verify')));
        const jailed = (args: string[]) => run(chroot!, [jail, '/smtp-dane-verify', ...args], { env: { PATH: '/' } });
        const v = await jailed(['--version']);
        expect(v.stdout).to.equal(`smtp-dane-verify ${version}\n`);
        // The lab root's DS inside the jail: the binary sees nothing else of the file system.
        await copyFile(lab.trustAnchorFile, join(jail, 'root.ds'));
        const r = await jailed(['domain', 'good.test', '--resolver', lab.plainResolver, '--trust-anchor', '/root.ds', '--format', 'json', '-t', '30']);
        expect(JSON.parse(r.stdout).dane_state, r.stdout + r.stderr).to.equal('verified');
      } finally {
        await rm(jail, { recursive: true, force: true });
      }
    });
  });
});

describe('npm package', function () {
  this.timeout(120_000);
  const npm = { PATH: process.env['PATH'], HOME: '', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sdv-npm-'));
    npm.HOME = work; // no user config, no cache shared with the developer
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('npm pack ships package.json, the README, dist/smtp-dane-verify (the whole program) and templates/ only', async () => {
    const r = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { env: npm, cwd: ROOT });
    expect(r.code, r.stderr).to.equal(0);
    const [pack] = JSON.parse(r.stdout);
    const files: string[] = pack.files.map((f: { path: string }) => f.path);
    expect(files).to.include('dist/smtp-dane-verify');
    expect(files).to.include('package.json');
    expect(files.filter((f) => f.startsWith('templates/')).length).to.be.greaterThan(0);
    const stray = files.filter((f) => !['package.json', 'README.md', 'LICENSE', 'dist/smtp-dane-verify'].includes(f) && !f.startsWith('templates/'));
    expect(stray, 'files outside dist/smtp-dane-verify and templates/').to.deep.equal([]);
    const bin = pack.files.find((f: { path: string }) => f.path === 'dist/smtp-dane-verify');
    expect(bin.mode & 0o111, 'the bin is executable').to.not.equal(0);
    expect(pack.unpackedSize / 2 ** 20, 'MiB: the standalone binary must not be in it').to.be.below(10);
  });

  it('npm install -g of the package puts smtp-dane-verify on the PATH, and npx runs it', async () => {
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { env: npm, cwd: ROOT });
    expect(packed.code, packed.stderr).to.equal(0);
    const tarball = join(work, JSON.parse(packed.stdout)[0].filename);
    const prefix = join(work, 'prefix');
    // The package has no dependencies: installing it needs no registry.
    const installed = await run('npm', ['install', '-g', '--offline', '--prefix', prefix, tarball], { env: npm, cwd: work });
    expect(installed.code, installed.stdout + installed.stderr).to.equal(0);
    const v = await run('smtp-dane-verify', ['--version'], { env: { PATH: `${join(prefix, 'bin')}:${process.env['PATH']}` } });
    expect(v.code).to.equal(3);
    expect(v.stdout).to.match(/^smtp-dane-verify \d+\.\d+\.\d+/);
    const x = await run('npx', ['--offline', '--yes', `--package=${tarball}`, '--', 'smtp-dane-verify', '--version'], { env: npm, cwd: work });
    expect(x.stdout, x.stderr).to.equal(v.stdout);
  });
});

describe('templates/systemd/smtp-dane-verify.service', function () {
  this.timeout(60_000);
  let analyze: string | null;
  let root: string;
  let manpath: string;

  /** systemd-analyze verify against a scratch root holding the unit, the executable it starts and systemd's own units. */
  async function verify(unitText: string): Promise<DistRun> {
    await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
    await writeFile(join(root, 'etc/systemd/system/smtp-dane-verify.service'), unitText);
    return run(analyze!, ['verify', `--root=${root}`, 'smtp-dane-verify.service'], { env: { PATH: process.env['PATH'], MANPATH: manpath } });
  }

  before(async function () {
    analyze = await onPath('systemd-analyze');
    if (!analyze) skipOrFail(this, 'systemd-analyze is not installed (run .ci/install-dist.sh for systemd)');
    root = await mkdtemp(join(tmpdir(), 'sdv-systemd-'));
    await mkdir(join(root, 'usr/local/bin'), { recursive: true });
    // verify only checks that ExecStart names an executable file: the launcher will do.
    await copyFile(join(ROOT, 'dist', 'smtp-dane-verify'), join(root, 'usr/local/bin/smtp-dane-verify'));
    await chmod(join(root, 'usr/local/bin/smtp-dane-verify'), 0o755);
    const units = (await exists('/usr/lib/systemd/system')) ? '/usr/lib/systemd/system' : '/lib/systemd/system';
    await cp(units, join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
    // Documentation=man:smtp-dane-verify(1) is checked with man(1): give it our page.
    manpath = join(root, 'man');
    await mkdir(join(manpath, 'man1'), { recursive: true });
    await copyFile(MAN_PAGE, join(manpath, 'man1', 'smtp-dane-verify.1'));
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('systemd-analyze verify accepts it without a word', async () => {
    const r = await verify(await readFile(UNIT, 'utf8'));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout + r.stderr).to.equal('');
  });

  it('systemd-analyze verify complains about a misspelt directive and a missing executable', async () => {
    const unit = await readFile(UNIT, 'utf8');
    const typo = await verify(unit.replace('ProtectHome=yes', 'ProtectHomes=yes'));
    expect(typo.stderr).to.contain("Unknown key 'ProtectHomes'");
    const missing = await verify(unit.replace('ExecStart=/usr/local/bin/smtp-dane-verify ', 'ExecStart=/usr/local/bin/smtp-dane-verifx '));
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr).to.contain('is not executable');
  });

  it('systemd-analyze security rates its sandbox OK (exposure at most 2.0)', async () => {
    const r = await run(analyze!, ['security', '--offline=yes', '--threshold=20', UNIT], { env: { PATH: process.env['PATH'] } });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const level = /Overall exposure level for \S+: (\d+\.\d+)/.exec(r.stdout);
    expect(Number(level?.[1])).to.be.at.most(2.0);
  });

  it('runs `serve` from /usr/local/bin with the example environment file', async () => {
    const unit = await readFile(UNIT, 'utf8');
    expect(unit).to.match(/^ExecStart=\/usr\/local\/bin\/smtp-dane-verify serve$/m);
    expect(unit).to.match(/^EnvironmentFile=\/etc\/smtp-dane-verify\/smtp-dane-verify\.env$/m);
    expect(unit).to.not.match(/^MemoryDenyWriteExecute=yes/m); // V8's JIT needs it off
    const envFile = await readFile(ENV_EXAMPLE, 'utf8');
    const keys = [...envFile.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(keys).to.deep.equal(['APIKEY', 'NAMESERVER', 'METRICS_DOMAINS', 'METRICS_INTERVAL']);
    // The DNSSEC settings are there, commented out: their defaults need no file.
    expect(envFile).to.match(/^#DNSSEC=validate$/m);
    expect(envFile).to.match(/^#TRUST_ANCHOR=\//m);
  });
});

describe('docs/install.md', () => {
  it('names only files that exist in the repository', async () => {
    const guide = await readFile(join(ROOT, 'docs', 'install.md'), 'utf8');
    const named = new Set([...guide.matchAll(/(?<![\w/.:-])((?:templates|docs|dist)\/[\w./-]*\.\w+)/g)].map((m) => m[1]!));
    expect(named.size).to.be.greaterThan(5);
    const missing: string[] = [];
    for (const path of named) {
      if (path === 'dist/smtp-dane-verify-linux-x64') continue; // built by npm run build:standalone
      if (!(await exists(join(ROOT, path)))) missing.push(path);
    }
    expect(missing).to.deep.equal([]);
  });

  it('gives the size the standalone binary really has', async function () {
    if (!LINUX_X64) this.skip(); // see NOT_LINUX_X64
    this.timeout(300_000);
    await ensureStandalone(); // already built by the suite above unless that was left out (--grep)
    const guide = await readFile(join(ROOT, 'docs', 'install.md'), 'utf8');
    const stated = Number(/about (\d+) MiB/.exec(guide)?.[1]);
    const actual = (await stat(STANDALONE)).size / 2 ** 20;
    expect(Math.abs(actual - stated), `install.md says about ${stated} MiB, it is ${actual.toFixed(1)} MiB`).to.be.below(8);
  });
});
