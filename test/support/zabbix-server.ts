// A real, throw-away Zabbix 6.0 for the e2e test: Debian's zabbix_server
// (PostgreSQL flavour), its PHP frontend's JSON-RPC API under PHP's built-in web
// server, and a PostgreSQL 15 cluster of its own. Everything lives in one
// mkdtemp directory, listens on 127.0.0.1 only (free ports), runs in the
// foreground in its own process group and is stopped by PID. No shell anywhere.
//
// The frontend reads its DB settings from a fixed path (/etc/zabbix/zabbix.conf.php);
// instead of writing there, PHP is started with auto_prepend_file that defines
// CConfigFile (a copy of Debian's class) pointing at the temp dir's config.
import { execFile } from 'node:child_process';
import { Foreground } from './foreground-process.ts';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const ZABBIX_SERVER = '/usr/sbin/zabbix_server';
export const ZABBIX_FRONTEND = '/usr/share/zabbix';
export const ZABBIX_SQL = '/usr/share/zabbix-server-pgsql';
export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const PHP = '/usr/bin/php';
export const RUNUSER = '/usr/sbin/runuser';

const CONFIG_CLASS = join(ZABBIX_FRONTEND, 'include/classes/core/CConfigFile.php');

/** Why a real Zabbix cannot run here, or null when it can. */
export function missingZabbix(): string | null {
  const need: [string, string][] = [
    [ZABBIX_SERVER, 'zabbix-server-pgsql'],
    [join(ZABBIX_SQL, 'schema.sql.gz'), 'zabbix-server-pgsql'],
    [join(ZABBIX_FRONTEND, 'api_jsonrpc.php'), 'zabbix-frontend-php'],
    [PHP, 'php8.2-cli'],
    [join(PG_BIN, 'postgres'), 'postgresql-15'],
  ];
  for (const [file, pkg] of need) {
    if (!existsSync(file)) return `${file} is not installed (run .ci/install-zabbix.sh for ${pkg})`;
  }
  // php-pgsql: without it the API cannot reach the database.
  if (!existsSync('/etc/php/8.2/mods-available/pgsql.ini')) return 'php8.2-pgsql is not installed (run .ci/install-zabbix.sh)';
  return null;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: readonly string[], input?: Buffer, timeoutMs = 120_000): Promise<ToolResult> {
  return new Promise((done) => {
    const child = execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input) child.stdin!.end(input);
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

/**
 * A free TCP port on 127.0.0.1 below the kernel's ephemeral range: zabbix_server
 * accepts ListenPort 1024-32767 only, and a port there is not handed out to
 * outgoing connections meanwhile.
 */
async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await bindable(port)) return port;
  }
  throw new Error('no free TCP port in 20000-31999 on 127.0.0.1');
}

