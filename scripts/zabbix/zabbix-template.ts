// The two Zabbix 6.0 templates, as data: "SMTP DANE by external check" (the
// executable run by the Zabbix server) and "SMTP DANE by HTTP" (the service's
// /verify/). Both get the same JSON document from their master item, so
// everything else (dependent items, discovery rules, prototypes, triggers,
// value maps) is built once here. scripts/zabbix-templates.ts writes the YAML
// into templates/zabbix/; a unit test fails when the committed files differ.
//
// Export format 6.0 (importable by 6.0 and converted by 7.0): top-level
// `groups:`, no `vendor:`, uuids derived from seeds (zabbixUuid), trigger
// expressions in the 5.4+ syntax with the template name as host.
import { DANE_STATES } from '../../src/verdict/dane-state.ts';
import {
  ADDRESS_REASON_JS,
  ADDRESS_STATE_PATH,
  ADDRESSES_VERIFIED_JS,
  CERT_DAYS_JS,
  RRSIG_DAYS_JS,
  codeMapJs,
  CUT_OFF_JS,
  DANE_STATE_CODES,
  DIAGNOSTICS_JS,
  DNSSEC_STATUS_CODES,
  HOST_PATH,
  KEPT_RESULT_JS,
  HOSTS_VERIFIED_JS,
  SERVICE_STATE_CODES,
  lengthJs,
  LLD_ROWS_JS,
  ROLLOVER_STATE_CODES,
  TLS_VERSION_JS,
  TLSA_TTL_JS,
  TRUSTED_MX_JS,
  KEY_ALGORITHM_COVERAGE_CODES,
  KEY_ALGORITHM_COVERAGE_JS,
} from '../../src/render/zabbix-preprocessing.ts';
import { DETAIL_PRIORITY, ZABBIX_PRIORITY } from '../../src/render/state-mapping.ts';
import { toYaml, zabbixUuid, type YamlValue } from './zabbix-yaml.ts';

export type TemplateVariant = 'external' | 'http';

export const TEMPLATE_NAMES: Readonly<Record<TemplateVariant, string>> = {
  external: 'SMTP DANE by external check',
  http: 'SMTP DANE by HTTP',
};

export const TEMPLATE_FILES: Readonly<Record<TemplateVariant, string>> = {
  external: 'templates/zabbix/smtp_dane_by_external_check.yaml',
  http: 'templates/zabbix/smtp_dane_by_http.yaml',
};

/** Zabbix's own group, with Zabbix's own uuid, so an import finds it instead of clashing. */
export const TEMPLATE_GROUP = { uuid: 'a571c0d144b14fd4a87a9d9b2aa9fcd6', name: 'Templates/Applications' };

/** Name of the executable in the server's ExternalScripts directory (the item key's name). */
export const EXTERNAL_SCRIPT = 'smtp-dane-verify';

/** Master item keys. */
export const MASTER_KEYS: Readonly<Record<TemplateVariant, string>> = {
  external: `${EXTERNAL_SCRIPT}[discover,"{$DANE.DOMAIN}",--format,json,--resolver,"{$DANE.RESOLVER}",--dnssec,"{$DANE.DNSSEC}",--trust-anchor,"{$DANE.TRUST_ANCHOR}",--timeout,"{$DANE.TIMEOUT}",--severity,"{$DANE.SEVERITY}",--days,"{$DANE.DAYS}",--sig-warn,"{$DANE.SIG_WARN}",--sig-crit,"{$DANE.SIG_CRIT}"]`,
  http: 'smtp-dane-verify.http',
};

type Obj = { [key: string]: YamlValue | undefined };

const STATE = DANE_STATE_CODES;
const VALUEMAP_STATE = 'SMTP DANE state';
const VALUEMAP_DNSSEC = 'SMTP DANE DNSSEC status';
const VALUEMAP_YESNO = 'SMTP DANE yes/no';
const VALUEMAP_SERVICE = 'SMTP DANE service state';
const VALUEMAP_COVERAGE = 'SMTP DANE key algorithm coverage';
const VALUEMAP_ROLLOVER = 'SMTP DANE rollover readiness';

function jsonpath(path: string, onError?: Obj): Obj {
  return { type: 'JSONPATH', parameters: [path], ...onError };
}
/** Zabbix 6.0 allows no custom error handler on JavaScript steps: a throw makes the item unsupported. */
function js(code: string): Obj {
  return { type: 'JAVASCRIPT', parameters: [code] };
}
const boolToDecimal: Obj = { type: 'BOOL_TO_DECIMAL', parameters: [''] };
const discardUnchanged: Obj = { type: 'DISCARD_UNCHANGED_HEARTBEAT', parameters: ['{$DANE.INTERVAL}'] };

/** The check result kept in history, which discovered items read (see Builder.relay). */
export const RESULT_KEY = 'dane.domain.result';
/** How often a discovered item looks at the kept result: first values at most this long after discovery. */
export const RELAY_DELAY = '1m';
/** Per MX host: that host's object out of the kept result, for its dependent items. */
const MX_RELAY_KEY = 'dane.mx.result["{#MXHOST}"]';
/** Per address: the MX host's object, for that address's dependent items (a rule's prototypes can only depend on its own). */
const ADDRESS_RELAY_KEY = 'dane.addr.result["{#MXHOST}","{#MXADDR}"]';
/** Per key algorithm of an address: the MX host's object, for that algorithm's items. */
const KEYALG_RELAY_KEY = 'dane.keyalg.result["{#MXHOST}","{#MXADDR}","{#KEYALG}"]';
const checkJsonError: Obj = { type: 'CHECK_JSON_ERROR', parameters: ['$.error'] };

