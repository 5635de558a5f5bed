// What Zabbix computes from the domain JSON (`discover --format json`, the
// REST API's /verify/ answer): the number codes behind the value maps, and the
// JavaScript preprocessing steps of the templates. Zabbix 6.0 runs these in
// Duktape (ECMAScript 5.1), so they are plain ES5: var, function, no arrows,
// no template literals. `value` is the step's input; a thrown string becomes
// the item's error. The unit tests run every snippet against real renderer
// output, so the templates cannot drift from the JSON.
import type { DnsSecurity } from '../dns/security.ts';
import { DANE_STATES, type DaneState } from '../verdict/dane-state.ts';
import { EXIT_CODES, type ServiceState } from '../verdict/exit-status.ts';
import { KEY_ALGORITHM_COVERAGES, type KeyAlgorithmCoverage } from '../verdict/key-algorithm-certificates.ts';
import { ROLLOVER_STATES, type RolloverState } from '../verdict/rollover.ts';

/** dane_state as a number (its place in DANE_STATES): 0 verified … 9 indeterminate. */
export const DANE_STATE_CODES: Readonly<Record<DaneState, number>> = Object.fromEntries(
  DANE_STATES.map((s, i) => [s, i]),
) as Record<DaneState, number>;

/** A state the verdict decided (service_state, cert_expiry_state) as its plugin exit code: 0 OK … 3 UNKNOWN. */
export const SERVICE_STATE_CODES: Readonly<Record<ServiceState, number>> = EXIT_CODES;

/** Rollover readiness as a number (its place in ROLLOVER_STATES): 0 ready, 1 not-ready, 2 n/a. */
export const ROLLOVER_STATE_CODES: Readonly<Record<RolloverState, number>> = Object.fromEntries(
  ROLLOVER_STATES.map((s, i) => [s, i]),
) as Record<RolloverState, number>;

/** Host object → the TTL of its TLSA RRset; an error (the item unsupported) without usable records. */
export const TLSA_TTL_JS = [
  'var r = JSON.parse(value).rollover;',
  'if (r.tlsa_ttl === null) {',
  "  throw 'no usable TLSA records';",
  '}',
  'return r.tlsa_ttl;',
].join('\n');

export const DNSSEC_STATUS_CODES: Readonly<Record<DnsSecurity, number>> = {
  secure: 0,
  insecure: 1,
  bogus: 2,
  indeterminate: 3,
};

/** Maps a string to its code; an unknown string is an error, never a silent 0. */
export function codeMapJs(codes: Readonly<Record<string, number>>, what: string): string {
  return [
    `var codes = ${JSON.stringify(codes)};`,
    'if (Object.prototype.hasOwnProperty.call(codes, value)) {',
    '  return codes[value];',
    '}',
    `throw 'unknown ${what}: ' + value;`,
  ].join('\n');
}

/**
 * MX RRset statuses that make the MX hosts unknown: a bogus answer names hosts
 * nobody can trust, an indeterminate one names none for certain.
 * src/render/zabbix-lld.ts refuses to discover with the same words.
 */
export const UNTRUSTED_MX_STATUSES: readonly DnsSecurity[] = ['bogus', 'indeterminate'];

const untrustedMxTest = UNTRUSTED_MX_STATUSES.map((s) => `d.mx_dnssec_status === '${s}'`).join(' || ');

/**
 * Passes the domain JSON on unchanged unless its MX RRset is bogus or
 * indeterminate; then the step fails, and the MX host's items with it.
 */
export const TRUSTED_MX_JS = [
  'var d = JSON.parse(value);',
  `if (${untrustedMxTest}) {`,
  "  throw 'the MX hosts of ' + d.domain + ' are not trusted: the MX lookup is ' + d.mx_dnssec_status;",
  '}',
  'return value;',
].join('\n');

/**
 * The discovery rule: domain JSON → the rows of src/render/zabbix-lld.ts
 * (host rows, each followed by its address rows). A bogus or indeterminate MX
 * lookup is an error, whatever hosts it named, so Zabbix discovers nothing from
 * it and keeps what it discovered before.
 */
export const LLD_ROWS_JS = [
  'var d = JSON.parse(value);',
  'var hosts = d.mx_hosts || [];',
  `if (${untrustedMxTest}) {`,
  "  throw 'cannot discover the MX hosts of ' + d.domain + ': the MX lookup is ' + d.mx_dnssec_status;",
  '}',
  'var rows = [];',
  'for (var i = 0; i < hosts.length; i++) {',
  '  var h = hosts[i];',
  "  var pref = h.preference === null ? 0 : h.preference;",
  "  rows.push({'{#DOMAIN}': d.domain, '{#MXHOST}': h.hostname, '{#MXPREF}': pref});",
  '  var addrs = h.addresses || [];',
  '  for (var j = 0; j < addrs.length; j++) {',
  "    var family = addrs[j].family === 'ipv6' ? 'ipv6' : 'ipv4';",
  "    rows.push({'{#DOMAIN}': d.domain, '{#MXHOST}': h.hostname, '{#MXPREF}': pref, '{#MXADDR}': addrs[j].address, '{#MXFAMILY}': family});",
  '    var algs = addrs[j].certificates_by_algorithm || [];',
  '    for (var k = 0; k < algs.length; k++) {',
  "      rows.push({'{#DOMAIN}': d.domain, '{#MXHOST}': h.hostname, '{#MXPREF}': pref, '{#MXADDR}': addrs[j].address, '{#MXFAMILY}': family,",
  "        '{#KEYALG}': algs[k].key_algorithm});",
  '    }',
  '  }',
  '}',
  'return JSON.stringify(rows);',
].join('\n');

