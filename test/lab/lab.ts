// The real-network test lab: a private DNS world (knotd authoritative for a
// private root, test. and every scenario zone, pre-signed) behind a validating
// unbound, and Postfix smtpd listeners with generated certificate chains. All on
// loopback, all in one mkdtemp directory, every daemon in the foreground and
// stopped by PID. See scenarios.ts for what the world contains.
import { mkdtemp, writeFile, chmod, mkdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDaemon, tailOf, waitUntil, type Daemon } from './daemon.ts';
import { labDnsQuery } from './dns-query.ts';
import { knotConfig } from './knot.ts';
import { acquireLabLock, type LabLock } from './lock.ts';
import { makeCertificate, serverChain, tlsaFor, writeChainFiles, type TestCertificate } from '../support/pki.ts';
import { assertBindable, probeTcp } from './ports.ts';
import { POSTFIX_MASTER, postfixMasterArgs, writePostfixInstance, type PostfixListener } from './postfix.ts';
import {
  AUTH_SERVER,
  CERTS,
  LISTENERS,
  MTA_SCENARIOS,
  NOT_GREETED_AT_START,
  PLAIN_RESOLVER,
  RESOLVER,
  SCENARIOS,
  type CertName,
  type CertSpec,
  type ListenerSpec,
  type Scenario,
} from './scenarios.ts';
import { smtpHello } from './smtp-hello.ts';
import { eximBinary, eximDaemonArgs, eximMissing, writeEximInstance } from './exim.ts';
import { rootHints, unboundConfig } from './unbound.ts';
import { buildZones } from './zones.ts';
import { dnssecCaseZones } from './dnssec-zones.ts';

export interface LabCert {
  name: CertName;
  spec: CertSpec;
  /** DER of the certificate. */
  der: Buffer;
  pem: string;
  /** DER of the SubjectPublicKeyInfo. */
  spki: Buffer;
  /** SHA-256 of the SPKI, lower-case hex: the data of a "x 1 1" TLSA record. */
  spkiSha256: string;
  /** SHA-256 of the whole certificate, lower-case hex: the data of a "x 0 1" TLSA record. */
  certSha256: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** Keys and issuer links, for tests that mint more certificates. */
  issued: TestCertificate;
}

export interface LabListener extends ListenerSpec {
  /** False for the IPv6 listener when ::1 is not available on this host, and for Exim's when Exim is not. */
  enabled: boolean;
  /** The chain the listener sends, leaf first, DER. Empty without TLS. */
  chain: Buffer[];
}

export type LabDaemonName = 'knot' | 'unbound' | 'unbound-plain' | 'postfix';

export interface Lab {
  /** The validating resolver every test must use. */
  readonly resolver: typeof RESOLVER;
  readonly resolverPort: 53;
  /** A non-validating unbound (same root, no trust anchor): what --dnssec validate is tested through. */
  readonly plainResolver: typeof PLAIN_RESOLVER;
  /** knotd, authoritative for the private root and all lab zones. */
  readonly authServer: typeof AUTH_SERVER;
  /** The lab's temporary directory (removed by stop()). */
  readonly dir: string;
  /** Whether the [::1]:25 listener runs (mx1.good.test has AAAA ::1 regardless). */
  readonly ipv6: boolean;
  readonly certs: Readonly<Record<CertName, LabCert>>;
  readonly listeners: readonly LabListener[];
  readonly scenarios: readonly Scenario[];
  /** The private root's DS RRset (zone-file text), unbound's trust anchor. */
  readonly rootTrustAnchor: string;
  /** The private root's DNSKEY RR (zone-file text). */
  readonly rootDnskey: string;
  /** Path of rootTrustAnchor as a file, for `--trust-anchor`. */
  readonly trustAnchorFile: string;
  /** Path of a file holding the root trust anchor as `trust-anchors { . static-ds ... }` for delv -a. */
  readonly delvAnchorFile: string;
  readonly startupMs: number;
  /** Milliseconds since start at which each startup stage finished. */
  readonly timings: Readonly<Record<string, number>>;
  readonly pids: Readonly<Record<LabDaemonName, number>>;
  /** The Exim daemon (.ci/install-exim.sh), or null with the reason it is not running. */
  readonly exim: { pid: number; mainLog: string } | null;
  readonly eximMissing: string | null;
  readonly logFiles: Readonly<Record<LabDaemonName, string>>;
  logTail(daemon: LabDaemonName, lines?: number): string;
  /** Stops every daemon by PID and removes dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartLabOptions {
  /** Overall startup deadline (default 20 s, or $LAB_START_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Keep the directory after stop() (for debugging). */
  keepDir?: boolean;
  /**
   * If another process runs a lab, wait up to this long for it to stop instead of
   * failing at once with "address in use" (default 0).
   */
  lockWaitMs?: number;
}