function stateIn(expr: (fn: string) => string, codes: number[]): string {
  return codes.map((c) => `${expr('last')}=${c}`).join(' or ');
}

class Builder {
  constructor(readonly variant: TemplateVariant) {}

  get name(): string {
    return TEMPLATE_NAMES[this.variant];
  }

  uuid(kind: string, id: string): string {
    return zabbixUuid(`${this.name}/${kind}/${id}`);
  }

  /** `fn(/Template/key)`: the 5.4+ expression syntax. */
  ref(key: string): (fn: string, args?: string) => string {
    return (fn, args) => `${fn}(/${this.name}/${key}${args ? `,${args}` : ''})`;
  }

  trigger(t: { expression: string; name: string; priority: string; description: string; opdata?: string; dependsOn?: { name: string; expression: string }[] }): Obj {
    return {
      uuid: this.uuid('trigger', t.expression),
      expression: t.expression,
      name: t.name,
      opdata: t.opdata,
      priority: t.priority,
      description: t.description,
      dependencies: t.dependsOn?.map((d) => ({ name: d.name, expression: d.expression })),
      tags: [{ tag: 'scope', value: 'security' }],
    };
  }

  dependent(i: {
    key: string;
    name: string;
    description: string;
    value_type?: string;
    units?: string;
    valuemap?: string;
    history?: string;
    preprocessing: Obj[];
    tags?: Obj[];
    triggers?: Obj[];
    prototype?: boolean;
    /** Key of the item whose value this one takes; default the master item. */
    master?: string;
  }): Obj {
    return {
      uuid: this.uuid(i.prototype ? 'item_prototype' : 'item', i.key),
      name: i.name,
      type: 'DEPENDENT',
      key: i.key,
      delay: '0',
      history: i.history,
      trends: i.value_type === 'CHAR' || i.value_type === 'TEXT' ? '0' : undefined,
      value_type: i.value_type,
      units: i.units,
      description: i.description,
      valuemap: i.valuemap ? { name: i.valuemap } : undefined,
      preprocessing: i.preprocessing,
      master_item: { key: i.master ?? MASTER_KEYS[this.variant] },
      tags: i.tags ?? [{ tag: 'component', value: 'dane' }],
      [i.prototype ? 'trigger_prototypes' : 'triggers']: i.triggers,
    };
  }

  /**
   * A discovered item that reads the kept check result (RESULT_KEY) itself,
   * every RELAY_DELAY, instead of waiting for the master's next run: items
   * discovered from one run get that run's values (dependent items only see
   * values that arrive after they exist). Discarding unchanged values passes
   * each run's value on once, and again every {$DANE.INTERVAL}.
   */
  relay(i: { key: string; name: string; description: string; value_type: string; valuemap?: string; preprocessing: Obj[]; tags: Obj[] }): Obj {
    return {
      uuid: this.uuid('item_prototype', i.key),
      name: i.name,
      type: 'CALCULATED',
      key: i.key,
      delay: RELAY_DELAY,
      history: i.value_type === 'TEXT' ? '0' : undefined,
      trends: i.value_type === 'TEXT' ? '0' : undefined,
      value_type: i.value_type === 'UNSIGNED' ? undefined : i.value_type,
      params: `last(//${RESULT_KEY})`,
      description: i.description,
      valuemap: i.valuemap ? { name: i.valuemap } : undefined,
      preprocessing: [...i.preprocessing, discardUnchanged],
      tags: i.tags,
    };
  }

  master(): Obj {
    const common = {
      uuid: this.uuid('item', 'master'),
      name: 'SMTP DANE: Check result (JSON)',
      type: this.variant === 'external' ? 'EXTERNAL' : 'HTTP_AGENT',
      key: MASTER_KEYS[this.variant],
      delay: '{$DANE.INTERVAL}',
      history: '0',
      trends: '0',
      value_type: 'TEXT',
      preprocessing: [checkJsonError],
      tags: [{ tag: 'component', value: 'raw' }],
    };
    if (this.variant === 'external') {
      return {
        ...common,
        description: [
          'Runs smtp-dane-verify from the server\'s (or proxy\'s) ExternalScripts directory:',
          'a full DANE check of {$DANE.DOMAIN}, printed as JSON (the REST API\'s /verify/ answer).',
          'The check ends before {$DANE.TIMEOUT} seconds; keep that below the server\'s Timeout (at most 30 on 6.0).',
          'Errors arrive as {"error": "..."} and make this item unsupported with that message.',
        ].join('\n'),
      };
    }
    return {
      ...common,
      timeout: '{$DANE.HTTP.TIMEOUT}',
      url: '{$DANE.URL}/verify/',
      // An empty value is no override (serve ignores it).
      query_fields: [
        { name: 'severity', value: '{$DANE.SEVERITY}' },
        { name: 'days', value: '{$DANE.DAYS}' },
        { name: 'sig_warn', value: '{$DANE.SIG_WARN}' },
        { name: 'sig_crit', value: '{$DANE.SIG_CRIT}' },
      ],
      posts: '{"domain": "{$DANE.DOMAIN}"}',
      post_type: 'JSON',
      request_method: 'POST',
      status_codes: '200',
      headers: [
        { name: 'x-apikey', value: '{$DANE.APIKEY}' },
        { name: 'Content-Type', value: 'application/json' },
      ],
      description: [
        'POSTs {"domain": "{$DANE.DOMAIN}"} to the smtp-dane-verify service at',
        '{$DANE.URL}/verify/?severity={$DANE.SEVERITY}&days={$DANE.DAYS}&sig_warn={$DANE.SIG_WARN}&sig_crit={$DANE.SIG_CRIT}',
        'with the API key {$DANE.APIKEY} in the x-apikey header; the answer is the JSON of a DANE check.',
        'Any status other than 200, or a JSON {"error": "..."}, makes this item unsupported.',
      ].join('\n'),
    };
  }

