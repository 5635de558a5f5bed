// The matrix's runners: each takes the lab and every scenario, starts its
// monitoring system ONCE with the shipped templates (one service, host or
// target per scenario), lets it check everything, and returns what it recorded
// per domain. matrix.test.ts runs them side by side and compares with
// expected-states.ts. Daemons run in their own temp directories on 127.0.0.1,
// in the foreground, and are stopped by PID (test/support/*).
import { readFileSync } from 'node:fs';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { TEMPLATE_FILES, TEMPLATE_NAMES, MASTER_KEYS } from '../../scripts/zabbix/zabbix-template.ts';
import type { Lab } from '../lab/lab.ts';
import type { Scenario } from '../lab/scenarios.ts';
import { validateArgs } from '../support/lab-dnssec.ts';
import { runDist, DIST, type DistRun } from '../support/run-dist.ts';
import { httpCall, type ServeProcess } from '../support/http-client.ts';
import { Foreground } from '../support/foreground-process.ts';
import {
  ICINGA2_TEMPLATES,
  NAGIOS_TEMPLATES,
  PLUGIN,
  REPO,
  freePort,
  icingaString,
  pluginDir,
  startIcinga2,
  startNagios4,
  tempDir,
  waitFor,
  type IcingaCheckResult,
  type NagiosServiceStatus,
} from '../support/monitoring-daemons.ts';
import { startZabbix, type ZabbixItem, type ZabbixStack } from '../support/zabbix-server.ts';

/**
 * Seconds each check may take (-t). The matrix tests states, not speed
 * (time-limit.test.ts and the daemons' e2e tests do that): on a loaded
 * two-CPU machine dozens of checks start at once, and the default 10 s of a
 * Node start-up plus a check can run out. Icinga's CheckCommand timeout is 30 s.
 */