function userIds(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

const isRoot = process.getuid?.() === 0;

/** [file, args] that run `file` as `user` when we are root (PostgreSQL refuses root), else as ourselves. */
function as(user: string, file: string, args: readonly string[]): [string, string[]] {
  return isRoot ? [RUNUSER, ['-u', user, '--', file, ...args]] : [file, [...args]];
}

async function ownedBy(dir: string, user: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ids = isRoot ? userIds(user) : null;
  if (ids) await chown(dir, ids.uid, ids.gid);
  return dir;
}

/** Thrown by a waitFor probe when waiting longer cannot help (the daemon exited). */
class GaveUp extends Error {}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, why: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (e) {
      if (e instanceof GaveUp) throw new Error(`${what}: ${e.message}\n${why()}`);
      last = (e as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${last})` : ''}\n${why()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The fields of item.get the tests read. */
export interface ZabbixItem {
  itemid: string;
  hostid: string;
  key_: string;
  lastvalue: string;
  lastclock: string;
  /** 0 supported, 1 unsupported. */
  state: string;
  error: string;
  /** 0 plain, 4 discovered. */
  flags: string;
}

export class ZabbixApiError extends Error {
  constructor(
    readonly method: string,
    readonly error: { code: number; message: string; data: string },
  ) {
    super(`${method}: ${error.message} ${error.data}`);
    this.name = 'ZabbixApiError';
  }
}

/** JSON-RPC 2.0 against api_jsonrpc.php; `login` keeps the session id for the `auth` field (6.0). */
export class ZabbixApi {
  private auth: string | null = null;
  private id = 0;

  constructor(readonly url: string) {}

  call<T = any>(method: string, params: unknown): Promise<T> {
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: ++this.id, ...(this.auth ? { auth: this.auth } : {}) });
    return new Promise((done, fail) => {
      const req = request(
        this.url,
        { method: 'POST', headers: { 'Content-Type': 'application/json-rpc' }, timeout: 60_000 },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            let answer: any;
            try {
              answer = JSON.parse(text);
            } catch {
              fail(new Error(`${method}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 2000)}`));
              return;
            }
            if (answer.error) fail(new ZabbixApiError(method, answer.error));
            else done(answer.result as T);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method}: API request timed out`)));
      req.on('error', fail);
      req.end(body);
    });
  }

  async login(username = 'Admin', password = 'zabbix'): Promise<void> {
    this.auth = await this.call<string>('user.login', { username, password });
  }

  /** configuration.import of a YAML export with the 6.0 rule names. */
  importYaml(source: string): Promise<boolean> {
    const both = { createMissing: true, updateExisting: true };
    return this.call<boolean>('configuration.import', {
      format: 'yaml',
      source,
      rules: {
        groups: { createMissing: true },
        templates: both,
        items: { ...both, deleteMissing: true },
        triggers: { ...both, deleteMissing: true },
        discoveryRules: { ...both, deleteMissing: true },
        valueMaps: { ...both, deleteMissing: true },
      },
    });
  }
}

export interface ZabbixStack {
  root: string;
  api: ZabbixApi;
  /** The server's ExternalScripts directory (holds smtp-dane-verify). */
  externalScripts: string;
  /** Seconds of the server's Timeout setting. */
  timeout: number;
  /** Timings of the start-up steps, for the report. */
  timings: Record<string, number>;
  /** The daemons' recent output, for assertion messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ZabbixOptions {
  /** The executable to expose as ExternalScripts/smtp-dane-verify. */
  executable: string;
  /** The server's Timeout (1–30 on 6.0): how long an external check may run. */
  timeout: number;
  /** Pollers for external checks and for HTTP agent items (default 2 and 1). */
  pollers?: { external: number; http: number };
}

function serverConfig(o: { dir: string; pgPort: number; port: number; scripts: string; timeout: number; pollers: { external: number; http: number } }): string {
  return [
    'LogType=console',
    'DebugLevel=3',
    `PidFile=${join(o.dir, 'zabbix_server.pid')}`,
    `SocketDir=${o.dir}`,
    'DBHost=127.0.0.1',
    `DBPort=${o.pgPort}`,
    'DBName=zabbix',
    'DBUser=zabbix',
    'ListenIP=127.0.0.1',
    `ListenPort=${o.port}`,
    `ExternalScripts=${o.scripts}`,
    `Timeout=${o.timeout}`,
    // Only what the test needs: pollers for the external checks, one of each helper.
    `StartPollers=${o.pollers.external}`,
    'StartPollersUnreachable=1',
    'StartPreprocessors=1',
    'StartLLDProcessors=1',
    'StartDBSyncers=1',
    'StartHistoryPollers=1',
    'StartTrappers=1',
    'StartPingers=0',
    'StartDiscoverers=0',
    `StartHTTPPollers=${o.pollers.http}`,
    'StartTimers=1',
    'StartEscalators=1',
    'StartAlerters=1',
    'StartReportWriters=0',
    'StartODBCPollers=0',
    // New items (from the API and from discovery) reach the pollers within a second.
    'CacheUpdateFrequency=1',
    // The matrix's ~90 hosts with their discovered MX, address and key-algorithm
    // items outgrew 16M (the configuration syncer exits "out of memory").
    'CacheSize=64M',
    'HistoryCacheSize=8M',
    'HistoryIndexCacheSize=4M',
    'TrendCacheSize=4M',
    'ValueCacheSize=8M',
    'HousekeepingFrequency=0',
    'FpingLocation=/usr/bin/fping',
    'StatsAllowedIP=127.0.0.1',
    '',
  ].join('\n');
}