  domainItems(): Obj[] {
    const state = this.ref('dane.domain.state');
    const service = this.ref('dane.domain.service.state');
    const unfinished = this.ref('dane.domain.unfinished');
    // The domain's one state-bearing problem: the judged state (src/render/state-mapping.ts).
    const judged = (level: 'CRITICAL' | 'WARNING' | 'UNKNOWN', description: string) =>
      this.trigger({
        // The DANE state in the expression only to show it (opdata); it never changes the outcome.
        expression: `${service('last')}=${SERVICE_STATE_CODES[level]} and ${state('last')}>=0`,
        name: `SMTP DANE: DANE check of {$DANE.DOMAIN} is ${level}`,
        priority: ZABBIX_PRIORITY[level],
        opdata: 'DANE state: {ITEM.LASTVALUE2}',
        description: `${description} The state is the one the check decided (the Nagios plugin's, after {$DANE.SEVERITY}); the Diagnostics item lists the findings behind it, most important first.`,
      });
    return [
      this.dependent({
        key: 'dane.domain.state',
        name: 'SMTP DANE: Domain DANE state',
        description: `dane_state of the domain: ${DANE_STATES.join(', ')}.`,
        valuemap: VALUEMAP_STATE,
        preprocessing: [jsonpath('$.dane_state'), js(codeMapJs(DANE_STATE_CODES, 'dane_state'))],
        triggers: [
          this.trigger({
            expression: `${state('nodata', '{$DANE.NODATA}')}=1`,
            name: 'SMTP DANE: No check result for {$DANE.NODATA}',
            priority: 'AVERAGE',
            description: 'The master item returned nothing usable: the executable is missing or timed out (external check), the service is unreachable or refused the key (HTTP), or it reported an error. See the master item\'s error.',
          }),
        ],
      }),
      this.dependent({
        key: 'dane.domain.service.state',
        name: 'SMTP DANE: Domain service state',
        description: 'service_state: the state the check decided (OK, WARNING, CRITICAL, UNKNOWN), the Nagios plugin\'s, after {$DANE.SEVERITY}. The domain\'s triggers key on it: CRITICAL is HIGH, WARNING and UNKNOWN are WARNING.',
        valuemap: VALUEMAP_SERVICE,
        preprocessing: [jsonpath('$.service_state'), js(codeMapJs(SERVICE_STATE_CODES, 'service state'))],
        triggers: [
          judged('CRITICAL', 'Senders that enforce DANE (RFC 7672) may defer mail to this domain: e.g. no MX host authenticated with its TLSA records, DNSSEC validation failed, DANE does not apply, or a certificate expires.'),
          judged('WARNING', 'Mail flows, but something needs attention: e.g. a certificate only DANE-EE authenticates expires, a temporary refusal, an address this host cannot test, or a finding set to warning with {$DANE.SEVERITY}.'),
          judged('UNKNOWN', 'The check could not decide: a lookup failed without proof (timeout, SERVFAIL, REFUSED), or a server did not answer within the time limit (see "Probes cut off by the time limit").'),
        ],
      }),
      this.dependent({
        key: 'dane.domain.verified',
        name: 'SMTP DANE: All MX hosts DANE-verified',
        description: 'all_hosts_dane_verified: every MX host is verified and the MX RRset is DNSSEC-secure.',
        valuemap: VALUEMAP_YESNO,
        preprocessing: [jsonpath('$.all_hosts_dane_verified'), boolToDecimal],
      }),
      this.dependent({
        key: 'dane.domain.dnssec',
        name: 'SMTP DANE: MX RRset DNSSEC status',
        description: 'mx_dnssec_status: secure, insecure, bogus or indeterminate.',
        valuemap: VALUEMAP_DNSSEC,
        preprocessing: [jsonpath('$.mx_dnssec_status'), js(codeMapJs(DNSSEC_STATUS_CODES, 'DNSSEC status'))],
      }),
      this.dependent({
        key: 'dane.domain.mx',
        name: 'SMTP DANE: MX hosts',
        description: 'Number of MX hosts tested.',
        preprocessing: [js(lengthJs('mx_hosts'))],
      }),
      this.dependent({
        key: 'dane.domain.mx.verified',
        name: 'SMTP DANE: MX hosts DANE-verified',
        description: 'Number of MX hosts whose every address authenticated with a usable TLSA record.',
        preprocessing: [js(HOSTS_VERIFIED_JS)],
      }),
      this.dependent({
        key: 'dane.domain.cert.days',
        name: 'SMTP DANE: Days to first certificate expiry',
        description: 'Whole days until the first of all certificates the MX hosts presented expires (negative once expired). DANE-EE ignores dates; DANE-TA and other clients do not.',
        // Signed: an expired certificate gives a negative number, which an unsigned item refuses.
        value_type: 'FLOAT',
        preprocessing: [js(CERT_DAYS_JS)],
      }),
      this.dependent({
        key: 'dane.domain.rrsig.days',
        name: 'SMTP DANE: Days to first DNSSEC signature expiry',
        description: 'Days until the earliest-expiring RRSIG on the validation path of any answer the check used (MX, A/AAAA, TLSA, and each DNSKEY and DS up to the root) expires, negative once expired; unsupported when nothing was validated (--dnssec resolver, unsigned zones). rrsig_expiry in the result names the record it covers.',
        // Signed: an expired signature gives a negative number, which an unsigned item refuses.
        value_type: 'FLOAT',
        preprocessing: [js(RRSIG_DAYS_JS)],
      }),
      this.dependent({
        key: 'dane.domain.rrsig.state',
        name: 'SMTP DANE: DNSSEC signature expiry state',
        description: 'rrsig_expiry_state as the plugin decides it: WARNING when a signature has less than a fifth of its own validity left, CRITICAL below a tenth or when it expires within its RRset\'s TTL.',
        valuemap: VALUEMAP_SERVICE,
        preprocessing: [jsonpath('$.rrsig_expiry_state'), js(codeMapJs(SERVICE_STATE_CODES, 'service state'))],
        triggers: [
          this.trigger({
            expression: `${this.ref('dane.domain.rrsig.state')('last')}=${SERVICE_STATE_CODES.CRITICAL}`,
            name: 'SMTP DANE: A DNSSEC signature of {$DANE.DOMAIN}\'s DANE answers is about to expire',
            priority: DETAIL_PRIORITY,
            description: 'Less than a tenth of a signature\'s validity is left (or fewer days than {$DANE.SIG_CRIT}, when set), or it expires within its RRset\'s TTL, as of {$DANE.DAYS} days from now: when it expires unreplaced, the MX, address or TLSA answers turn bogus and DANE senders defer mail (RFC 7672 §2.1.1). Check that the zone is still being re-signed; the diagnostics item names the record.',
          }),
          this.trigger({
            expression: `${this.ref('dane.domain.rrsig.state')('last')}=${SERVICE_STATE_CODES.WARNING}`,
            name: 'SMTP DANE: A DNSSEC signature of {$DANE.DOMAIN}\'s DANE answers expires soon',
            priority: DETAIL_PRIORITY,
            description: 'Less than a fifth of a signature\'s validity is left (or fewer days than {$DANE.SIG_WARN}, when set), as of {$DANE.DAYS} days from now: re-signing may have stopped. The diagnostics item names the record.',
          }),
        ],
      }),
      this.dependent({
        key: 'dane.domain.duration',
        name: 'SMTP DANE: Check duration',
        description: 'How long the whole check took.',
        value_type: 'FLOAT',
        units: 's',
        preprocessing: [jsonpath('$.run.duration_ms'), { type: 'MULTIPLIER', parameters: ['0.001'] }],
      }),
      this.dependent({
        key: 'dane.domain.unfinished',
        name: 'SMTP DANE: Probes cut off by the time limit',
        description: [
          'DNS and SMTP probes that had not finished when the check\'s time ran out, and SMTP stages that stopped waiting',
          'for a server because of it (a stage may wait only a share of the check\'s time): those servers may only be slow.',
        ].join('\n'),
        preprocessing: [js(CUT_OFF_JS)],
        triggers: [
          this.trigger({
            expression: `${unfinished('last')}>0`,
            name: 'SMTP DANE: Check of {$DANE.DOMAIN} ran out of time',
            priority: DETAIL_PRIORITY,
            opdata: 'Probes cut off: {ITEM.LASTVALUE1}',
            description: this.variant === 'external'
              ? 'Some probes had not finished within {$DANE.TIMEOUT} seconds, so a slow server may be reported unreachable. Raise the server\'s Timeout (at most 30 on Zabbix 6.0) and {$DANE.TIMEOUT} below it, or use the template "SMTP DANE by HTTP", which may wait up to 60 seconds.'
              : 'Some probes had not finished within the service\'s time limit (serve --check-timeout), so a slow server may be reported unreachable. Raise --check-timeout and {$DANE.HTTP.TIMEOUT} above it.',
          }),
        ],
      }),
      this.dependent({
        key: RESULT_KEY,
        name: 'SMTP DANE: Check result (kept)',
        description: 'The fields of the master item\'s JSON that the discovered items read, kept for a day: they read it, so they have values from the run that discovered them. Only those fields: Zabbix keeps at most 64 KB of a text value.',
        value_type: 'TEXT',
        history: '1d',
        preprocessing: [js(KEPT_RESULT_JS)],
        tags: [{ tag: 'component', value: 'raw' }],
      }),
      this.dependent({
        key: 'dane.domain.diagnostics',
        name: 'SMTP DANE: Diagnostics',
        description: 'Every warning or worse finding, one per line: SEVERITY CODE: message (codes in src/verdict/diagnostics.ts).',
        value_type: 'TEXT',
        history: '7d',
        preprocessing: [js(DIAGNOSTICS_JS)],
      }),
    ];
  }

