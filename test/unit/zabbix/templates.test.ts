// The shipped Zabbix templates, checked offline: they are what the generator
// makes (so regenerating changes nothing), they parse as YAML, they keep to the
// 6.0 export schema, their uuids are valid, unique and stable, and every
// reference inside them resolves (trigger items, master items, macros, value
// maps, LLD macros). Zabbix itself checks them in test/e2e/zabbix.test.ts.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { discoverCommand, discoverSettings } from '../../../src/cli/commands/discover.ts';
import { pluginSettings } from '../../../src/cli/plugin-options.ts';
import { requestedJudgement } from '../../../src/serve/judgement-params.ts';
import { DANE_STATE_CODES, DNSSEC_STATUS_CODES } from '../../../src/render/zabbix-preprocessing.ts';
import {
  EXTERNAL_SCRIPT,
  MASTER_KEYS,
  RELAY_DELAY,
  RESULT_KEY,
  TEMPLATE_FILES,
  TEMPLATE_GROUP,
  TEMPLATE_NAMES,
  templateExport,
  templateYaml,
  type TemplateVariant,
} from '../../../scripts/zabbix/zabbix-template.ts';
import { UUID_V4_32, zabbixUuid, toYaml } from '../../../scripts/zabbix/zabbix-yaml.ts';
import { DANE_STATES } from '../../../src/verdict/dane-state.ts';

type Obj = Record<string, any>;
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
// js-yaml comes with mocha; only the tests read YAML.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };
const VARIANTS = ['external', 'http'] as const;

function committed(variant: TemplateVariant): string {
  return readFileSync(`${REPO}${TEMPLATE_FILES[variant]}`, 'utf8');
}
function parsed(variant: TemplateVariant): Obj {
  return load(committed(variant)) as Obj;
}
function template(variant: TemplateVariant): Obj {
  return parsed(variant)['zabbix_export'].templates[0];
}

/** Every value of `key` anywhere in `node`. */
function all(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const v of node) all(v, key, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found.push(v);
      all(v, key, found);
    }
  }
  return found;
}
function strings(node: unknown, found: string[] = []): string[] {
  if (typeof node === 'string') found.push(node);
  else if (Array.isArray(node)) for (const v of node) strings(v, found);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) strings(v, found);
  return found;
}

/** Zabbix item key parameters: comma-separated, "quoted" ones with \" escapes. */
function keyParams(key: string): string[] {
  const inner = /^[^[]+\[(.*)\]$/.exec(key)?.[1] ?? '';
  const params: string[] = [];
  let i = 0;
  while (i <= inner.length) {
    if (inner[i] === '"') {
      let v = '';
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === '\\' && inner[i + 1] === '"') i++;
        v += inner[i++];
      }
      params.push(v);
      i += 2; // closing quote and comma
    } else {
      const end = inner.indexOf(',', i);
      params.push(inner.slice(i, end === -1 ? inner.length : end));
      i = end === -1 ? inner.length + 1 : end + 1;
    }
  }
  return params;
}

describe('zabbix: uuids', () => {
  it("are Zabbix's generateUuidV4(seed): md5 with the version and variant bits forced", () => {
    // Vectors from Zabbix 6.0's own PHP (include/func.inc.php generateUuidV4).
    expect(zabbixUuid('SMTP DANE by external check/item/master')).to.equal('6e0b139347994499919347578745d8d6');
    expect(zabbixUuid('Template OS Linux')).to.equal('2bb813199072470793320691cd4b70cd');
  });

  for (const variant of VARIANTS) {
    it(`${variant}: every uuid is a 32-hex UUIDv4 and unique in the file`, () => {
      const uuids = all(parsed(variant), 'uuid') as string[];
      expect(uuids.length).to.be.above(30);
      for (const u of uuids) expect(u).to.match(UUID_V4_32);
      expect(new Set(uuids).size).to.equal(uuids.length);
    });
  }

  it('the two templates share only the group uuid (Zabbix\'s own Templates/Applications)', () => {
    const a = new Set(all(parsed('external'), 'uuid') as string[]);
    const shared = (all(parsed('http'), 'uuid') as string[]).filter((u) => a.has(u));
    expect(shared).to.deep.equal([TEMPLATE_GROUP.uuid]);
  });
});