/**
 * Whole days until the first certificate presented expires (rounded down,
 * negative once expired), over one host object or every host of a domain
 * object: the default session's chains and those of the sessions that asked for
 * one key algorithm (certificates_by_algorithm). No certificate at all is an
 * error: the item is unsupported with that message.
 */
export const CERT_DAYS_JS = [
  'var d = JSON.parse(value);',
  'var hosts = d.mx_hosts || [d];',
  'var first = null;',
  'function earliest(certs) {',
  '  for (var k = 0; k < certs.length; k++) {',
  '    var t = Date.parse(certs[k].notAfter);',
  '    if (!isNaN(t) && (first === null || t < first)) first = t;',
  '  }',
  '}',
  'for (var i = 0; i < hosts.length; i++) {',
  '  var addrs = hosts[i].addresses || [];',
  '  for (var j = 0; j < addrs.length; j++) {',
  '    earliest(addrs[j].certificates || []);',
  '    var algs = addrs[j].certificates_by_algorithm || [];',
  '    for (var n = 0; n < algs.length; n++) earliest(algs[n].certificates || []);',
  '  }',
  '}',
  "if (first === null) throw 'no certificate was presented';",
  'return Math.floor((first - Date.now()) / 86400000);',
].join('\n');

/**
 * Days until the earliest-expiring DNSSEC signature that the answers of a check
 * (rrsig_expiry at the top) or of one MX host (its rrsig_expiry) rest on, to
 * 0.01 day, counted from now as the certificate days are, so a kept result stays
 * current; negative once expired. Unsupported when no answer carried signatures
 * (nothing signed, or a resolver that sent none with --dnssec resolver).
 */
export const RRSIG_DAYS_JS = [
  'var d = JSON.parse(value);',
  'var answers = d.rrsig_expiry || [];',
  'var first = null;',
  'for (var i = 0; i < answers.length; i++) {',
  '  var t = Date.parse(answers[i].expiration);',
  '  if (!isNaN(t) && (first === null || t < first)) first = t;',
  '}',
  "if (first === null) throw 'no DNSSEC signature was seen (nothing signed, or none sent by the resolver)';",
  'return Math.floor((first - Date.now()) / 864000) / 100;',
].join('\n');

/**
 * Probes the check's time limit cut off, as the verdict counts them
 * (run.unfinished, judged as PROBE_UNFINISHED): those still running at the
 * deadline and SMTP steps that gave up at their share of -t. Either way the
 * server may only be slow, not down.
 */
export const CUT_OFF_JS = ['var d = JSON.parse(value);', 'return d.run && d.run.unfinished ? d.run.unfinished.length : 0;'].join('\n');

/**
 * The check result as kept for the discovered items (dane.domain.result): only
 * the fields their steps read (TRUSTED_MX_JS, HOST_PATH and the per-host and
 * per-address steps). Zabbix keeps at most 64 KB of a text value, and a whole
 * result of many MX hosts (certificates per key algorithm, the signatures of
 * every validation path) is larger: cut there, it would no longer parse and
 * every discovered item would stay without a value.
 */
export const KEPT_RESULT_JS = [
  'var d = JSON.parse(value);',
  'function pick(o, keys) {',
  '  var r = {};',
  '  for (var i = 0; i < keys.length; i++) if (Object.prototype.hasOwnProperty.call(o, keys[i])) r[keys[i]] = o[keys[i]];',
  '  return r;',
  '}',
  "var HOST = ['hostname', 'dane_state', 'host_dane_verified', 'dnssec_status', 'usable_tlsa_records', 'cert_expiry_state', 'service_state', 'rrsig_expiry_state', 'protocol_version'];",
  "var ADDRESS = ['address', 'family', 'dane_state', 'stage', 'reason', 'service_state'];",
  'var hosts = d.mx_hosts || [];',
  'var kept = [];',
  'for (var i = 0; i < hosts.length; i++) {',
  '  var h = pick(hosts[i], HOST);',
  '  if (hosts[i].rollover) h.rollover = { state: hosts[i].rollover.state, tlsa_ttl: hosts[i].rollover.tlsa_ttl };',
  '  h.rrsig_expiry = [];',
  '  var sigs = hosts[i].rrsig_expiry || [];',
  '  for (var j = 0; j < sigs.length; j++) h.rrsig_expiry.push({ expiration: sigs[j].expiration });',
  '  h.addresses = [];',
  '  var addrs = hosts[i].addresses || [];',
  '  for (var k = 0; k < addrs.length; k++) {',
  '    var a = pick(addrs[k], ADDRESS);',
  '    a.certificates = [];',
  '    var certs = addrs[k].certificates || [];',
  '    for (var m = 0; m < certs.length; m++) a.certificates.push({ notAfter: certs[m].notAfter });',
  '    a.certificates_by_algorithm = [];',
  '    var algs = addrs[k].certificates_by_algorithm || [];',
  '    for (var n = 0; n < algs.length; n++) {',
  '      var kept_certs = [];',
  '      var alg_certs = algs[n].certificates || [];',
  '      for (var q = 0; q < alg_certs.length; q++) kept_certs.push({ notAfter: alg_certs[q].notAfter });',
  '      a.certificates_by_algorithm.push({ key_algorithm: algs[n].key_algorithm, coverage: algs[n].coverage, certificates: kept_certs });',
  '    }',
  '    h.addresses.push(a);',
  '  }',
  '  kept.push(h);',
  '}',
  'return JSON.stringify({ domain: d.domain, mx_dnssec_status: d.mx_dnssec_status, mx_hosts: kept });',
].join('\n');

