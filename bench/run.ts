// `npm run bench [-- --quick] [--only startup,check,fanout,algos,dns,serve] [--dnssec validate|resolver] [--dist FILE] [--baseline FILE] [--json FILE]`
//
// Start-up, the cost of a real check, fan-out, DNS economy and service load of
// the built executable, side by side with what they are held against, measured in the
// same run and interleaved (A B A B ...) so that machine noise hits both sides
// of every ratio alike. Ratios are the figures to keep; the milliseconds are
// this machine's. Progress goes to stderr, Markdown tables to stdout.
//
// Needs root (the lab binds ports 25 and 53 on loopback; the peers run in a
// private mount namespace) and the packages of .ci/install-lab.sh and
// .ci/install-bench.sh. Only loopback traffic, only argument arrays.
//
// --dnssec: the checker's DNSSEC mode. validate (default, the product's
// default) validates from the lab root's DS (--trust-anchor) through the lab's
// validating unbound, which the peers read too; resolver trusts that unbound's
// AD bit, as the peers do.
//
// Exit status: 0 when every measurement ran; 1 when one could not run or a
// count goal (each DNS question once, one check for N identical requests) is
// missed. Timing and memory goals are reported, never fail the run: they
// depend on the machine.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_HOSTS, scenario } from '../test/lab/scenarios.ts';
import { byType, repeatedQuestions, startDnsCounter, type DnsCounter } from './dns-counter.ts';
import { benchLab, type BenchLab } from './lab.ts';
import { interleaved, interleavedUsage, median, runChecked, runOnce, stderrNotes, type Command, type Usage } from './measure.ts';
import { checkSslCert, peersAvailable, posttlsFinger, resolverNamespace, type ResolverNamespace } from './peers.ts';
import { goalsTable, markdown, mib, ms, ratio, verdict, type Goal, type Table } from './report.ts';
import { loadTest, post, serveAvailable, startServe, get, WRK } from './serve-load.ts';
import { startSlowSmtp, type SlowSmtp } from './slow-smtp.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECTIONS = ['startup', 'check', 'fanout', 'algos', 'dns', 'serve'] as const;
type Section = (typeof SECTIONS)[number];

const DNSSEC_MODES = ['validate', 'resolver'] as const;
type DnssecMode = (typeof DNSSEC_MODES)[number];

interface Options {
  quick: boolean;
  only: Set<Section>;
  dnssec: DnssecMode;
  dist: string;
  /** Another build whose host and 8-MX checks run in the same rounds (table 2), e.g. the build before a change. */
  baseline: string | null;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const opts: Options = { quick: false, only: new Set(SECTIONS), dnssec: 'validate', dist: join(ROOT, 'dist/smtp-dane-verify'), baseline: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a.startsWith('--only')) {
      const names = value().split(',').map((s) => s.trim());
      for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`--only: unknown section ${n} (${SECTIONS.join(', ')})`);
      opts.only = new Set(names as Section[]);
    } else if (a.startsWith('--dnssec')) {
      const mode = value();
      if (!(DNSSEC_MODES as readonly string[]).includes(mode)) throw new Error(`--dnssec: ${mode} is not one of ${DNSSEC_MODES.join(', ')}`);
      opts.dnssec = mode as DnssecMode;
    } else if (a.startsWith('--dist')) opts.dist = resolve(value());
    else if (a.startsWith('--baseline')) opts.baseline = resolve(value());
    else if (a.startsWith('--json')) opts.json = resolve(value());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--only startup,check,fanout,algos,dns,serve] [--dnssec validate|resolver] [--dist FILE] [--baseline FILE] [--json FILE]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  return opts;
}

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

const SLOW_HOSTS = FIXTURE_HOSTS.filter((h) => h.name.endsWith('.slow.test'));
const BANNER_DELAY_MS = 300;
const LAB_POSTFIX = { host: '127.0.25.1', port: 25 }; // serves L1, which slow.test's TLSA 3 1 1 names
/** The default session and one per other key algorithm (issue 16): L1 is ECDSA, so RSA and Ed25519. */
const SESSIONS_PER_HOST = 3;

interface Context {
  opts: Options;
  tables: Table[];
  goals: Goal[];
  raw: Record<string, unknown>;
  lab?: BenchLab;
  slow?: SlowSmtp;
  counter?: DnsCounter;
  ns?: ResolverNamespace;
}

function emit(ctx: Context, table: Table): void {
  ctx.tables.push(table);
  process.stdout.write(`\n${markdown(table)}`);
}

