// Real Icinga 2 and Nagios 4 for the e2e tests: config validation and daemons
// that run the shipped templates. Everything lives in one mkdtemp directory
// (Icinga's directories are redirected with -DConfiguration.*), every daemon
// runs in the foreground in its own process group, listens on 127.0.0.1 only,
// and is stopped by PID. No shell anywhere: execFile/spawn with argument arrays.
import { execFile } from 'node:child_process';
import { Foreground } from './foreground-process.ts';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ICINGA2 = '/usr/sbin/icinga2';
export const NAGIOS4 = '/usr/sbin/nagios4';
/** The plugin as the lead builds it. */
export const PLUGIN = join(REPO, 'dist/smtp-dane-verify');

export const ICINGA2_TEMPLATES = [
  join(REPO, 'templates/icinga2/smtp-dane.conf'),
  join(REPO, 'templates/icinga2/smtp-dane-services.conf'),
];
export const NAGIOS_TEMPLATES = [join(REPO, 'templates/nagios/smtp-dane.cfg'), join(REPO, 'templates/nagios/smtp-dane-example.cfg')];

/** Why the daemon tests cannot run here, or null when they can. */
export function missingDaemon(binary: string, pkg: string): string | null {
  return existsSync(binary) ? null : `${binary} is not installed (run .ci/install-monitoring.sh for ${pkg})`;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runTool(file: string, args: readonly string[], timeoutMs = 60_000): Promise<ToolResult> {
  return new Promise((done) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      // A tool that could not start or was killed says so instead of failing with no output.
      const why = error && code === -1 ? `\n(${error.message.trim()}; signal ${String(error.signal)})` : '';
      done({ code, stdout: String(stdout), stderr: String(stderr) + why });
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Writes a copy of `template` (same file name) changed by `breakIt` into a scratch directory,
 * hands its path to `check` (which runs the daemon's config check on it) and removes the directory.
 */
export async function withBrokenCopy<T>(template: string, breakIt: (text: string) => string, check: (file: string) => Promise<T>): Promise<T> {
  const dir = await tempDir('broken-template-');
  try {
    const original = await readFile(template, 'utf8');
    const broken = breakIt(original);
    if (broken === original) throw new Error(`the break must change ${template}`);
    const file = join(dir, basename(template));
    await writeFile(file, broken);
    return await check(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A plugin directory holding `smtp-dane-verify` as a link to `executable`. */
export async function pluginDir(root: string, executable: string): Promise<string> {
  const dir = join(root, 'plugins');
  await mkdir(dir, { recursive: true });
  await symlink(executable, join(dir, 'smtp-dane-verify'));
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls `probe` until it returns a value; a probe that throws counts as not yet. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, why: () => string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${why()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// --------------------------------------------------------------------------
// Icinga 2

export interface Icinga2Dirs {
  root: string;
  etc: string;
  data: string;
  log: string;
  cache: string;
  run: string;
  spool: string;
}

export async function icinga2Dirs(root: string): Promise<Icinga2Dirs> {
  const d = {
    root,
    etc: join(root, 'etc'),
    data: join(root, 'data'),
    log: join(root, 'log'),
    cache: join(root, 'cache'),
    run: join(root, 'run'),
    spool: join(root, 'spool'),
  };
  for (const dir of [d.etc, d.data, d.log, d.cache, d.run, d.spool]) await mkdir(dir, { recursive: true });
  return d;
}

/** Every directory Icinga would use, redirected; no privilege drop (the tests run as whoever they are). */
export function icinga2Defines(d: Icinga2Dirs): string[] {
  const user = process.getuid?.() === 0 ? 'root' : (process.env['USER'] ?? 'root');
  return [
    '-DConfiguration.IncludeConfDir=/usr/share/icinga2/include',
    `-DConfiguration.ConfigDir=${d.etc}`,
    `-DConfiguration.DataDir=${d.data}`,
    `-DConfiguration.LogDir=${d.log}`,
    `-DConfiguration.CacheDir=${d.cache}`,
    `-DConfiguration.InitRunDir=${d.run}`,
    `-DConfiguration.SpoolDir=${d.spool}`,
    `-DConfiguration.RunAsUser=${user}`,
    `-DConfiguration.RunAsGroup=${user}`,
  ];
}

/** Icinga DSL string literal. */
export function icingaString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The main config: the ITL, PluginContribDir, the given files, then `body`. */
export function icinga2MainConfig(opts: { pluginDir: string; includes: readonly string[]; body?: string }): string {
  return [
    `const PluginContribDir = ${icingaString(opts.pluginDir)}`,
    'include <itl>',
    ...opts.includes.map((f) => `include ${icingaString(f)}`),
    opts.body ?? '',
    '',
  ].join('\n');
}

/** `icinga2 daemon -C` on a config written into a fresh temp dir (removed afterwards). */
export async function icinga2Validate(opts: { includes: readonly string[]; body?: string }): Promise<ToolResult> {
  const root = await tempDir('icinga2-validate-');
  try {
    const d = await icinga2Dirs(root);
    const plugins = join(root, 'plugins');
    const config = join(d.etc, 'icinga2.conf');
    await writeFile(config, icinga2MainConfig({ pluginDir: plugins, includes: opts.includes, body: opts.body }));
    return await runTool(ICINGA2, ['daemon', '-C', '-c', config, ...icinga2Defines(d)]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export interface IcingaCheckResult {
  exit_status: number;
  state: number;
  output: string;
  performance_data: string[];
  command: string[];
  execution_start: number;
  execution_end: number;
}

export interface Icinga2Daemon {
  dirs: Icinga2Dirs;
  apiPort: number;
  /** GET/POST against the REST API on 127.0.0.1 as the test's ApiUser. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Runs every service check now (the shipped rules check hourly). */
  checkNow(): Promise<void>;
  /** Waits until each named service has a check result newer than `since` (seconds). */
  results(names: readonly string[], since: number, timeoutMs: number): Promise<Record<string, IcingaCheckResult>>;
  output(): string;
  stop(): Promise<void>;
}

const API_USER = 'e2e';

/** Starts `icinga2 daemon` in the foreground with a checker, a FileLogger and the REST API on 127.0.0.1. */
export async function startIcinga2(opts: { root: string; pluginDir: string; includes: readonly string[]; body: string }): Promise<Icinga2Daemon> {
  const dirs = await icinga2Dirs(opts.root);
  const apiPort = await freePort();
  const password = `pw-${process.pid}-${Date.now()}`;
  const node = 'e2e.localdomain';
  const certs = join(dirs.data, 'certs');
  await mkdir(certs, { recursive: true });
  const pki = await runTool(ICINGA2, [
    'pki',
    'new-cert',
    '--cn',
    node,
    '--key',
    join(certs, `${node}.key`),
    '--cert',
    join(certs, `${node}.crt`),
    ...icinga2Defines(dirs),
    // A 4096-bit RSA key: on a loaded machine its search for primes can take well over a minute.
  ], 300_000);
  if (pki.code !== 0) throw new Error(`icinga2 pki new-cert failed (exit ${pki.code}): ${pki.stdout}${pki.stderr}`);
  // Self-signed: the node's own certificate is its CA.
  await writeFile(join(certs, 'ca.crt'), await readFile(join(certs, `${node}.crt`)));

  const body = `
const NodeName = ${icingaString(node)}
const ZoneName = NodeName
object Endpoint NodeName {}
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = ${apiPort}
}
object ApiUser ${icingaString(API_USER)} {
  password = ${icingaString(password)}
  permissions = [ "*" ]
}
object CheckerComponent "checker" {}
object FileLogger "main-log" {
  path = LogDir + "/icinga2.log"
  severity = "information"
}
${opts.body}
`;
  const config = join(dirs.etc, 'icinga2.conf');
  await writeFile(config, icinga2MainConfig({ pluginDir: opts.pluginDir, includes: opts.includes, body }));
  const daemon = new Foreground('icinga2', ICINGA2, ['daemon', '-c', config, ...icinga2Defines(dirs)]);

  const api = (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    new Promise<{ status: number; body: any }>((done, fail) => {
      const data = payload === undefined ? undefined : JSON.stringify(payload);
      const req = request(
        {
          host: '127.0.0.1',
          port: apiPort,
          method,
          path,
          auth: `${API_USER}:${password}`,
          // The node's self-signed certificate, on loopback: nothing to verify against.
          rejectUnauthorized: false,
          headers: { Accept: 'application/json', ...(data ? { 'Content-Type': 'application/json' } : {}) },
          timeout: 10_000,
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            try {
              done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
            } catch (e) {
              fail(e as Error);
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('API request timed out')));
      req.on('error', fail);
      req.end(data);
    });

  const why = () => `icinga2 output:\n${daemon.output}`;
  try {
    await waitFor('the Icinga 2 API', 30_000, async () => {
      if (!daemon.running) throw new Error('exited');
      const r = await api('GET', '/v1/status/IcingaApplication');
      return r.status === 200 ? true : null;
    }, why);
  } catch (e) {
    await daemon.stop();
    throw new Error(`Icinga 2 did not start: ${(e as Error).message}\n${why()}`);
  }

  return {
    dirs,
    apiPort,
    api,
    output: () => daemon.output,
    async checkNow() {
      const r = await api('POST', '/v1/actions/reschedule-check', { type: 'Service', filter: 'true', force: true });
      if (r.status !== 200) throw new Error(`reschedule-check: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    },
    async results(names, since, timeoutMs) {
      return waitFor(
        `check results of ${names.join(', ')}`,
        timeoutMs,
        async () => {
          const r = await api('GET', '/v1/objects/services?attrs=last_check_result');
          const found: Record<string, IcingaCheckResult> = {};
          for (const s of r.body?.results ?? []) {
            const cr = s.attrs?.last_check_result;
            if (cr && cr.execution_end >= since) found[s.name] = cr;
          }
          return names.every((n) => found[n]) ? found : null;
        },
        why,
      );
    },
    stop: () => daemon.stop(),
  };
}

// --------------------------------------------------------------------------
// Nagios 4

/** A minimal nagios.cfg: Debian's sample templates/contacts/timeperiods, the given object files, all state in `root`. */
export function nagiosMainConfig(root: string, objectFiles: readonly string[], extra: readonly string[] = []): string {
  const user = process.getuid?.() === 0 ? 'root' : (process.env['USER'] ?? 'nagios');
  return [
    `log_file=${join(root, 'nagios.log')}`,
    'cfg_file=/etc/nagios4/objects/commands.cfg',
    'cfg_file=/etc/nagios4/objects/contacts.cfg',
    'cfg_file=/etc/nagios4/objects/timeperiods.cfg',
    'cfg_file=/etc/nagios4/objects/templates.cfg',
    ...objectFiles.map((f) => `cfg_file=${f}`),
    `resource_file=${join(root, 'resource.cfg')}`,
    `object_cache_file=${join(root, 'objects.cache')}`,
    `precached_object_file=${join(root, 'objects.precache')}`,
    `status_file=${join(root, 'status.dat')}`,
    `lock_file=${join(root, 'nagios.pid')}`,
    `temp_file=${join(root, 'nagios.tmp')}`,
    `temp_path=${root}`,
    `check_result_path=${join(root, 'checkresults')}`,
    `query_socket=${join(root, 'nagios.qh')}`,
    `nagios_user=${user}`,
    `nagios_group=${user}`,
    'check_external_commands=0',
    'use_syslog=0',
    'retain_state_information=0',
    'use_retained_program_state=0',
    'use_retained_scheduling_info=0',
    'enable_notifications=0',
    'enable_flap_detection=0',
    'illegal_macro_output_chars=`~$&|\'"<>',
    ...extra,
    '',
  ].join('\n');
}

async function nagiosRoot(root: string, objectFiles: readonly string[], plugins: string, extra: readonly string[] = []): Promise<string> {
  await mkdir(join(root, 'checkresults'), { recursive: true });
  await writeFile(join(root, 'resource.cfg'), `$USER1$=${plugins}\n`);
  const cfg = join(root, 'nagios.cfg');
  await writeFile(cfg, nagiosMainConfig(root, objectFiles, extra));
  return cfg;
}

/** `nagios4 -v` on a fresh main config with the given object files (temp dir removed afterwards). */
export async function nagios4Verify(objectFiles: readonly string[]): Promise<ToolResult> {
  const root = await tempDir('nagios4-verify-');
  try {
    const cfg = await nagiosRoot(root, objectFiles, join(root, 'plugins'));
    return await runTool(NAGIOS4, ['-v', cfg]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export interface StatusBlock {
  type: string;
  fields: Record<string, string>;
}

/** Parses Nagios' status.dat: `type {` ... `key=value` ... `}` blocks. */
export function parseStatusDat(text: string): StatusBlock[] {
  const blocks: StatusBlock[] = [];
  let current: StatusBlock | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const open = /^(\w+)\s*\{$/.exec(line);
    if (open) current = { type: open[1]!, fields: {} };
    else if (line === '}' && current) {
      blocks.push(current);
      current = null;
    } else if (current) {
      const eq = line.indexOf('=');
      if (eq > 0) current.fields[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return blocks;
}

export interface NagiosServiceStatus {
  current_state: number;
  plugin_output: string;
  /** With real line breaks (status.dat stores them as \n). */
  long_plugin_output: string;
  performance_data: string;
  fields: Record<string, string>;
}

export interface Nagios4Daemon {
  root: string;
  /** Waits until each named service (service_description) has been checked. */
  services(names: readonly string[], timeoutMs: number): Promise<Record<string, NagiosServiceStatus>>;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `nagios4` in the foreground; checks run at once and status.dat is written every second. */
export async function startNagios4(opts: {
  root: string;
  pluginDir: string;
  objectFiles: readonly string[];
  /** More nagios.cfg lines, e.g. max_concurrent_checks=8. */
  extra?: readonly string[];
}): Promise<Nagios4Daemon> {
  const cfg = await nagiosRoot(opts.root, opts.objectFiles, opts.pluginDir, [
    'interval_length=1', // check_interval and retry_interval in seconds
    'service_inter_check_delay_method=n',
    'host_inter_check_delay_method=n',
    'max_service_check_spread=1',
    'max_host_check_spread=1',
    'status_update_interval=1',
    'check_result_reaper_frequency=1',
    'service_check_timeout=60',
    ...(opts.extra ?? []),
  ]);
  const daemon = new Foreground('nagios4', NAGIOS4, [cfg]);
  const statusFile = join(opts.root, 'status.dat');
  const why = async () => {
    const log = await readFile(join(opts.root, 'nagios.log'), 'utf8').catch(() => '');
    return `nagios4 output:\n${daemon.output}\nnagios.log:\n${log.slice(-5000)}`;
  };
  let lastWhy = '';
  return {
    root: opts.root,
    output: () => daemon.output,
    async services(names, timeoutMs) {
      return waitFor(
        `Nagios results of ${names.join(', ')}`,
        timeoutMs,
        async () => {
          lastWhy = await why();
          if (!daemon.running) throw new Error('nagios4 exited');
          const blocks = parseStatusDat(await readFile(statusFile, 'utf8'));
          const found: Record<string, NagiosServiceStatus> = {};
          for (const b of blocks) {
            const f = b.fields;
            if (b.type !== 'servicestatus' || f['has_been_checked'] !== '1') continue;
            found[f['service_description']!] = {
              current_state: Number(f['current_state']),
              plugin_output: f['plugin_output'] ?? '',
              long_plugin_output: (f['long_plugin_output'] ?? '').replace(/\\n/g, '\n'),
              performance_data: f['performance_data'] ?? '',
              fields: f,
            };
          }
          return names.every((n) => found[n]) ? found : null;
        },
        () => lastWhy,
      );
    },
    stop: () => daemon.stop(),
  };
}
