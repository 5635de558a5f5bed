// Nagios / Icinga 2 plugin output (Monitoring Plugins guidelines, Icinga Plugin
// API): a short status line, long output (one line per MX host and per address,
// more with -v), performance data; at most 8 KB (Nagios' MAX_PLUGIN_OUTPUT_LENGTH,
// perfdata included), cut with a marker line rather than truncated mid-way.
// Pure: the state comes from verdict/exit-status.ts, the clock from the run.
//
//   SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2... | perfdata
//   [CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified
//   [CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 2 ...
//   [OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record
//   [OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)
import type { Diagnostic, SeverityPolicy } from '../verdict/diagnostics.ts';
import {
  commonName,
  daysLeft,
  defaultExpiryThresholds,
  earliestDaysForHost,
  evaluateExpiry,
  type ExpiryReport,
  type ExpiryThresholds,
} from '../verdict/certificate-expiry.ts';
import {
  addressFindings,
  compareStates,
  decideExit,
  effectiveSeverity,
  hostFindings,
  sortFindings,
  stateOfSeverity,
  worstState,
  type ExitCode,
  type Finding,
  type ServiceState,
} from '../verdict/exit-status.ts';
import type { AddressResult, DomainResult, HostResult, RunInfo, TlsaRecord } from '../verdict/result.ts';
import { tlsaUsageName, tlsaUsability } from '../verdict/tlsa-record.ts';
import { formatNumber, formatPerfDatum, type PerfDatum } from './perfdata.ts';

export type NagiosInput =
  | { kind: 'domain'; result: DomainResult; run: RunInfo }
  | { kind: 'host'; result: HostResult; run: RunInfo };

/** 0: status line, host and address lines; 1: TLS and DNS details; 2: every diagnostic with code and RFC; 3: TLSA records and certificates. */
export type Verbosity = 0 | 1 | 2 | 3;

export interface NagiosOptions {
  verbosity?: Verbosity;
  severityPolicy?: SeverityPolicy;
  thresholds?: ExpiryThresholds;
  /** The time certificate expiry is measured against; defaults to the run's start. */
  now?: Date;
  /** Output limit in bytes, perfdata and final newline included. */
  maxBytes?: number;
}

export interface NagiosOutput {
  text: string;
  exitCode: ExitCode;
  state: ServiceState;
}

export const SERVICE_NAME = 'SMTP DANE';
export const MAX_OUTPUT_BYTES = 8192;
/**
 * The finding in the status line is shortened to this many characters. The
 * guidelines' "probably less than 80" for the whole line would leave too little
 * of it to act on; the long output always has it in full.
 */
export const MAX_FINDING_CHARS = 80;

/** Text safe for plugin output: no `|` (it starts perfdata), no line breaks or control characters. */
export function cleanText(text: string): string {
  return text.replace(/\|/g, '/').replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Cuts `text` at a word boundary so that it is at most `max` characters, ending
 * in "..."; a parenthesis the cut would leave open is dropped with its content.
 */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 3));
  const space = room.lastIndexOf(' ');
  let kept = space > max / 2 ? room.slice(0, space) : room;
  const open = kept.lastIndexOf('(');
  if (open > kept.lastIndexOf(')') && open > max / 2) kept = kept.slice(0, open);
  return `${kept.replace(/[\s,;:(]+$/, '')}...`;
}

