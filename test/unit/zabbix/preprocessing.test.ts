// Every preprocessing chain of both templates, run offline on real renderer
// output: the master item's JSON goes through each dependent item's steps
// (JSONPath as the templates use it, JavaScript in a fresh context, Boolean to
// decimal, multiplier) and each discovered row's prototypes get their LLD
// macros substituted, as Zabbix does. The e2e test proves the same against a
// real Zabbix for the lab; this one covers shapes the lab does not have.
import { expect } from 'chai';
import { domainJson } from '../../../src/render/json.ts';
import { lldRows } from '../../../src/render/zabbix-lld.ts';
import { codeMapJs, DANE_STATE_CODES, DNSSEC_STATUS_CODES, SERVICE_STATE_CODES } from '../../../src/render/zabbix-preprocessing.ts';
import { renderNagios } from '../../../src/render/nagios.ts';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import { EXIT_CODES, type ServiceState } from '../../../src/verdict/exit-status.ts';
import type { SeverityPolicy } from '../../../src/verdict/diagnostics.ts';
import type { DomainResult } from '../../../src/verdict/result.ts';
import { RESULT_KEY, templateExport, type TemplateVariant } from '../../../scripts/zabbix/zabbix-template.ts';
import { daysLeft } from '../../../src/verdict/certificate-expiry.ts';
import { DANE_STATES } from '../../../src/verdict/dane-state.ts';
import { diagnostic } from '../../../src/verdict/diagnostics.ts';
import { cancelledAddress, cert, domain, host, judgedDomain, mismatchAddress, pathSig, run, signedAnswer, verifiedAddress } from '../nagios/fixtures.ts';
import { es5Problems, zabbixJs } from './zabbix-js.ts';

type Obj = Record<string, any>;

/** The JSONPath forms the templates use, evaluated as Zabbix does (values as text, objects as JSON). */
function jsonpath(path: string, value: string): string {
  const doc = JSON.parse(value);
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  let m = /^\$\.mx_hosts\[\?\(@\.hostname=='([^']+)'\)\]\.first\(\)$/.exec(path);
  if (m) {
    const h = doc.mx_hosts.find((x: Obj) => x.hostname === m![1]);
    if (!h) throw new Error(`no data for ${path}`);
    return text(h);
  }
  m = /^\$\.addresses\[\?\(@\.address=='([^']+)'\)\]\.dane_state\.first\(\)$/.exec(path);
  if (m) {
    const a = doc.addresses.find((x: Obj) => x.address === m![1]);
    if (!a) throw new Error(`no data for ${path}`);
    return text(a.dane_state);
  }
  if (path === '$.run.unfinished.length()') return String(doc.run.unfinished.length);
  if (/^\$(\.[a-z_]+)+$/.test(path)) {
    let v = doc;
    for (const part of path.slice(2).split('.')) v = v?.[part];
    if (v === undefined) throw new Error(`no data for ${path}`);
    return text(v);
  }
  throw new Error(`JSONPath form not emulated by this test: ${path}`);
}

