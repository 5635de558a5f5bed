// Reads an evidence file (analyze): JSON, our format, our version, and the
// shape replay relies on. Anything else is one EvidenceFileError that says
// what is wrong and where, never a crash further down.
import { EVIDENCE_FORMAT, READABLE_EVIDENCE_VERSIONS, type SavedEvidence } from '../evidence/document.ts';
import { KEY_ALGORITHMS } from '../evidence/smtp.ts';
import { DNSSEC_MODES } from './real-deps.ts';
import { parseResolverAddress } from '../dns/resolver-address.ts';
import { parseName } from '../dns/name.ts';

export class EvidenceFileError extends Error {
  override readonly name = 'EvidenceFileError';
}

const TRANSPORT_OUTCOMES = ['answer', 'timeout', 'network-error', 'malformed', 'cancelled'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Json = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new EvidenceFileError(`${where}: ${what}`);
}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'not an object');
  return value as Json;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, 'not a list');
  return value;
}

function string(o: Json, key: string, where: string): string {
  if (typeof o[key] !== 'string') fail(`${where}.${key}`, 'not a string');
  return o[key] as string;
}

function number(o: Json, key: string, where: string): number {
  if (typeof o[key] !== 'number' || !Number.isFinite(o[key])) fail(`${where}.${key}`, 'not a number');
  return o[key] as number;
}

function boolean(o: Json, key: string, where: string): void {
  if (typeof o[key] !== 'boolean') fail(`${where}.${key}`, 'not true or false');
}

function oneOf(o: Json, key: string, choices: readonly unknown[], where: string): void {
  if (!choices.includes(o[key])) fail(`${where}.${key}`, `not one of ${choices.join(', ')}`);
}

function time(o: Json, key: string, where: string): void {
  if (Number.isNaN(Date.parse(string(o, key, where)))) fail(`${where}.${key}`, 'not a time');
}

function base64(o: Json, key: string, where: string, nullable = false): void {
  if (nullable && o[key] === null) return;
  if (!BASE64.test(string(o, key, where))) fail(`${where}.${key}`, 'not base64');
}

function checkDns(value: unknown, where: string): void {
  const r = object(value, where);
  string(r, 'server', where);
  time(r, 'at', where);
  number(r, 'elapsed_ms', where);
  number(r, 'attempts', where);
  oneOf(r, 'transport', ['udp', 'tcp', null], where);
  oneOf(r, 'outcome', TRANSPORT_OUTCOMES, where);
  if (r['error'] !== null) string(r, 'error', where);
  base64(r, 'query', where);
  base64(r, 'response', where, true);
}

function checkSmtp(value: unknown, where: string): void {
  const r = object(value, where);
  time(r, 'at', where);
  const request = object(r['request'], `${where}.request`);
  for (const key of ['address', 'sni', 'helo']) string(request, key, `${where}.request`);
  number(request, 'port', `${where}.request`);
  if (request['keyAlgorithm'] !== undefined) oneOf(request, 'keyAlgorithm', KEY_ALGORITHMS, `${where}.request`);
  const e = object(r['evidence'], `${where}.evidence`);
  for (const key of ['address', 'sni', 'stage']) string(e, key, `${where}.evidence`);
  number(e, 'port', `${where}.evidence`);
  number(e, 'elapsedMs', `${where}.evidence`);
  boolean(e, 'starttlsOffered', `${where}.evidence`);
  if (e['failure'] !== null) string(object(e['failure'], `${where}.evidence.failure`), 'kind', `${where}.evidence.failure`);
  if (e['tls'] !== null) {
    const tls = object(e['tls'], `${where}.evidence.tls`);
    array(tls['chain'], `${where}.evidence.tls.chain`).forEach((c, i) => base64({ c }, 'c', `${where}.evidence.tls.chain[${i}]`));
  }
}

/** `parse` accepts the text, or the file is damaged at `where`. */
function parsable(text: string, parse: (text: string) => unknown, where: string): void {
  try {
    parse(text);
  } catch (error) {
    fail(where, error instanceof Error ? error.message : String(error));
  }
}

function checkCheck(value: unknown): void {
  const where = 'check';
  const c = object(value, where);
  oneOf(c, 'kind', ['domain', 'host'], where);
  for (const key of ['name', 'helo', 'resolver']) string(c, key, where);
  parsable(c['resolver'] as string, parseResolverAddress, `${where}.resolver`);
  for (const key of ['port', 'max_mx', 'smtp_concurrency', 'stage_timeout_ms', 'deadline_ms', 'dns_timeout_ms', 'dns_retries']) number(c, key, where);
  boolean(c, 'ipv4', where);
  boolean(c, 'ipv6', where);
  oneOf(c, 'dnssec', DNSSEC_MODES, where);
  if (c['dnssec'] === 'validate') {
    array(c['trust_anchors'], `${where}.trust_anchors`).forEach((a, i) => {
      const at = `${where}.trust_anchors[${i}]`;
      const anchor = object(a, at);
      parsable(string(anchor, 'owner', at), parseName, `${at}.owner`);
      oneOf(anchor, 'type', ['DS', 'DNSKEY'], at);
      base64(anchor, 'rdata', at);
    });
  }
}

/** The document in `text`, checked; throws EvidenceFileError. */
export function readEvidence(text: string): SavedEvidence {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EvidenceFileError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const doc = object(parsed, 'the file');
  if (doc['format'] !== EVIDENCE_FORMAT) throw new EvidenceFileError(`not a saved check ("format" is not "${EVIDENCE_FORMAT}")`);
  if (!READABLE_EVIDENCE_VERSIONS.includes(doc['evidence_version'] as number)) {
    throw new EvidenceFileError(
      `evidence version ${JSON.stringify(doc['evidence_version'])}; this program reads version ${READABLE_EVIDENCE_VERSIONS.join(' and ')}`,
    );
  }
  time(doc, 'started_at', 'the file');
  time(doc, 'judged_at', 'the file');
  number(doc, 'duration_ms', 'the file');
  checkCheck(doc['check']);
  array(doc['dns'], 'dns').forEach((r, i) => checkDns(r, `dns[${i}]`));
  array(doc['smtp'], 'smtp').forEach((r, i) => checkSmtp(r, `smtp[${i}]`));
  return doc as unknown as SavedEvidence;
}