const SMTP_PORT = 25;
const EXPIRED_FROM = new Date('2020-01-01T00:00:00Z');
const EXPIRED_TO = new Date('2021-01-01T00:00:00Z');
const CA_FROM = new Date('2019-01-01T00:00:00Z');
const DAY_MS = 24 * 3600 * 1000;
const YEAR_MS = 365 * DAY_MS;
const LAB_ORG = 'O=smtp-dane-verify lab';

// Labs alive in this process, killed synchronously if the process exits without stop().
const alive = new Set<{ daemons: Daemon[]; dir: string; lock: LabLock; keepDir: boolean }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lab of alive) {
      for (const daemon of lab.daemons) daemon.killNow();
      if (!lab.keepDir) rmSync(lab.dir, { recursive: true, force: true });
      lab.lock.release();
    }
  });
}

/** The lab's certificates, made in memory (no daemon, no file). */
export async function makeCerts(): Promise<Record<CertName, LabCert>> {
  const issued = new Map<CertName, TestCertificate>();
  const pending = [...CERTS];
  // Issuers first; everything whose issuer is ready is generated in parallel.
  while (pending.length > 0) {
    const ready = pending.filter((spec) => !spec.issuer || issued.has(spec.issuer));
    if (ready.length === 0) throw new Error(`certificate issuers form a cycle or are missing: ${pending.map((s) => s.name).join(', ')}`);
    await Promise.all(
      ready.map(async (spec) => {
        const issuer = spec.issuer ? issued.get(spec.issuer) : undefined;
        const dnsNames = spec.dnsNames ?? [];
        const cert =
          spec.kind === 'leaf'
            ? await makeCertificate({
                subject: `CN=${dnsNames[0]}, ${LAB_ORG}`,
                dnsNames,
                issuer,
                key: spec.keyType,
                ...(spec.expired
                  ? { notBefore: EXPIRED_FROM, notAfter: EXPIRED_TO }
                  : { notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + (spec.validDays !== undefined ? spec.validDays * DAY_MS : YEAR_MS)) }),
              })
            : await makeCertificate({
                subject: `CN=smtp-dane-verify lab ${spec.name}, ${LAB_ORG}`,
                ca: true,
                pathLength: spec.kind === 'intermediate' ? 0 : undefined,
                issuer,
                key: spec.keyType,
                notBefore: CA_FROM,
                notAfter: new Date(Date.now() + (spec.validDays !== undefined ? spec.validDays * DAY_MS : 20 * YEAR_MS)),
              });
        issued.set(spec.name, cert);
      }),
    );
    for (const spec of ready) pending.splice(pending.indexOf(spec), 1);
  }
  const out = {} as Record<CertName, LabCert>;
  for (const spec of CERTS) {
    const i = issued.get(spec.name)!;
    out[spec.name] = {
      name: spec.name,
      spec,
      der: i.der,
      pem: i.pem,
      spki: i.spki,
      spkiSha256: i.spkiSha256,
      certSha256: i.sha256,
      dnsNames: spec.dnsNames ?? [],
      notBefore: i.cert.notBefore,
      notAfter: i.cert.notAfter,
      issued: i,
    };
  }
  return out;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  let started = Date.now();
  const timings: Record<string, number> = {};
  const mark = (stage: string): void => {
    timings[stage] = Date.now() - started;
  };
  // LAB_START_TIMEOUT_MS: for machines so busy that key generation and signing take longer.
  const timeoutMs = options.timeoutMs ?? (Number(process.env['LAB_START_TIMEOUT_MS']) || 20_000);
  const dir = await mkdtemp(join(tmpdir(), 'smtp-dane-lab-'));
  // Postfix daemons drop to the postfix user and must traverse into the queue.
  await chmod(dir, 0o755);
  const daemons: Daemon[] = [];
  let lock: LabLock | null = null;
  let record: { daemons: Daemon[]; dir: string; lock: LabLock; keepDir: boolean } | null = null;
  const cleanup = async (): Promise<void> => {
    if (record) alive.delete(record);
    await Promise.all(daemons.map((d) => d.stop()));
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    lock?.release();
  };

  try {
    lock = await acquireLabLock(dir, options.lockWaitMs ?? 0);
    started = Date.now(); // time spent waiting for another lab is not startup time

    // --- preflight: every address free, IPv6 optional --------------------------
    const v6 = await probeTcp('::1', SMTP_PORT);
    const ipv6 = v6 !== 'not-available';
    const exim = eximBinary();
    const noExim = await eximMissing(exim);
    const listeners = LISTENERS.filter((l) => (ipv6 || !l.address.includes(':')) && (l.mta !== 'exim' || noExim === null));
    await assertBindable([
      { address: AUTH_SERVER, port: 53, proto: 'udp', owner: 'knotd' },
      { address: AUTH_SERVER, port: 53, proto: 'tcp', owner: 'knotd' },
      { address: RESOLVER, port: 53, proto: 'udp', owner: 'unbound' },
      { address: RESOLVER, port: 53, proto: 'tcp', owner: 'unbound' },
      { address: PLAIN_RESOLVER, port: 53, proto: 'udp', owner: 'unbound (plain)' },
      { address: PLAIN_RESOLVER, port: 53, proto: 'tcp', owner: 'unbound (plain)' },
      ...listeners.map((l) => ({ address: l.address, port: l.port, proto: 'tcp' as const, owner: `postfix ${l.id}` })),
    ]);

    mark('preflight');
    // --- certificates, zones, configuration ------------------------------------
    // Certificates (WebCrypto) and DNSSEC keys (dnssec-keygen processes) are made
    // concurrently; zone files wait for the certificates only where TLSA needs them.
    const certsPending = makeCerts();
    certsPending.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    const [pkiDir, knotDir, unboundDir, postfixDir] = ['pki', 'knot', 'unbound', 'postfix'].map((d) => join(dir, d)) as [string, string, string, string];
    const plainDir = join(dir, 'unbound-plain');
    await Promise.all([pkiDir, join(knotDir, 'db'), unboundDir, plainDir, postfixDir].map((d) => mkdir(d, { recursive: true, mode: 0o755 })));

    const zones = [...SCENARIOS, ...MTA_SCENARIOS].flatMap((s) => s.zones);
    const builtPending = buildZones({
      dir: join(dir, 'dns'),
      zones,
      serial: Math.floor(Date.now() / 1000),
      tlsaData: async (r) => tlsaFor((await certsPending)[r.cert], r.usage, r.selector, r.matchingType).data,
      extraZones: dnssecCaseZones,
    });
    builtPending.catch(() => undefined);
    const certs = await certsPending;
    mark('certificates');
    const [built, bundles] = await Promise.all([
      builtPending,
      Promise.all(
        listeners.map(async (l) =>
          l.cert
            ? {
                id: l.id,
                chain: serverChain(certs[l.cert].issued),
                files: await writeChainFiles(pkiDir, l.id, serverChain(certs[l.cert].issued)),
                // One key + chain file per other key algorithm the listener holds.
                more: await Promise.all(
                  (l.moreCerts ?? []).map((c) => writeChainFiles(pkiDir, `${l.id}-${c}`, serverChain(certs[c].issued))),
                ),
              }
            : { id: l.id, chain: [], files: null, more: [] },
        ),
      ),
    ]);
    const delvAnchorFile = join(dir, 'delv-anchor.conf');
    await Promise.all([
      writeFile(join(knotDir, 'knot.conf'), knotConfig(knotDir, built.served)),
      writeFile(join(unboundDir, 'unbound.conf'), unboundConfig(unboundDir)),
      writeFile(join(unboundDir, 'root.hints'), rootHints()),
      writeFile(join(unboundDir, 'root.ds'), built.rootDs),
      writeFile(join(plainDir, 'unbound.conf'), unboundConfig(plainDir, { address: PLAIN_RESOLVER, validating: false })),
      writeFile(join(plainDir, 'root.hints'), rootHints()),
      writeFile(delvAnchorFile, delvAnchors(built.rootDs)),
    ]);
    const postfixListeners: PostfixListener[] = listeners
      .filter((l) => (l.mta ?? 'postfix') === 'postfix')
      .map((l) => ({
        id: l.id,
        address: l.address,
        port: l.port,
        bundle: bundles.find((b) => b.id === l.id)?.files?.bundle ?? null,
        moreBundles: bundles.find((b) => b.id === l.id)?.more.map((m) => m.bundle) ?? [],
        hostname: l.hostname ?? (l.cert ? (certs[l.cert].dnsNames[0] ?? 'lab.test') : `${l.id}.lab.test`),
        mode: l.mode ?? 'plain',
      }));
    const postfixPaths = await writePostfixInstance(postfixDir, postfixListeners, ipv6);
    const eximListeners = listeners.filter((l) => l.mta === 'exim');
    const eximPaths =
      noExim === null
        ? await writeEximInstance(
            join(dir, 'exim'),
            eximListeners.map((l) => ({
              address: l.address,
              port: l.port,
              bundle: bundles.find((b) => b.id === l.id)!.files!.bundle,
              hostname: l.hostname ?? certs[l.cert!].dnsNames[0] ?? 'lab.test',
            })),
          )
        : null;
    mark('zones-and-config');

    // --- daemons ---------------------------------------------------------------
    // From here on, a process exit (even mid-startup) kills what was spawned.
    record = { daemons, dir, lock, keepDir: !!options.keepDir };
    alive.add(record);
    installExitHook();
    const knot = spawnDaemon('knotd', '/usr/sbin/knotd', ['-c', join(knotDir, 'knot.conf')], join(knotDir, 'knotd.log'));
    daemons.push(knot);
    const unbound = spawnDaemon('unbound', '/usr/sbin/unbound', ['-d', '-p', '-c', join(unboundDir, 'unbound.conf')], join(unboundDir, 'unbound.log'));
    daemons.push(unbound);
    const plain = spawnDaemon('unbound (plain)', '/usr/sbin/unbound', ['-d', '-p', '-c', join(plainDir, 'unbound.conf')], join(plainDir, 'unbound.log'));
    daemons.push(plain);
    const postfix = spawnDaemon('postfix master', POSTFIX_MASTER, postfixMasterArgs(postfixPaths), join(postfixDir, 'master.log'));
    daemons.push(postfix);
    const eximDaemon = eximPaths ? spawnDaemon('exim', exim, eximDaemonArgs(eximPaths), join(dir, 'exim', 'daemon.log')) : null;
    if (eximDaemon) daemons.push(eximDaemon);
    lock.setDaemons(daemons.map((d) => ({ name: d.name, pid: d.pid })));

    const deadline = { timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)) };
    const knotReady = waitUntil(
      'knotd to serve every zone',
      async () => {
        const answers = await Promise.all(built.served.map((z) => labDnsQuery(AUTH_SERVER, z.name || '.', 'SOA', { recursion: false, timeoutMs: 300 })));
        return answers.every((a) => a.rcode === 'NOERROR' && a.aa);
      },
      { ...deadline, daemon: knot },
    );
    const postfixReady = waitUntil(
      'postfix to greet on every listener',
      async () => {
        // The master binds every inet listener at once: greeting the others proves those are up too.
        await Promise.all(postfixListeners.filter((l) => !NOT_GREETED_AT_START.includes(l.id)).map((l) => smtpHello(l.address, l.port, 1000)));
        return true;
      },
      { ...deadline, daemon: postfix, intervalMs: 50 },
    );
    const eximReady = eximDaemon
      ? waitUntil(
          'exim to greet on every listener',
          async () => {
            await Promise.all(eximListeners.map((l) => smtpHello(l.address, l.port, 1000)));
            return true;
          },
          { ...deadline, daemon: eximDaemon, intervalMs: 50 },
        )
      : null;
    // The waits run concurrently; if one fails the others must not become unhandled rejections.
    knotReady.catch(() => undefined);
    postfixReady.catch(() => undefined);
    eximReady?.catch(() => undefined);
    await knotReady;
    mark('knot-ready');
    await waitUntil(
      'unbound to validate the lab root',
      async () => {
        const root = await labDnsQuery(RESOLVER, '.', 'SOA', { dnssec: true, timeoutMs: 500 });
        if (root.rcode !== 'NOERROR' || !root.ad) throw new Error(`". SOA" answered ${root.rcode}, AD=${root.ad}`);
        const good = await labDnsQuery(RESOLVER, 'good.test', 'MX', { dnssec: true, timeoutMs: 1000 });
        if (good.rcode !== 'NOERROR' || !good.ad) throw new Error(`"good.test MX" answered ${good.rcode}, AD=${good.ad}`);
        return true;
      },
      { ...deadline, daemon: unbound },
    );
    mark('unbound-ready');
    await waitUntil(
      'the plain unbound to resolve (without validating)',
      async () => {
        const good = await labDnsQuery(PLAIN_RESOLVER, 'good.test', 'MX', { dnssec: true, timeoutMs: 1000 });
        if (good.rcode !== 'NOERROR' || good.ad) throw new Error(`"good.test MX" answered ${good.rcode}, AD=${good.ad}`);
        return true;
      },
      { ...deadline, daemon: plain },
    );
    mark('unbound-plain-ready');
    await postfixReady;
    mark('postfix-ready');
    if (eximReady) {
      await eximReady;
      mark('exim-ready');
    }

    const logFiles: Record<LabDaemonName, string> = { knot: knot.logFile, unbound: unbound.logFile, 'unbound-plain': plain.logFile, postfix: postfixPaths.logFile };
    let stopping: Promise<void> | null = null;
    const lab: Lab = {
      resolver: RESOLVER,
      resolverPort: 53,
      plainResolver: PLAIN_RESOLVER,
      authServer: AUTH_SERVER,
      dir,
      ipv6,
      certs,
      listeners: LISTENERS.map((l) => ({
        ...l,
        enabled: listeners.includes(l),
        chain: (bundles.find((b) => b.id === l.id)?.chain ?? []).map((c) => c.der),
      })),
      scenarios: SCENARIOS,
      rootTrustAnchor: built.rootDs,
      rootDnskey: built.rootDnskey,
      trustAnchorFile: join(unboundDir, 'root.ds'),
      delvAnchorFile,
      startupMs: Date.now() - started,
      timings,
      pids: { knot: knot.pid, unbound: unbound.pid, 'unbound-plain': plain.pid, postfix: postfix.pid },
      exim: eximDaemon && eximPaths ? { pid: eximDaemon.pid, mainLog: eximPaths.mainLog } : null,
      eximMissing: noExim,
      logFiles,
      logTail: (daemon, lines) => tailOf(logFiles[daemon], lines),
      stop() {
        stopping ??= cleanup();
        return stopping;
      },
    };
    return lab;
  } catch (error) {
    const tails = daemons
      .map((d) => `--- ${d.name} (pid ${d.pid}) log tail:\n${d.logTail(20)}`)
      .concat(daemons.some((d) => d.name === 'postfix master') ? [`--- postfix maillog tail:\n${tailOf(join(dir, 'postfix', 'postfix.log'), 20)}`] : [])
      .join('\n');
    await cleanup().catch(() => undefined);
    const wrapped = new Error(`lab failed to start: ${describeError(error)}${tails ? `\n${tails}` : ''}`);
    (wrapped as Error & { cause?: unknown }).cause = error;
    throw wrapped;
  }
}

/** BIND 9.18 delv/named syntax for the lab root's DS as a static trust anchor. */
function delvAnchors(rootDs: string): string {
  const entries = rootDs
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const fields = l.split(/\s+/);
      const at = fields.indexOf('DS');
      const [keyTag, alg, digestType, ...digest] = fields.slice(at + 1);
      return `  . static-ds ${keyTag} ${alg} ${digestType} "${digest.join('')}";`;
    });
  return `trust-anchors {\n${entries.join('\n')}\n};\n`;
}
