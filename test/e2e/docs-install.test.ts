// docs/install.md, run as written: every ```sh block, command by command, in
// document order, in a copy of this checkout, with every absolute path under
// /etc, /usr, /var or /opt moved into a temporary prefix (and npm's global
// prefix there too), so the steps install into the prefix instead of the host.
// The example domains become the lab's good.test (checked through the lab's
// resolver and root), so the docs' "try it" commands really check something.
// A command that cannot run here is listed in NOT_RUN with the reason and the
// test that covers it instead; a command that is neither run successfully nor
// listed fails the test, so the guide cannot drift from what works.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../lab/lab.ts';
import { useLab } from './lab-hooks.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = join(ROOT, 'docs', 'install.md');

/** Commands the test does not run: [pattern, why, where it is proven instead]. */
const NOT_RUN: [RegExp, string][] = [
  [/^apt-get install /, 'installs Debian packages on the host (CI installs them with .ci/install-*.sh)'],
  [/^dig .*@127\.0\.0\.1/, 'asks a validating resolver on the host; the lab stands in for it in every e2e test'],
  [/^npm ci$/, 'needs the npm registry; this checkout is the state npm ci leaves'],
  [/^systemctl /, "drives the host's service manager"],
  [/^icinga2 daemon -C$/, "validates the host's own configuration; test/e2e/icinga2.test.ts runs icinga2 daemon -C on the templates"],
  [/^nagios4 -v /, "validates the host's own configuration; test/e2e/nagios4.test.ts runs nagios4 -v on the templates"],
  [/^promtool check config /, "reads the host's Prometheus configuration; test/e2e/prometheus.test.ts checks the templates"],
  [/^systemd-analyze verify /, 'the unit names the real /usr/local/bin; test/e2e/standalone.test.ts verifies it'],
  [/^curl .*localhost:3000/, 'needs the service started by systemd; test/e2e/serve.test.ts sends the same request'],
];

interface Command {
  section: string;
  /** Section 1's alternatives ("**a)", "**b)", "**c)"): each is followed in a prefix of its own. */
  alternative: string;
  text: string;
}

/** The ```sh blocks of the guide, split into commands (continuations joined, `&&` split, comments dropped). */
export function guideCommands(markdown: string): Command[] {
  const commands: Command[] = [];
  let section = '';
  let alternative = '';
  let inBlock = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (!inBlock && line.startsWith('#')) {
      section = line.replace(/^#+\s*/, '');
      alternative = '';
    }
    const alt = /^\*\*([a-z])\)/.exec(line);
    if (!inBlock && alt) alternative = alt[1]!;
    if (/^\s*```sh\s*$/.test(line)) {
      inBlock = true;
      continue;
    }
    if (inBlock && /^\s*```\s*$/.test(line)) {
      inBlock = false;
      continue;
    }
    if (!inBlock) continue;
    const joined = pending + line.replace(/\s+#\s.*$/, '').trim();
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    for (const part of joined.split(/\s+&&\s+/)) if (part.trim() !== '') commands.push({ section, alternative, text: part.trim() });
  }
  return commands;
}