export const CHECK_SECONDS = 25;
/** Checks running at once where the daemon lets us bound it. */
const PARALLEL = 6;

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const t0 = Date.now();
  const value = await work();
  return { value, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------
// The plugin itself: exit code, status line, perfdata

export async function runPlugin(lab: Lab, scenarios: readonly Scenario[]): Promise<Map<string, DistRun>> {
  const runs = new Map<string, DistRun>();
  await eachLimited(scenarios, PARALLEL, async (s) => {
    runs.set(s.domain, await runDist(['domain', s.domain, ...validateArgs(lab), '-t', String(CHECK_SECONDS)]));
  });
  return runs;
}

// ---------------------------------------------------------------------------
// Icinga 2: one host whose smtp_dane_domains are all scenarios; the shipped
// apply rule makes one service per domain (found by vars.smtp_dane_domain, so
// the rule may name them as it likes).

export async function runIcinga(lab: Lab, scenarios: readonly Scenario[]): Promise<Map<string, IcingaCheckResult>> {
  const root = await tempDir('matrix-icinga2-');
  const plugins = await pluginDir(root, PLUGIN);
  const body = `
object Host "lab-mail" {
  check_command = "dummy"
  vars.smtp_dane_domains = [ ${scenarios.map((s) => icingaString(s.domain)).join(', ')} ]
  vars.smtp_dane_resolver = ${icingaString(lab.plainResolver)}
  vars.smtp_dane_trust_anchor = ${icingaString(lab.trustAnchorFile)}
  vars.smtp_dane_timeout = ${CHECK_SECONDS}
}
`;
  const daemon = await startIcinga2({ root, pluginDir: plugins, includes: ICINGA2_TEMPLATES, body });
  try {
    const since = Date.now() / 1000 - 1;
    await daemon.checkNow();
    return await waitFor(
      'Icinga 2 results of every scenario',
      240_000,
      async () => {
        const r = await daemon.api('GET', '/v1/objects/services?attrs=last_check_result&attrs=vars');
        const found = new Map<string, IcingaCheckResult>();
        for (const s of r.body?.results ?? []) {
          const domain = s.attrs?.vars?.smtp_dane_domain;
          const cr = s.attrs?.last_check_result;
          if (typeof domain === 'string' && cr && cr.execution_end >= since) found.set(domain, cr);
        }
        return scenarios.every((s) => found.has(s.domain)) ? found : null;
      },
      () => daemon.output().slice(-4000),
      1000,
    );
  } finally {
    await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Nagios 4: one service per scenario through the shipped check_smtp_dane.

export const nagiosService = (domain: string) => `SMTP DANE ${domain}`;

export async function runNagios(lab: Lab, scenarios: readonly Scenario[]): Promise<Map<string, NagiosServiceStatus>> {
  const root = await tempDir('matrix-nagios4-');
  const plugins = await pluginDir(root, PLUGIN);
  const args = [...validateArgs(lab), '-t', String(CHECK_SECONDS)].join(' ');
  const objects = join(root, 'lab.cfg');
  const service = (domain: string) => `define service {
    use                     generic-service
    host_name               lab-mail
    service_description     ${nagiosService(domain)}
    check_command           check_smtp_dane!${domain}!${args}
    max_check_attempts      1
    check_interval          3600
    notification_interval   0
}
`;
  await writeFile(
    objects,
    [
      `define host {
    use                     generic-host
    host_name               lab-mail
    address                 127.0.0.1
    max_check_attempts      1
    check_period            24x7
    contact_groups          admins
}
`,
      ...scenarios.map((s) => service(s.domain)),
    ].join('\n'),
  );
  const daemon = await startNagios4({ root, pluginDir: plugins, objectFiles: [NAGIOS_TEMPLATES[0]!, objects], extra: [`max_concurrent_checks=${PARALLEL}`] });
  try {
    const byName = await daemon.services(scenarios.map((s) => nagiosService(s.domain)), 240_000);
    return new Map(scenarios.map((s) => [s.domain, byName[nagiosService(s.domain)]!]));
  } finally {
    await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Zabbix 6.0: one host per scenario and template ("external <domain>" and
// "http <domain>"), both templates imported as shipped.

export type ZabbixVariant = 'external' | 'http';

export interface ZabbixHostView {
  /** key_ → last value, for items that have one. */
  values: Record<string, string>;
  /** key_ → error, for unsupported items. */
  errors: Record<string, string>;
  /** MX hosts with a discovered dane.mx.state[…] item. */
  discovered: string[];
  /** Open problems, "PRIORITY: description", sorted. */
  problems: string[];
}

export type ZabbixViews = Map<string, Record<ZabbixVariant, ZabbixHostView>>;

const PRIORITY = ['NOT CLASSIFIED', 'INFO', 'WARNING', 'AVERAGE', 'HIGH', 'DISASTER'];

/** Starts the stack (the slowest part: PostgreSQL and the schema); it may run while the lab starts. */
export function startMatrixZabbix(): Promise<ZabbixStack> {
  // Timeout 30 (the 6.0 maximum) above CHECK_SECONDS; pollers so that a round
  // of external checks does not queue behind two.
  return startZabbix({ executable: DIST, timeout: 30, pollers: { external: PARALLEL, http: 4 } });
}

export async function runZabbix(
  z: ZabbixStack,
  lab: Lab,
  scenarios: readonly Scenario[],
  service: { url: string; apiKey: string },
): Promise<ZabbixViews> {
  const api = z.api;
  const t0 = Date.now();
  const phases: string[] = [];
  const phase = (name: string) => phases.push(`${name} ${Date.now() - t0} ms`);
  for (const variant of ['external', 'http'] as const) {
    await api.importYaml(readFileSync(join(REPO, TEMPLATE_FILES[variant]), 'utf8'));
  }
  const templates = await api.call('template.get', { output: ['templateid', 'host'], filter: { host: [TEMPLATE_NAMES.external, TEMPLATE_NAMES.http] } });
  const templateId = (v: ZabbixVariant) => templates.find((t: any) => t.host === TEMPLATE_NAMES[v]).templateid;
  const [group] = await api.call('hostgroup.get', { output: ['groupid'], filter: { name: ['Linux servers'] } });
  // All hosts in one host.create call: the frontend's API is slow per call.
  const wanted = scenarios.flatMap((s) => (['external', 'http'] as const).map((variant) => ({ domain: s.domain, variant })));
  const created = await api.call('host.create', wanted.map(({ domain, variant }) => ({
    host: `${variant} ${domain}`,
    groups: [{ groupid: group.groupid }],
    // External checks need a host interface of any type on 6.0; nothing is asked through it.
    interfaces: [{ type: 1, main: 1, useip: 1, ip: '127.0.0.1', dns: '', port: '10050' }],
    templates: [{ templateid: templateId(variant) }],
    macros: [
      { macro: '{$DANE.DOMAIN}', value: domain },
      // The test runs the checks itself ("Execute now"); nothing waits for an interval.
      { macro: '{$DANE.INTERVAL}', value: '1h' },
      ...(variant === 'external'
        ? [
            { macro: '{$DANE.RESOLVER}', value: lab.plainResolver },
            { macro: '{$DANE.TRUST_ANCHOR}', value: lab.trustAnchorFile },
            { macro: '{$DANE.TIMEOUT}', value: String(CHECK_SECONDS) },
          ]
        : [
            { macro: '{$DANE.URL}', value: service.url },
            { macro: '{$DANE.APIKEY}', type: 1, value: service.apiKey },
          ]),
    ],
  })));
  const hostIds = new Map<string, { domain: string; variant: ZabbixVariant }>(created.hostids.map((id: string, i: number) => [id, wanted[i]!]));
  const ids = [...hostIds.keys()];
  const items = async (): Promise<ZabbixItem[]> =>
    api.call('item.get', { output: ['itemid', 'hostid', 'key_', 'lastvalue', 'lastclock', 'state', 'error', 'flags'], hostids: ids });
  const isMaster = (i: ZabbixItem) => i.key_ === MASTER_KEYS.external || i.key_ === MASTER_KEYS.http;
  const stateClock = (all: ZabbixItem[]) => new Map(all.filter((i) => i.key_ === 'dane.domain.state').map((i) => [i.hostid, Number(i.lastclock)]));
  const masterFailed = (all: ZabbixItem[], hostid: string) => all.some((i) => i.hostid === hostid && isMaster(i) && i.state === '1');

  // One "Execute now" round over every master item; done when each host's
  // domain state has a value newer than the round (or its master failed).
  // A task for an item the server's configuration cache does not hold yet is
  // dropped, so unfinished hosts are asked again every 20 s.
  const round = async (label: string) => {
    const before = stateClock(await items());
    const done = (all: ZabbixItem[], h: string) => (stateClock(all).get(h) ?? 0) > (before.get(h) ?? 0) || masterFailed(all, h);
    let all: ZabbixItem[] = [];
    let asked = 0;
    await waitFor(
      `Zabbix ${label}`,
      240_000,
      async () => {
        all = await items();
        const pending = ids.filter((h) => !done(all, h));
        if (pending.length === 0) return true;
        if (Date.now() - asked > 20_000) {
          asked = Date.now();
          const masters = all.filter((i) => isMaster(i) && pending.includes(i.hostid));
          await api.call('task.create', masters.map((m) => ({ type: '6', request: { itemid: m.itemid } })));
        }
        return null;
      },
      () => `${all.filter((i) => i.key_ === 'dane.domain.state' || isMaster(i)).map((i) => `${hostIds.get(i.hostid)?.variant} ${hostIds.get(i.hostid)?.domain} ${i.key_} clock=${i.lastclock} state=${i.state} ${i.error}`).join('\n')}\n${z.output()}`,
      1000,
    );
  };
  // Round 1 discovers the MX hosts and addresses; the discovered items get
  // their values from the next master value (issue 14 finding 3), so round 2
  // once the item set is complete.
  phase('hosts created');
  await round('round 1 (discovery)');
  phase('round 1');
  // Discovery runs in Zabbix's LLD workers after the master value arrives, so an
  // unchanged item count alone can be read before it has begun: settled means
  // discovered items exist and their number held for 20 s.
  let count = -1;
  let steady = 0;
  await waitFor('discovered items to settle', 180_000, async () => {
    const all = await items();
    const n = all.length;
    const discovered = all.filter((i) => i.flags === '4').length;
    steady = n === count ? steady + 1 : 0;
    count = n;
    return discovered > 0 && steady >= 4 ? true : null;
  }, () => `items: ${count}`, 5000);
  phase('discovery settled');
  await round('round 2 (values of discovered items)');
  phase('round 2');
  // The per-MX and per-address items hang off calculated items that re-read the
  // kept master result once a minute (issue 14 finding 3): wait for each to have
  // a value or an error.
  // Every item a discovered trigger reads (states and days), not only the DANE states: the
  // "MX … is not OK" problem hangs off dane.mx.service.state, which once lagged behind.
  await waitFor('discovered items to get values', 180_000, async () => {
    const pending = (await items()).filter((i) => i.flags === '4' && i.state === '0' && i.lastclock === '0' && /^dane\.(mx|addr|keyalg)\.[a-z.]*(state|days|coverage)\[/.test(i.key_));
    return pending.length === 0 ? true : null;
  }, () => '', 5000);
  phase('discovered values');
  console.log(`      Zabbix: ${phases.join(', ')} (the stack started in ${z.timings['total']} ms)`);
  // Triggers are evaluated as values arrive; give the history syncer a moment.
  await new Promise((r) => setTimeout(r, 3000));

  const all = await items();
  // What a monitored domain costs in Zabbix's configuration cache (docs/zabbix.md, sizing).
  const perHost = new Map<string, number>();
  for (const i of all) perHost.set(i.hostid, (perHost.get(i.hostid) ?? 0) + 1);
  const counts = [...perHost.values()].sort((a, b) => a - b);
  console.log(`      Zabbix: ${all.length} items on ${perHost.size} hosts (${counts[0]}–${counts[counts.length - 1]} per host, median ${counts[counts.length >> 1]})`);
  const problems: { hostid: string; description: string; priority: string }[] = await api.call('trigger.get', {
    output: ['description', 'priority'],
    selectHosts: ['hostid'],
    hostids: ids,
    filter: { value: 1 },
    expandDescription: true,
  }).then((ts: any[]) => ts.map((t) => ({ hostid: t.hosts[0].hostid, description: t.description, priority: t.priority })));

  const views: ZabbixViews = new Map();
  for (const [hostid, { domain, variant }] of hostIds) {
    const mine = all.filter((i) => i.hostid === hostid);
    const view: ZabbixHostView = {
      values: Object.fromEntries(mine.filter((i) => i.state === '0' && i.lastclock !== '0').map((i) => [i.key_, i.lastvalue])),
      errors: Object.fromEntries(mine.filter((i) => i.state === '1').map((i) => [i.key_, i.error])),
      discovered: mine
        .filter((i) => i.flags === '4' && i.key_.startsWith('dane.mx.state['))
        .map((i) => JSON.parse(i.key_.slice('dane.mx.state['.length, -1)) as string)
        .sort(),
      problems: problems
        .filter((p) => p.hostid === hostid)
        .map((p) => `${PRIORITY[Number(p.priority)]}: ${p.description}`)
        .sort(),
    };
    const row = views.get(domain) ?? ({} as Record<ZabbixVariant, ZabbixHostView>);
    row[variant] = view;
    views.set(domain, row);
  }
  return views;
}

// ---------------------------------------------------------------------------
// Prometheus: the shipped scrape config and rules, /metrics with every
// scenario in METRICS_DOMAINS and one /probe target per scenario; promtool
// checks every exposition.

export const PROMTOOL = '/usr/bin/promtool';
export const PROMETHEUS = '/usr/bin/prometheus';

export interface PrometheusView {
  /** dane_state with value 1, from /metrics (job smtp-dane-verify). */
  metricsState?: string;
  /** dane_state with value 1, from /probe (job smtp-dane-probe). */
  probeState?: string;
  probeSuccess?: string;
  /** mx → the host's dane_state from /metrics. */
  hostStates: Record<string, string>;
  /** "severity: alertname [mx]", pending or firing, sorted, deduplicated over the jobs. */
  alerts: string[];
  /** promtool check metrics on this domain's /probe answer: exit code and output. */
  promtool: { code: number | null; output: string };
}

export interface PrometheusResult {
  byDomain: Map<string, PrometheusView>;
  /** promtool check metrics on the whole /metrics answer. */
  metricsPromtool: { code: number | null; output: string };
  up: Record<string, string>;
}

function runWithInput(file: string, args: readonly string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

/** templates/prometheus/prometheus.yml for this run; every edit must apply, so a changed template fails loudly. */
function scrapeConfig(template: string, service: string, key: string, domains: readonly string[]): string {
  const list = (indent: string) => domains.map((d) => `${indent}- ${d}`).join('\n');
  const edits: [RegExp, string | ((m: string, indent: string) => string)][] = [
    [/CHANGE-ME/g, key],
    [/localhost:3000/g, service],
    [/( +)- example\.org\n\s+- example\.net/g, (_m, indent: string) => list(indent)],
    [/- mx1\.example\.org/g, '- mx1.good.test'],
    // /metrics answers from memory: often. /probe runs checks (or the cache): once is enough.
    [/scrape_interval: 1m/g, 'scrape_interval: 3s'],
    [/scrape_interval: 2m/g, 'scrape_interval: 30s'],
    [/scrape_timeout: 15s/g, `scrape_timeout: ${CHECK_SECONDS + 1}s`],
    [/evaluation_interval: 1m/g, 'evaluation_interval: 2s'],
  ];
  let config = template;
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(config)) throw new Error(`templates/prometheus/prometheus.yml no longer has ${pattern}`);
    config = config.replace(pattern, replacement as never);
  }
  // The global scrape_timeout (for /metrics) may not exceed its 3 s interval.
  return config.replace(/(global:\n(?:.*\n)*?\s+scrape_timeout: )\d+s/, '$13s');
}

export async function runPrometheus(serve: ServeProcess, key: string, scenarios: readonly Scenario[]): Promise<PrometheusResult> {
  const templates = join(REPO, 'templates/prometheus');
  const dir = await tempDir('matrix-prometheus-');
  const port = await freePort();
  const domains = scenarios.map((s) => s.domain);
  await writeFile(join(dir, 'prometheus.yml'), scrapeConfig(readFileSync(join(templates, 'prometheus.yml'), 'utf8'), `127.0.0.1:${serve.base.port}`, key, domains));
  await copyFile(join(templates, 'smtp-dane-rules.yml'), join(dir, 'smtp-dane-rules.yml'));
  const prometheus = new Foreground('prometheus', PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const why = () => `${prometheus.output.slice(-4000)}\n--- serve:\n${serve.lines.slice(-20).join('\n')}`;
  const base = { host: '127.0.0.1', port };
  const query = async (promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    const r = await httpCall(base, { path: `/api/v1/query?query=${encodeURIComponent(promql)}` });
    if (r.status !== 200 || r.json?.status !== 'success') throw new Error(`query ${promql}: HTTP ${r.status} ${r.body}`);
    return r.json.data.result;
  };
  try {
    await waitFor('Prometheus to be ready', 30_000, async () => {
      if (!prometheus.running) throw new Error('prometheus exited');
      return (await httpCall(base, { path: '/-/ready', timeoutMs: 2000 })).status === 200 ? true : null;
    }, why, 500);
    // Every /probe target scraped and every METRICS_DOMAINS check finished.
    await waitFor('a /probe scrape of every scenario and /metrics of every domain', 240_000, async () => {
      const probes = await query('probe_success');
      const states = await query('smtp_dane_verify_dane_state{job="smtp-dane-verify"} == 1');
      return probes.length >= domains.length && states.length === domains.length ? true : null;
    }, why, 1000);
    // The rules run every 2 s: two evaluations after the last series arrived.
    await new Promise((r) => setTimeout(r, 5000));

    const byDomain = new Map<string, PrometheusView>(domains.map((d) => [d, { hostStates: {}, alerts: [], promtool: { code: null, output: '' } }]));
    for (const s of await query('smtp_dane_verify_dane_state{job="smtp-dane-verify"} == 1')) byDomain.get(s.metric['domain']!)!.metricsState = s.metric['state'];
    for (const s of await query('smtp_dane_verify_dane_state{job="smtp-dane-probe"} == 1')) {
      const view = byDomain.get(s.metric['instance']!);
      if (view) view.probeState = s.metric['state'];
    }
    for (const s of await query('probe_success{job="smtp-dane-probe"}')) {
      const view = byDomain.get(s.metric['instance']!);
      if (view) view.probeSuccess = s.value[1];
    }
    for (const s of await query('smtp_dane_verify_host_dane_state{job="smtp-dane-verify"} == 1')) {
      byDomain.get(s.metric['domain']!)!.hostStates[s.metric['mx']!] = s.metric['state']!;
    }
    const alerts: { labels: Record<string, string>; state: string }[] = (await httpCall(base, { path: '/api/v1/alerts' })).json?.data?.alerts ?? [];
    for (const a of alerts) {
      const view = byDomain.get(a.labels['domain'] ?? a.labels['instance'] ?? '');
      if (!view) continue;
      const text = `${a.labels['severity']}: ${a.labels['alertname']}${a.labels['mx'] ? ` ${a.labels['mx']}` : ''}`;
      if (!view.alerts.includes(text)) view.alerts.push(text);
    }
    for (const view of byDomain.values()) view.alerts.sort();
    const up = Object.fromEntries((await query('up')).map((s) => [`${s.metric['job']} ${s.metric['instance']}`, s.value[1]]));

    // promtool on what the service exposes, as Prometheus asked for it.
    const metrics = await httpCall(serve.base, { path: `/metrics?api_key=${key}` });
    const metricsPromtool = await runWithInput(PROMTOOL, ['check', 'metrics'], metrics.body);
    await eachLimited(domains, PARALLEL, async (d) => {
      const r = await httpCall(serve.base, { path: `/probe?target=${d}&api_key=${key}`, timeoutMs: (CHECK_SECONDS + 5) * 1000 });
      byDomain.get(d)!.promtool = r.status === 200 ? await runWithInput(PROMTOOL, ['check', 'metrics'], r.body) : { code: -1, output: `HTTP ${r.status}` };
    });
    return { byDomain, metricsPromtool, up };
  } finally {
    await prometheus.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
