// The install steps of the docs, run as written: every ```sh block of docs/install.md, and the
// block of README.md, docs/nagios.md and docs/zabbix.md that holds the install recipe (the one
// with a PLUGIN_DIR= line), each block in a bash of its own (`-e -o pipefail`, so every command
// must succeed), in document order, in a copy of this checkout, against the test lab.
//
// What the test changes, and nothing else (each substitution is printed):
// - a block's assignment lines `NAME=VALUE   # comment`: an absolute path gets a temporary
//   prefix in front (PLUGIN_DIR=/usr/lib/nagios/plugins → PREFIX/usr/lib/nagios/plugins), and
//   MX_HOST and DOMAIN, the names a reader puts theirs into, become the lab's. Any other
//   assignment, and any absolute host path outside an assignment, fails the test: the docs name
//   the host's directories through variables, so a step cannot write outside the prefix.
// - the environment: NAMESERVER (the lab's non-validating resolver) and TRUST_ANCHOR (the lab's
//   root), which the executable reads when no option names them, as `npm run lab -- run` sets
//   them; npm's global prefix inside the temporary prefix, its cache in the temporary
//   directory, and offline.
// - the prefix holds beforehand the directories Debian's packages provide (PACKAGE_DIRS);
//   whatever else a block needs, it must create itself.
//
// A block is left out only when its info string says so (```sh root, ```sh build: MARKERS);
// an unknown marker fails. The users the blocks switch to (runuser -u nagios / zabbix) must
// exist: without them, or without root, the suite is skipped, and fails under CI.
import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../lab/lab.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Markers of blocks the test does not run, with the reason (the docs say the same). */
const MARKERS: Record<string, string> = {
  root: "installs Debian packages or drives the host's own daemons (icinga2/nagios4/zabbix/prometheus/standalone e2e tests run the templates in real ones)",
  build: 'npm ci needs the registry; test/e2e/standalone.test.ts builds and runs the standalone binary',
};

/** Directories that Debian's packages create, made in the prefix before the blocks run. */
const PACKAGE_DIRS: [string, string][] = [
  ['/usr/lib/nagios/plugins', 'monitoring-plugins-basic, icinga2-bin'],
  ['/etc/icinga2/conf.d', 'icinga2-common'],
  ['/etc/nagios4/conf.d', 'nagios4-common'],
  ['/usr/local/bin', 'base-files (the FHS local hierarchy)'],
  ['/etc/systemd/system', 'systemd'],
];

/** The names a reader replaces with theirs, and the lab's. */
const LAB_NAMES: Record<string, string> = { MX_HOST: 'mx1.good.test', DOMAIN: 'good.test' };

/** Where to look: all sh blocks of the guide; in the others, the block of the install recipe. */
const DOCS: { file: string; selects: (block: Block) => boolean; sections?: string[] }[] = [
  { file: 'docs/install.md', selects: () => true, sections: ['1. Get the executable', '2. Icinga 2', '3. Nagios 4', '4. Zabbix', '7. The service (`serve`) under systemd'] },
  { file: 'README.md', selects: (b) => /^PLUGIN_DIR=/m.test(b.text) },
  { file: 'docs/nagios.md', selects: (b) => /^PLUGIN_DIR=/m.test(b.text) },
  { file: 'docs/zabbix.md', selects: (b) => /^PLUGIN_DIR=/m.test(b.text) },
];

export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  section: string;
  /** The info string's words after `sh`, e.g. ['root']. */
  markers: string[];
  text: string;
}