/** Absolute host paths into the prefix; the example domains into the lab's. */
function localise(text: string, prefix: string): string {
  return text
    .replace(/(^|[\s='"(])(\/(?:etc|usr|var|opt)\/)/g, `$1${prefix}$2`)
    .replace(/\b(?:example\.org|ietf\.org)\b/g, 'good.test');
}

interface Run {
  code: number;
  out: string;
}

function bash(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile('/bin/bash', ['-o', 'pipefail', '-c', command], { cwd, env, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe('e2e: docs/install.md, run as written in a temporary prefix', function () {
  this.timeout(600_000);
  let lab: Lab;
  let work: string;
  let checkout: string;
  let prefix: string;
  const ran: { command: Command; run: Run }[] = [];
  const skipped: { command: Command; why: string }[] = [];

  before(async function () {
    this.timeout(600_000);
    lab = await useLab();
    work = await mkdtemp(join(tmpdir(), 'docs-install-'));
    // Users such as nagios and zabbix run the installed executable from here.
    await chmod(work, 0o755);
    prefix = join(work, 'prefix');
    checkout = join(work, 'checkout');
    // This checkout as it is (uncommitted changes included), its node_modules shared.
    await cp(ROOT, checkout, {
      recursive: true,
      filter: (src) => !/\/(node_modules|\.git)(\/|$)|dist\/smtp-dane-verify-linux-x64$|\.tgz$/.test(src.slice(ROOT.length - 1)),
    });
    await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    const envFor = (prefix: string): NodeJS.ProcessEnv => ({
      PATH: `${prefix}/usr/local/bin:${process.env['PATH']}`,
      HOME: join(work, 'home'),
      NAMESERVER: lab.plainResolver,
      TRUST_ANCHOR: lab.trustAnchorFile,
      // npm install -g and npx: the prefix and a cache of their own, never the network.
      npm_config_prefix: `${prefix}/usr/local`,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    });
    for (const command of guideCommands(await readFile(join(checkout, 'docs', 'install.md'), 'utf8'))) {
      const rule = NOT_RUN.find(([pattern]) => pattern.test(command.text));
      if (rule) {
        skipped.push({ command, why: rule[1] });
        continue;
      }
      const root = command.alternative ? `${prefix}-${command.alternative}` : prefix;
      const env = envFor(root);
      await bash(`mkdir -p "${root}/usr/local/bin" "${root}/usr/local/lib" "${root}/etc" "${env['HOME']}"`, work, env);
      const run = await bash(localise(command.text, root), checkout, env);
      ran.push({ command, run });
      // The guide's prose step after building: "Copy it to the monitoring host", where the
      // following `install … smtp-dane-verify-linux-x64 …` lines take it from.
      if (command.text === 'npm run build:standalone' && run.code === 0) {
        await cp(join(checkout, 'dist', 'smtp-dane-verify-linux-x64'), join(checkout, 'smtp-dane-verify-linux-x64'));
      }
    }
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds the guide\'s commands (the sections on getting it, Icinga 2, Nagios 4, Zabbix and systemd)', async () => {
    const sections = new Set(guideCommands(await readFile(GUIDE, 'utf8')).map((c) => c.section.replace(/^\d+\.\s*/, '')));
    for (const s of ['Get the executable', 'Icinga 2', 'Nagios 4', 'Zabbix']) expect([...sections], s).to.include(s);
    expect(ran.length).to.be.above(8);
  });

  it('every command it runs succeeds', () => {
    const failed = ran.filter((r) => r.run.code !== 0).map((r) => `[${r.command.section}] ${r.command.text}\n  exit ${r.run.code}: ${r.run.out.slice(-1500)}`);
    expect(failed, failed.join('\n')).to.deep.equal([]);
  });

  it('the checks it runs report DANE as fine for the lab\'s good.test (exit 0), as the guide says', () => {
    const checks = ran.filter((r) => /smtp-dane-verify (domain|discover) /.test(r.command.text));
    expect(checks.length).to.be.above(2);
    for (const { command, run } of checks) {
      expect(run.out, command.text).to.match(/SMTP DANE OK - good\.test|"dane_state": "verified"|"\{#MXHOST\}": "mx1\.good\.test"/);
      if (command.text.includes('echo "exit $?"')) expect(run.out, command.text).to.match(/exit 0\s*$/);
    }
  });

  it('what it installed is where the templates look for it', () => {
    const installed = ran.filter((r) => /^(install|cp|ln) /.test(r.command.text)).map((r) => r.command.text);
    expect(installed.length).to.be.above(4);
    const versions = ran.filter((r) => / --version$/.test(r.command.text));
    expect(versions.length).to.be.above(0);
    for (const { command, run } of versions) expect(run.out.trim(), command.text).to.match(/^\d+\.\d+\.\d+/);
  });

  it('each command it does not run is there, and is listed with the reason and the test that covers it', () => {
    for (const [pattern] of NOT_RUN) {
      expect(skipped.some((s) => pattern.test(s.command.text)), `NOT_RUN entry ${pattern} matches no command of the guide: remove it`).to.equal(true);
    }
    console.log(`      ran ${ran.length} commands; not run here: ${skipped.map((s) => s.command.text.split(' ')[0]).join(', ')}`);
  });
});