/** Host object → addresses that authenticated with DANE. */
export const ADDRESSES_VERIFIED_JS = [
  'var h = JSON.parse(value);',
  'var n = 0;',
  'for (var i = 0; i < h.addresses.length; i++) {',
  "  if (h.addresses[i].dane_state === 'verified') n++;",
  '}',
  'return n;',
].join('\n');

/** Domain object → MX hosts that are DANE-verified. */
export const HOSTS_VERIFIED_JS = [
  'var d = JSON.parse(value);',
  'var n = 0;',
  'for (var i = 0; i < d.mx_hosts.length; i++) {',
  "  if (d.mx_hosts[i].dane_state === 'verified') n++;",
  '}',
  'return n;',
].join('\n');

/** The length of an array field of the input object. */
export function lengthJs(field: string): string {
  return `return JSON.parse(value)[${JSON.stringify(field)}].length;`;
}

/** Host object → its TLS version, or "none" when no address completed a handshake. */
export const TLS_VERSION_JS = [
  'var h = JSON.parse(value);',
  "return h.protocol_version === null ? 'none' : h.protocol_version;",
].join('\n');

/**
 * Domain object → one line per warning or worse finding ("SEVERITY CODE:
 * message"), most important first, as the verdict decided them (`findings`:
 * diagnostics, certificate expiry, partial roll-ups, probes cut off); empty
 * when there is none.
 */
export const DIAGNOSTICS_JS = [
  'var d = JSON.parse(value);',
  'var lines = [];',
  'var list = d.findings || [];',
  'for (var i = 0; i < list.length; i++) {',
  "  lines.push(list[i].severity.toUpperCase() + ' ' + list[i].code + ': ' + list[i].message);",
  '}',
  "return lines.join('\\n');",
].join('\n');

/** JSONPath that picks one MX host object out of the domain JSON (LLD macro inside). */
export const HOST_PATH = "$.mx_hosts[?(@.hostname=='{#MXHOST}')].first()";

/** One address's reason (from a host object): where its session stopped and why; empty when it completed. */
export const ADDRESS_REASON_JS = [
  'var list = JSON.parse(value).addresses || [];',
  'for (var i = 0; i < list.length; i++) {',
  "  if (list[i].address === '{#MXADDR}') return list[i].reason ? list[i].dane_state + ' at ' + list[i].stage + ': ' + list[i].reason : '';",
  '}',
  "throw 'no address {#MXADDR} in the answer';",
].join('\n');

/** coverage of one key algorithm's certificate as a number: 0 covered, 1 not-covered, 2 not-held, 3 unknown. */
export const KEY_ALGORITHM_COVERAGE_CODES: Readonly<Record<KeyAlgorithmCoverage, number>> = Object.fromEntries(
  KEY_ALGORITHM_COVERAGES.map((c, i) => [c, i]),
) as Record<KeyAlgorithmCoverage, number>;

/** One key algorithm's coverage at one address (from a host object); an error when the answer has none. */
export const KEY_ALGORITHM_COVERAGE_JS = [
  'var list = JSON.parse(value).addresses || [];',
  'for (var i = 0; i < list.length; i++) {',
  "  if (list[i].address !== '{#MXADDR}') continue;",
  '  var algs = list[i].certificates_by_algorithm || [];',
  '  for (var j = 0; j < algs.length; j++) {',
  `    if (algs[j].key_algorithm === '{#KEYALG}') return ${JSON.stringify(KEY_ALGORITHM_COVERAGE_CODES)}[algs[j].coverage];`,
  '  }',
  '}',
  "throw 'no {#KEYALG} certificate of {#MXADDR} in the answer';",
].join('\n');

/** JSONPath that picks one address object out of a host object. */
export const ADDRESS_STATE_PATH = "$.addresses[?(@.address=='{#MXADDR}')].dane_state.first()";