/** The checker's DNSSEC flags against the lab: its root's DS for validate, nothing to read for resolver. */
function dnssecArgs(ctx: Context): string[] {
  return ctx.opts.dnssec === 'validate' ? ['--trust-anchor', ctx.lab!.trustAnchorFile] : ['--dnssec', 'resolver'];
}

function dist(ctx: Context, label: string, args: string[], extra: Partial<Command> = {}): Command {
  return { label, file: ctx.opts.dist, args, quietStderr: true, ...extra };
}

function jsonVerified(out: string): string | null {
  try {
    const j = JSON.parse(out) as { dane_state?: string };
    return j.dane_state === 'verified' ? null : `dane_state ${j.dane_state}, not verified`;
  } catch {
    return 'output is not JSON';
  }
}

// --- 1. start-up --------------------------------------------------------------

async function startup(ctx: Context): Promise<void> {
  const runs = ctx.opts.quick ? 5 : 20;
  const emptyDir = mkdtempSync(join(tmpdir(), 'smtp-dane-bench-empty-'));
  const empty = join(emptyDir, 'empty.mjs');
  writeFileSync(empty, '');
  const versionOk = (out: string): string | null => (/^smtp-dane-verify \d/.test(out) ? null : 'no version line');
  const cmds: Command[] = [
    { label: 'node -e 0', file: 'node', args: ['-e', '0'] },
    { label: 'node empty.mjs (an empty ES module)', file: 'node', args: [empty] },
    dist(ctx, 'smtp-dane-verify --version', ['--version'], { okCodes: [3], expect: versionOk }),
    dist(ctx, 'smtp-dane-verify --help', ['--help'], { okCodes: [3], expect: (out) => (/domain/.test(out) ? null : 'no help text') }),
  ];
  const standalone = join(ROOT, 'dist/smtp-dane-verify-linux-x64');
  if (existsSync(standalone)) cmds.push({ label: 'smtp-dane-verify-linux-x64 --version (SEA build, if present)', file: standalone, args: ['--version'], okCodes: [3], expect: versionOk });
  log(`start-up: ${cmds.length} commands x ${runs} interleaved runs`);
  try {
    const samples = await interleaved(cmds, runs, 2);
    const base = median(samples[0]!);
    const rows = cmds.map((c, i) => {
      const m = median(samples[i]!);
      return [c.label, ms(m), ratio(m / base)];
    });
    ctx.raw['startup'] = Object.fromEntries(cmds.map((c, i) => [c.label, samples[i]]));
    emit(ctx, {
      title: '1. Start-up',
      note: `Wall time of the whole process (spawn to exit), median of ${runs} interleaved runs after 2 warm-up rounds. For reference: what a monitoring system pays is a check (table 2).`,
      columns: ['command', 'median ms', 'ratio to node -e 0'],
      rows,
    });
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

// --- 2. a check, as a monitoring system runs it ---------------------------------

/**
 * bench/node-floor.cjs for `host mx1.good.test`: Node doing the check's network I/O (its DNS
 * questions, its TLS sessions) and nothing else. What a check costs above it is ours.
 */
function nodeFloor(ctx: Context): Command {
  const mx1 = scenario('good.test').hosts.find((h) => h.name === 'mx1.good.test')!;
  const chain = ctx.opts.dnssec === 'validate' ? ['.:DNSKEY', 'test:DNSKEY,DS', 'good.test:DNSKEY,DS'] : [];
  return {
    label: 'node bench/node-floor.cjs: only the I/O of that host check (its DNS questions and TLS sessions, nothing parsed or judged)',
    file: 'node',
    args: [join(ROOT, 'bench/node-floor.cjs'), ctx.lab!.resolver, mx1.addresses.join(','), 'mx1.good.test:A,AAAA', '_25._tcp.mx1.good.test:TLSA', ...chain],
    expect: (out) => (/^floor: \d+ questions, 6 sessions/.test(out) ? null : `the floor did not hold its 6 sessions: ${out.trim()}`),
  };
}

/** The goals of issue 15, against `node -e 0` measured in the same rounds. */
const CHECK_GOALS = { hostWall: 1.5, hostCpu: 1.5, hostRss: 1.25, eightMxRss: 1.35 };

async function check(ctx: Context): Promise<void> {
  const runs = ctx.opts.quick ? 3 : 9;
  // What an admin installs: the one file, copied alone into a directory with no package.json
  // above it (Node reads it as CommonJS). If the copy did not run alone, every row below fails.
  const pluginDir = mkdtempSync(join(tmpdir(), 'smtp-dane-bench-plugins-'));
  const plugin = join(pluginDir, 'smtp-dane-verify');
  copyFileSync(ctx.opts.dist, plugin);
  const args = ['--resolver', ctx.lab!.resolver, ...dnssecArgs(ctx), '-t', '30'];
  const ok = (out: string): string | null => (/^SMTP DANE OK/.test(out) ? null : 'check did not say OK');
  const ours = (label: string, a: string[], extra: Partial<Command> = {}): Command => ({ label, file: plugin, args: a, quietStderr: true, expect: ok, ...extra });
  const host = ours('smtp-dane-verify host mx1.good.test', ['host', 'mx1.good.test', ...args]);
  const cmds: Command[] = [
    { label: 'node -e 0', file: 'node', args: ['-e', '0'] },
    host,
    ours('smtp-dane-verify domain good.test (2 MX, 3 addresses)', ['domain', 'good.test', ...args]),
    ours('smtp-dane-verify domain multi.test (8 MX)', ['domain', 'multi.test', ...args]),
    { ...host, label: 'the same host check from dist/ (under the repository\'s "type": "module": an ES module)', file: ctx.opts.dist },
    ours('smtp-dane-verify --version (answers before any work; reference only)', ['--version'], { okCodes: [3], expect: undefined }),
    nodeFloor(ctx),
  ];
  if (ctx.opts.baseline) {
    // The other build, also copied alone (under its own name: the directory holds ours).
    const other = join(pluginDir, 'baseline');
    copyFileSync(ctx.opts.baseline, other);
    cmds.push({ ...host, label: `baseline ${ctx.opts.baseline}: host mx1.good.test`, file: other });
    cmds.push({ ...cmds[3]!, label: `baseline ${ctx.opts.baseline}: domain multi.test (8 MX)`, file: other });
  }
  const standalone = join(ROOT, 'dist/smtp-dane-verify-linux-x64');
  if (existsSync(standalone)) cmds.push({ ...host, label: 'the same host check by the standalone binary (SEA: its own node, V8 code cache; if built)', file: standalone });
  const peers = peersAvailable();
  if (peers.unshare && peers.posttlsFinger) {
    cmds.push(posttlsFinger(ctx.ns!, '[mx1.good.test]'));
    cmds.push(ctx.ns!.wrap('(with-lab-resolver.sh /bin/true: the namespace alone, in the posttls-finger figures)', '/bin/true', []));
  } else log('check: posttls-finger or unshare missing: the peer row is skipped');
  log(`check: ${cmds.length} commands x ${runs} interleaved runs (wall, CPU, peak RSS)`);
  try {
    const samples = await interleavedUsage(cmds, runs, 1);
    const med = (i: number, key: keyof Usage): number => median(samples[i]!.map((u) => u[key]));
    const [wall0, cpu0, rss0] = [med(0, 'wallMs'), med(0, 'cpuMs'), med(0, 'rssKiB')];
    const rows = cmds.map((c, i) => {
      const [w, cpu, rss] = [med(i, 'wallMs'), med(i, 'cpuMs'), med(i, 'rssKiB')];
      return [c.label, ms(w), ratio(w / wall0), ms(cpu), ratio(cpu / cpu0), mib(rss), ratio(rss / rss0)];
    });
    const goal = (name: string, i: number, key: keyof Usage, base: number, target: number): void => {
      const r = med(i, key) / base;
      ctx.goals.push({ name, target: `≤ ${target}x`, measured: ratio(r), met: r <= target, kind: 'timing' });
    };
    goal('verified host check, wall vs node -e 0', 1, 'wallMs', wall0, CHECK_GOALS.hostWall);
    goal('verified host check, CPU user+sys vs node -e 0', 1, 'cpuMs', cpu0, CHECK_GOALS.hostCpu);
    goal('verified host check, peak RSS vs node -e 0', 1, 'rssKiB', rss0, CHECK_GOALS.hostRss);
    goal('domain of 8 MX hosts, peak RSS vs node -e 0', 3, 'rssKiB', rss0, CHECK_GOALS.eightMxRss);
    ctx.goals.push({ name: 'files a plugin install needs', target: '1', measured: '1 (every row above ran from a lone copy)', met: true, kind: 'count' });
    ctx.raw['check'] = Object.fromEntries(cmds.map((c, i) => [c.label, samples[i]]));
    emit(ctx, {
      title: '2. A check, as a monitoring system runs it',
      note:
        `Each command spawned as a plugin is (argument array), wrapped in GNU time (peak RSS) and bash (wall time around the command, CPU user+sys from \`times\`); median of ${runs} interleaved rounds after one warm-up. ` +
        `Ours: dist/smtp-dane-verify copied alone into an empty directory, --dnssec ${ctx.opts.dnssec} through the lab resolver; every check verifies. ` +
        'posttls-finger: the same host, DANE, through the lab resolver in a private mount namespace (its wrapper is the last row).',
      columns: ['command', 'wall ms', 'ratio', 'CPU ms', 'ratio', 'peak RSS MiB', 'ratio'],
      rows,
    });
  } finally {
    rmSync(pluginDir, { recursive: true, force: true });
  }
}

// --- 3. fan-out ---------------------------------------------------------------

async function fanout(ctx: Context): Promise<void> {
  const { lab, slow, ns } = ctx;
  const resolverArgs = ['--resolver', lab!.resolver, ...dnssecArgs(ctx), '-t', '30', '--format', 'json'];
  const runs = ctx.opts.quick ? 2 : 5;
  const host = dist(ctx, 'smtp-dane-verify host mx1.slow.test', ['host', SLOW_HOSTS[0]!.name, ...resolverArgs], { expect: jsonVerified });
  const domain = dist(ctx, 'smtp-dane-verify domain slow.test', ['domain', 'slow.test', ...resolverArgs], { expect: jsonVerified });

  // One domain check = per MX host, all of them at once: the default session, then one per other
  // key algorithm (L1 is ECDSA: RSA and Ed25519 asked for alone, side by side).
  slow!.reset();
  const probe = await runChecked(domain);
  const perHost = slow!.sessions();
  const asExpected = Object.values(perHost).every((n) => n === SESSIONS_PER_HOST) && slow!.total() === SLOW_HOSTS.length * SESSIONS_PER_HOST;
  if (!asExpected) throw new Error(`one domain check should open ${SESSIONS_PER_HOST} SMTP sessions per MX host, got ${JSON.stringify(perHost)}`);
  const checkMs = (out: string): number => (JSON.parse(out) as { run: { duration_ms: number } }).run.duration_ms;
  log(`fan-out: ours, ${runs} interleaved runs of host and domain (one domain check took ${checkMs(probe.stdout)} ms inside)`);

  const inside: number[][] = [[], []];
  const wall: number[][] = [[], []];
  for (let round = 0; round < runs + 1; round++) {
    for (const [i, cmd] of [host, domain].entries()) {
      const r = await runChecked(cmd);
      if (round === 0) continue; // warm-up
      wall[i]!.push(r.ms);
      inside[i]!.push(checkMs(r.stdout));
    }
  }
  const [hostMs, domainMs] = wall.map(median) as [number, number];
  const [hostIn, domainIn] = inside.map(median) as [number, number];
  const fan = domainMs / hostMs;
  ctx.goals.push({ name: 'fan-out: domain of 8 slow MX hosts vs one such host', target: '≤ 1.5x', measured: ratio(fan), met: fan <= 1.5, kind: 'timing' });

  const rows: (string | number | null)[][] = [
    [host.label, 1, ms(hostMs), ms(hostIn), '1.00x', '', '', ''],
    [domain.label, 8, ms(domainMs), ms(domainIn), ratio(fan), '1.00x', '≤ 1.5x', verdict(fan <= 1.5)],
  ];
  const raw: Record<string, unknown> = { ours: { hostMs: wall[0], domainMs: wall[1], hostInsideMs: inside[0], domainInsideMs: inside[1] } };

  const available = peersAvailable();
  if (!available.unshare) log('fan-out: unshare missing (util-linux): peers skipped');
  // Peers: each host on its own, one after the other, as a monitoring system schedules them.
  const loops = async (label: string, make: (h: string) => Command, rounds: number): Promise<void> => {
    const totals: number[] = [];
    const singles: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let total = 0;
      for (const h of SLOW_HOSTS) {
        const r = await runChecked(make(h.name));
        total += r.ms;
        singles.push(r.ms);
      }
      totals.push(total);
    }
    const single = median(singles);
    const loop = median(totals);
    rows.push([`${label} (one host)`, 1, ms(single), '', ratio(single / hostMs), ratio(single / domainMs), '', '']);
    rows.push([`${label}, 8 hosts one after the other`, 8, ms(loop), '', ratio(loop / hostMs), ratio(loop / domainMs), '', '']);
    raw[label] = { perHostMs: singles, loopMs: totals };
  };
  if (available.unshare && available.posttlsFinger) {
    const rounds = ctx.opts.quick ? 1 : 3;
    log(`fan-out: posttls-finger, ${rounds} x 8 hosts, and the domain`);
    await loops('posttls-finger -l dane [mxN.slow.test]', (h) => posttlsFinger(ns!, `[${h}]`), rounds);
    slow!.reset();
    const dom = await interleaved([posttlsFinger(ns!, 'slow.test')], rounds, 0);
    const reached = slow!.total() / rounds;
    const d = median(dom[0]!);
    rows.push([`posttls-finger -l dane slow.test (stops at the first host that verifies: reached ${reached})`, reached, ms(d), '', ratio(d / hostMs), ratio(d / domainMs), '', '']);
    raw['posttls-finger slow.test'] = dom[0];
  } else log('fan-out: posttls-finger missing (postfix): skipped');
  if (available.unshare && available.checkSslCert) {
    // About 2 s a host: one round of 8 keeps the whole bench near 2-3 minutes.
    const rounds = 1;
    log(`fan-out: check_ssl_cert, ${rounds} x 8 hosts (about 2 s each)`);
    await loops('check_ssl_cert --dane -H mxN.slow.test', (h) => checkSslCert(ns!, h), rounds);
  } else log('fan-out: check_ssl_cert missing (.ci/install-bench.sh): skipped');
  if (available.unshare) {
    const nsOnly = await interleaved([ns!.wrap('namespace only', '/bin/true', [])], 10, 1);
    rows.push(['(with-lab-resolver.sh /bin/true: the namespace alone, in every peer figure)', 0, ms(median(nsOnly[0]!)), '', '', '', '', '']);
  }
  ctx.raw['fanout'] = raw;
  emit(ctx, {
    title: '3. Fan-out',
    note:
      `slow.test: 8 MX hosts whose SMTP banners arrive ${BANNER_DELAY_MS} ms after the connect (bench fixtures on 127.0.25.61-68 in front of the lab's Postfix), ` +
      `each with a validated A and TLSA 3 1 1; every run below verifies. Ours: median of ${runs} interleaved runs; "inside" is the check's own run.duration_ms. ` +
      'Peers through the lab resolver in a private mount namespace; OCSP, CRL, SCT and --require-dnssec off.',
    columns: ['command', 'hosts', 'median ms', 'inside ms', 'ratio to our host check', 'ratio to our domain check', 'goal', 'verdict'],
    rows,
  });
}

// --- 3b. a server with one certificate per key algorithm ---------------------------

/** Issue 16: a dual-certificate server may cost a check no more than this much more than a single-certificate one. */
const DUAL_GOAL = 1.3;

async function algos(ctx: Context): Promise<void> {
  const args = ['--resolver', ctx.lab!.resolver, ...dnssecArgs(ctx), '-t', '30', '--format', 'json'];
  const runs = ctx.opts.quick ? 5 : 15;
  // Both: one address of the lab's Postfix, a secure TLSA RRset, so three sessions each (the default, two asked for alone).
  const single = dist(ctx, 'host mx.mixedtlsa.test (ECDSA only: RSA and Ed25519 not held)', ['host', 'mx.mixedtlsa.test', ...args], { expect: jsonVerified });
  const dual = dist(ctx, 'host mx.dualalgo.test (RSA and ECDSA: both presented and matched)', ['host', 'mx.dualalgo.test', ...args], { expect: jsonVerified });
  const wall: number[][] = [[], []];
  const inside: number[][] = [[], []];
  for (let round = 0; round < runs + 1; round++) {
    for (const [i, cmd] of [single, dual].entries()) {
      const r = await runChecked(cmd);
      if (round === 0) continue; // warm-up
      wall[i]!.push(r.ms);
      inside[i]!.push((JSON.parse(r.stdout) as { run: { duration_ms: number } }).run.duration_ms);
    }
  }
  const [singleMs, dualMs] = wall.map(median) as [number, number];
  const [singleIn, dualIn] = inside.map(median) as [number, number];
  const r = dualMs / singleMs;
  ctx.goals.push({ name: 'a dual-certificate server vs a single-certificate one (host check, wall)', target: `≤ ${DUAL_GOAL}x`, measured: ratio(r), met: r <= DUAL_GOAL, kind: 'timing' });
  ctx.raw['algos'] = { singleMs: wall[0], dualMs: wall[1], singleInsideMs: inside[0], dualInsideMs: inside[1] };
  emit(ctx, {
    title: '3b. One certificate per key algorithm',
    note:
      `Host checks against the lab's Postfix, median of ${runs} interleaved runs after a warm-up; "inside" is the check's own run.duration_ms. ` +
      'Each check makes the default session, then asks for the other key algorithms in two sessions side by side (at most two at once per address).',
    columns: ['command', 'median ms', 'inside ms', 'ratio (wall)', 'ratio (inside)', 'goal', 'verdict'],
    rows: [
      [single.label, ms(singleMs), ms(singleIn), '1.00x', '1.00x', '', ''],
      [dual.label, ms(dualMs), ms(dualIn), ratio(r), ratio(dualIn / singleIn), `≤ ${DUAL_GOAL}x`, verdict(r <= DUAL_GOAL)],
    ],
  });
}

// --- 4. DNS economy -------------------------------------------------------------

interface DnsQueries {
  total: number;
  by_type: Record<string, number>;
}

async function dnsEconomy(ctx: Context): Promise<void> {
  const counter = ctx.counter!;
  const domains = ['good.test', 'multi.test', 'slow.test', 'cname.test', 'implicit.test', 'partial.test', 'nullmx.test', 'notlsa.test'];
  const types = ['MX', 'A', 'AAAA', 'TLSA', 'CNAME'];
  log(`dns: ${domains.length} domain checks through the counting forwarder ${counter.address}`);
  const rows: (string | number)[][] = [];
  let allOnce = true;
  for (const d of domains) {
    counter.reset();
    const r = await runOnce(ctx.opts.dist, ['domain', d, '--resolver', counter.address, ...dnssecArgs(ctx), '-t', '30', '--format', 'json']);
    let tool: DnsQueries | null;
    try {
      tool = (JSON.parse(r.stdout) as { run: { dns_queries: DnsQueries | null } }).run.dns_queries;
    } catch {
      throw new Error(`domain ${d}: not JSON (exit ${r.code}): ${r.stdout.slice(0, 500)}${r.stderr.slice(0, 500)}`);
    }
    const wire = byType(counter.queries);
    const wireTotal = Object.values(wire).reduce((a, b) => a + b, 0);
    const repeats = repeatedQuestions(counter.queries);
    const agree = tool !== null && tool.total === wireTotal && types.concat(Object.keys(wire)).every((t) => (tool!.by_type[t] ?? 0) === (wire[t] ?? 0));
    const met = repeats.length === 0 && agree;
    allOnce &&= met;
    const others = Object.entries(wire).filter(([t]) => !types.includes(t));
    rows.push([
      d,
      ...types.map((t) => wire[t] ?? 0),
      others.map(([t, n]) => `${t} ${n}`).join(', '),
      tool ? tool.total : 'n/a',
      wireTotal,
      repeats.length ? repeats.map((q) => `${q.name} ${q.type} x${q.times}`).join(', ') : 'none',
      met ? 'met' : agree ? '**missed**' : '**missed** (run.dns_queries differs from the wire)',
    ]);
    ctx.raw[`dns ${d}`] = { tool, wire: counter.queries.map((q) => ({ ...q })) };
  }
  ctx.goals.push({ name: 'DNS: each (name, type) asked at most once per check', target: 'every domain', measured: allOnce ? 'every domain' : 'see table 4', met: allOnce, kind: 'count' });
  emit(ctx, {
    title: '4. DNS economy',
    note:
      'Questions on the wire per domain check, counted by a forwarder between the checker and the lab resolver (UDP and TCP; a TCP repeat of a truncated answer counts once), ' +
      'held against the checker\'s own `run.dns_queries`.',
    columns: ['domain', ...types, 'other', 'total (run.dns_queries)', 'total (wire)', 'asked twice', 'each once'],
    rows,
  });
}

// --- 5. service ---------------------------------------------------------------

async function service(ctx: Context): Promise<void> {
  if (!(await serveAvailable(ctx.opts.dist))) {
    log('serve: `serve --help` names no --api-key: the service is not built yet, section skipped');
    emit(ctx, { title: '5. Service load (skipped)', note: '`smtp-dane-verify serve` does not exist in this build; the section runs once it does.', columns: ['skipped'], rows: [] });
    return;
  }
  const seconds = ctx.opts.quick ? 1 : 3;
  const connections = 16;
  const n = ctx.opts.quick ? 16 : 64;
  const counter = ctx.counter!;
  const slow = ctx.slow!;
  log('serve: starting the service on 127.0.0.1 (background checks of good.test and multi.test)');
  const svc = await startServe(ctx.opts.dist, ['--nameserver', counter.address, ...dnssecArgs(ctx), '--metrics-domains', 'good.test,multi.test', '--metrics-interval', '3600', '--check-timeout', '20']);
  try {
    const auth = { 'x-apikey': svc.key };
    // /metrics answers from memory; wait until the background checks have filled it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const m = await get(svc.port, '/metrics', auth);
      if (m.status === 200 && /domain="good\.test"/.test(m.body) && /domain="multi\.test"/.test(m.body)) break;
      if (Date.now() > deadline) throw new Error(`/metrics did not show both background domains within 30 s (status ${m.status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`serve: load, ${seconds} s each on /healthz and /metrics, ${connections} connections (${WRK} if present)`);
    const health = await loadTest(svc.port, '/healthz', svc.key, seconds, connections);
    const metrics = await loadTest(svc.port, '/metrics', svc.key, seconds, connections);
    const metricsOk = metrics.errors === 0 && metrics.requests > 0;
    const loadRows = [health, metrics].map((l, i) => [
      i === 0 ? 'GET /healthz (no key, no work: the floor)' : 'GET /metrics (2 domains, 9 MX hosts)',
      l.tool,
      l.requestsPerSecond.toFixed(0),
      ms(l.p50Ms),
      ms(l.p99Ms),
      l.errors,
      ratio(l.requestsPerSecond / health.requestsPerSecond),
    ]);
    ctx.raw['serve load'] = { health, metrics };
    emit(ctx, {
      title: '5a. Service load: /metrics',
      note: `${seconds} s per endpoint, ${connections} keep-alive connections, loopback; /metrics renders the stored results of the background checks (no check runs per scrape).`,
      columns: ['endpoint', 'load generator', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'throughput ratio to /healthz'],
      rows: loadRows,
    });
    if (!metricsOk) ctx.goals.push({ name: 'service: /metrics under load answers without errors', target: '0 errors', measured: String(metrics.errors), met: false, kind: 'count' });

    // N identical requests at once: one check, everyone gets its answer.
    const wave = async (label: string) => {
      slow.reset();
      counter.reset();
      const before = svc.requests.length;
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: n }, () => post(svc.port, '/verify/', auth, JSON.stringify({ domain: 'slow.test' }))));
      const wallMs = performance.now() - started;
      const until = Date.now() + 3000;
      while (svc.requests.length - before < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const logged = svc.requests.slice(before);
      const source = (s: string) => logged.filter((r) => r['source'] === s).length;
      const bodies = new Set(answers.map((a) => a.body.replace(/"(started_at|duration_ms|elapsed_ms)":[^,}]*/g, '')));
      const verified = answers.filter((a) => a.status === 200 && jsonVerified(a.body) === null).length;
      const mx = counter.queries.filter((q) => q.name === 'slow.test' && q.type === 'MX').length;
      return { label, answers, wallMs, run: source('run'), joined: source('joined'), cache: source('cache'), logged: logged.length, bodies: bodies.size, verified, sessions: slow.total(), mx };
    };
    log(`serve: ${n} identical POST /verify/ {"domain":"slow.test"} at once, then again`);
    const first = await wave(`${n} at once, nothing cached`);
    const second = await wave(`${n} at once, again (within --cache-ttl)`);
    const met = first.run === 1 && first.sessions === SLOW_HOSTS.length * SESSIONS_PER_HOST && first.mx === 1 && first.verified === n;
    ctx.goals.push({ name: `service: ${n} identical concurrent /verify/ → checks run`, target: '1', measured: `${first.run} (SMTP sessions ${first.sessions}, MX queries ${first.mx})`, met, kind: 'count' });
    ctx.raw['serve single-flight'] = [first, second].map(({ answers, ...rest }) => ({ ...rest, statuses: answers.map((a) => a.status), ms: answers.map((a) => a.ms) }));
    emit(ctx, {
      title: '5b. Service: identical concurrent requests',
      note:
        `Checks run counted three ways: the access log (\`source\`: run / joined / cache), SMTP sessions at the slow fixtures (${SLOW_HOSTS.length * SESSIONS_PER_HOST} = one check of slow.test: ${SESSIONS_PER_HOST} per host, the default and one per other key algorithm) and MX questions on the wire.`,
      columns: ['wave', 'answers 200 + verified', 'identical bodies', 'checks run (log)', 'joined', 'from cache', 'SMTP sessions', 'MX queries', 'median / max ms', 'goal', 'verdict'],
      rows: [first, second].map((w, i) => [
        w.label,
        `${w.verified}/${n}`,
        w.bodies === 1 ? 'yes' : `${w.bodies} variants`,
        w.run,
        w.joined,
        w.cache,
        w.sessions,
        w.mx,
        `${ms(median(w.answers.map((a) => a.ms)))} / ${ms(Math.max(...w.answers.map((a) => a.ms)))}`,
        i === 0 ? '1 check' : '0 checks',
        verdict(i === 0 ? met : w.run === 0 && w.sessions === 0),
      ]),
    });
    if (svc.stray.length) log(`serve: unexpected output: ${svc.stray.join('').slice(0, 500)}`);
  } finally {
    const code = await svc.stop();
    if (code !== 0) log(`serve: exit ${code} after SIGTERM (expected 0)`);
  }
}

// --- main ---------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!existsSync(opts.dist)) throw new Error(`${opts.dist} does not exist: run npm run build first`);
  const ctx: Context = { opts, tables: [], goals: [], raw: {} };
  const started = Date.now();
  process.stdout.write(
    `## smtp-dane-verify benchmark${opts.quick ? ' (--quick: fewer runs, figures are rough)' : ''}\n\n` +
      `node ${process.version}, ${opts.dist.replace(ROOT, '')}, --dnssec ${opts.dnssec}, ${new Date().toISOString()}\n`,
  );
  let failed = false;
  const attempt = async (name: Section, fn: (c: Context) => Promise<void>): Promise<void> => {
    if (!opts.only.has(name)) return;
    try {
      await fn(ctx);
    } catch (error) {
      failed = true;
      log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      emit(ctx, { title: `${name} (failed)`, note: String(error instanceof Error ? error.message : error).split('\n')[0], columns: ['failed'], rows: [] });
    }
  };
  try {
    // Start-up first: it needs no lab, and the machine is quietest before the daemons start.
    await attempt('startup', startup);
    if (['check', 'fanout', 'algos', 'dns', 'serve'].some((s) => opts.only.has(s as Section))) {
      if (process.getuid?.() !== 0) throw new Error('the lab needs root (ports 25 and 53 on loopback) and the peers a mount namespace: run as root, or --only startup');
      ctx.lab = await benchLab(log);
      log(`lab: ${ctx.lab.origin}`);
      ctx.slow = await startSlowSmtp({ addresses: SLOW_HOSTS.map((h) => h.address), delayMs: BANNER_DELAY_MS, upstream: LAB_POSTFIX });
      const [host, port] = ctx.lab.resolver.split(':');
      ctx.counter = await startDnsCounter({ host: host!, port: Number(port ?? 53) });
      ctx.ns = resolverNamespace(ctx.lab.resolver);
      await attempt('check', check);
      await attempt('fanout', fanout);
      await attempt('algos', algos);
      await attempt('dns', dnsEconomy);
      await attempt('serve', service);
    }
  } finally {
    ctx.ns?.remove();
    await ctx.counter?.close();
    await ctx.slow?.close();
    await ctx.lab?.stop();
  }
  emit(ctx, goalsTable(ctx.goals));
  if (stderrNotes.size) {
    emit(ctx, {
      title: 'Notes: our runs wrote to stderr',
      note: 'A monitoring system shows stderr with the check output (Icinga 2 folds it in): these lines should not exist.',
      columns: ['first line', 'first seen with', 'runs'],
      rows: [...stderrNotes].map(([line, n]) => [line, n.label, n.times]),
    });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`\n${seconds} s in all. Reproduce: \`npm run bench${opts.quick ? ' -- --quick' : ''}\` (as root, after .ci/install-lab.sh and .ci/install-bench.sh).\n`);
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ options: { ...opts, only: [...opts.only] }, goals: ctx.goals, tables: ctx.tables, raw: ctx.raw }, null, 1)}\n`);
  const countMissed = ctx.goals.filter((g) => g.kind === 'count' && g.met === false);
  if (countMissed.length) log(`count goals missed: ${countMissed.map((g) => g.name).join('; ')}`);
  return failed || countMissed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