  mxPrototypes(): Obj[] {
    const k = (base: string) => `${base}["{#MXHOST}"]`;
    const tags = [
      { tag: 'component', value: 'dane' },
      { tag: 'mx', value: '{#MXHOST}' },
    ];
    const state = this.ref(k('dane.mx.state'));
    const days = this.ref(k('dane.mx.cert.days'));
    const tls = this.ref(k('dane.mx.tls.version'));
    const certState = this.ref(k('dane.mx.cert.state'));
    const hostService = this.ref(k('dane.mx.service.state'));
    const proto = (i: Parameters<Builder['dependent']>[0]) => this.dependent({ ...i, prototype: true, tags, master: MX_RELAY_KEY });
    return [
      this.relay({
        key: MX_RELAY_KEY,
        name: 'SMTP DANE: MX {#MXHOST}: Check result (JSON)',
        description: [
          'This MX host\'s part of the kept check result, read every minute; its items depend on it.',
          'Unsupported while the MX RRset is bogus or indeterminate: hosts found through it are not trusted.',
        ].join('\n'),
        value_type: 'TEXT',
        preprocessing: [js(TRUSTED_MX_JS), jsonpath(HOST_PATH)],
        tags: [
          { tag: 'component', value: 'raw' },
          { tag: 'mx', value: '{#MXHOST}' },
        ],
      }),
      proto({
        key: k('dane.mx.state'),
        name: 'SMTP DANE: MX {#MXHOST}: DANE state',
        description: 'dane_state of this MX host (preference {#MXPREF}).',
        valuemap: VALUEMAP_STATE,
        preprocessing: [jsonpath('$.dane_state'), js(codeMapJs(DANE_STATE_CODES, 'dane_state'))],
      }),
      proto({
        key: k('dane.mx.verified'),
        name: 'SMTP DANE: MX {#MXHOST}: DANE verified',
        description: 'host_dane_verified: every address of this host authenticated with a usable TLSA record.',
        valuemap: VALUEMAP_YESNO,
        preprocessing: [jsonpath('$.host_dane_verified'), boolToDecimal],
      }),
      proto({
        key: k('dane.mx.dnssec'),
        name: 'SMTP DANE: MX {#MXHOST}: DNSSEC state',
        description: 'dnssec_status of the host\'s address and TLSA lookups (the worst of them).',
        valuemap: VALUEMAP_DNSSEC,
        preprocessing: [jsonpath('$.dnssec_status'), js(codeMapJs(DNSSEC_STATUS_CODES, 'DNSSEC status'))],
      }),
      proto({
        key: k('dane.mx.tlsa.usable'),
        name: 'SMTP DANE: MX {#MXHOST}: Usable TLSA records',
        description: 'TLSA records usable for SMTP (DANE-TA(2) or DANE-EE(3), selector 0/1, matching type 0/1/2).',
        preprocessing: [js(lengthJs('usable_tlsa_records'))],
      }),
      proto({
        key: k('dane.mx.rollover'),
        name: 'SMTP DANE: MX {#MXHOST}: TLSA rollover readiness',
        description:
          'Whether the TLSA records survive a change of the server key (RFC 7671 §8.1): ready (a next key or an issuer record is published), not-ready (every usable record pins a key in use now: TLSA_ROLLOVER_NOT_READY, a WARNING of the check), n/a.',
        valuemap: VALUEMAP_ROLLOVER,
        preprocessing: [jsonpath('$.rollover.state'), js(codeMapJs(ROLLOVER_STATE_CODES, 'rollover state'))],
      }),
      proto({
        key: k('dane.mx.tlsa.ttl'),
        name: 'SMTP DANE: MX {#MXHOST}: TLSA TTL',
        description: 'TTL of the TLSA RRset (the zone\'s own when the check validated DNSSEC): publish a new record at least two TTLs before the key changes. Unsupported without usable TLSA records.',
        units: 's',
        preprocessing: [js(TLSA_TTL_JS)],
      }),
      proto({
        key: k('dane.mx.cert.days'),
        name: 'SMTP DANE: MX {#MXHOST}: Days to certificate expiry',
        description: 'Whole days until the first certificate this host presented expires (negative once expired). DANE-EE ignores dates; DANE-TA and other clients do not.',
        value_type: 'FLOAT',
        preprocessing: [js(CERT_DAYS_JS)],
      }),
      proto({
        key: k('dane.mx.cert.state'),
        name: 'SMTP DANE: MX {#MXHOST}: Certificate expiry state',
        description: 'cert_expiry_state: OK, WARNING or CRITICAL as the plugin decides it; a certificate only DANE-EE authenticated is WARNING when it expires (DANE-EE ignores dates; senders that check PKIX, e.g. under MTA-STS, fail).',
        valuemap: VALUEMAP_SERVICE,
        preprocessing: [jsonpath('$.cert_expiry_state'), js(codeMapJs(SERVICE_STATE_CODES, 'service state'))],
        triggers: [
          this.trigger({
            // Detail: the domain's judged state carries how bad (a DANE-EE-only leaf is WARNING, RFC 7672 §3.1.1).
            expression: `${certState('last')}<>${SERVICE_STATE_CODES.OK} and ${days('last')}>-1000000`,
            name: 'SMTP DANE: Certificate of MX {#MXHOST} expires soon or has expired',
            priority: DETAIL_PRIORITY,
            opdata: 'State: {ITEM.LASTVALUE1}, days left: {ITEM.LASTVALUE2}',
            description: 'Within the check\'s ranges (-w 20: -c 15: by default). Renew the certificate and publish the new TLSA record before switching (TLSA rollover). A certificate only DANE-EE authenticates stays WARNING: DANE senders still deliver, senders that check PKIX (e.g. under MTA-STS) fail.',
          }),
        ],
      }),
      proto({
        key: k('dane.mx.rrsig.days'),
        name: 'SMTP DANE: MX {#MXHOST}: Days to DNSSEC signature expiry',
        description: 'Days until the earliest-expiring RRSIG that this host\'s A, AAAA and TLSA answers rest on expires (negative once expired); unsupported when nothing was validated.',
        value_type: 'FLOAT',
        preprocessing: [js(RRSIG_DAYS_JS)],
      }),
      proto({
        key: k('dane.mx.rrsig.state'),
        name: 'SMTP DANE: MX {#MXHOST}: DNSSEC signature expiry state',
        description: 'rrsig_expiry_state of this host as the plugin decides it (OK, WARNING, CRITICAL).',
        valuemap: VALUEMAP_SERVICE,
        preprocessing: [jsonpath('$.rrsig_expiry_state'), js(codeMapJs(SERVICE_STATE_CODES, 'service state'))],
      }),
      proto({
        key: k('dane.mx.service.state'),
        name: 'SMTP DANE: MX {#MXHOST}: Service state',
        description: 'service_state of this MX host as the plugin decides it (OK, WARNING, CRITICAL, UNKNOWN).',
        valuemap: VALUEMAP_SERVICE,
        preprocessing: [jsonpath('$.service_state'), js(codeMapJs(SERVICE_STATE_CODES, 'service state'))],
        triggers: [
          this.trigger({
            expression: `${hostService('last')}<>${SERVICE_STATE_CODES.OK}`,
            name: 'SMTP DANE: MX {#MXHOST} is not OK',
            priority: DETAIL_PRIORITY,
            opdata: 'State: {ITEM.LASTVALUE1}',
            description: 'Detail: which MX host the domain\'s problem comes from; the domain\'s judged state says how bad. See this host\'s DANE state and the Diagnostics item.',
          }),
        ],
      }),
      proto({
        key: k('dane.mx.tls.version'),
        name: 'SMTP DANE: MX {#MXHOST}: TLS version',
        description: 'TLS version negotiated with the representative address (a verified one if any); "none" when no handshake completed.',
        value_type: 'CHAR',
        history: '7d',
        preprocessing: [js(TLS_VERSION_JS)],
        triggers: [
          this.trigger({
            expression: `${tls('find', ',"regexp","^TLSv1$|^TLSv1[.][01]$"')}=1`,
            name: 'SMTP DANE: MX {#MXHOST} negotiates an outdated TLS version',
            priority: 'INFO',
            opdata: 'TLS version: {ITEM.LASTVALUE1}',
            description: 'TLS 1.0 and 1.1 are deprecated (RFC 8996).',
          }),
        ],
      }),
      proto({
        key: k('dane.mx.addresses'),
        name: 'SMTP DANE: MX {#MXHOST}: Addresses',
        description: 'IPv4 and IPv6 addresses of this host that were tested.',
        preprocessing: [js(lengthJs('addresses'))],
      }),
      proto({
        key: k('dane.mx.addresses.verified'),
        name: 'SMTP DANE: MX {#MXHOST}: Addresses DANE-verified',
        description: 'Addresses of this host that authenticated with a usable TLSA record.',
        preprocessing: [js(ADDRESSES_VERIFIED_JS)],
      }),
    ];
  }

