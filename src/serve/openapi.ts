// The service's OpenAPI 3.1 document, served at /openapi.json (behind the key,
// as the original FastAPI app served its own) and rendered by /docs. It is
// built from the same constants the handlers use (routes, error codes, states,
// diagnostic codes, formats), and the tests validate it with an OpenAPI parser
// and every answer they receive against it, so it cannot drift from the code.
import { DANE_STATES } from '../verdict/dane-state.ts';
import { CERTIFICATE_DATES, DEFAULT_CRITICAL_DAYS, DEFAULT_WARNING_DAYS } from '../verdict/certificate-expiry.ts';
import { MAX_DAYS } from '../verdict/days-value.ts';
import { RECORD_ROLES, ROLLOVER_REASONS, ROLLOVER_STATES } from '../verdict/rollover.ts';
import { DIAGNOSTICS } from '../verdict/diagnostics.ts';
import { KEY_ALGORITHMS } from '../evidence/smtp.ts';
import { KEY_ALGORITHM_COVERAGES } from '../verdict/key-algorithm-certificates.ts';
import { EXIT_CODES } from '../verdict/exit-status.ts';
import { API_ERROR_STATUS, type ApiErrorCode } from './api-error.ts';
import {
  CRITICAL_PARAMETER,
  DAYS_PARAMETER,
  SEVERITY_PARAMETER,
  SIG_CRIT_PARAMETER,
  SIG_WARN_PARAMETER,
  WARNING_PARAMETER,
} from './judgement-params.ts';
import { VERIFY_FORMATS } from './verify-handler.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const strOrNull: Schema = { type: ['string', 'null'] };
const strings: Schema = { type: 'array', items: str };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };

/** An object with exactly these properties, all required unless listed in `optional`. */
function object(properties: Record<string, Schema>, description?: string, optional: string[] = []): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

const DNSSEC_STATUSES = ['secure', 'insecure', 'bogus', 'indeterminate'];
const SEVERITIES = ['info', 'warning', 'critical', 'unknown'];

/** The host object's fields; a host check's answer is the same object plus `run`. */
const HOST_PROPERTIES: Record<string, Schema> = {
  host_dane_verified: bool,
  dnssec_valid: bool,
  dnssec_status: ref('DnssecStatus'),
  protocol_version: strOrNull,
  hostname: str,
  ciphersuite: strOrNull,
  peer_certificate: strOrNull,
  hash_used: strOrNull,
  signature_type: strOrNull,
  openssl_verification: str,
  openssl_return_code: int,
  log_messages: strings,
  tlsa_resource_records: strings,
  dane_state: ref('DaneState'),
  preference: { type: ['integer', 'null'] },
  tlsa_base_domain: str,
  tlsa_name: str,
  usable_tlsa_records: strings,
  rollover: ref('Rollover'),
  addresses: { type: 'array', items: ref('Address') },
  diagnostics: { type: 'array', items: ref('Diagnostic') },
  service_state: ref('ServiceState'),
  cert_expiry_state: ref('ServiceState'),
  rrsig_days_left: { type: ['number', 'null'], description: 'Days left for the earliest-expiring DNSSEC signature the host\'s answers rest on; null without signatures (unsigned, or none sent).' },
  rrsig_expiry_state: ref('ServiceState'),
  rrsig_expiry: { type: 'array', items: ref('SignatureExpiry') },
};

