// Proof by the real consumer: a throw-away Zabbix 6.0 (Debian's zabbix_server,
// its frontend's JSON-RPC API, PostgreSQL 15) imports both shipped templates
// through configuration.import and rejects broken copies; hosts linked to
// "SMTP DANE by external check" run the built executable from ExternalScripts
// against the lab, hosts linked to "SMTP DANE by HTTP" ask the built executable's
// `serve` mode, and both discover the MX hosts and addresses and hold the right
// values and problems. The server's Timeout is Debian's 4 s and the
// template's {$DANE.TIMEOUT} is left at its default, so the defaults are what
// is proven to fit.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Socket } from 'node:net';
import { TEMPLATE_FILES, TEMPLATE_NAMES, MASTER_KEYS, RESULT_KEY } from '../../scripts/zabbix/zabbix-template.ts';
import { FIXTURE_HOSTS } from '../lab/scenarios.ts';
import { DANE_STATE_CODES } from '../../src/render/zabbix-preprocessing.ts';
import { zabbixUuid } from '../../scripts/zabbix/zabbix-yaml.ts';
import { missingZabbix, startDaneService, startZabbix, ZabbixApiError, type DaneService, type ZabbixItem, type ZabbixStack } from '../support/zabbix-server.ts';
import { useLab } from './lab-hooks.ts';
import { suiteNeeding } from '../support/require-tool.ts';
import { runDist } from '../support/run-dist.ts';
import { resolverModeArgs, validateArgs } from '../support/lab-dnssec.ts';
import type { Lab } from '../lab/lab.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const EXECUTABLE = join(REPO, 'dist/smtp-dane-verify');
const missing = missingZabbix();

const EXTERNAL = TEMPLATE_NAMES.external;
const MASTER_UUID = zabbixUuid(`${EXTERNAL}/item/master`);
/** Debian's zabbix_server.conf ships Timeout=4; the template's default -t 3 must fit in it. */
const SERVER_TIMEOUT = 4;

type Item = ZabbixItem;

const SLOW_HOST = FIXTURE_HOSTS.find((h) => h.name === 'mx1.slow.test')!;
/** Longer than the share of -t 3 a stage may wait, far shorter than senders wait (RFC 5321 §4.5.3.2: 5 minutes). */
const SLOW_GREETING_MS = 6000;