function frontendConfig(pgPort: number, serverPort: number): string {
  return `<?php
// Written by test/support/zabbix-server.ts for one e2e run.
$DB['TYPE'] = 'POSTGRESQL';
$DB['SERVER'] = '127.0.0.1';
$DB['PORT'] = '${pgPort}';
$DB['DATABASE'] = 'zabbix';
$DB['USER'] = 'zabbix';
$DB['PASSWORD'] = '';
$DB['SCHEMA'] = '';
$DB['ENCRYPTION'] = false;
$DB['KEY_FILE'] = '';
$DB['CERT_FILE'] = '';
$DB['CA_FILE'] = '';
$DB['VERIFY_HOST'] = false;
$DB['CIPHER_LIST'] = '';
$DB['VAULT_URL'] = '';
$DB['VAULT_DB_PATH'] = '';
$DB['VAULT_TOKEN'] = '';
$DB['DOUBLE_IEEE754'] = true;
$ZBX_SERVER = '127.0.0.1';
$ZBX_SERVER_PORT = '${serverPort}';
$ZBX_SERVER_NAME = 'e2e';
$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
`;
}

/** Starts PostgreSQL, loads Zabbix's schema, starts zabbix_server and the API; stops what started on failure. */
export async function startZabbix(opts: ZabbixOptions): Promise<ZabbixStack> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (step: string, since: number) => (timings[step] = Date.now() - since);
  const root = await mkdtemp(join(tmpdir(), 'zabbix-e2e-'));
  await chmod(root, 0o755); // postgres and zabbix must reach their directories
  const daemons: Foreground[] = [];
  // A test run killed before its after() hook must not leave daemons behind.
  const reap = () => {
    for (const d of daemons) {
      try {
        if (d.child.pid !== undefined && d.running) process.kill(-d.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.once('exit', reap);
  const output = () => daemons.map((d) => `--- ${d.label}:\n${d.output.slice(-8000)}`).join('\n');
  const stop = async () => {
    // Reverse order: the web server and zabbix_server before their database.
    for (const d of [...daemons].reverse()) await d.stop(d.label === 'postgres' ? 'SIGINT' : 'SIGTERM');
    process.removeListener('exit', reap);
    await rm(root, { recursive: true, force: true });
  };
  try {
    // --- PostgreSQL: own cluster, trust auth, TCP on 127.0.0.1 only, durability off (throw-away).
    let t = Date.now();
    const pgData = await ownedBy(join(root, 'pgdata'), 'postgres');
    const pgSocket = await ownedBy(join(root, 'pgsocket'), 'postgres');
    const init = await run(...as('postgres', join(PG_BIN, 'initdb'), ['-D', pgData, '-U', 'zabbix', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']));
    if (init.code !== 0) throw new Error(`initdb failed: ${init.stdout}${init.stderr}`);
    const pgPort = await freePort();
    const pg = new Foreground(
      'postgres',
      ...as('postgres', join(PG_BIN, 'postgres'), [
        '-D', pgData,
        '-h', '127.0.0.1',
        '-p', String(pgPort),
        '-k', pgSocket,
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'logging_collector=off',
      ]),
    );
    daemons.push(pg);
    const psql = (args: string[], input?: Buffer) =>
      run(join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'zabbix', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], input);
    await waitFor('PostgreSQL', 30_000, async () => {
      if (!pg.running) throw new GaveUp('postgres exited');
      return (await psql(['-d', 'postgres', '-c', 'SELECT 1'])).code === 0 ? true : null;
    }, output);
    mark('postgres', t);

    // --- Zabbix's schema and initial data (Admin/zabbix, Templates/Applications, ...).
    t = Date.now();
    const created = await psql(['-d', 'postgres', '-c', "CREATE DATABASE zabbix ENCODING 'UTF8' TEMPLATE template0"]);
    if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
    const sql = Buffer.concat(
      await Promise.all(['schema.sql.gz', 'images.sql.gz', 'data.sql.gz'].map(async (f) => gunzipSync(await readFile(join(ZABBIX_SQL, f))))),
    );
    const loaded = await psql(['-d', 'zabbix'], sql);
    if (loaded.code !== 0) throw new Error(`loading Zabbix's schema failed: ${loaded.stderr.slice(0, 4000)}`);
    mark('schema', t);

    // --- zabbix_server: drops to the zabbix user when started as root, as in production.
    t = Date.now();
    const serverDir = await ownedBy(join(root, 'server'), 'zabbix');
    const scripts = join(root, 'externalscripts');
    await mkdir(scripts);
    await symlink(opts.executable, join(scripts, 'smtp-dane-verify'));
    const serverPort = await freePort();
    const serverConf = join(serverDir, 'zabbix_server.conf');
    await writeFile(serverConf, serverConfig({ dir: serverDir, pgPort, port: serverPort, scripts, timeout: opts.timeout, pollers: opts.pollers ?? { external: 2, http: 1 } }));
    const server = new Foreground('zabbix_server', ZABBIX_SERVER, ['-f', '-c', serverConf], {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    });
    daemons.push(server);

    // --- The frontend's API under PHP's built-in web server.
    const web = join(root, 'web');
    await mkdir(web);
    const conf = join(web, 'zabbix.conf.php');
    await writeFile(conf, frontendConfig(pgPort, serverPort));
    const configClass = (await readFile(CONFIG_CLASS, 'utf8')).replace(
      /const CONFIG_FILE_PATH = '[^']*';/,
      `const CONFIG_FILE_PATH = ${JSON.stringify(conf).replace(/"/g, "'")};`,
    );
    if (!configClass.includes(conf)) throw new Error(`cannot redirect ${CONFIG_CLASS}: CONFIG_FILE_PATH not found`);
    await writeFile(join(web, 'CConfigFile.php'), configClass);
    await writeFile(join(web, 'prepend.php'), `<?php\nrequire_once ${JSON.stringify(join(web, 'CConfigFile.php')).replace(/"/g, "'")};\n`);
    const webPort = await freePort();
    const php = new Foreground('php', PHP, [
      '-d', `auto_prepend_file=${join(web, 'prepend.php')}`,
      '-d', 'memory_limit=512M',
      '-d', 'post_max_size=16M',
      '-d', 'upload_max_filesize=16M',
      '-d', 'max_execution_time=300',
      '-d', 'date.timezone=UTC',
      '-S', `127.0.0.1:${webPort}`,
      '-t', ZABBIX_FRONTEND,
    ]);
    daemons.push(php);
    const api = new ZabbixApi(`http://127.0.0.1:${webPort}/api_jsonrpc.php`);
    await waitFor('the Zabbix API', 30_000, async () => {
      if (!php.running) throw new GaveUp('php exited');
      return (await api.call<string>('apiinfo.version', {})) ? true : null;
    }, output);
    await api.login();
    // The server is up once it has written its "server #N started" lines.
    await waitFor('zabbix_server', 30_000, async () => {
      if (!server.running) throw new GaveUp('zabbix_server exited');
      return /server #\d+ started \[poller #1\]/.test(server.output) ? true : null;
    }, output);
    mark('server+api', t);
    timings['total'] = Date.now() - t0;
    return { root, api, externalScripts: scripts, timeout: opts.timeout, timings, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface DaneService {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

/** `smtp-dane-verify serve` on 127.0.0.1 (a free port), for the HTTP template. */
export async function startDaneService(opts: {
  executable: string;
  apiKey: string;
  resolver: string;
  /** More flags, e.g. the DNSSEC mode for the lab: --dnssec resolver, or --trust-anchor FILE. */
  extraArgs?: string[];
}): Promise<DaneService> {
  const port = await freePort();
  const service = new Foreground(
    'serve',
    opts.executable,
    ['serve', '--listen', '127.0.0.1', '--port', String(port), '--nameserver', opts.resolver, '--cache-ttl', '0', ...(opts.extraArgs ?? [])],
    { PATH: process.env['PATH'] ?? '/usr/bin:/bin', APIKEY: opts.apiKey },
  );
  const output = () => service.output;
  try {
    await waitFor('smtp-dane-verify serve', 15_000, async () => {
      if (!service.running) throw new GaveUp('serve exited');
      return service.output.includes('"event":"listening"') ? true : null;
    }, output);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => service.stop(), output };
}
