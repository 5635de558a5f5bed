// `npm run lab -- run -- npx tsx bench/profile.ts [--runs N] [--dist FILE] [-- CHECK ARGS...]`
// (--dist: a build with esbuild's `// path` comments, e.g. from `node build.mjs --readable FILE`)
//
// Where the CPU time of a real check goes: runs the check (default `host mx1.good.test`
// through the lab, validating DNSSEC from the lab's root) N times under `node --cpu-prof`,
// and `node -e 0` as often, from a copy of the executable alone in an empty directory, as a
// plugin is installed. Prints self time by place, per run: V8 and Node's own work, each
// bundled package and each folder of src/ (found from esbuild's `// path` comments in the
// bundle), and the difference to `node -e 0`. The profiles stay in the directory it names.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const own = dashes >= 0 ? args.slice(0, dashes) : args;
const option = (name: string, fallback: string): string => (own.includes(name) ? own[own.indexOf(name) + 1]! : fallback);
const runs = Number(option('--runs', '5'));
const given = own.includes('--dist') ? resolve(option('--dist', '')) : null;
const resolver = process.env['NAMESERVER'];
const anchor = process.env['TRUST_ANCHOR'];
if (dashes < 0 && (!resolver || !anchor)) throw new Error('run under `npm run lab -- run --` (NAMESERVER and TRUST_ANCHOR), or give the check after --');
const check = dashes >= 0 ? args.slice(dashes + 1) : ['host', 'mx1.good.test', '--resolver', resolver!, '--trust-anchor', anchor!];

const work = mkdtempSync(join(tmpdir(), 'smtp-dane-profile-'));
const plugin = join(work, 'smtp-dane-verify');
// dist/ is minified (no `// path` comments to place samples by): profile the same program
// built readable (`node build.mjs --readable`), unless another build was given.
if (given) copyFileSync(given, plugin);
else execFileSync(process.execPath, ['build.mjs', '--readable', plugin], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });

/** The bundled module each line of the bundle belongs to, from esbuild's `// path` comments. */
const moduleOfLine: string[] = [];
let current = '(bundle runtime)';
// The file is the loader and the program as a string literal (build.mjs); V8 numbers the
// program's lines from that string, which is compiled under the file's name.
const file = readFileSync(plugin, 'utf8');
const literal = /^var __smtpDaneVerifyProgram = (".*");$/m.exec(file);
const program = literal ? (JSON.parse(literal[1]!) as string) : file;
for (const line of program.split('\n')) {
  // ESM modules: a `// path` line; CommonJS ones: the key of their __commonJS wrapper.
  const m = /^\s*\/\/ ((?:src|scripts)\/\S+|\S*node_modules\/\S+)$/.exec(line) ?? /^\s*"(\S*node_modules\/[^"]+)"\(/.exec(line);
  if (m) current = m[1]!;
  moduleOfLine.push(current);
}

function place(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return frame.url.startsWith('node:internal/modules') ? 'node: module loader' : 'node: other built-ins';
  if (!frame.url.includes('smtp-dane-verify')) return `other: ${frame.url}`;
  const module = moduleOfLine[frame.lineNumber] ?? '(bundle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (pkg) return `package ${pkg[1]}`;
  const folder = /^src\/(.+)\/[^/]+$/.exec(module);
  return folder ? `src/${folder[1]}/` : module;
}

function selfTimes(dir: string): Map<string, number> {
  const totals = new Map<string, number>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const key = place(byId.get(id)!.callFrame);
      totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000 / files.length);
    });
  }
  return totals;
}

function profiled(name: string, file: string, argv: string[], okCodes: number[]): Map<string, number> {
  const dir = join(work, name);
  for (let i = 0; i < runs; i++) {
    try {
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, file, ...argv], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const code = (error as { status?: number }).status ?? -1;
      if (!okCodes.includes(code)) throw new Error(`${name}: exit ${code}: ${String((error as { stdout?: Buffer }).stdout ?? '')}`);
    }
  }
  return selfTimes(dir);
}

const base = profiled('node-e-0', '-e', ['0'], [0]);
const ours = profiled('check', plugin, check, [0]);
const rows = [...new Set([...base.keys(), ...ours.keys()])]
  .map((k) => [k, ours.get(k) ?? 0, base.get(k) ?? 0] as const)
  .sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
process.stdout.write(`Self time per run, ms (mean of ${runs} profiled runs): \`${check.join(' ')}\` vs \`node -e 0\`\n\n`);
process.stdout.write('| where | check | node -e 0 | difference |\n|---|---:|---:|---:|\n');
for (const [k, a, b] of rows) if (Math.abs(a - b) >= 0.5 || a >= 1) process.stdout.write(`| ${k} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a - b).toFixed(1)} |\n`);
process.stdout.write(`| **total (profiled)** | ${sum(ours).toFixed(1)} | ${sum(base).toFixed(1)} | ${(sum(ours) - sum(base)).toFixed(1)} |\n\nprofiles: ${work}\n`);
