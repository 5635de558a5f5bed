// Timing and memory of one child process, the way a monitoring system runs a
// plugin: spawn with an argument array (never a shell), wait for the exit.
// Wall time is taken around the whole spawn, so process creation, the runtime's
// start-up and the exit are all in it, for us and the peers alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  /** Short label for tables. */
  label: string;
  file: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as a good run (default [0]). */
  okCodes?: readonly number[];
  /** Extra check on stdout, e.g. that the check verified. */
  expect?: (stdout: string) => string | null;
  /** Anything on stderr is noted (a monitoring system shows it with the check's output). */
  quietStderr?: boolean;
}

/** stderr lines our own commands wrote, by first line, with how often: reported at the end. */
export const stderrNotes = new Map<string, { label: string; times: number }>();

export interface RunResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runOnce(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Runs `cmd` and fails loudly unless the run is good: a benchmark of a broken run is no benchmark. */
export async function runChecked(cmd: Command): Promise<RunResult> {
  const r = await runOnce(cmd.file, cmd.args, cmd.env ?? process.env);
  const ok = cmd.okCodes ?? [0];
  if (r.code === null || !ok.includes(r.code)) {
    throw new Error(`${cmd.label}: exit ${r.code ?? r.signal} (wanted ${ok.join('/')})\n${tail(r.stdout)}${tail(r.stderr)}`);
  }
  if (cmd.quietStderr && r.stderr.trim()) {
    const first = r.stderr.trim().split('\n')[0]!.replace(/\(node:\d+\)/, '(node:PID)').slice(0, 300);
    const note = stderrNotes.get(first) ?? { label: cmd.label, times: 0 };
    note.times++;
    stderrNotes.set(first, note);
  }
  const problem = cmd.expect?.(r.stdout);
  if (problem) throw new Error(`${cmd.label}: ${problem}\n${tail(r.stdout)}`);
  return r;
}

function tail(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n');
  return all.length > 1 || all[0] ? `${all.slice(-lines).join('\n')}\n` : '';
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Runs the commands round-robin (A B C A B C ...), `runs` times each after
 * `warmup` discarded rounds, so that a burst of noise on the machine hits
 * every subject alike and the ratios between them stay fair.
 */
export async function interleaved(commands: readonly Command[], runs: number, warmup = 1): Promise<number[][]> {
  const samples: number[][] = commands.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, cmd] of commands.entries()) {
      const r = await runChecked(cmd);
      if (round >= warmup) samples[i]!.push(r.ms);
    }
  }
  return samples;
}

/** What one run of a command cost: wall time, CPU time (user + system) and peak RSS. */
export interface Usage {
  wallMs: number;
  cpuMs: number;
  rssKiB: number;
}

// Inside GNU time (peak RSS: %M, the largest of bash and the command), bash times the command:
// EPOCHREALTIME around it (so bash's own start is not in the wall time) and `times`, whose second
// line is the CPU time of the children it waited for, to the millisecond (getrusage). The
// command comes as "$@", never parsed by a shell.
const TIMED = 'out=$1; shift; s=$EPOCHREALTIME; "$@"; c=$?; e=$EPOCHREALTIME; { times; echo "$s $e"; } > "$out"; exit $c';

const seconds = (text: string): number => {
  const m = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!m) throw new Error(`bash times: cannot read ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Runs `cmd` once (checked as runChecked does) and measures wall, CPU and peak RSS. */
export async function measureUsage(cmd: Command): Promise<Usage> {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-dane-bench-usage-'));
  const rss = join(dir, 'rss.txt');
  const timed = join(dir, 'times.txt');
  try {
    await runChecked({ ...cmd, file: '/usr/bin/time', args: ['-f', '%M', '-o', rss, 'bash', '-c', TIMED, 'bench', timed, cmd.file, ...cmd.args] });
    const rssKiB = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
    const [, children, wall] = readFileSync(timed, 'utf8').trim().split('\n');
    const [user, system] = (children ?? '').split(' ').map(seconds) as [number, number];
    const [start, end] = (wall ?? '').split(' ').map(Number) as [number, number];
    if (!(rssKiB > 0) || !(end >= start)) throw new Error(`${cmd.label}: no usage figures`);
    return { wallMs: (end - start) * 1000, cpuMs: (user + system) * 1000, rssKiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** measureUsage round-robin over the commands, as `interleaved` does for wall time. */
export async function interleavedUsage(commands: readonly Command[], runs: number, warmup = 1): Promise<Usage[][]> {
  const samples: Usage[][] = commands.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, cmd] of commands.entries()) {
      const u = await measureUsage(cmd);
      if (round >= warmup) samples[i]!.push(u);
    }
  }
  return samples;
}