/** An SMTP server that greets only after `delayMs` (and then says nothing more). */
async function slowSmtpServer(address: string, delayMs: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const timer = setTimeout(() => socket.write('220 mx1.slow.test ESMTP slow\r\n'), delayMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(25, address, resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function templateYaml(file: string): Promise<string> {
  return readFile(join(REPO, file), 'utf8');
}

suiteNeeding(missing, 'e2e: Zabbix 6.0 with templates/zabbix', function () {
  this.timeout(180_000);
  let z: ZabbixStack | null = null;
  let lab: Lab;
  const started = Date.now();

  let starting: Promise<ZabbixStack> | null = null;

  before(async function () {
    // A lab busy in another process is waited for (LAB_LOCK_WAIT_MS, see lab-hooks.ts).
    this.timeout(240_000 + (Number(process.env['LAB_LOCK_WAIT_MS']) || 0));
    // The lab first, then Zabbix: its database load is heavy enough to make the lab's
    // start-up deadlines miss on a busy machine.
    const t0 = Date.now();
    lab = await useLab();
    const labMs = Date.now() - t0;
    starting = startZabbix({ executable: EXECUTABLE, timeout: SERVER_TIMEOUT });
    z = await starting;
    console.log(`      Zabbix up in ${z!.timings['total']} ms (${JSON.stringify(z!.timings)}), lab ready after ${labMs} ms`);
  });

  after(async function () {
    this.timeout(60_000);
    // Even when before() gave up early, the stack it was starting is stopped.
    await starting?.then((stack) => stack.stop()).catch(() => undefined);
    console.log(`      Zabbix e2e took ${Date.now() - started} ms in all`);
  });

  describe('configuration.import', () => {
    it('imports both templates, with their items, discovery rules, prototypes, triggers and value maps', async () => {
      for (const variant of ['external', 'http'] as const) {
        expect(await z!.api.importYaml(await templateYaml(TEMPLATE_FILES[variant])), variant).to.equal(true);
      }
      const templates = await z!.api.call('template.get', {
        output: ['host', 'uuid'],
        filter: { host: [TEMPLATE_NAMES.external, TEMPLATE_NAMES.http] },
        selectItems: ['key_', 'type', 'value_type'],
        selectDiscoveries: ['key_'],
        selectTriggers: 'count',
        selectMacros: ['macro', 'type', 'value'],
        selectValueMaps: ['name'],
        selectGroups: ['name'],
      });
      expect(templates).to.have.length(2);
      for (const t of templates) {
        expect(t.groups.map((g: any) => g.name)).to.deep.equal(['Templates/Applications']);
        expect(t.items).to.have.length(14);
        expect(t.discoveries.map((d: any) => d.key_).sort()).to.deep.equal(['dane.address.discovery', 'dane.keyalg.discovery', 'dane.mx.discovery']);
        // Five of the domain, two of its DNSSEC signature expiry.
        expect(Number(t.triggers)).to.equal(7);
        expect(t.valuemaps.map((v: any) => v.name).sort()).to.deep.equal([
          'SMTP DANE DNSSEC status',
          'SMTP DANE key algorithm coverage',
          'SMTP DANE rollover readiness',
          'SMTP DANE service state',
          'SMTP DANE state',
          'SMTP DANE yes/no',
        ]);
      }
      const ext = templates.find((t: any) => t.host === TEMPLATE_NAMES.external);
      const http = templates.find((t: any) => t.host === TEMPLATE_NAMES.http);
      // type 10 = external check, 19 = HTTP agent; value_type 4 = text.
      expect(ext.items.find((i: any) => i.key_ === MASTER_KEYS.external)).to.include({ type: '10', value_type: '4' });
      expect(http.items.find((i: any) => i.key_ === MASTER_KEYS.http)).to.include({ type: '19', value_type: '4' });
      // The API key is a secret macro (type 1): the API never hands its value back.
      const key = http.macros.find((m: any) => m.macro === '{$DANE.APIKEY}');
      expect(key.type).to.equal('1');
      expect(key).not.to.have.property('value');
      const protos = await z!.api.call('itemprototype.get', { output: ['key_'], templateids: [ext.templateid] });
      expect(protos.map((p: any) => p.key_)).to.include.members(['dane.mx.state["{#MXHOST}"]', 'dane.mx.cert.days["{#MXHOST}"]', 'dane.mx.rrsig.days["{#MXHOST}"]', 'dane.mx.rrsig.state["{#MXHOST}"]', 'dane.addr.state["{#MXHOST}","{#MXADDR}"]']);
      const tprotos = await z!.api.call('triggerprototype.get', { output: ['description', 'priority'], templateids: [ext.templateid] });
      // Detail per MX host, certificate, TLS version, key algorithm and address (INFO): the state is the domain's.
      expect(tprotos.map((t: any) => t.priority)).to.deep.equal(['1', '1', '1', '1', '1']);
    });

    it('imports the same files again as an update: stable uuids, nothing duplicated', async () => {
      const count = () => z!.api.call('item.get', { countOutput: true, templated: true, search: { key_: 'dane.' } });
      const before = await count();
      for (const variant of ['external', 'http'] as const) {
        expect(await z!.api.importYaml(await templateYaml(TEMPLATE_FILES[variant]))).to.equal(true);
      }
      expect(await count()).to.equal(before);
    });

    const BREAKS: [string, (yaml: string) => string, RegExp][] = [
      ['a 6.2+ "vendor" tag on the template', (y) => y.replace(/(    - )(uuid: \S+\n      template:)/, "$1vendor:\n        name: x\n        version: '1'\n      $2"), /unexpected tag "vendor"/],
      ['a uuid that is not UUIDv4', (y) => y.replace(MASTER_UUID, `${MASTER_UUID.slice(0, 12)}5${MASTER_UUID.slice(13)}`), /UUIDv4 is expected/],
      ['a trigger on an item key that does not exist', (y) => y.replace('nodata(/SMTP DANE by external check/dane.domain.state,', 'nodata(/SMTP DANE by external check/dane.domain.stat,'), /dane\.domain\.stat\b/],
      ['a misspelt preprocessing step type', (y) => y.replace('type: CHECK_JSON_ERROR', 'type: CHECK_JSON_ERRORS'), /CHECK_JSON_ERRORS|unexpected value/],
      ['a version newer than 6.0', (y) => y.replace("version: '6.0'", "version: '6.4'"), /unsupported version number/],
    ];
    for (const [what, breakIt, message] of BREAKS) {
      it(`rejects a copy with ${what}`, async () => {
        const original = await templateYaml(TEMPLATE_FILES.external);
        const broken = breakIt(original);
        expect(broken, 'the break must change the file').not.to.equal(original);
        let error: unknown = null;
        try {
          await z!.api.importYaml(broken);
        } catch (e) {
          error = e;
        }
        expect(error, 'the import must fail').to.be.instanceOf(ZabbixApiError);
        expect((error as ZabbixApiError).message).to.match(message);
      });
    }
  });

  describe('hosts linked to the templates collect from the lab', () => {
    // label → [template, {$DANE.DOMAIN}]
    const HOSTS = {
      good: ['external', 'good.test'],
      mismatch: ['external', 'mismatch.test'],
      bad: ['external', 'bad domain!'],
      // An expired leaf (DANE-EE, so still verified): negative days.
      eeexpired: ['external', 'eeexpired.test'],
      // A bogus MX RRset that names a host which the check still probes: nothing is discovered.
      'bogus-mx': ['external', 'mxbadsig.test'],
      'http-bogus': ['http', 'expired.test'],
      // A server that greets after SLOW_GREETING_MS, longer than the check's share of {$DANE.TIMEOUT}.
      slow: ['external', 'slow.test'],
      // Linked with a one-day interval and checked once: discovered items must get that run's values.
      once: ['external', 'good.test'],
      'http-good': ['http', 'good.test'],
      'http-wrong-key': ['http', 'good.test'],
      // The date macros (issue 16): good.test judged with fixed signature thresholds, and years ahead.
      sigwarn: ['external', 'good.test'],
      'http-ahead': ['http', 'good.test'],
      'http-bad-days': ['http', 'good.test'],
      'bad-sigwarn': ['external', 'good.test'],
    } as const;
    /** Macros set on one host besides the domain, the interval and the connection. */
    const EXTRA_MACROS: Partial<Record<keyof typeof HOSTS, { macro: string; value: string }[]>> = {
      // The lab signs for 30 days: every signature has fewer than 40 days left.
      sigwarn: [{ macro: '{$DANE.SIG_WARN}', value: '40' }],
      // The lab's certificates are issued for a year: in 1000 days every one has expired.
      'http-ahead': [{ macro: '{$DANE.DAYS}', value: '1000' }],
      'http-bad-days': [{ macro: '{$DANE.DAYS}', value: 'soon' }],
      'bad-sigwarn': [{ macro: '{$DANE.SIG_WARN}', value: 'soon' }],
    };
    type Label = keyof typeof HOSTS;
    const hosts = {} as Record<Label, string>;
    let items: Item[] = [];
    let service: DaneService | null = null;
    const API_KEY = `e2e-key-${process.pid}-${Date.now()}`;
    const item = (host: Label, key: string) => {
      const found = items.find((i) => i.hostid === hosts[host] && i.key_ === key);
      if (!found) throw new Error(`no item ${key} on ${host}; have: ${items.filter((i) => i.hostid === hosts[host]).map((i) => i.key_).join(', ')}`);
      return found;
    };
    const value = (host: Label, key: string) => {
      const i = item(host, key);
      expect(i.state, `${host} ${key}: ${i.error}`).to.equal('0');
      return i.lastvalue;
    };
    const WANT: [Label, string][] = [
      ['good', 'dane.mx.cert.days["mx2.good.test"]'],
      ['eeexpired', 'dane.mx.cert.days["mx.eeexpired.test"]'],
      ['bogus-mx', 'dane.domain.state'],
      ['http-bogus', 'dane.domain.state'],
      ['slow', 'dane.domain.unfinished'],
      // Asserted below: waited for, or a discovered item that has no value yet reads as its default 0.
      ['slow', 'dane.mx.state["mx1.slow.test"]'],
      ['once', 'dane.mx.cert.days["mx2.good.test"]'],
      ['once', 'dane.addr.state["mx1.good.test","::1"]'],
      ['good', 'dane.addr.state["mx1.good.test","::1"]'],
      ['good', 'dane.mx.tls.version["mx1.good.test"]'],
      ['mismatch', 'dane.mx.state["mx.mismatch.test"]'],
      ['mismatch', 'dane.addr.state["mx.mismatch.test","127.0.25.3"]'],
      ['http-good', 'dane.mx.state["mx2.good.test"]'],
      ['http-good', 'dane.addr.state["mx1.good.test","::1"]'],
      ['sigwarn', 'dane.mx.rrsig.state["mx2.good.test"]'],
      ['http-ahead', 'dane.mx.cert.state["mx2.good.test"]'],
    ];
    const UNSUPPORTED: [Label, string][] = [
      ['bad', MASTER_KEYS.external],
      ['http-wrong-key', MASTER_KEYS.http],
      ['http-bad-days', MASTER_KEYS.http],
      ['bad-sigwarn', MASTER_KEYS.external],
    ];
    let waitedMs = 0;
    let slowServer: { close(): Promise<void> } | null = null;
    const firing = async (label: Label) =>
      (await z!.api.call('trigger.get', { output: ['description', 'priority'], hostids: [hosts[label]], filter: { value: 1 }, expandDescription: true })) as {
        description: string;
        priority: string;
      }[];
    /** Triggers are evaluated a moment after the values arrive: poll a few seconds for `want`. */
    const firingUntil = async (label: Label, want: (found: { description: string; priority: string }[]) => boolean) => {
      let found = await firing(label);
      for (let i = 0; i < 20 && !want(found); i++) {
        await new Promise((r) => setTimeout(r, 500));
        found = await firing(label);
      }
      return found;
    };

    before(async function () {
      // Past the 150 s deadline below, so that its message (which items lack values) is what a busy machine reports.
      this.timeout(240_000);
      const api = z!.api;
      slowServer = await slowSmtpServer(SLOW_HOST.address, SLOW_GREETING_MS);
      // The service trusts the validating unbound (--dnssec resolver); the external checks validate
      // themselves through the non-validating one, from the lab's root ({$DANE.TRUST_ANCHOR}).
      service = await startDaneService({ executable: EXECUTABLE, apiKey: API_KEY, resolver: lab.resolver, extraArgs: ['--dnssec', 'resolver'] });
      const templates = await api.call('template.get', { output: ['templateid', 'host'], filter: { host: [TEMPLATE_NAMES.external, TEMPLATE_NAMES.http] } });
      const templateId = (v: 'external' | 'http') => templates.find((t: any) => t.host === TEMPLATE_NAMES[v]).templateid;
      const [group] = await api.call('hostgroup.get', { output: ['groupid'], filter: { name: ['Linux servers'] } });
      for (const [label, [variant, domain]] of Object.entries(HOSTS) as [Label, (typeof HOSTS)[Label]][]) {
        const macros = [
          { macro: '{$DANE.DOMAIN}', value: domain },
          // Long intervals: each host is checked once, on request (below); {$DANE.TIMEOUT} keeps its default.
          { macro: '{$DANE.INTERVAL}', value: label === 'once' ? '1d' : '1h' },
          ...(variant === 'external'
            ? [
                { macro: '{$DANE.RESOLVER}', value: lab.plainResolver },
                { macro: '{$DANE.TRUST_ANCHOR}', value: lab.trustAnchorFile },
              ]
            : [
                { macro: '{$DANE.URL}', value: service.url },
                { macro: '{$DANE.APIKEY}', type: 1, value: label === 'http-wrong-key' ? 'not-the-key' : API_KEY },
              ]),
          ...(EXTRA_MACROS[label] ?? []),
        ];
        const r = await api.call('host.create', {
          host: `dane ${label}`,
          groups: [{ groupid: group.groupid }],
          // External checks need a host interface of any type on 6.0; nothing is asked through it.
          interfaces: [{ type: 1, main: 1, useip: 1, ip: '127.0.0.1', dns: '', port: '10050' }],
          templates: [{ templateid: templateId(variant) }],
          macros,
        });
        hosts[label] = r.hostids[0];
      }
      const t0 = Date.now();
      // Poll the API. Each master item runs once, on "check now" (task type 6): the intervals are
      // long, and every value, the discovered items' included, must come from that one run. A
      // master is asked again only when no run came of it within 20 s (a task the server dropped
      // before it knew the item); the history count of "once" would show a second run.
      const askedAt = new Map<string, number>();
      const deadline = Date.now() + 150_000;
      for (;;) {
        items = await api.call('item.get', {
          output: ['itemid', 'hostid', 'key_', 'lastvalue', 'lastclock', 'state', 'error', 'flags'],
          hostids: Object.values(hosts),
        });
        const masters = items.filter((i) => i.key_ === MASTER_KEYS.external || i.key_ === MASTER_KEYS.http);
        const has = (h: Label, k: string) => items.some((i) => i.hostid === hosts[h] && i.key_ === k && i.lastclock !== '0');
        const failed = (h: Label, k: string) => items.some((i) => i.hostid === hosts[h] && i.key_ === k && i.state === '1');
        // Every discovered item has its first value or its error: one that has none yet reads as 0,
        // which once made a sigwarn host's dane.mx.rrsig.state look OK (the calculated items re-read
        // the kept result once a minute, each on its own schedule).
        // (The dane.*.result[…] items keep no history, so they never show a value.)
        const valueless = items.filter((i) => i.flags === '4' && i.state === '0' && i.lastclock === '0' && !/\.result\[/.test(i.key_));
        if (WANT.every(([h, k]) => has(h, k)) && UNSUPPORTED.every(([h, k]) => failed(h, k)) && valueless.length === 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `discovery and values not complete after ${Date.now() - t0} ms:\n${items.map((i) => `${i.hostid} ${i.key_} state=${i.state} clock=${i.lastclock} value=${i.lastvalue} ${i.error}`).join('\n')}\n${z!.output()}\n--- serve:\n${service.output().slice(-4000)}`,
          );
        }
        const itemOf = (m: Item, key: string) => items.find((i) => i.hostid === m.hostid && i.key_ === key);
        // A run the time limit cut short (a busy machine) is asked again, except where that is the
        // point ("slow") or where one run is ("once").
        const cutShort = (m: Item) => m.hostid !== hosts.slow && m.hostid !== hosts.once && Number(itemOf(m, 'dane.domain.unfinished')?.lastvalue ?? 0) > 0;
        const ran = (m: Item) => m.state === '1' || (itemOf(m, 'dane.domain.state')?.lastclock ?? '0') !== '0' && !cutShort(m);
        const ask = masters.filter((m) => !ran(m) && Date.now() - (askedAt.get(m.itemid) ?? 0) > 20_000);
        if (ask.length > 0) {
          const made = await api.call('task.create', ask.map((m) => ({ type: '6', request: { itemid: m.itemid } }))).catch(() => null);
          if (made) for (const m of ask) askedAt.set(m.itemid, Date.now());
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      waitedMs = Date.now() - t0;
      console.log(`      discovery and first values in ${waitedMs} ms`);
    });

    after(async () => {
      await service?.stop();
      await slowServer?.close();
    });

    it('discovery created one item set per MX host and per address, within the bounded time', () => {
      expect(waitedMs).to.be.below(150_000);
      const discovered = (label: Label) => items.filter((i) => i.hostid === hosts[label] && i.flags === '4').map((i) => i.key_);
      for (const label of ['good', 'http-good'] as const) {
        const good = discovered(label);
        for (const mx of ['mx1.good.test', 'mx2.good.test']) {
          for (const base of ['dane.mx.state', 'dane.mx.service.state', 'dane.mx.verified', 'dane.mx.dnssec', 'dane.mx.tlsa.usable', 'dane.mx.cert.days', 'dane.mx.cert.state', 'dane.mx.tls.version', 'dane.mx.addresses', 'dane.mx.addresses.verified']) {
            expect(good, label).to.include(`${base}["${mx}"]`);
          }
        }
        expect(good.filter((k) => k.startsWith('dane.addr.state')).sort(), label).to.deep.equal([
          'dane.addr.state["mx1.good.test","127.0.25.1"]',
          'dane.addr.state["mx1.good.test","::1"]',
          'dane.addr.state["mx2.good.test","127.0.25.2"]',
        ]);
        // Per key algorithm of each address (issue 16): the default certificate's and the two asked for alone.
        expect(good.filter((k) => k.startsWith('dane.keyalg.coverage')).sort(), label).to.deep.equal(
          ['127.0.25.1', '::1'].flatMap((a) => ['ecdsa', 'ed25519', 'rsa'].map((alg) => `dane.keyalg.coverage["mx1.good.test","${a}","${alg}"]`)).concat(
            ['ecdsa', 'ed25519', 'rsa'].map((alg) => `dane.keyalg.coverage["mx2.good.test","127.0.25.2","${alg}"]`),
          ),
        );
      }
      expect(discovered('mismatch').filter((k) => k.startsWith('dane.mx.state'))).to.deep.equal(['dane.mx.state["mx.mismatch.test"]']);
    });

    for (const label of ['good', 'http-good'] as const) {
      it(`${label === 'good' ? 'external check' : 'HTTP agent'}, good.test: verified, DNSSEC-secure, per MX host and per address`, () => {
        const d = label;
        expect(value(d, 'dane.domain.state')).to.equal(String(DANE_STATE_CODES.verified));
        expect(value(d, 'dane.domain.verified')).to.equal('1');
        expect(value(d, 'dane.domain.dnssec')).to.equal('0');
        expect(value(d, 'dane.domain.mx')).to.equal('2');
        expect(value(d, 'dane.domain.mx.verified')).to.equal('2');
        expect(value(d, 'dane.domain.unfinished')).to.equal('0');
        // The external checks validate (the whole path); the service trusts unbound's AD bit and judges the RRSIGs it sends with the answers.
        expect(Number(value(d, 'dane.domain.rrsig.days'))).to.be.within(25, 30.01);
        expect(value(d, 'dane.domain.rrsig.state')).to.equal('0');
        expect(value(d, 'dane.domain.diagnostics')).to.equal('');
        expect(Number(value(d, 'dane.domain.duration'))).to.be.within(0, SERVER_TIMEOUT);
        for (const mx of ['mx1.good.test', 'mx2.good.test']) {
          expect(value(d, `dane.mx.state["${mx}"]`), mx).to.equal('0');
          expect(value(d, `dane.mx.verified["${mx}"]`), mx).to.equal('1');
          expect(value(d, `dane.mx.dnssec["${mx}"]`), mx).to.equal('0');
          // The current key and the pre-published next one (rollover readiness).
          expect(value(d, `dane.mx.tlsa.usable["${mx}"]`), mx).to.equal('2');
          // The lab signs for 30 days: the earliest RRSIG of the host's answers, and no alarm.
          expect(Number(value(d, `dane.mx.rrsig.days["${mx}"]`)), mx).to.be.within(25, 30.01);
          expect(value(d, `dane.mx.rrsig.state["${mx}"]`), mx).to.equal('0');
          expect(value(d, `dane.mx.rollover["${mx}"]`), mx).to.equal('0');
          expect(Number(value(d, `dane.mx.tlsa.ttl["${mx}"]`)), mx).to.be.within(1, 3600);
          expect(value(d, `dane.mx.tls.version["${mx}"]`), mx).to.match(/^TLSv1\.[23]$/);
          // The lab's certificates are issued for a year from the lab's start.
          expect(Number(value(d, `dane.mx.cert.days["${mx}"]`)), mx).to.be.within(300, 400);
        }
        expect(value(d, 'dane.mx.addresses["mx1.good.test"]')).to.equal('2');
        expect(value(d, 'dane.mx.addresses.verified["mx1.good.test"]')).to.equal('2');
        expect(value(d, 'dane.addr.state["mx1.good.test","::1"]')).to.equal('0');
        expect(value(d, 'dane.addr.state["mx2.good.test","127.0.25.2"]')).to.equal('0');
      });
    }

    it('mismatch.test: failed, the judged CRITICAL raised as HIGH (the only problem above INFO)', async () => {
      const d = 'mismatch';
      expect(value(d, 'dane.domain.state')).to.equal(String(DANE_STATE_CODES.failed));
      expect(value(d, 'dane.domain.verified')).to.equal('0');
      expect(value(d, 'dane.mx.state["mx.mismatch.test"]')).to.equal(String(DANE_STATE_CODES.failed));
      expect(value(d, 'dane.mx.verified["mx.mismatch.test"]')).to.equal('0');
      expect(value(d, 'dane.mx.tlsa.usable["mx.mismatch.test"]')).to.equal('2');
      expect(value(d, 'dane.addr.state["mx.mismatch.test","127.0.25.3"]')).to.equal(String(DANE_STATE_CODES.failed));
      expect(value(d, 'dane.domain.diagnostics')).to.match(/^CRITICAL [A-Z_]+: .*mx\.mismatch\.test/m);
      const found = await firingUntil(d, (f) => f.some((p) => p.priority === '4'));
      // priority 4 = HIGH, the state the check decided (src/render/state-mapping.ts); per MX host only INFO (1).
      expect(found.filter((p) => p.priority !== '1').map((p) => `${p.priority} ${p.description}`)).to.deep.equal(['4 SMTP DANE: DANE check of mismatch.test is CRITICAL']);
    });

    it('an expired certificate (eeexpired.test): negative days on both expiry items; the check\'s WARNING, and the expiry detail', async () => {
      const domainDays = Number(value('eeexpired', 'dane.domain.cert.days'));
      const mxDays = Number(value('eeexpired', 'dane.mx.cert.days["mx.eeexpired.test"]'));
      // The lab's L7 expired on 2021-01-01.
      expect(domainDays).to.be.below(-300);
      expect(mxDays).to.equal(domainDays);
      const found = await firingUntil('eeexpired', (f) => f.some((p) => /Certificate of MX mx\.eeexpired\.test expires/.test(p.description)) && f.some((p) => p.priority === '2'));
      // Only DANE-EE authenticated it, so WARNING (issue 14 #7: mail still flows, PKIX senders fail).
      expect(found.map((p) => `${p.priority} ${p.description}`)).to.include.members([
        '2 SMTP DANE: DANE check of eeexpired.test is WARNING',
        '1 SMTP DANE: Certificate of MX mx.eeexpired.test expires soon or has expired',
      ]);
    });

    it('a bogus MX RRset: the domain is bogus (HIGH), and no MX host is discovered from it, in both templates', async () => {
      for (const [label, domain] of [['bogus-mx', 'mxbadsig.test'], ['http-bogus', 'expired.test']] as const) {
        expect(value(label, 'dane.domain.state'), label).to.equal(String(DANE_STATE_CODES.bogus));
        expect(value(label, 'dane.domain.dnssec'), label).to.equal('2');
        expect(items.filter((i) => i.hostid === hosts[label] && i.flags === '4').map((i) => i.key_), label).to.deep.equal([]);
        const rules = await z!.api.call('discoveryrule.get', { output: ['key_', 'state', 'error'], hostids: [hosts[label]] });
        expect(rules).to.have.length(3);
        for (const rule of rules) {
          expect(rule.state, `${label} ${rule.key_}`).to.equal('1');
          expect(rule.error).to.contain(`cannot discover the MX hosts of ${domain}: the MX lookup is bogus`);
        }
        const found = await firingUntil(label, (f) => f.some((p) => p.priority === '4'));
        expect(found.map((p) => `${p.priority} ${p.description}`), label).to.include(`4 SMTP DANE: DANE check of ${domain} is CRITICAL`);
      }
    });

    it('a server slow to greet: its step is cut off by the time limit (run.unfinished), "ran out of time" beside the state', async () => {
      expect(Number(value('slow', 'dane.domain.unfinished'))).to.be.at.least(1);
      const found = await firingUntil('slow', (f) => f.some((p) => /ran out of time/.test(p.description)));
      // The other seven MX hosts of slow.test refuse: the judged state is CRITICAL; the slow one is UNKNOWN, not "unreachable".
      expect(found.map((p) => `${p.priority} ${p.description}`)).to.include('1 SMTP DANE: Check of slow.test ran out of time');
      expect(value('slow', 'dane.mx.state["mx1.slow.test"]')).to.equal(String(DANE_STATE_CODES.indeterminate));
    });

    it('discovered items have values after ONE master run (the host checked once, with a one-day interval)', async () => {
      for (const [key, want] of [
        ['dane.mx.state["mx1.good.test"]', '0'],
        ['dane.mx.tls.version["mx2.good.test"]', /^TLSv1\.[23]$/],
        ['dane.addr.state["mx1.good.test","::1"]', '0'],
        ['dane.addr.state["mx2.good.test","127.0.25.2"]', '0'],
      ] as const) {
        const v = value('once', key);
        if (typeof want === 'string') expect(v, key).to.equal(want);
        else expect(v, key).to.match(want);
      }
      // One run: the kept result has exactly one value in its history.
      const kept = item('once', RESULT_KEY);
      const history = await z!.api.call('history.get', { output: ['clock'], history: 4, itemids: [kept.itemid] });
      expect(history, 'master runs of "once"').to.have.length(1);
    });

    it('good.test raises no problem', async () => {
      for (const label of ['good', 'http-good'] as const) {
        const firing = await z!.api.call('trigger.get', { output: ['description'], hostids: [hosts[label]], filter: { value: 1 }, expandDescription: true });
        expect(firing.map((t: any) => t.description), label).to.deep.equal([]);
      }
    });

    it('{$DANE.SIG_WARN} 40 (external check): good.test\'s 30-day signatures are WARNING, on the domain and each MX host; the DANE state stays verified', async () => {
      const d = 'sigwarn';
      expect(value(d, 'dane.domain.state')).to.equal(String(DANE_STATE_CODES.verified));
      expect(value(d, 'dane.domain.rrsig.state')).to.equal('1');
      expect(value(d, 'dane.domain.service.state')).to.equal('1');
      for (const mx of ['mx1.good.test', 'mx2.good.test']) expect(value(d, `dane.mx.rrsig.state["${mx}"]`), mx).to.equal('1');
      // The days themselves do not move; only the threshold does.
      expect(Number(value(d, 'dane.domain.rrsig.days'))).to.be.within(25, 30.01);
      expect(value(d, 'dane.domain.diagnostics')).to.match(/^WARNING RRSIG_EXPIRY_WARNING: /m);
      const found = await firingUntil(d, (f) => f.some((p) => p.priority === '2') && f.some((p) => /expires soon/.test(p.description)));
      expect(found.map((p) => `${p.priority} ${p.description}`)).to.include.members([
        '2 SMTP DANE: DANE check of good.test is WARNING',
        "1 SMTP DANE: A DNSSEC signature of good.test's DANE answers expires soon",
      ]);
    });

    it('{$DANE.DAYS} 1000 (HTTP agent, ?days=): good.test\'s certificates are judged expired, the check CRITICAL (mx2\'s DANE-TA chain); the days still count from today', async () => {
      const d = 'http-ahead';
      expect(value(d, 'dane.domain.state')).to.equal(String(DANE_STATE_CODES.verified));
      // mx2.good.test rests on DANE-TA (2 1 1 of the intermediate): its chain's dates matter, CRITICAL;
      // mx1's DANE-EE leaf is WARNING at most (RFC 7672 §3.1.1).
      expect(value(d, 'dane.domain.service.state')).to.equal('2');
      expect(value(d, 'dane.domain.diagnostics')).to.match(/^CRITICAL CERT_EXPIRY_CRITICAL: /m);
      expect(value(d, 'dane.domain.diagnostics')).to.match(/^WARNING DANE_EE_CERT_EXPIRY: /m);
      for (const mx of ['mx1.good.test', 'mx2.good.test']) {
        expect(value(d, `dane.mx.cert.state["${mx}"]`), mx).to.not.equal('0');
        expect(Number(value(d, `dane.mx.cert.days["${mx}"]`)), mx).to.be.within(300, 400);
      }
      const found = await firingUntil(d, (f) => f.some((p) => p.priority === '4') && f.some((p) => /Certificate of MX mx2/.test(p.description)));
      expect(found.map((p) => `${p.priority} ${p.description}`)).to.include.members([
        '4 SMTP DANE: DANE check of good.test is CRITICAL',
        '1 SMTP DANE: Certificate of MX mx2.good.test expires soon or has expired',
      ]);
      // The same service, the same cached check, without the macro: no problem (the test "good.test raises no problem").
    });

    it('a bad date macro: the HTTP agent gets a 400, the external check one JSON line; either master item is unsupported', () => {
      const http = item('http-bad-days', MASTER_KEYS.http);
      expect(http.state).to.equal('1');
      expect(http.error, http.error).to.match(/400/);
      const external = item('bad-sigwarn', MASTER_KEYS.external);
      expect(external.state).to.equal('1');
      expect(external.error, external.error).to.match(/Failed: --sig-warn 'soon': expected a number of days, e\.g\. 7 or 1\.5/);
    });

    it('external check: a bad argument comes back as JSON, and the master item is unsupported with its message', () => {
      const master = item('bad', MASTER_KEYS.external);
      expect(master.state).to.equal('1');
      // Zabbix 6.0 words it "Preprocessing failed for: <value> … Failed: <the message>".
      expect(master.error, master.error).to.match(/Failed: invalid domain name: "bad domain!"/);
    });

    it('HTTP agent: a wrong API key makes the master item unsupported (401)', () => {
      const master = item('http-wrong-key', MASTER_KEYS.http);
      expect(master.state).to.equal('1');
      expect(master.error, master.error).to.match(/401/);
    });
  });
});

// `discover` itself (no Zabbix needed): a bogus or failed MX RRset is the documented
// JSON error and no host, also when the bogus answer named one that the check probed.
describe('e2e: `discover` on the lab\'s bogus and failed MX answers', function () {
  this.timeout(60_000);
  let lab: Lab;
  before(async () => {
    lab = await useLab();
  });
  const CASES: [string, string][] = [
    ['mxbadsig.test', 'bogus'], // MX RRSIG corrupt; the host's own records validate
    ['expired.test', 'bogus'], // every signature expired
    ['badds.test', 'bogus'], // DS of a key the zone does not have
    ['lame.test', 'indeterminate'], // nothing answers for the zone
  ];
  for (const [domain, status] of CASES) {
    it(`${domain}: {"error": "cannot discover the MX hosts of ${domain}: the MX lookup is ${status}"}, exit 0, in both resolver modes`, async () => {
      for (const args of [validateArgs(lab), resolverModeArgs(lab)]) {
        const r = await runDist(['discover', domain, ...args]);
        expect(r.code).to.equal(0);
        expect(r.stderr).to.equal('');
        expect(JSON.parse(r.stdout), args.join(' ')).to.deep.equal({ error: `cannot discover the MX hosts of ${domain}: the MX lookup is ${status}` });
      }
    });
  }
  it('a good domain still lists its hosts (the same command, the same lab)', async () => {
    const r = await runDist(['discover', 'good.test', ...validateArgs(lab)]);
    expect(JSON.parse(r.stdout).map((row: Record<string, string>) => row['{#MXHOST}'])).to.include.members(['mx1.good.test', 'mx2.good.test']);
  });
});