describe('zabbix: templates/zabbix/*.yaml', () => {
  for (const variant of VARIANTS) {
    describe(variant, () => {
      it('is exactly what scripts/zabbix-templates.ts generates (run it after changing the model)', () => {
        expect(committed(variant)).to.equal(templateYaml(variant));
        expect(templateYaml(variant)).to.equal(templateYaml(variant));
      });

      it('parses as YAML to the model, strings only', () => {
        expect(parsed(variant)).to.deep.equal(JSON.parse(JSON.stringify(templateExport(variant))));
        for (const v of all(parsed(variant), 'value')) expect(typeof v).to.equal('string');
      });

      it("keeps to Zabbix 6.0's export schema: version '6.0', top-level groups, no vendor or 6.2+ keys", () => {
        const e = parsed(variant)['zabbix_export'];
        expect(Object.keys(e)).to.deep.equal(['version', 'groups', 'templates']);
        expect(e.version).to.equal('6.0');
        expect(e.groups).to.deep.equal([{ uuid: TEMPLATE_GROUP.uuid, name: 'Templates/Applications' }]);
        const t = template(variant);
        expect(t.template).to.equal(TEMPLATE_NAMES[variant]);
        for (const tag of ['vendor', 'template_groups', 'host_groups']) expect(all(e, tag), tag).to.deep.equal([]);
        // 6.0 has an item-level timeout for HTTP agent items only.
        for (const i of t.items) if (i.type !== 'HTTP_AGENT') expect(i).not.to.have.property('timeout');
      });

      it('every trigger names this template and an item key it has', () => {
        const t = template(variant);
        const itemKeys = new Set<string>(t.items.map((i: Obj) => i.key as string));
        const check = (expression: string, keys: Set<string>) => {
          const refs = [...expression.matchAll(/\/([^/]+)\/([^,)[]+(?:\[[^\]]*\])?)/g)];
          expect(refs.length, expression).to.be.above(0);
          for (const [, host, key] of refs) {
            expect(host).to.equal(TEMPLATE_NAMES[variant]);
            expect(keys.has(key!), `${key} in ${expression}`).to.equal(true);
          }
        };
        for (const i of t.items) for (const tr of i.triggers ?? []) check(tr.expression, itemKeys);
        for (const rule of t.discovery_rules) {
          const keys = new Set<string>([...itemKeys, ...rule.item_prototypes.map((p: Obj) => p.key as string)]);
          for (const p of rule.item_prototypes) {
            for (const tr of p.trigger_prototypes ?? []) {
              check(tr.expression, keys);
              for (const d of tr.dependencies ?? []) check(d.expression, keys);
            }
          }
        }
        // A dependency names a trigger that exists, by name and expression.
        const triggers = [
          ...t.items.flatMap((i: Obj) => i.triggers ?? []),
          ...t.discovery_rules.flatMap((r: Obj) => r.item_prototypes.flatMap((p: Obj) => p.trigger_prototypes ?? [])),
        ];
        for (const tr of triggers) {
          for (const d of tr.dependencies ?? []) {
            expect(triggers.some((o: Obj) => o.name === d.name && o.expression === d.expression), d.name).to.equal(true);
          }
        }
      });

      it('one mapping of the judged state (src/render/state-mapping.ts): CRITICAL HIGH, WARNING and UNKNOWN WARNING; per host, address and certificate INFO', () => {
        const t = template(variant);
        const all = [
          ...t.items.flatMap((i: Obj) => i.triggers ?? []),
          ...t.discovery_rules.flatMap((r: Obj) => r.item_prototypes.flatMap((p: Obj) => p.trigger_prototypes ?? [])),
        ];
        const byName = Object.fromEntries(all.map((tr: Obj) => [tr.name, tr.priority]));
        expect(byName).to.deep.equal({
          'SMTP DANE: DANE check of {$DANE.DOMAIN} is CRITICAL': 'HIGH',
          'SMTP DANE: DANE check of {$DANE.DOMAIN} is WARNING': 'WARNING',
          'SMTP DANE: DANE check of {$DANE.DOMAIN} is UNKNOWN': 'WARNING',
          'SMTP DANE: No check result for {$DANE.NODATA}': 'AVERAGE',
          'SMTP DANE: Check of {$DANE.DOMAIN} ran out of time': 'INFO',
          'SMTP DANE: MX {#MXHOST} is not OK': 'INFO',
          'SMTP DANE: Certificate of MX {#MXHOST} expires soon or has expired': 'INFO',
          'SMTP DANE: MX {#MXHOST} negotiates an outdated TLS version': 'INFO',
          'SMTP DANE: MX {#MXHOST} address {#MXADDR} cannot be tested from this host': 'INFO',
          'SMTP DANE: MX {#MXHOST} address {#MXADDR}: {#KEYALG} certificate not covered by TLSA': 'INFO',
          "SMTP DANE: A DNSSEC signature of {$DANE.DOMAIN}'s DANE answers is about to expire": 'INFO',
          "SMTP DANE: A DNSSEC signature of {$DANE.DOMAIN}'s DANE answers expires soon": 'INFO',
        });
        // Only the judged state raises above INFO (besides "no data", which is about the monitoring itself).
        const service = `/${TEMPLATE_NAMES[variant]}/dane.domain.service.state`;
        for (const tr of all.filter((x: Obj) => x.priority !== 'INFO' && !x.expression.startsWith('nodata('))) {
          expect(tr.expression, tr.name).to.match(new RegExp(`^last\\(${service.replace(/[.$/{}]/g, '\\$&')}\\)=[0-3] and `));
        }
        const nodata = t.items.flatMap((i: Obj) => i.triggers ?? []).filter((tr: Obj) => tr.expression.startsWith('nodata('));
        expect(nodata).to.have.length(1);
      });

      it('every item and rule hangs off the master item\'s one run (directly, or through the kept result); every value map exists', () => {
        const t = template(variant);
        const master = t.items[0];
        expect(master.key).to.equal(MASTER_KEYS[variant]);
        expect(master).to.include({ history: '0', trends: '0', value_type: 'TEXT' });
        expect(master.preprocessing).to.deep.equal([{ type: 'CHECK_JSON_ERROR', parameters: ['$.error'] }]);
        for (const d of [...t.items.slice(1), ...t.discovery_rules]) {
          expect(d.type, d.key).to.equal('DEPENDENT');
          expect(d.master_item, d.key).to.deep.equal({ key: master.key });
          expect(d.delay).to.equal('0');
        }
        // The kept result: the master's value, with history, which discovered items read at once.
        expect(t.items.find((i: Obj) => i.key === RESULT_KEY)).to.include({ value_type: 'TEXT', history: '1d' });
        for (const rule of t.discovery_rules) {
          const relays = rule.item_prototypes.filter((p: Obj) => p.type === 'CALCULATED');
          expect(relays.length, rule.key).to.equal(1);
          for (const p of rule.item_prototypes) {
            if (p.type === 'CALCULATED') {
              expect(p, p.key).to.include({ params: `last(//${RESULT_KEY})`, delay: RELAY_DELAY });
              // Each run's value passes once (and again every interval), not once a minute.
              expect(p.preprocessing.at(-1)).to.deep.equal({ type: 'DISCARD_UNCHANGED_HEARTBEAT', parameters: ['{$DANE.INTERVAL}'] });
            } else {
              expect(p.type, p.key).to.equal('DEPENDENT');
              expect(relays.map((r: Obj) => r.key), p.key).to.include(p.master_item.key);
              expect(p.delay).to.equal('0');
            }
          }
        }
        const maps = new Set(t.valuemaps.map((m: Obj) => m.name));
        for (const v of all(t, 'valuemap') as Obj[]) expect(maps.has(v.name), v.name).to.equal(true);
        const state = t.valuemaps.find((m: Obj) => m.name === 'SMTP DANE state');
        expect(state.mappings).to.deep.equal(DANE_STATES.map((s) => ({ value: String(DANE_STATE_CODES[s]), newvalue: s })));
        const dnssec = t.valuemaps.find((m: Obj) => m.name === 'SMTP DANE DNSSEC status');
        expect(dnssec.mappings).to.deep.equal(Object.entries(DNSSEC_STATUS_CODES).map(([s, c]) => ({ value: String(c), newvalue: s })));
      });

      it('every user macro it uses is defined with a default and a description', () => {
        const t = template(variant);
        const defined = new Map(t.macros.map((m: Obj) => [m.macro, m]));
        const used = new Set(strings(t).flatMap((s) => s.match(/\{\$[A-Z0-9_.]+\}/g) ?? []));
        for (const m of used) expect(defined.has(m), m).to.equal(true);
        for (const m of defined.keys()) expect(used.has(m as string), `${m} is never used`).to.equal(true);
        for (const m of t.macros) expect(m.description, m.macro).to.be.a('string').and.not.equal('');
      });

      it('prototypes use only LLD macros their discovery rule provides, upper-case', () => {
        const t = template(variant);
        const host = ['{#DOMAIN}', '{#MXHOST}', '{#MXPREF}'];
        const address = [...host, '{#MXADDR}', '{#MXFAMILY}'];
        // Each rule picks its rows by the macros they have: host rows, address rows, key algorithm rows.
        const provided = (conditions: { macro: string; operator: string }[]): string[] => {
          const has = (macro: string) => conditions.some((c) => c.macro === macro && c.operator === 'EXISTS');
          if (has('{#KEYALG}')) return [...address, '{#KEYALG}'];
          if (has('{#MXADDR}')) {
            expect(conditions, 'address rows only, not key algorithm rows').to.deep.include({ macro: '{#KEYALG}', operator: 'NOT_EXISTS', formulaid: 'B' });
            return address;
          }
          expect(conditions).to.deep.equal([{ macro: '{#MXADDR}', operator: 'NOT_EXISTS', formulaid: 'A' }]);
          return host;
        };
        expect(t.discovery_rules.map((r: Obj) => r.key)).to.deep.equal(['dane.mx.discovery', 'dane.address.discovery', 'dane.keyalg.discovery']);
        for (const rule of t.discovery_rules) {
          const allowed = provided(rule.filter.conditions);
          const used = strings(rule.item_prototypes).flatMap((s) => s.match(/\{#[^}]*\}/g) ?? []);
          expect(used.length).to.be.above(0);
          for (const m of used) {
            expect(m).to.match(/^\{#[A-Z0-9_.]+\}$/);
            expect(allowed, `${m} in ${rule.key}`).to.include(m);
          }
          for (const p of rule.item_prototypes) expect(p.key, 'a prototype key must vary with the row').to.contain('{#MXHOST}');
        }
      });

      it('item keys use only the characters Zabbix allows in a key name', () => {
        for (const k of all(template(variant), 'key') as string[]) expect(k).to.match(/^[a-zA-Z0-9._-]+(\[.*\])?$/);
      });
    });
  }

  describe('external', () => {
    it("the master item runs `discover … --format json` with the template's macros", async () => {
      const t = template('external');
      const key: string = t.items[0].key;
      expect(key.startsWith(`${EXTERNAL_SCRIPT}[`)).to.equal(true);
      const defaults = Object.fromEntries(t.macros.map((m: Obj) => [m.macro, m.value]));
      const args = keyParams(key).map((p) => p.replace(/\{\$[A-Z0-9_.]+\}/g, (m) => (m === '{$DANE.DOMAIN}' ? 'example.org' : defaults[m])));
      expect(args).to.deep.equal([
        'discover', 'example.org', '--format', 'json', '--resolver', '', '--dnssec', '', '--trust-anchor', '', '--timeout', '3', '--severity', '',
        '--days', '', '--sig-warn', '', '--sig-crit', '',
      ]);
      // The command's own options, but no handler: nothing is checked over the network here.
      let argv: Record<string, unknown> = {};
      await yargs(args)
        .command({ ...discoverCommand, handler: (a) => void (argv = a) })
        .strict()
        .exitProcess(false)
        .parse();
      const { format, settings } = discoverSettings(argv);
      expect(format).to.equal('json');
      expect(settings).to.include({ name: 'example.org', timeoutSeconds: 3, resolver: null, port: 25 });
      // Empty DNSSEC macros mean the defaults: validate, from $TRUST_ANCHOR or the built-in anchors.
      expect(settings.dnssec).to.equal(undefined);
      expect(settings.trustAnchorFile).to.equal(undefined);
      // Empty {$DANE.DAYS}, {$DANE.SIG_WARN} and {$DANE.SIG_CRIT}: today, the shares of each signature's validity.
      const plugin = pluginSettings({ severity: argv['severity'], days: argv['days'], 'sig-warn': argv['sig-warn'], 'sig-crit': argv['sig-crit'] });
      expect([plugin.horizonDays, plugin.signatureThresholds]).to.deep.equal([0, { warningDays: null, criticalDays: null }]);
    });

    it('docs/zabbix.md shows the master item key as the template has it, and every macro in its table', () => {
      const docs = readFileSync(`${REPO}docs/zabbix.md`, 'utf8');
      expect(docs).to.contain(`\n${MASTER_KEYS.external}\n`);
      for (const variant of ['external', 'http'] as const) {
        for (const m of template(variant).macros) expect(docs, m.macro).to.contain(`| \`${m.macro}\` |`);
      }
    });

    it("the default -t fits in Debian's zabbix_server Timeout=4, and the docs say so", () => {
      const timeout = Number(template('external').macros.find((m: Obj) => m.macro === '{$DANE.TIMEOUT}').value);
      expect(timeout).to.be.at.most(3);
      const docs = readFileSync(`${REPO}docs/zabbix.md`, 'utf8');
      expect(docs).to.contain('Timeout=');
      expect(docs).to.contain('ExternalScripts');
      expect(docs).to.contain('{$DANE.TIMEOUT}');
    });
  });

  describe('http', () => {
    it('POSTs {"domain": …} to {$DANE.URL}/verify/ with the key from a secret macro', () => {
      const t = template('http');
      const master = t.items[0];
      expect(master).to.include({ type: 'HTTP_AGENT', url: '{$DANE.URL}/verify/', request_method: 'POST', post_type: 'JSON', status_codes: '200' });
      expect(JSON.parse(master.posts.replace('{$DANE.DOMAIN}', 'example.org'))).to.deep.equal({ domain: 'example.org' });
      expect(master.headers).to.deep.include({ name: 'x-apikey', value: '{$DANE.APIKEY}' });
      expect(t.macros.find((m: Obj) => m.macro === '{$DANE.APIKEY}')).to.include({ type: 'SECRET_TEXT', value: '' });
      // {$DANE.SEVERITY}, {$DANE.DAYS}, {$DANE.SIG_WARN}, {$DANE.SIG_CRIT} travel as query parameters (empty: no override),
      // as --severity, --days, --sig-warn, --sig-crit do in the external check.
      expect(master.query_fields).to.deep.equal([
        { name: 'severity', value: '{$DANE.SEVERITY}' },
        { name: 'days', value: '{$DANE.DAYS}' },
        { name: 'sig_warn', value: '{$DANE.SIG_WARN}' },
        { name: 'sig_crit', value: '{$DANE.SIG_CRIT}' },
      ]);
      const defaults = Object.fromEntries(t.macros.map((m: Obj) => [m.macro, m.value]));
      expect([defaults['{$DANE.SEVERITY}'], defaults['{$DANE.DAYS}'], defaults['{$DANE.SIG_WARN}'], defaults['{$DANE.SIG_CRIT}']]).to.deep.equal(['', '', '', '']);
      // With the defaults the request asks for nothing: the service's own SEVERITY, DAYS, SIG_WARN and SIG_CRIT judge.
      const url = new URL('http://zabbix.invalid/verify/');
      for (const f of master.query_fields) url.searchParams.append(f.name, f.value.replace(/\{\$[A-Z0-9_.]+\}/g, (m: string) => defaults[m]));
      expect(requestedJudgement(url)).to.equal(null);
    });
  });
});

describe('zabbix: YAML writer', () => {
  it('quotes what YAML would misread, keeps multi-line text exact', () => {
    const doc = { a: 'yes', b: 'on', c: '12', d: '{$X}', e: "it's", f: 'line1\n  line2', g: ' lead\nx', h: 'plain.word-1', i: [] as string[] };
    const text = toYaml(doc);
    expect(load(text)).to.deep.equal(doc);
    expect(text).to.contain('h: plain.word-1\n');
  });
});