/** What the verdict decided for the whole check (domain and host checks alike). */
const DECISION_PROPERTIES: Record<string, Schema> = {
  service_state: ref('ServiceState'),
  exit_code: { type: 'integer', enum: Object.values(EXIT_CODES) },
  cert_expiry_state: ref('ServiceState'),
  rrsig_days_left: { type: ['number', 'null'], description: 'Days left for the earliest-expiring DNSSEC signature of any answer used (at the horizon); null without signatures (unsigned, or none sent).' },
  rrsig_expiry_state: ref('ServiceState'),
  rrsig_expiry: { type: 'array', items: ref('SignatureExpiry'), description: 'Every secure answer used that carries signatures: the MX, then each host\'s A, AAAA and TLSA.' },
  horizon_days: { type: 'number', description: 'Dates were judged as of this many days from now (--days).' },
  certificate_expiry: {
    type: 'array',
    items: ref('CertificateExpiry'),
    description: 'Every distinct certificate presented, soonest expiry first, judged against -w/-c at now + --days; `dates` says whether DANE checks them.',
  },
  findings: { type: 'array', items: ref('Diagnostic'), description: 'Every finding, most important first: diagnostics, certificate expiry, partial roll-ups, probes cut off.' },
};

const schemas: Record<string, Schema> = {
  DaneState: { type: 'string', enum: [...DANE_STATES], description: 'DANE state (README, "How it judges").' },
  DnssecStatus: { type: 'string', enum: DNSSEC_STATUSES },
  ServiceState: { type: 'string', enum: Object.keys(EXIT_CODES), description: 'The Nagios state the verdict decided.' },
  Diagnostic: object(
    {
      code: { type: 'string', enum: Object.keys(DIAGNOSTICS) },
      severity: { type: 'string', enum: SEVERITIES },
      rfc: str,
      refs: strings,
      message: str,
      args: { type: 'object', description: 'The typed arguments of the message, by code.' },
      host: str,
      address: str,
    },
    'One finding, with its stable code, its severity after --severity overrides, and the RFC sections it rests on.',
    ['host', 'address'],
  ),
  TlsaRecord: object({ usage: int, selector: int, matchingType: int, data: str }),
  TlsaMatch: object({
    outcome: { type: 'string', enum: ['pass', 'tlsa-mismatch', 'name-mismatch', 'chain-invalid', 'cert-expired'] },
    record: { oneOf: [ref('TlsaRecord'), { type: 'null' }] },
    depth: { type: ['integer', 'null'] },
    referenceIdentifiers: strings,
    matchedName: strOrNull,
    detail: strOrNull,
  }),
  Tls: object({ protocol: str, cipher: str, group: strOrNull, signatureType: strOrNull, hashUsed: strOrNull }),
  Certificate: object({
    depth: int,
    subject: str,
    issuer: str,
    dnsNames: strings,
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    keyAlgorithm: str,
    sha256: str,
    spkiSha256: str,
  }),
  CertificateExpiry: object({
    subject: str,
    sha256: str,
    not_after: str,
    days_left: { type: ['integer', 'null'], description: 'Whole days left at now + --days, rounded down; negative once expired.' },
    state: { type: 'string', enum: ['ok', 'warning', 'critical'] },
    dates: {
      type: 'string',
      enum: [...CERTIFICATE_DATES],
      description: 'dane-ta-chain: leaf to DANE-TA anchor (dates matter); not-authenticated; dane-ee (ignored, WARNING at most); beyond-anchor (ignored by DANE, WARNING at most).',
    },
    seen_at: {
      type: 'array',
      items: object({
        host: str,
        address: str,
        depth: int,
        session: { type: 'string', enum: ['default', 'asked'], description: 'default: the session offering every key algorithm; asked: one asking for key_algorithm alone.' },
        key_algorithm: { type: ['string', 'null'], enum: [...KEY_ALGORITHMS, 'other', null], description: "The session's leaf key algorithm; null when no other algorithm was asked for (DANE did not apply)." },
      }),
    },
  }),
  Address: object(
    {
      address: str,
      family: { type: 'string', enum: ['ipv4', 'ipv6'] },
      dane_state: ref('DaneState'),
      stage: strOrNull,
      reason: strOrNull,
      starttls_offered: { type: ['boolean', 'null'] },
      matched_record: strOrNull,
      matched_usage: strOrNull,
      matched_depth: { type: ['integer', 'null'] },
      match: { oneOf: [ref('TlsaMatch'), { type: 'null' }] },
      dated_path: {
        type: ['array', 'null'],
        items: int,
        description: 'Chain depths whose dates DANE checks once verified: DANE-TA from the leaf to the anchor (-1: an anchor the record carries), [] for DANE-EE; null when not verified.',
      },
      tls: { oneOf: [ref('Tls'), { type: 'null' }] },
      certificates: { type: 'array', items: ref('Certificate') },
      certificates_by_algorithm: { type: 'array', items: ref('KeyAlgorithmCertificate') },
      elapsed_ms: { type: 'number' },
      service_state: ref('ServiceState'),
    },
    'One IPv4 or IPv6 address of an MX host (README, "Address").',
  ),
  RolloverRecord: object({
    record: { type: 'string', description: 'The TLSA record, "usage selector matching-type hex".' },
    role: { type: 'string', enum: [...RECORD_ROLES], description: 'leaf: pins a key in use now; issuer: DANE-TA above the leaf; unmatched: stale or pre-published.' },
    matches: { type: 'array', items: object({ address: str, depth: int }), description: 'Where it matched: address and chain depth (-1: an anchor the record carries).' },
  }),
  Rollover: object(
    {
      state: { type: 'string', enum: [...ROLLOVER_STATES] },
      reason: { type: 'string', enum: [...ROLLOVER_REASONS] },
      detail: str,
      matching: { type: 'array', items: ref('RolloverRecord'), description: 'Usable records that match what the servers present.' },
      not_matching: { type: 'array', items: ref('RolloverRecord'), description: 'Usable records that match nothing presented: stale or pre-published.' },
      tlsa_ttl: { type: ['integer', 'null'], description: 'TTL of the TLSA RRset in seconds: the zone\'s own (the RRSIG Original TTL) when validated here, else as the resolver answered.' },
    },
    'Whether the TLSA RRset survives a change of the leaf key (RFC 7671 §8.1, RFC 7672 §3.1.1; README, "Rollover readiness").',
  ),
  SignatureExpiry: object(
    {
      answer: { type: 'string', description: 'The question, "name/TYPE".' },
      host: strOrNull,
      scope: {
        type: 'string',
        enum: ['path', 'answers'],
        description:
          'path: every RRSIG the answer\'s validation here rested on, up to the trust anchor (--dnssec validate). answers: only the RRSIGs the resolver sent with the answer (its own, CNAME links, NSEC/NSEC3); the resolver validated the chain, whose DNSKEY and DS signatures are not seen (--dnssec resolver).',
      },
      days_left: { type: 'number', description: 'Days to the expiration of the earliest-expiring RRSIG of the scope, at the horizon; negative once expired.' },
      covers: { type: 'string', description: 'The RRset that RRSIG covers, "owner/TYPE".' },
      signer: str,
      key_tag: int,
      algorithm: str,
      inception: { type: 'string', format: 'date-time' },
      expiration: { type: 'string', format: 'date-time' },
      validity_days: { type: 'number' },
      original_ttl: int,
      ttl: int,
      warning_days: { type: 'number', description: 'WARNING below this many days left (a fifth of its validity, or --sig-warn).' },
      critical_days: { type: 'number', description: 'CRITICAL below this many days left (a tenth, or --sig-crit).' },
      expires_within_ttl: bool,
    },
    'One answer used and the earliest-expiring DNSSEC signature on its validation path, or sent with it (scope; README, "DNSSEC signature expiry").',
  ),
  KeyAlgorithmCertificate: object(
    {
      key_algorithm: { type: 'string', enum: [...KEY_ALGORITHMS, 'other'] },
      status: { type: 'string', enum: ['presented', 'not-held', 'unknown'] },
      coverage: { type: 'string', enum: [...KEY_ALGORITHM_COVERAGES], description: 'covered: presented and authenticated by a usable TLSA record; not-covered; not-held; unknown.' },
      session: { type: 'string', enum: ['default', 'asked'] },
      dane_state: { oneOf: [ref('DaneState'), { type: 'null' }] },
      matched_record: strOrNull,
      match: { oneOf: [ref('TlsaMatch'), { type: 'null' }] },
      dated_path: {
        type: ['array', 'null'],
        items: int,
        description: "As the address's dated_path, for this session's chain: the depths whose dates DANE checks; null unless verified.",
      },
      tls: { oneOf: [ref('Tls'), { type: 'null' }] },
      certificates: { type: 'array', items: ref('Certificate') },
      reason: strOrNull,
      elapsed_ms: { type: 'number' },
    },
    'The certificate of one key algorithm (README, "Certificates by key algorithm"): the default session\'s, or one a session asked for alone.',
  ),
  Host: object(HOST_PROPERTIES, 'One MX host (README, "Host"); the original\'s fields first.'),
  Run: object({
    version: str,
    started_at: { type: 'string', format: 'date-time' },
    duration_ms: { type: 'number' },
    resolver: str,
    port: int,
    unfinished: { ...strings, description: 'Probes cut off by the time limit.' },
    dns_queries: {
      oneOf: [object({ total: int, by_type: { type: 'object', additionalProperties: int } }), { type: 'null' }],
    },
  }),
  DomainCheck: object(
    {
      all_hosts_dane_verified: bool,
      dnssec_valid: bool,
      domain: str,
      mx_hosts: { type: 'array', items: ref('Host') },
      dane_state: ref('DaneState'),
      mx_dnssec_status: ref('DnssecStatus'),
      implicit_mx: bool,
      null_mx: bool,
      diagnostics: { type: 'array', items: ref('Diagnostic') },
      ...DECISION_PROPERTIES,
      run: ref('Run'),
    },
    'The check of a mail domain: what `smtp-dane-verify domain --format json` prints.',
  ),
  HostCheck: object({ ...HOST_PROPERTIES, ...DECISION_PROPERTIES, run: ref('Run') }, 'The check of one SMTP host: what `smtp-dane-verify host --format json` prints.'),
  Error: object(
    {
      error: { type: 'string', enum: Object.keys(API_ERROR_STATUS) },
      detail: str,
    },
    'Every error answer.',
  ),
  Health: object({ status: { type: 'string', enum: ['ok', 'stopping'] } }),
  Welcome: object({ message: str, version: str }),
  DomainRequest: {
    type: 'object',
    description: '`hostname` is taken as the domain too (the original manual\'s Uptime Kuma recipe sends it).',
    properties: { domain: { type: 'string', examples: ['example.org'] }, hostname: str },
  },
  HostRequest: { type: 'object', properties: { hostname: { type: 'string', examples: ['mx1.example.org'] } }, required: ['hostname'] },
};