function substitute(text: string, macros: Obj): string {
  return text.replace(/\{#[A-Z0-9_.]+\}/g, (m) => (m in macros ? String(macros[m]) : m));
}

function runSteps(steps: Obj[], value: string, macros: Obj = {}): string {
  for (const s of steps) {
    const p = substitute(s.parameters[0], macros);
    switch (s.type) {
      case 'CHECK_JSON_ERROR': {
        const doc = JSON.parse(value);
        if (doc && typeof doc === 'object' && 'error' in doc) throw new Error(String(doc.error));
        break;
      }
      case 'JSONPATH':
        value = jsonpath(p, value);
        break;
      case 'JAVASCRIPT':
        value = zabbixJs(p, value);
        break;
      case 'BOOL_TO_DECIMAL':
        if (!['true', 'false'].includes(value)) throw new Error(`not a boolean: ${value}`);
        value = value === 'true' ? '1' : '0';
        break;
      case 'DISCARD_UNCHANGED_HEARTBEAT':
        break; // a first value always passes
      case 'MULTIPLIER':
        value = String(Number(value) * Number(p));
        break;
      default:
        throw new Error(`step ${s.type} not emulated by this test`);
    }
  }
  return value;
}

/** An item whose preprocessing fails is unsupported in Zabbix, with the error as its reason. */
function orUnsupported(run: () => string): string {
  try {
    return run();
  } catch (error) {
    return `unsupported: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function template(variant: TemplateVariant): Obj {
  return (templateExport(variant) as Obj)['zabbix_export'].templates[0];
}

const isRaw = (i: Obj) => (i.tags ?? []).some((t: Obj) => t.tag === 'component' && t.value === 'raw');

/**
 * Item key → value, for every dependent item and every discovered prototype of
 * template object `t` (raw JSON items left out). Discovered items that read the
 * kept result (CALCULATED, `last(//dane.domain.result)`) get it first, then the
 * prototypes that depend on them, as Zabbix runs them after one master value.
 */
function collect(t: Obj, master: string): Record<string, string> {
  const [masterItem, ...dependents] = t.items;
  const json = runSteps(masterItem.preprocessing, master);
  const values: Record<string, string> = {};
  for (const i of dependents) values[i.key] = orUnsupported(() => runSteps(i.preprocessing, json));
  const kept = values[RESULT_KEY]!;
  // The kept result holds what the discovered items read, no more (Zabbix keeps at most 64 KB of text):
  // every value below is the same as from the whole result.
  expect(JSON.parse(kept).mx_hosts.map((h: Obj) => h.hostname)).to.deep.equal(JSON.parse(json).mx_hosts.map((h: Obj) => h.hostname));
  expect(kept.length).to.be.below(json.length);
  for (const rule of t.discovery_rules) {
    const discovered = JSON.parse(runSteps(rule.preprocessing, json)) as Obj[];
    // The same rows `discover` prints.
    expect(discovered).to.deep.equal(lldRows(JSON.parse(json)));
    const condition = rule.filter.conditions[0];
    for (const row of discovered.filter((r) => (condition.macro in r) === (condition.operator === 'EXISTS'))) {
      const own: Record<string, string> = {};
      for (const p of rule.item_prototypes.filter((p: Obj) => p.type === 'CALCULATED')) {
        expect(p.params).to.equal(`last(//${RESULT_KEY})`);
        own[p.key] = runSteps(p.preprocessing, kept, row);
      }
      for (const p of rule.item_prototypes.filter((p: Obj) => p.type === 'DEPENDENT')) {
        const source = own[p.master_item.key];
        if (source === undefined) throw new Error(`${p.key} depends on ${p.master_item.key}, which this rule does not read first`);
        own[p.key] = orUnsupported(() => runSteps(p.preprocessing, source, row));
      }
      for (const p of rule.item_prototypes) if (!isRaw(p)) values[substitute(p.key, row)] = own[p.key]!;
    }
  }
  for (const i of dependents) if (isRaw(i)) delete values[i.key];
  return values;
}

const now = () => new Date();
const good = domain('example.org', [
  host('mx1.example.org', 10, [
    verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60), cert('Lab CA', 1, 400)]),
    verifiedAddress('2001:db8::1', [cert('mx1.example.org', 0, 60)]),
  ], {
    // current + next: ready for rollover (mx2 is left n/a, without a TTL)
    rollover: {
      state: 'ready',
      reason: 'next-key-published',
      matching: [{ record: `3 1 1 ${'ab'.repeat(32)}`, role: 'leaf', matches: [{ address: '192.0.2.1', depth: 0 }] }],
      not_matching: [{ record: `3 1 1 ${'ef'.repeat(32)}`, role: 'unmatched', matches: [] }],
      tlsa_ttl: 3600,
    },
  }),
  host('mx2.example.org', 20, [verifiedAddress('192.0.2.2', [cert('mx2.example.org', 0, 30)])]),
]);
const troubled = domain(
  'example.net',
  [
    host('mx1.example.net', 10, [mismatchAddress('198.51.100.1', [cert('mx1.example.net', 0, 5)])], { usable_tlsa: [] }),
    host('mx2.example.net', 20, [cancelledAddress('198.51.100.2')], { dnssec_status: 'indeterminate' }),
  ],
  { dane_state: 'failed', mx_dnssec_status: 'insecure', diagnostics: [diagnostic('MX_INSECURE', { domain: 'example.net' })] },
);

const NO_SIGNATURES = 'no DNSSEC signature was seen (nothing signed, or none sent by the resolver)';

describe('zabbix: preprocessing chains of both templates', () => {
  for (const variant of ['external', 'http'] as const) {
    describe(variant, () => {
      it('a verified domain: every item and every discovered prototype', () => {
        const v = collect(template(variant), JSON.stringify(domainJson(judgedDomain(good, run()))));
        const days = (d: string) => String(daysLeft(d, now()));
        const mx1Leaf = good.hosts[0]!.addresses[0]!.certificates[0]!.notAfter;
        const mx2Leaf = good.hosts[1]!.addresses[0]!.certificates[0]!.notAfter;
        expect(v).to.deep.equal({
          'dane.domain.state': '0',
          'dane.domain.service.state': '0',
          'dane.domain.verified': '1',
          'dane.domain.dnssec': '0',
          'dane.domain.mx': '2',
          'dane.domain.mx.verified': '2',
          'dane.domain.cert.days': days(mx2Leaf),
          'dane.domain.rrsig.days': `unsupported: ${NO_SIGNATURES}`,
          'dane.domain.rrsig.state': '0',
          'dane.domain.duration': '1.234',
          'dane.domain.unfinished': '0',
          'dane.domain.diagnostics': '',
          'dane.mx.state["mx1.example.org"]': '0',
          'dane.mx.verified["mx1.example.org"]': '1',
          'dane.mx.dnssec["mx1.example.org"]': '0',
          'dane.mx.tlsa.usable["mx1.example.org"]': '1',
          'dane.mx.rollover["mx1.example.org"]': '0',
          'dane.mx.tlsa.ttl["mx1.example.org"]': '3600',
          'dane.mx.cert.days["mx1.example.org"]': days(mx1Leaf),
          'dane.mx.cert.state["mx1.example.org"]': '0',
          'dane.mx.rrsig.days["mx1.example.org"]': `unsupported: ${NO_SIGNATURES}`,
          'dane.mx.rrsig.state["mx1.example.org"]': '0',
          'dane.mx.service.state["mx1.example.org"]': '0',
          'dane.mx.tls.version["mx1.example.org"]': 'TLSv1.3',
          'dane.mx.addresses["mx1.example.org"]': '2',
          'dane.mx.addresses.verified["mx1.example.org"]': '2',
          'dane.mx.state["mx2.example.org"]': '0',
          'dane.mx.verified["mx2.example.org"]': '1',
          'dane.mx.dnssec["mx2.example.org"]': '0',
          'dane.mx.tlsa.usable["mx2.example.org"]': '1',
          'dane.mx.rollover["mx2.example.org"]': '2',
          'dane.mx.tlsa.ttl["mx2.example.org"]': 'unsupported: no usable TLSA records',
          'dane.mx.cert.days["mx2.example.org"]': days(mx2Leaf),
          'dane.mx.cert.state["mx2.example.org"]': '0',
          'dane.mx.rrsig.days["mx2.example.org"]': `unsupported: ${NO_SIGNATURES}`,
          'dane.mx.rrsig.state["mx2.example.org"]': '0',
          'dane.mx.service.state["mx2.example.org"]': '0',
          'dane.mx.tls.version["mx2.example.org"]': 'TLSv1.3',
          'dane.mx.addresses["mx2.example.org"]': '1',
          'dane.mx.addresses.verified["mx2.example.org"]': '1',
          'dane.addr.state["mx1.example.org","192.0.2.1"]': '0',
          'dane.addr.state["mx1.example.org","2001:db8::1"]': '0',
          'dane.addr.state["mx2.example.org","192.0.2.2"]': '0',
          'dane.addr.reason["mx1.example.org","192.0.2.1"]': '',
          'dane.addr.reason["mx1.example.org","2001:db8::1"]': '',
          'dane.addr.reason["mx2.example.org","192.0.2.2"]': '',
        });
      });

      it('a failing domain: states, no TLS, diagnostics; a host without certificates fails its expiry item only', () => {
        const master = JSON.stringify(domainJson(judgedDomain(troubled, run({ unfinished: ['SMTP mx2.example.net 198.51.100.2 at tls'] }))));
        const t = template(variant);
        const protos = t.discovery_rules[0].item_prototypes;
        const relay = protos.find((p: Obj) => p.type === 'CALCULATED');
        const certProto = protos.find((p: Obj) => p.key.startsWith('dane.mx.cert.days'));
        const mx2 = { '{#MXHOST}': 'mx2.example.net' };
        expect(() => runSteps(certProto.preprocessing, runSteps(relay.preprocessing, master, mx2), mx2)).to.throw('no certificate was presented');
        // Everything else has a value.
        certProto.preprocessing = [{ type: 'JAVASCRIPT', parameters: ['return "skipped";'] }];
        const v = collect(t, master);
        expect(v['dane.domain.state']).to.equal(String(DANE_STATE_CODES.failed));
        expect(v['dane.domain.dnssec']).to.equal(String(DNSSEC_STATUS_CODES.insecure));
        expect(v['dane.domain.verified']).to.equal('0');
        expect(v['dane.domain.mx.verified']).to.equal('0');
        expect(v['dane.domain.unfinished']).to.equal('1');
        expect(v['dane.mx.state["mx1.example.net"]']).to.equal(String(DANE_STATE_CODES.failed));
        expect(v['dane.mx.tlsa.usable["mx1.example.net"]']).to.equal('0');
        expect(v['dane.mx.state["mx2.example.net"]']).to.equal(String(DANE_STATE_CODES.indeterminate));
        expect(v['dane.mx.dnssec["mx2.example.net"]']).to.equal(String(DNSSEC_STATUS_CODES.indeterminate));
        expect(v['dane.mx.tls.version["mx2.example.net"]']).to.equal('none');
        expect(v['dane.mx.addresses.verified["mx2.example.net"]']).to.equal('0');
        expect(v['dane.addr.state["mx2.example.net","198.51.100.2"]']).to.equal(String(DANE_STATE_CODES.indeterminate));
        expect(v['dane.addr.reason["mx2.example.net","198.51.100.2"]']).to.match(/^indeterminate at tls: /);
        const lines = v['dane.domain.diagnostics']!.split('\n');
        expect(lines[0]).to.match(/^CRITICAL MX_INSECURE: MX RRset of example\.net is not DNSSEC-signed/);
        expect(lines.some((l) => /^[A-Z]+ TLSA_MISMATCH: /.test(l))).to.equal(true);
        expect(lines.every((l) => !l.startsWith('INFO '))).to.equal(true);
      });

      it('an expired certificate: negative days, in signed (FLOAT) items, so Zabbix keeps them and the expiry triggers fire', () => {
        const expired = domain('old.example', [host('mx.old.example', 10, [verifiedAddress('192.0.2.3', [cert('mx.old.example', 0, -31)])])]);
        const t = template(variant);
        const v = collect(t, JSON.stringify(domainJson(judgedDomain(expired, run()))));
        const days = daysLeft(expired.hosts[0]!.addresses[0]!.certificates[0]!.notAfter, now());
        expect(days).to.be.below(0);
        expect(v['dane.domain.cert.days']).to.equal(String(days));
        expect(v['dane.mx.cert.days["mx.old.example"]']).to.equal(String(days));
        const items = [t.items.find((i: Obj) => i.key === 'dane.domain.cert.days'), t.discovery_rules[0].item_prototypes.find((p: Obj) => p.key.startsWith('dane.mx.cert.days'))];
        for (const item of items) expect(item.value_type, item.key).to.equal('FLOAT');
      });

      it('a bogus MX answer: the discovery rule and every per-MX item fail with the reason; the domain items still report', () => {
        const bogus = domain('bogus.example', [host('mx.bogus.example', 10, [verifiedAddress('192.0.2.4', [cert('mx.bogus.example', 0, 60)])])], {
          mx_dnssec_status: 'bogus',
          dane_state: 'bogus',
        });
        const master = JSON.stringify(domainJson(judgedDomain(bogus, run())));
        const t = template(variant);
        for (const rule of t.discovery_rules) expect(() => runSteps(rule.preprocessing, master)).to.throw('cannot discover the MX hosts of bogus.example: the MX lookup is bogus');
        const row = { '{#MXHOST}': 'mx.bogus.example', '{#MXADDR}': '192.0.2.4' };
        for (const rule of t.discovery_rules) {
          for (const p of rule.item_prototypes.filter((p: Obj) => p.type === 'CALCULATED')) {
            expect(() => runSteps(p.preprocessing, master, row), p.key).to.throw('the MX hosts of bogus.example are not trusted: the MX lookup is bogus');
          }
        }
        const state = t.items.find((i: Obj) => i.key === 'dane.domain.state');
        expect(runSteps(state.preprocessing, master)).to.equal(String(DANE_STATE_CODES.bogus));
      });

      it('time cut short: the item counts run.unfinished, as the verdict judged it (step time-outs included, see run-check.test.ts)', () => {
        const slow = domain('slow.example', [
          host('mx1.slow.example', 10, [{ ...verifiedAddress('192.0.2.5', []), dane_state: 'indeterminate', stage: 'banner', reason: 'no banner within 1255 ms' }]),
          host('mx2.slow.example', 20, [{ ...verifiedAddress('192.0.2.6', []), dane_state: 'unreachable', stage: 'connect', reason: 'connect: connect ECONNREFUSED 192.0.2.6:25' }]),
        ]);
        const t = template(variant);
        const item = t.items.find((i: Obj) => i.key === 'dane.domain.unfinished');
        expect(runSteps(item.preprocessing, JSON.stringify(domainJson(judgedDomain(slow, run()))))).to.equal('0');
        const cut = run({ unfinished: ['SMTP mx1.slow.example 192.0.2.5 at banner (no banner within 1255 ms)', 'DNS x/TLSA'] });
        expect(runSteps(item.preprocessing, JSON.stringify(domainJson(judgedDomain(slow, cut))))).to.equal('2');
      });

      it('the error document makes the master item fail with its message, so nothing else runs', () => {
        const t = template(variant);
        expect(() => runSteps(t.items[0].preprocessing, '{"error":"invalid domain name: x"}')).to.throw('invalid domain name: x');
      });

      it('every JavaScript step is ECMAScript 5.1 (Duktape)', () => {
        const t = template(variant);
        const steps = [
          ...t.items.flatMap((i: Obj) => i.preprocessing),
          ...t.discovery_rules.flatMap((r: Obj) => [...r.preprocessing, ...r.item_prototypes.flatMap((p: Obj) => p.preprocessing)]),
        ].filter((s: Obj) => s.type === 'JAVASCRIPT');
        expect(steps.length).to.be.above(5);
        for (const s of steps) expect(es5Problems(s.parameters[0]), s.parameters[0]).to.deep.equal([]);
      });
    });
  }

  it('the state maps cover every dane_state and reject unknown words', () => {
    const code = codeMapJs(DANE_STATE_CODES, 'dane_state');
    DANE_STATES.forEach((s, i) => expect(zabbixJs(code, s)).to.equal(String(i)));
    expect(() => zabbixJs(code, 'mostly-fine')).to.throw('unknown dane_state: mostly-fine');
    expect(() => zabbixJs(code, 'toString')).to.throw('unknown dane_state: toString');
  });
});

// Issue 13 point 2: the state is decided once, in the verdict. Under a --severity
// override (the case the review found where Nagios and the JSON/Zabbix dane_state
// could disagree silently), the Nagios exit code, the JSON service_state, the
// Zabbix items and the OpenMetrics series all carry that one state.
describe('one verdict for Nagios, JSON, Zabbix and OpenMetrics', () => {
  const partly = domain('example.org', [
    host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])]),
    host('mx2.example.org', 20, [mismatchAddress('192.0.2.2', [cert('mx2.example.org', 0, 60)])]),
  ]);
  // RFC 7672 §3.1.1: DANE-EE ignores dates (issue 14 finding 7).
  const eeExpired = domain('example.org', [host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, -5)])])]);
  // A DNSKEY RRSIG with 2.5 of its 14 days left (below a fifth) under the MX and the host's A answer.
  const dnskey = pathSig('example.org/DNSKEY', 14, 2.5);
  const signed = (aSignature = pathSig('mx1.example.org/A', 14, 10)) =>
    domain('example.org', [host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)])], { signed_answers: [signedAnswer('mx1.example.org/A', aSignature, dnskey)] })], {
      signed_answers: [signedAnswer('example.org/MX', pathSig('example.org/MX', 14, 9), dnskey)],
    });
  const cases: { name: string; result: DomainResult; severityPolicy: SeverityPolicy; state: ServiceState; certState?: ServiceState; sigState?: ServiceState }[] = [
    { name: 'one of two MX hosts fails', result: partly, severityPolicy: {}, state: 'CRITICAL' },
    { name: 'one of two MX hosts fails, --severity MX_HOSTS_PARTIAL=warning', result: partly, severityPolicy: { MX_HOSTS_PARTIAL: 'warning' }, state: 'WARNING' },
    { name: 'one of two MX hosts fails, --severity TLSA_MISMATCH=info', result: partly, severityPolicy: { TLSA_MISMATCH: 'info' }, state: 'OK' },
    { name: 'expired DANE-EE-only leaf', result: eeExpired, severityPolicy: {}, state: 'WARNING', certState: 'WARNING' },
    {
      name: 'expired DANE-EE-only leaf, --severity DANE_EE_CERT_EXPIRY=critical',
      result: eeExpired,
      severityPolicy: { DANE_EE_CERT_EXPIRY: 'critical' },
      state: 'CRITICAL',
      certState: 'CRITICAL',
    },
    { name: 'a DNSKEY RRSIG with less than a fifth of its validity left', result: signed(), severityPolicy: {}, state: 'WARNING', sigState: 'WARNING' },
    {
      name: 'an A RRSIG that expires within its TTL',
      result: signed(pathSig('mx1.example.org/A', 5, 1.5, 2 * 86_400)),
      severityPolicy: { RRSIG_EXPIRY_WARNING: 'info' },
      state: 'CRITICAL',
      sigState: 'CRITICAL',
    },
    { name: 'a DNSKEY RRSIG below a fifth, --severity RRSIG_EXPIRY_WARNING=info', result: signed(), severityPolicy: { RRSIG_EXPIRY_WARNING: 'info' }, state: 'OK', sigState: 'OK' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.state} everywhere`, () => {
      const outcome = judgedDomain(c.result, run(), { severityPolicy: c.severityPolicy });
      const nagios = renderNagios(outcome);
      expect(nagios.state, 'Nagios').to.equal(c.state);
      expect(nagios.exitCode, 'Nagios exit code').to.equal(EXIT_CODES[c.state]);
      expect(nagios.text, 'Nagios status line').to.match(new RegExp(`^SMTP DANE ${c.state} - `));
      const json = domainJson(outcome);
      expect(json.service_state, 'JSON').to.equal(c.state);
      expect(json.exit_code, 'JSON exit_code').to.equal(nagios.exitCode);
      for (const variant of ['external', 'http'] as const) {
        const items = collect(template(variant), JSON.stringify(json));
        expect(items['dane.domain.service.state'], `Zabbix ${variant}`).to.equal(String(SERVICE_STATE_CODES[c.state]));
        if (c.certState) expect(items['dane.mx.cert.state["mx1.example.org"]'], `Zabbix ${variant} expiry`).to.equal(String(SERVICE_STATE_CODES[c.certState]));
        if (c.sigState) {
          expect(items['dane.domain.rrsig.state'], `Zabbix ${variant} signatures`).to.equal(String(SERVICE_STATE_CODES[c.sigState]));
          expect(items['dane.mx.rrsig.state["mx1.example.org"]'], `Zabbix ${variant} host signatures`).to.equal(String(SERVICE_STATE_CODES[c.sigState]));
          // Counted from now, as the certificate days: the fixture's dates are in 2025, so long expired (negative, FLOAT).
          const first = Math.min(...c.result.signed_answers.flatMap((a) => a.signatures).map((x) => Date.parse(x.expiration)), ...c.result.hosts.flatMap((h) => h.signed_answers.flatMap((a) => a.signatures.map((x) => Date.parse(x.expiration)))));
          expect(Number(items['dane.domain.rrsig.days'])).to.be.closeTo((first - Date.now()) / 86_400_000, 0.02).and.below(0);
        }
      }
      const target = { kind: 'domain' as const, name: 'example.org', outcome, lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: true };
      const samples = metricSamples({ version: 'x', targets: [target], probe: null });
      const current = samples.filter((s) => s.family === 'smtp_dane_verify_service_state' && s.value === 1).map((s) => s.labels.state);
      expect(current, 'OpenMetrics').to.deep.equal([c.state]);
      if (c.certState) {
        const cert = samples.filter((s) => s.family === 'smtp_dane_verify_host_cert_expiry_state' && s.value === 1).map((s) => s.labels.state);
        expect(cert, 'OpenMetrics expiry').to.deep.equal([c.certState]);
      }
      if (c.sigState) {
        const sig = samples.filter((s) => s.family === 'smtp_dane_verify_rrsig_expiry_state' && s.value === 1).map((s) => s.labels.state);
        expect(sig, 'OpenMetrics signatures').to.deep.equal([c.sigState]);
        const expiry = samples.filter((s) => s.family === 'smtp_dane_verify_rrsig_expiry_timestamp_seconds').map((s) => [s.labels.answer, s.labels.covers, s.labels.mx ?? null, s.value]);
        expect(expiry[0], 'OpenMetrics expiry').to.deep.equal(['example.org/MX', 'example.org/DNSKEY', null, Date.parse(dnskey.expiration) / 1000]);
        expect(json.rrsig_days_left, 'JSON days left').to.equal(Math.min(2.5, ...json.rrsig_expiry.map((a) => a.days_left)));
        expect(json.rrsig_expiry_state, 'JSON signatures').to.equal(c.sigState);
      }
    });
  }
});