/** The ```sh blocks of a Markdown text (fences may be indented, as in a list). */
export function shellBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let open: { line: number; lang: string; markers: string[]; indent: number; lines: string[] } | null = null;
  markdown.split('\n').forEach((line, i) => {
    const fence = /^(\s*)```(.*)$/.exec(line);
    if (open) {
      if (fence && fence[2]!.trim() === '') {
        if (open.lang === 'sh') blocks.push({ line: open.line, section, markers: open.markers, text: `${open.lines.join('\n')}\n` });
        open = null;
      } else open.lines.push(line.slice(open.indent));
      return;
    }
    if (fence) {
      const [lang = '', ...markers] = fence[2]!.trim().split(/\s+/);
      open = { line: i + 1, lang, markers, indent: fence[1]!.length, lines: [] };
    } else if (/^#+\s/.test(line)) section = line.replace(/^#+\s*/, '');
  });
  return blocks;
}

interface Localised {
  script: string;
  changes: string[];
}

const ASSIGNMENT = /^([A-Z][A-Z0-9_]*)=(\S+)(\s+#.*)?$/;
const HOST_PATH = /(^|[\s"'=(:])\/(?:etc|usr|var|opt|srv|home|root|lib|bin|sbin|boot)(?=[/\s"']|$)/;

/** The block with its assignments pointed at the prefix and the lab; throws on anything else. */
export function localise(text: string, prefix: string): Localised {
  const changes: string[] = [];
  const lines = text.split('\n').map((line) => {
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) {
      const code = line.replace(/(^|\s)#.*$/, '');
      if (HOST_PATH.test(code)) throw new Error(`a host path outside a NAME=VALUE line (name it through a variable): ${line}`);
      return line;
    }
    const [, name, value, comment = ''] = assignment;
    let replaced: string;
    if (value!.startsWith('/')) replaced = `${prefix}${value}`;
    else if (name! in LAB_NAMES) replaced = LAB_NAMES[name!]!;
    else throw new Error(`an assignment the test does not know how to point at the lab (add it to LAB_NAMES): ${line}`);
    changes.push(`${name}=${value} → ${name}=${replaced}`);
    return `${name}=${replaced}${comment}`;
  });
  return { script: lines.join('\n'), changes };
}

interface Run {
  code: number;
  out: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile('/bin/bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

// Synchronous on purpose: a top-level await would make mocha load this file as an ES module, with its own
// copy of lab-hooks.ts, and start a second lab beside the one the other suites share.
function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return 'not root (the guide runs as root and switches to the nagios and zabbix users)';
  const onPathNow = (tool: string) => (process.env['PATH'] ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, tool)));
  for (const tool of ['bash', 'install', 'runuser', 'npm', 'getent']) if (!onPathNow(tool)) return `${tool} is not installed`;
  for (const user of ['nagios', 'zabbix']) {
    const known = spawnSync('getent', ['passwd', user], { stdio: 'ignore' });
    if (known.status !== 0) return `no user ${user} (.ci/install-monitoring.sh, .ci/install-zabbix.sh)`;
  }
  return null;
}

/** Files under dir (symlinks listed as they are, not followed), relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

async function sameContent(a: string, b: string): Promise<boolean> {
  return (await readFile(a)).equals(await readFile(b));
}

async function mode(path: string): Promise<string> {
  return ((await stat(path)).mode & 0o7777).toString(8).padStart(4, '0');
}

const missing = missingPrerequisite();

suiteNeeding(missing, 'e2e: the docs install steps, run as written in a temporary prefix', function () {
  this.timeout(120_000);
  let lab: Lab;
  let work: string;
  let clone: string;
  const prefixOf = (file: string): string => join(work, file.replace(/\W+/g, '-'));
  const npmPrefix = (file: string): string => `${prefixOf(file)}/usr/local`;
  const skipped: string[] = [];

  const envFor = (file: string): NodeJS.ProcessEnv => ({
    PATH: `${npmPrefix(file)}/bin:${process.env['PATH']}`,
    HOME: join(work, 'home'),
    TMPDIR: process.env['TMPDIR'] ?? tmpdir(),
    LANG: 'C.UTF-8',
    NAMESERVER: lab.plainResolver,
    TRUST_ANCHOR: lab.trustAnchorFile,
    npm_config_prefix: npmPrefix(file),
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });

  before(async function () {
    this.timeout(180_000);
    lab = await useLab();
    work = await mkdtemp(join(tmpdir(), 'docs-install-'));
    await chmod(work, 0o755); // the nagios and zabbix users run what the blocks install here
    clone = join(work, 'clone');
    // This checkout as it is (uncommitted changes included): what "in a clone" has after the build.
    await cp(ROOT, clone, {
      recursive: true,
      filter: (src) => !/^\/(node_modules|\.git)(\/|$)|^\/dist\/smtp-dane-verify-linux-x64$|\.tgz$/.test(src.slice(ROOT.length - 1)),
    });
    await mkdir(join(work, 'home'));
    for (const { file } of DOCS) for (const [dir] of PACKAGE_DIRS) await mkdir(`${prefixOf(file)}${dir}`, { recursive: true, mode: 0o755 });
  });

  after(async () => {
    if (skipped.length) console.log(`      not run, as marked in the docs:\n${skipped.map((s) => `        ${s}`).join('\n')}`);
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const { file, selects, sections = [] } of DOCS) {
    const blocks = shellBlocks(readFileSync(join(ROOT, file), 'utf8')).filter(selects);

    describe(file, () => {
      it('has install steps to run, and marks only with a known marker what it leaves out', () => {
        const toRun = blocks.filter((b) => b.markers.length === 0);
        expect(toRun.length, 'blocks to run').to.be.above(0);
        expect(toRun.map((b) => b.section)).to.include.members(sections);
        for (const b of blocks) for (const m of b.markers) expect(Object.keys(MARKERS), `${file}:${b.line} \`\`\`sh ${b.markers.join(' ')}`).to.include(m);
      });

      for (const block of blocks) {
        const where = `${file}:${block.line} (${block.section})`;
        if (block.markers.length > 0) {
          skipped.push(`${where}, sh ${block.markers.join(' ')}: ${MARKERS[block.markers[0]!] ?? 'unknown marker'}`);
          continue;
        }
        it(`${where} runs as written`, async () => {
          const { script, changes } = localise(block.text, prefixOf(file));
          for (const change of changes) console.log(`        ${change.replaceAll(work, '$TMP')}`);
          const run = await bash(script, clone, envFor(file));
          expect(run.code, `exit ${run.code} from\n${script}\n--- output:\n${run.out}`).to.equal(0);
          // Each check it runs finds DANE in order, as the docs promise: the lab's names are good.
          const hostChecks = (block.text.match(/smtp-dane-verify" host "\$MX_HOST"/g) ?? []).length;
          const domainChecks = (block.text.match(/smtp-dane-verify" domain "\$DOMAIN"/g) ?? []).length;
          const discovers = (block.text.match(/smtp-dane-verify" discover "\$DOMAIN"/g) ?? []).length;
          expect(run.out.match(/^SMTP DANE OK - mx1\.good\.test: /gm) ?? [], run.out).to.have.length(hostChecks);
          expect(run.out.match(/^SMTP DANE OK - good\.test: /gm) ?? [], run.out).to.have.length(domainChecks);
          expect(run.out.match(/^exit 0$/gm) ?? [], run.out).to.have.length((block.text.match(/echo "exit \$\?"/g) ?? []).length);
          if (discovers) {
            // discover comes last in its block: its LLD JSON ends the output.
            const rows = JSON.parse(run.out.slice(run.out.search(/^\[$/m))) as Record<string, unknown>[];
            expect(rows).to.deep.include({ '{#DOMAIN}': 'good.test', '{#MXHOST}': 'mx1.good.test', '{#MXPREF}': 10 });
            expect(rows).to.deep.include({ '{#DOMAIN}': 'good.test', '{#MXHOST}': 'mx2.good.test', '{#MXPREF}': 20 });
          }
        });
      }
    });
  }

  // After the blocks (mocha runs a suite's own tests before its nested suites).
  describe('what docs/install.md installed', () => {
    it('is each file where the templates and the unit look for it, with its mode', async () => {
      const prefix = prefixOf('docs/install.md');
      const expected: Record<string, [string, string]> = {
        'usr/lib/nagios/plugins/smtp-dane-verify': ['dist/smtp-dane-verify', '0755'],
        'etc/zabbix/externalscripts/smtp-dane-verify': ['dist/smtp-dane-verify', '0755'],
        'usr/local/bin/smtp-dane-verify': ['dist/smtp-dane-verify', '0755'],
        'usr/local/lib/node_modules/smtp-dane-verify/dist/smtp-dane-verify': ['dist/smtp-dane-verify', '0755'],
        'etc/icinga2/conf.d/smtp-dane.conf': ['templates/icinga2/smtp-dane.conf', '0644'],
        'etc/icinga2/conf.d/smtp-dane-services.conf': ['templates/icinga2/smtp-dane-services.conf', '0644'],
        'etc/nagios4/conf.d/smtp-dane.cfg': ['templates/nagios/smtp-dane.cfg', '0644'],
        'etc/smtp-dane-verify/smtp-dane-verify.env': ['templates/systemd/smtp-dane-verify.env.example', '0600'],
        'etc/systemd/system/smtp-dane-verify.service': ['templates/systemd/smtp-dane-verify.service', '0644'],
        'usr/local/share/man/man1/smtp-dane-verify.1': ['docs/smtp-dane-verify.1', '0644'],
      };
      const installed = (await filesUnder(prefix)).filter((f) => !f.startsWith('usr/local/lib/node_modules/') || f in expected);
      expect(installed).to.deep.equal(Object.keys(expected).sort());
      for (const [path, [source, wanted]] of Object.entries(expected)) {
        expect(await sameContent(join(prefix, path), join(ROOT, source)), `${path} is ${source}`).to.equal(true);
        expect(await mode(join(prefix, path)), path).to.equal(wanted);
      }
      expect(await mode(join(prefix, 'etc/smtp-dane-verify')), 'the directory of the API key').to.equal('0750');
    });
  });
});

describe('docs-install: what the test may change in a block', () => {
  it('only NAME=VALUE lines: paths into the prefix, the reader\'s names to the lab\'s, comments kept', () => {
    const text = 'PLUGIN_DIR=/usr/lib/nagios/plugins   # note\nMX_HOST=mail2.ietf.org\ninstall -m 0755 dist/x "$PLUGIN_DIR/x"\n';
    expect(localise(text, '/tmp/p').script).to.equal('PLUGIN_DIR=/tmp/p/usr/lib/nagios/plugins   # note\nMX_HOST=mx1.good.test\ninstall -m 0755 dist/x "$PLUGIN_DIR/x"\n');
  });

  it('refuses a host path outside an assignment, and an assignment it cannot point at the lab', () => {
    expect(() => localise('cp templates/a.conf /etc/icinga2/conf.d/\n', '/tmp/p')).to.throw(/host path outside/);
    expect(() => localise('RESOLVER=192.0.2.1\n', '/tmp/p')).to.throw(/does not know/);
    expect(localise('install x "$D/x"   # into /etc/zabbix\n', '/tmp/p').changes).to.deep.equal([]);
  });

  it('finds sh blocks with their markers and section, also indented ones, and no other languages', () => {
    const md = '# A\n```sh\necho a\n```\n## B\n- item\n\n  ```sh root\n  apt-get install x\n  ```\n```yaml\nx: 1\n```\n';
    expect(shellBlocks(md)).to.deep.equal([
      { line: 2, section: 'A', markers: [], text: 'echo a\n' },
      { line: 8, section: 'B', markers: ['root'], text: 'apt-get install x\n' },
    ]);
  });
});