function errorResponses(codes: ApiErrorCode[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const code of codes) {
    const status = String(API_ERROR_STATUS[code]);
    const existing = out[status] as { description: string } | undefined;
    out[status] = {
      description: existing ? `${existing.description}, ${code}` : code,
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  return out;
}

const COMMON_ERRORS: ApiErrorCode[] = ['bad-request', 'unauthorized', 'method-not-allowed', 'internal-error'];
const CHECK_ERRORS: ApiErrorCode[] = [...COMMON_ERRORS, 'malformed-json', 'missing-field', 'invalid-name', 'invalid-parameter', 'body-too-large', 'unsupported-media-type', 'busy', 'shutting-down'];

const TEXT_FORMATS = {
  'text/plain': { schema: { type: 'string', description: '`format=text`: the plugin output (status line, long output, perfdata); otherwise the Prometheus text exposition 0.0.4.' } },
  'application/openmetrics-text': { schema: { type: 'string', description: 'OpenMetrics 1.0: `format=openmetrics`, or `Accept: application/openmetrics-text`.' } },
};

function verifyOperation(kind: 'domain' | 'host'): Json {
  const isDomain = kind === 'domain';
  return {
    operationId: isDomain ? 'verifyDomain' : 'verifyHost',
    summary: isDomain ? 'Check a mail domain: every address of every MX host' : 'Check one SMTP host',
    description: 'Paths answer with and without the trailing slash. A cached answer carries an `Age` header.',
    parameters: [
      {
        name: 'format',
        in: 'query',
        required: false,
        description: '`json` (default), `text` (the human-readable check output, as the Nagios plugin prints it), `openmetrics` or `prometheus` (the check as metrics).',
        schema: { type: 'string', enum: [...VERIFY_FORMATS] },
      },
      SEVERITY,
      ...JUDGEMENT_PARAMETERS,
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: ref(isDomain ? 'DomainRequest' : 'HostRequest') } },
    },
    responses: {
      '200': {
        description: 'The check ran (whatever its verdict).',
        content: { 'application/json': { schema: ref(isDomain ? 'DomainCheck' : 'HostCheck') }, ...TEXT_FORMATS },
      },
      ...errorResponses(CHECK_ERRORS),
    },
  };
}