/** Drops the "host address: " prefix a message repeats when the line already names both. */
function withoutPrefix(message: string, ...names: string[]): string {
  const prefix = `${names.join(' ')}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

function tag(state: ServiceState): string {
  return `[${state}]`;
}

function recordSummary(r: TlsaRecord): string {
  return `${r.usage} ${r.selector} ${r.matchingType}`;
}

function shortHex(hex: string): string {
  return hex.length <= 64 ? hex.toLowerCase() : `${hex.slice(0, 64).toLowerCase()}... (${hex.length / 2} bytes)`;
}

interface Context {
  policy: SeverityPolicy;
  expiry: ExpiryReport;
  verbosity: Verbosity;
  now: Date;
}

function diagnosticLine(d: Diagnostic, policy: SeverityPolicy): string {
  const state = stateOfSeverity(effectiveSeverity(d, policy));
  return `  ${tag(state)} ${d.code} (${d.rfc}): ${d.message}`;
}

function addressDetail(host: HostResult, a: AddressResult, findings: Finding[]): string {
  const tls = a.tls ? ` (${a.tls.protocol})` : '';
  let text: string;
  if (a.dane_state === 'verified' && a.match?.record) {
    const r = a.match.record;
    const name = a.match.matchedName ? `, name ${a.match.matchedName}` : '';
    text = `${tlsaUsageName(r.usage)} ${recordSummary(r)} matched at depth ${a.match.depth ?? 0}${name}${tls}`;
  } else {
    const own = sortFindings(findings.filter((f) => f.address === a.address && f.source !== 'expiry'));
    const inherited = findings.some((f) => f.address === null);
    if (own[0]) text = withoutPrefix(own[0].message, host.hostname, a.address);
    else if (inherited) text = `${a.dane_state}, as its host${tls}`;
    else {
      // Every cause was demoted to OK: still say what the verdict was.
      const causes = host.diagnostics.filter((d) => d.address === a.address && d.code !== 'TLSA_MATCHED');
      text = causes[0] ? withoutPrefix(causes[0].message, host.hostname, a.address) : `${a.dane_state}${tls}`;
    }
  }
  const expiring = findings.filter((f) => f.source === 'expiry').map((f) => f.message);
  return [text, ...expiring].join('; ');
}

function addressLines(host: HostResult, a: AddressResult, ctx: Context): string[] {
  const findings = addressFindings(host, a, ctx.policy, ctx.expiry);
  const state = worstState(findings.map((f) => f.state));
  const lines = [`${tag(state)} ${host.hostname} ${a.address}: ${addressDetail(host, a, findings)}`];
  if (ctx.verbosity >= 1) {
    const facts: string[] = [];
    if (a.tls) {
      facts.push([a.tls.protocol, a.tls.cipher, a.tls.group].filter(Boolean).join(' '));
      if (a.tls.signatureType) facts.push(`signed ${a.tls.signatureType}${a.tls.hashUsed ? `+${a.tls.hashUsed}` : ''}`);
    }
    if (a.stage) facts.push(`stopped at ${a.stage}${a.reason ? `: ${a.reason}` : ''}`);
    if (a.starttls_offered === false) facts.push('no STARTTLS');
    if (a.last_ehlo_line) facts.push(`last EHLO line "${a.last_ehlo_line}"`);
    facts.push(`${formatNumber(a.elapsed_ms / 1000)} s`);
    lines.push(`  ${facts.join(', ')}`);
    const leaf = a.certificates[0];
    if (leaf) {
      const days = daysLeft(leaf.notAfter, ctx.now);
      lines.push(`  certificate ${commonName(leaf.subject)} valid until ${leaf.notAfter}${days === null ? '' : ` (${plural(days, 'day')} left)`}`);
    }
  }
  if (ctx.verbosity >= 3) {
    for (const c of a.certificates) {
      const days = daysLeft(c.notAfter, ctx.now);
      lines.push(
        `  cert depth ${c.depth}: subject ${c.subject}; issuer ${c.issuer}; names ${c.dnsNames.join(', ') || '-'}; ` +
          `${c.notBefore} to ${c.notAfter}${days === null ? '' : ` (${plural(days, 'day')} left)`}; ${c.keyAlgorithm}; ` +
          `sha256 ${c.sha256}; spki-sha256 ${c.spkiSha256}`,
      );
    }
  }
  return lines;
}

function hostHeadline(host: HostResult, findings: Finding[]): string {
  const verified = host.addresses.filter((a) => a.dane_state === 'verified').length;
  const counts = `${verified}/${host.addresses.length} addresses`;
  if (host.dane_state === 'verified') return `verified: ${counts}, ${plural(host.usable_tlsa.length, 'usable TLSA record')}`;
  const hostLevel = sortFindings(findings.filter((f) => f.address === null && f.state !== 'OK'))[0];
  if (hostLevel) return `${host.dane_state}: ${hostLevel.message}`;
  return `${host.dane_state}: ${counts} verified`;
}

function hostLines(host: HostResult, ctx: Context): { state: ServiceState; lines: string[] } {
  const findings = hostFindings(host, ctx.policy, ctx.expiry);
  const state = worstState(findings.map((f) => f.state));
  const pref = host.preference === null ? '' : ` (MX ${host.preference})`;
  const lines = [`${tag(state)} ${host.hostname}${pref}: ${hostHeadline(host, findings)}`];
  if (ctx.verbosity >= 1) {
    lines.push(
      `  DNSSEC ${host.dnssec_status}; TLSA at ${host.tlsa_name}: ${plural(host.tlsa.length, 'record')}, ${host.usable_tlsa.length} usable`,
    );
  }
  if (ctx.verbosity >= 3) {
    for (const r of host.tlsa) {
      const u = tlsaUsability(r);
      const how = u.status === 'usable' ? 'usable' : `not usable: ${u.detail ?? u.status}`;
      lines.push(`  TLSA ${recordSummary(r)} ${shortHex(r.data)} (${tlsaUsageName(r.usage)}, ${how})`);
    }
  }
  if (ctx.verbosity >= 2) lines.push(...host.diagnostics.map((d) => diagnosticLine(d, ctx.policy)));
  else if (ctx.verbosity === 1) {
    // Every non-OK diagnostic with its code, for --severity.
    const shown = new Set<string>();
    for (const d of host.diagnostics) {
      const s = stateOfSeverity(effectiveSeverity(d, ctx.policy));
      if (s !== 'OK' && !shown.has(d.message)) {
        shown.add(d.message);
        lines.push(`  ${tag(s)} ${d.code}: ${d.message}`);
      }
    }
  }
  for (const a of host.addresses) lines.push(...addressLines(host, a, ctx));
  return { state, lines };
}

interface Counts {
  hosts: number;
  hostsVerified: number;
  addresses: number;
  addressesVerified: number;
  usableTlsa: number;
}

function countsOf(hosts: HostResult[]): Counts {
  const addresses = hosts.flatMap((h) => h.addresses);
  return {
    hosts: hosts.length,
    hostsVerified: hosts.filter((h) => h.dane_state === 'verified').length,
    addresses: addresses.length,
    addressesVerified: addresses.filter((a) => a.dane_state === 'verified').length,
    usableTlsa: hosts.reduce((n, h) => n + h.usable_tlsa.length, 0),
  };
}

function headline(input: NagiosInput, state: ServiceState, top: Finding | undefined, c: Counts): { summary: string; finding: string | null } {
  const isDomain = input.kind === 'domain';
  if (state === 'OK') {
    if (input.result.dane_state === 'verified') {
      return isDomain
        ? { summary: `${c.hostsVerified}/${c.hosts} MX hosts and ${c.addressesVerified}/${c.addresses} addresses DANE-verified`, finding: null }
        : { summary: `${c.addressesVerified}/${c.addresses} addresses DANE-verified`, finding: null };
    }
    return { summary: `DANE state ${input.result.dane_state}, every finding accepted by --severity`, finding: null };
  }
  if (!top) return { summary: `DANE state ${input.result.dane_state}`, finding: null };
  const message = top.brief ?? top.message;
  const notVerified = isDomain ? c.hosts - c.hostsVerified : c.addresses - c.addressesVerified;
  const topLevel = top.source === 'diagnostic' && (isDomain ? top.host === null : top.address === null);
  if (notVerified > 0 && !topLevel) {
    const what = isDomain ? `${notVerified}/${c.hosts} MX hosts` : `${notVerified}/${c.addresses} addresses`;
    // "mx2.example.org: ..." reads better in one line than "mx2.example.org 192.0.2.2: ...".
    const finding = top.host && top.address ? message.replace(`${top.host} ${top.address}: `, `${top.host}: `) : message;
    return { summary: `${what} not verified`, finding };
  }
  return { summary: '', finding: message };
}

/** `SMTP DANE <STATE> - <name>: <summary> (<finding>)`, or `...: <finding>` without a summary. */
function statusLine(state: ServiceState, name: string, summary: string, finding: string | null): string {
  const head = cleanText(`${SERVICE_NAME} ${state} - ${name}: ${summary}`);
  if (finding === null) return head;
  const short = shorten(cleanText(finding), MAX_FINDING_CHARS);
  return summary === '' ? `${head}${short}` : `${head} (${short})`;
}

function perfdataOf(input: NagiosInput, c: Counts, ctx: Context, thresholds: ExpiryThresholds): { main: PerfDatum[]; hosts: PerfDatum[][] } {
  const days = ctx.expiry.earliest?.daysLeft ?? null;
  const expiry = (value: number | null, label: string): PerfDatum => ({
    label,
    value,
    warn: thresholds.warning,
    crit: thresholds.critical,
  });
  const main: PerfDatum[] = [];
  if (input.kind === 'domain') {
    main.push({ label: 'mx_hosts', value: c.hosts, min: 0 });
    main.push({ label: 'mx_verified', value: c.hostsVerified, min: 0, max: c.hosts });
  }
  main.push(
    { label: 'addresses', value: c.addresses, min: 0 },
    { label: 'addresses_verified', value: c.addressesVerified, min: 0, max: c.addresses },
    { label: 'tlsa_usable', value: c.usableTlsa, min: 0 },
    expiry(days, 'cert_days_left'),
    { label: 'duration', value: input.run.duration_ms / 1000, uom: 's', min: 0 },
  );
  const hosts: PerfDatum[][] = [];
  if (input.kind === 'domain') {
    for (const h of input.result.hosts) {
      const v = h.addresses.filter((a) => a.dane_state === 'verified').length;
      hosts.push([
        { label: `${h.hostname}_addresses`, value: h.addresses.length, min: 0 },
        { label: `${h.hostname}_addresses_verified`, value: v, min: 0, max: h.addresses.length },
        { label: `${h.hostname}_tlsa_usable`, value: h.usable_tlsa.length, min: 0 },
        expiry(earliestDaysForHost(ctx.expiry, h.hostname), `${h.hostname}_cert_days_left`),
      ]);
    }
  }
  return { main, hosts };
}

function runLines(input: NagiosInput, ctx: Context, thresholds: ExpiryThresholds): string[] {
  const lines: string[] = [];
  const e = ctx.expiry.earliest;
  const limits = `-w ${thresholds.warning?.text ?? 'none'} -c ${thresholds.critical?.text ?? 'none'}`;
  lines.push(
    e ? `certificate expiry: earliest ${e.notAfter} (${plural(e.daysLeft ?? 0, 'day')}, ${commonName(e.subject)}), ${limits}` : `certificate expiry: no certificate seen, ${limits}`,
  );
  if (ctx.verbosity >= 2) {
    const r = input.run;
    lines.push(`run: smtp-dane-verify ${r.version}, resolver ${r.resolver}, port ${r.port}, started ${r.started_at}, took ${formatNumber(r.duration_ms / 1000)} s`);
  }
  return lines;
}

/**
 * Joins the parts: all perfdata goes on the status line. (The guidelines also
 * allow a second perfdata part after the long output, but Nagios needs a space
 * before it and Icinga 2 turns that space into part of the next label.) When
 * the whole exceeds `maxBytes`, detail lines go first from the end, then whole
 * hosts' perfdata (which may use a third of the room); the status line and the
 * main perfdata always stay, and a marker line says what was cut.
 */
function assemble(status: string, mainPerf: string[], hostPerf: string[][], long: string[], maxBytes: number): string {
  const first = (perf: string[]) => `${status} | ${perf.join(' ')}`;
  const join = (lines: string[]) => `${lines.join('\n')}\n`;
  const full = join([first([...mainPerf, ...hostPerf.flat()]), ...long]);
  if (bytes(full) <= maxBytes) return full;

  const marker = (lines: number, hosts: number) =>
    `[cut] output limited to ${maxBytes} bytes: ${lines} of ${long.length} detail lines` +
    `${hostPerf.length > 0 ? ` and the perfdata of ${hosts} of ${hostPerf.length} hosts` : ''} not shown; --format json has everything`;
  let budget = maxBytes - bytes(first(mainPerf)) - 1 - (bytes(marker(long.length, hostPerf.length)) + 1);
  const perfKept: string[] = [];
  let hostsKept = 0;
  let perfBytes = 0;
  for (const values of hostPerf) {
    const size = bytes(values.join(' ')) + 1;
    if (perfBytes + size > budget / 3) break;
    perfKept.push(...values);
    perfBytes += size;
    hostsKept++;
  }
  budget -= perfBytes;
  const kept: string[] = [];
  for (const line of long) {
    if (bytes(line) + 1 > budget) break;
    kept.push(line);
    budget -= bytes(line) + 1;
  }
  return join([first([...mainPerf, ...perfKept]), ...kept, marker(long.length - kept.length, hostPerf.length - hostsKept)]);
}

export function renderNagios(input: NagiosInput, options: NagiosOptions = {}): NagiosOutput {
  const policy = options.severityPolicy ?? {};
  const thresholds = options.thresholds ?? defaultExpiryThresholds();
  const now = options.now ?? new Date(input.run.started_at);
  const expiry = evaluateExpiry(input.result, now, thresholds);
  const ctx: Context = { policy, expiry, verbosity: options.verbosity ?? 0, now };
  const decision = decideExit({ result: input.result, unfinished: input.run.unfinished, expiry, policy });
  const hosts = input.kind === 'domain' ? input.result.hosts : [input.result];
  const counts = countsOf(hosts);
  const name = input.kind === 'domain' ? input.result.domain : input.result.hostname;

  const { summary, finding } = headline(input, decision.state, decision.findings[0], counts);
  const perf = perfdataOf(input, counts, ctx, thresholds);
  const status = statusLine(decision.state, name, summary, finding);

  const long: string[] = [];
  const unfinished = decision.findings.find((f) => f.source === 'unfinished');
  if (unfinished) {
    const n = input.run.unfinished.length;
    long.push(`${tag(unfinished.state)} ${plural(n, 'probe')} not finished before the time limit: ${input.run.unfinished.join(', ')}`);
  }
  if (input.kind === 'domain') {
    const d = input.result;
    for (const diag of d.diagnostics) {
      const s = stateOfSeverity(effectiveSeverity(diag, policy));
      if (ctx.verbosity >= 2) long.push(diagnosticLine(diag, policy).trimStart());
      else if (s !== 'OK') long.push(`${tag(s)} ${ctx.verbosity >= 1 ? `${diag.code}: ` : ''}${diag.message}`);
    }
    if (d.diagnostics.length === 0 && d.dane_state !== 'verified' && d.hosts.length === 0) {
      const fallback = decision.findings.find((f) => f.source === 'dane-state');
      if (fallback) long.push(`${tag(fallback.state)} ${fallback.message}`);
    }
    if (ctx.verbosity >= 1) long.push(`MX RRset of ${d.domain}: DNSSEC ${d.mx_dnssec_status}${d.implicit_mx ? ', implicit MX' : ''}${d.null_mx ? ', Null MX' : ''}`);
  }
  // Worst hosts first, so a cut drops healthy ones; MX order otherwise.
  const rendered = hosts.map((h) => hostLines(h, ctx));
  const order = rendered.map((r, i) => ({ r, i })).sort((a, b) => compareStates(b.r.state, a.r.state) || a.i - b.i);
  for (const { r } of order) long.push(...r.lines);
  if (ctx.verbosity >= 1) long.push(...runLines(input, ctx, thresholds));

  const text = assemble(
    status,
    perf.main.map(formatPerfDatum),
    perf.hosts.map((values) => values.map(formatPerfDatum)),
    long.map(cleanText),
    options.maxBytes ?? MAX_OUTPUT_BYTES,
  );
  return { text, exitCode: decision.exitCode, state: decision.state };
}