  addressPrototypes(): Obj[] {
    const tags = [
      { tag: 'component', value: 'dane' },
      { tag: 'mx', value: '{#MXHOST}' },
      { tag: 'address', value: '{#MXADDR}' },
    ];
    const state = this.ref('dane.addr.state["{#MXHOST}","{#MXADDR}"]');
    const proto = (i: Parameters<Builder['dependent']>[0]) => this.dependent({ ...i, prototype: true, tags, master: ADDRESS_RELAY_KEY });
    return [
      this.relay({
        key: ADDRESS_RELAY_KEY,
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: Host check result (JSON)',
        description: [
          'The MX host\'s part of the kept check result, read every minute, for this address\'s items.',
          'Unsupported while the MX RRset is bogus or indeterminate: hosts found through it are not trusted.',
        ].join('\n'),
        value_type: 'TEXT',
        preprocessing: [js(TRUSTED_MX_JS), jsonpath(HOST_PATH)],
        tags: [...tags.filter((t) => t.tag !== 'component'), { tag: 'component', value: 'raw' }],
      }),
      proto({
        key: 'dane.addr.state["{#MXHOST}","{#MXADDR}"]',
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: DANE state',
        description: 'dane_state of this {#MXFAMILY} address of the MX host; not-tested: this monitoring host cannot reach {#MXFAMILY} addresses (see the reason item).',
        valuemap: VALUEMAP_STATE,
        preprocessing: [jsonpath(ADDRESS_STATE_PATH), js(codeMapJs(DANE_STATE_CODES, 'dane_state'))],
        triggers: [
          this.trigger({
            expression: `${state('last')}=${STATE['not-tested']}`,
            name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR} cannot be tested from this host',
            priority: DETAIL_PRIORITY,
            description: 'The monitoring host has no route or no address of this family: nothing is known about this address. Give the monitoring host (or its container) IPv6, or check with -4.',
          }),
        ],
      }),
      proto({
        key: 'dane.addr.reason["{#MXHOST}","{#MXADDR}"]',
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: Why not verified',
        description: 'Why the session with this address stopped (its stage and the error or the server\'s reply); empty when it completed.',
        value_type: 'CHAR',
        history: '7d',
        preprocessing: [js(ADDRESS_REASON_JS)],
      }),
    ];
  }

  keyAlgorithmPrototypes(): Obj[] {
    const tags = [
      { tag: 'component', value: 'dane' },
      { tag: 'mx', value: '{#MXHOST}' },
      { tag: 'address', value: '{#MXADDR}' },
      { tag: 'key-algorithm', value: '{#KEYALG}' },
    ];
    const key = 'dane.keyalg.coverage["{#MXHOST}","{#MXADDR}","{#KEYALG}"]';
    // The address's state again, in this rule: a trigger prototype may only use its own rule's items.
    const stateKey = 'dane.keyalg.address.state["{#MXHOST}","{#MXADDR}","{#KEYALG}"]';
    const coverage = this.ref(key);
    const addressState = this.ref(stateKey);
    return [
      this.relay({
        key: KEYALG_RELAY_KEY,
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR} {#KEYALG}: Host check result (JSON)',
        description: 'The MX host\'s part of the kept check result, read every minute, for this key algorithm\'s item.',
        value_type: 'TEXT',
        preprocessing: [js(TRUSTED_MX_JS), jsonpath(HOST_PATH)],
        tags: [...tags.filter((t) => t.tag !== 'component'), { tag: 'component', value: 'raw' }],
      }),
      this.dependent({
        key,
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: {#KEYALG} certificate',
        description:
          'The certificate of this key algorithm (RFC 7671 §5): covered (a usable TLSA record authenticates it), not-covered (senders that negotiate it fail DANE), not-held (the server has none), unknown (that session failed otherwise).',
        valuemap: VALUEMAP_COVERAGE,
        preprocessing: [js(KEY_ALGORITHM_COVERAGE_JS)],
        prototype: true,
        tags,
        master: KEYALG_RELAY_KEY,
        triggers: [
          this.trigger({
            // Only where another certificate of the address is covered (partial): an address that fails as a whole has its own trigger.
            expression: `${coverage('last')}=${KEY_ALGORITHM_COVERAGE_CODES['not-covered']} and ${addressState('last')}=${STATE.partial}`,
            name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: {#KEYALG} certificate not covered by TLSA',
            priority: 'INFO',
            opdata: 'Coverage: {ITEM.LASTVALUE1}',
            description: 'The server holds a certificate of this key algorithm that no usable TLSA record matches, beside one that a record matches: senders that negotiate this algorithm fail DANE authentication and defer mail (KEY_ALGORITHM_NOT_COVERED). Publish a TLSA record for its key, or remove the certificate.',
          }),
        ],
      }),
      this.dependent({
        key: stateKey,
        name: 'SMTP DANE: MX {#MXHOST} address {#MXADDR}: DANE state (for {#KEYALG})',
        description: 'dane_state of the address, as dane.addr.state, for the trigger of this key algorithm.',
        valuemap: VALUEMAP_STATE,
        preprocessing: [jsonpath(ADDRESS_STATE_PATH), js(codeMapJs(DANE_STATE_CODES, 'dane_state'))],
        prototype: true,
        tags,
        master: KEYALG_RELAY_KEY,
      }),
    ];
  }

  /** A rule over the discovery rows; `rows` picks its kind by which macros a row has. */
  discoveryRule(key: string, name: string, description: string, rows: Partial<Record<'{#MXADDR}' | '{#KEYALG}', 'EXISTS' | 'NOT_EXISTS'>>, prototypes: Obj[]): Obj {
    return {
      uuid: this.uuid('discovery_rule', key),
      name,
      type: 'DEPENDENT',
      key,
      delay: '0',
      filter: { conditions: Object.entries(rows).map(([macro, operator], i) => ({ macro, operator, formulaid: String.fromCharCode(65 + i) })) },
      lifetime: '7d',
      description,
      item_prototypes: prototypes,
      master_item: { key: MASTER_KEYS[this.variant] },
      preprocessing: [js(LLD_ROWS_JS)],
    };
  }

  macros(): Obj[] {
    const m = (macro: string, value: string, description: string, type?: string) => ({ macro, type, value, description });
    const common = [
      m('{$DANE.DOMAIN}', '', 'The mail domain to check (required), e.g. example.org.'),
      m('{$DANE.INTERVAL}', '15m', 'How often the check runs.'),
      m('{$DANE.NODATA}', '1h', 'No result for this long raises a trigger; keep it a few times {$DANE.INTERVAL}.'),
      m(
        '{$DANE.SEVERITY}',
        '',
        'The check\'s --severity: CODE=LEVEL, comma-separated (e.g. MX_HOSTS_PARTIAL=warning,ADDRESSES_PARTIAL=warning makes "some MX hosts or addresses verified, others not" a WARNING alone). Empty: the catalogue\'s levels.',
      ),
      m(
        '{$DANE.DAYS}',
        '',
        'The check\'s --days: "will this still pass in N days?" Certificate and DNSSEC signature dates are judged as of N days from now (a non-negative number, e.g. 14). Empty: today (HTTP: the service\'s DAYS, else today); 0: today. Changes the judged states and their triggers; the days-left items still count from today; never the DANE state.',
      ),
      m(
        '{$DANE.SIG_WARN}',
        '',
        'The check\'s --sig-warn: a DNSSEC signature is WARNING below this many days of validity left (e.g. 7). Empty: below a fifth of its own validity (inception to expiration), which fits online and offline signers alike.',
      ),
      m(
        '{$DANE.SIG_CRIT}',
        '',
        'The check\'s --sig-crit: a DNSSEC signature is CRITICAL below this many days left (not above {$DANE.SIG_WARN}). Empty: below a tenth of its own validity. A signature that expires before its RRset\'s TTL runs out is CRITICAL either way.',
      ),
    ];
    if (this.variant === 'external') {
      return [
        ...common,
        m('{$DANE.DNSSEC}', '', 'validate: check DNSSEC in the check itself, from the root trust anchors (any resolver will do); resolver: trust the AD bit of a validating resolver you run. Empty: validate.'),
        m('{$DANE.RESOLVER}', '', 'Resolver IP[:PORT] (it need not validate); empty: $NAMESERVER of the server process, then /etc/resolv.conf.'),
        m('{$DANE.TRUST_ANCHOR}', '', 'File of DS or DNSKEY records (zone-file syntax) replacing the built-in IANA root trust anchors, readable by the Zabbix server; empty: $TRUST_ANCHOR of the server process, then the built-in ones.'),
        m('{$DANE.TIMEOUT}', '3', 'Seconds for the whole check (-t); it ends before this. Keep it at least 1 below the server\'s Timeout (upstream default 3: set 2 here; Debian ships 4; at most 30 on 6.0). Slow servers need more: raise both, or use the template SMTP DANE by HTTP.'),
      ].sort((a, b) => a.macro.localeCompare(b.macro));
    }
    return [
      ...common,
      m('{$DANE.APIKEY}', '', 'API key of the smtp-dane-verify service (sent as x-apikey).', 'SECRET_TEXT'),
      m('{$DANE.HTTP.TIMEOUT}', '30s', 'HTTP agent timeout (at most 60s on 6.0); the service\'s check must finish within it.'),
      m('{$DANE.URL}', 'http://localhost:3000', 'Base URL of the smtp-dane-verify service, without /verify/.'),
    ].sort((a, b) => a.macro.localeCompare(b.macro));
  }

  valuemaps(): Obj[] {
    const map = (name: string, pairs: [number, string][]) => ({
      uuid: this.uuid('valuemap', name),
      name,
      mappings: pairs.map(([value, newvalue]) => ({ value: String(value), newvalue })),
    });
    return [
      map(VALUEMAP_DNSSEC, Object.entries(DNSSEC_STATUS_CODES).map(([s, c]) => [c, s] as [number, string])),
      map(VALUEMAP_STATE, DANE_STATES.map((s) => [STATE[s], s] as [number, string])),
      map(VALUEMAP_SERVICE, Object.entries(SERVICE_STATE_CODES).map(([s, c]) => [c, s] as [number, string])),
      map(VALUEMAP_COVERAGE, Object.entries(KEY_ALGORITHM_COVERAGE_CODES).map(([s, c]) => [c, s] as [number, string])),
      map(VALUEMAP_ROLLOVER, Object.entries(ROLLOVER_STATE_CODES).map(([s, c]) => [c, s] as [number, string])),
      map(VALUEMAP_YESNO, [
        [0, 'No'],
        [1, 'Yes'],
      ]),
    ];
  }

  template(): Obj {
    const how =
      this.variant === 'external'
        ? 'The Zabbix server (or proxy) runs the smtp-dane-verify executable from its ExternalScripts directory.'
        : 'The Zabbix server (or proxy) asks a running smtp-dane-verify service (REST API /verify/) with an API key.';
    return {
      uuid: this.uuid('template', this.name),
      template: this.name,
      name: this.name,
      description: [
        'DANE (RFC 7672) for the inbound SMTP of one mail domain: DNSSEC of the MX RRset, MX hosts discovered',
        'automatically, and per MX host the DANE state, DNSSEC state, usable TLSA records, certificate expiry and TLS version.',
        how,
        'Set {$DANE.DOMAIN} on the host. Link one of the two SMTP DANE templates per host (they share item keys).',
        'See docs/zabbix.md of smtp-dane-verify.',
      ].join('\n'),
      groups: [{ name: TEMPLATE_GROUP.name }],
      items: [this.master(), ...this.domainItems()],
      discovery_rules: [
        this.discoveryRule(
          'dane.mx.discovery',
          'MX hosts discovery',
          'One row per MX host of {$DANE.DOMAIN} ({#MXHOST}, {#MXPREF}, {#DOMAIN}), from the check result; the same rows `smtp-dane-verify discover` prints.',
          { '{#MXADDR}': 'NOT_EXISTS' },
          this.mxPrototypes(),
        ),
        this.discoveryRule(
          'dane.address.discovery',
          'MX addresses discovery',
          'One row per IPv4/IPv6 address of each MX host ({#MXADDR}, {#MXFAMILY} besides the host macros).',
          { '{#MXADDR}': 'EXISTS', '{#KEYALG}': 'NOT_EXISTS' },
          this.addressPrototypes(),
        ),
        this.discoveryRule(
          'dane.keyalg.discovery',
          'Certificates by key algorithm discovery',
          'One row per key algorithm each address was asked for ({#KEYALG}: rsa, ecdsa, ed25519, besides the address macros), where DANE applies.',
          { '{#KEYALG}': 'EXISTS' },
          this.keyAlgorithmPrototypes(),
        ),
      ],
      macros: this.macros(),
      valuemaps: this.valuemaps(),
    };
  }
}

/** The export document of one template. */
export function templateExport(variant: TemplateVariant): Obj {
  return {
    zabbix_export: {
      version: '6.0',
      groups: [{ uuid: TEMPLATE_GROUP.uuid, name: TEMPLATE_GROUP.name }],
      templates: [new Builder(variant).template()],
    },
  };
}

/** The YAML file of one template, as committed under templates/zabbix/. */
export function templateYaml(variant: TemplateVariant): string {
  return toYaml(templateExport(variant));
}