/** `--severity CODE=LEVEL` for one request (docs/serve.md, "Severity"). */
const SEVERITY: Json = {
  name: SEVERITY_PARAMETER,
  in: 'query',
  required: false,
  description:
    'Sets the level of a diagnostic for this answer, as the plugin\'s `--severity`: `CODE=LEVEL` with LEVEL one of info, warning, critical, unknown ' +
    '(e.g. `MX_HOSTS_PARTIAL=warning`). Repeatable; a value may hold several, comma-separated; empty values are ignored. Laid over the service\'s own ' +
    '--severity (SEVERITY). Changes service_state, exit_code, each finding\'s severity and the *_service_state series, never dane_state. ' +
    'An unknown code or level is a 400 invalid-parameter.',
  schema: { type: 'array', items: { type: 'string', examples: ['MX_HOSTS_PARTIAL=warning', 'MX_HOSTS_PARTIAL=warning,ADDRESSES_PARTIAL=warning'] } },
  style: 'form',
  explode: true,
};

const DAYS_SCHEMA: Json = { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*$', examples: ['30', '1.5'] };
const SINGLE = 'An empty value is ignored; repeated, the last one counts.';

/** `--days`, `--sig-warn`, `--sig-crit`, `-w`, `-c` for one request (docs/serve.md, "Judging one request"). */
const JUDGEMENT_PARAMETERS: Json[] = [
  {
    name: DAYS_PARAMETER,
    in: 'query',
    required: false,
    description:
      'As the plugin\'s `--days N`: "will this still pass in N days?" Certificate and DNSSEC signature dates are judged as of N days after the check ' +
      `(a non-negative decimal, at most ${MAX_DAYS}). Replaces the service's DAYS (--days; default 0). Changes service_state, exit_code, the findings, *_days_left and the *_service_state series, never dane_state. ${SINGLE} A bad value is a 400 invalid-parameter.`,
    schema: DAYS_SCHEMA,
  },
  {
    name: SIG_WARN_PARAMETER,
    in: 'query',
    required: false,
    description: `As the plugin's \`--sig-warn DAYS\`: a signature is WARNING below this many days left (default: the service's SIG_WARN, else below a fifth of its own validity). ${SINGLE} A bad value, or one below the service's SIG_CRIT, is a 400 invalid-parameter.`,
    schema: DAYS_SCHEMA,
  },
  {
    name: SIG_CRIT_PARAMETER,
    in: 'query',
    required: false,
    description: `As the plugin's \`--sig-crit DAYS\`: CRITICAL below this many days left (default: the service's SIG_CRIT, else below a tenth); not above sig_warn (or the service's SIG_WARN). ${SINGLE} A bad value is a 400 invalid-parameter.`,
    schema: DAYS_SCHEMA,
  },
  {
    name: WARNING_PARAMETER,
    in: 'query',
    required: false,
    description: `As the plugin's \`-w\`: the WARNING range (Monitoring Plugins syntax) for days of certificate validity left; default \`${DEFAULT_WARNING_DAYS}\` (below 20). ${SINGLE} A bad range is a 400 invalid-parameter.`,
    schema: { type: 'string', examples: ['30:', '@0:10'] },
  },
  {
    name: CRITICAL_PARAMETER,
    in: 'query',
    required: false,
    description: `As the plugin's \`-c\`: the CRITICAL range for days of certificate validity left; default \`${DEFAULT_CRITICAL_DAYS}\` (below 15). ${SINGLE} A bad range is a 400 invalid-parameter.`,
    schema: { type: 'string', examples: ['7:'] },
  },
];

const FORMAT_PARAMETER: Json = {
  name: 'format',
  in: 'query',
  required: false,
  description: 'Overrides the Accept header: `openmetrics` or `prometheus` (text 0.0.4).',
  schema: { type: 'string', enum: ['openmetrics', 'prometheus'] },
};

/** The document; `version` is the service's. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'smtp-dane-verify',
      version,
      summary: 'DANE (RFC 7672) checks of inbound SMTP: REST API and OpenMetrics.',
      description: 'The API of `smtp-dane-verify serve` (docs/serve.md). Every path but /healthz needs the API key, in the `x-apikey` header or the `api_key` query parameter.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    security: [{ apiKeyHeader: [] }, { apiKeyQuery: [] }],
    paths: {
      '/verify/': { post: verifyOperation('domain') },
      '/verify_host/': { post: verifyOperation('host') },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'The background checks of METRICS_DOMAINS, from memory',
          parameters: [FORMAT_PARAMETER],
          responses: { '200': { description: 'The exposition.', content: TEXT_FORMATS }, ...errorResponses([...COMMON_ERRORS, 'invalid-parameter']) },
        },
      },
      '/probe': {
        get: {
          operationId: 'probe',
          summary: 'One check on demand, blackbox_exporter style',
          parameters: [
            { name: 'target', in: 'query', required: true, description: 'The mail domain (or host, with module=host).', schema: str },
            { name: 'module', in: 'query', required: false, schema: { type: 'string', enum: ['domain', 'host'], default: 'domain' } },
            FORMAT_PARAMETER,
            SEVERITY,
            ...JUDGEMENT_PARAMETERS,
            {
              name: 'X-Prometheus-Scrape-Timeout-Seconds',
              in: 'header',
              required: false,
              description: 'The scrape timeout; the check ends before it (less --timeout-offset).',
              schema: { type: 'number' },
            },
          ],
          responses: {
            '200': { description: 'probe_success, probe_duration_seconds and the target\'s series.', content: TEXT_FORMATS },
            ...errorResponses([...COMMON_ERRORS, 'invalid-parameter', 'invalid-name', 'busy', 'shutting-down']),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Liveness, without the key (container health checks)',
          security: [],
          responses: { '200': { description: 'Up (or stopping).', content: { 'application/json': { schema: ref('Health') } } }, ...errorResponses(['bad-request', 'method-not-allowed']) },
        },
      },
      '/': {
        get: {
          operationId: 'welcome',
          summary: 'A welcome message, as the original',
          responses: { '200': { description: 'The message and version.', content: { 'application/json': { schema: ref('Welcome') } } }, ...errorResponses(COMMON_ERRORS) },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } }, ...errorResponses(COMMON_ERRORS) },
        },
      },
      '/docs': {
        get: {
          operationId: 'docs',
          summary: 'An interactive page for this document (self-contained, no external resources)',
          responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: str } } }, ...errorResponses(COMMON_ERRORS) },
        },
      },
    },
    components: {
      schemas: schemas as Json,
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-apikey' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
    },
  };
}
