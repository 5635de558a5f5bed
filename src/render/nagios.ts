// Nagios / Icinga 2 plugin output (Monitoring Plugins guidelines, Icinga Plugin
// API): a short status line, long output (one line per MX host and per address,
// more with -v), performance data; at most 8 KB (Nagios' MAX_PLUGIN_OUTPUT_LENGTH,
// perfdata included), cut with a marker line rather than truncated mid-way.
// Pure: every state, and the days left, come from the verdict (verdict/exit-status.ts).
//
//   SMTP DANE CRITICAL - example.org: 1/2 MX hosts not verified (mx2... | perfdata
//   [CRITICAL] mx2.example.org (MX 20): failed: 0/1 addresses verified
//   [CRITICAL] mx2.example.org 192.0.2.2: certificate matches none of 2 ...
//   [OK] mx1.example.org (MX 10): verified: 1/1 addresses, 1 usable TLSA record
//   [OK] mx1.example.org 192.0.2.1: DANE-EE 3 1 1 matched at depth 0 (TLSv1.3)
import { diagnosticBrief, diagnosticMessage, locatedMessage, refsOf } from '../verdict/diagnostics.ts';
import { commonName, earliestDaysForHost, type ExpiryReport } from '../verdict/certificate-expiry.ts';
import {
  compareStates,
  isCausal,
  sortFindings,
  type AddressJudgement,
  type CheckJudgement,
  type ExitCode,
  type Finding,
  type HostJudgement,
  type ServiceState,
} from '../verdict/exit-status.ts';
import type { AddressResult, CheckOutcome, DomainResult, HostResult, TlsaRecord } from '../verdict/result.ts';
import { rolloverReasonText, type RolloverRecord } from '../verdict/rollover.ts';
import { tlsaUsageName, tlsaUsability } from '../verdict/tlsa-record.ts';
import { type AnswerSignatureExpiry, earliestSignatureForHost, type SignatureReport } from '../verdict/signature-expiry.ts';
import { KEY_ALGORITHM_NAMES, type KeyAlgorithmCertificate } from '../verdict/key-algorithm-certificates.ts';
import { formatNumber, formatPerfDatum, type PerfDatum } from './perfdata.ts';

export type NagiosInput = CheckOutcome;

/** 0: status line, host and address lines; 1: TLS and DNS details; 2: every diagnostic with code and RFC; 3: TLSA records and certificates. */
export type Verbosity = 0 | 1 | 2 | 3;

export interface NagiosOptions {
  verbosity?: Verbosity;
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

/** Text safe for plugin output: no `|` (it starts perfdata), no line breaks or control characters. */
export function cleanText(text: string): string {
  return text.replace(/\|/g, '/').replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
  expiry: ExpiryReport;
  signatures: SignatureReport;
  verbosity: Verbosity;
}

/** Days left of a presented certificate, from the verdict's expiry report. */
function daysLeftOf(ctx: Context, sha256: string): number | null {
  return ctx.expiry.certificates.find((c) => c.sha256 === sha256)?.daysLeft ?? null;
}

/** `-vv`: every diagnostic, with its decided state, code and RFC sections. */
function diagnosticLine(f: Finding): string {
  return `  ${tag(f.state)} ${f.diagnostic.code} (${refsOf(f.diagnostic.code).join(', ')}): ${locatedMessage(f.diagnostic)}`;
}

/** `-v`: a non-OK finding with its code, for --severity. */
function codeLine(f: Finding): string {
  return `${tag(f.state)} ${f.diagnostic.code}: ${locatedMessage(f.diagnostic)}`;
}

function addressDetail(host: HostResult, a: AddressResult, judged: AddressJudgement): string {
  const tls = a.tls ? ` (${a.tls.protocol})` : '';
  let text: string;
  if (a.dane_state === 'verified' && a.match?.record) {
    const r = a.match.record;
    const name = a.match.matchedName ? `, name ${a.match.matchedName}` : '';
    text = `${tlsaUsageName(r.usage)} ${recordSummary(r)} matched at depth ${a.match.depth ?? 0}${name}${tls}`;
  } else {
    // Its own finding first: causes before remarks, so a demoted cause still says what the verdict was.
    const own = sortFindings(judged.findings.filter((f) => f.diagnostic.address === a.address && f.source !== 'expiry'));
    const cause = own.find((f) => isCausal(f.diagnostic)) ?? own[0];
    const inherited = judged.findings.some((f) => f.diagnostic.address === undefined);
    if (cause) text = diagnosticMessage(cause.diagnostic);
    else if (inherited) text = `${a.dane_state}, as its host${tls}`;
    else text = `${a.dane_state}${tls}`;
  }
  const expiring = judged.findings.filter((f) => f.source === 'expiry').map((f) => diagnosticMessage(f.diagnostic));
  return [text, ...expiring].join('; ');
}

/** "RSA certificate mx.example.org: covered by DANE-EE 3 1 1 at depth 0 (asked for alone)" */
function algorithmLine(e: KeyAlgorithmCertificate): string {
  const name = KEY_ALGORITHM_NAMES[e.key_algorithm];
  const session = e.session === 'default' ? 'default handshake' : 'asked for alone';
  if (e.status === 'not-held') return `  ${name}: not held (${e.reason ?? 'the server refused it'})`;
  if (e.status === 'unknown') return `  ${name}: unknown (${e.reason ?? 'no certificate'})`;
  const leaf = e.certificates[0];
  const which = `${name} certificate${leaf ? ` ${commonName(leaf.subject)}` : ''}`;
  const m = e.match;
  if (e.dane_state === 'verified' && m?.record) {
    return `  ${which}: covered by ${tlsaUsageName(m.record.usage)} ${recordSummary(m.record)} at depth ${m.depth ?? 0} (${session})`;
  }
  return `  ${which}: NOT covered: ${m?.detail ?? m?.outcome ?? 'no match'} (${session})`;
}

function addressLines(host: HostResult, a: AddressResult, judged: AddressJudgement, ctx: Context): string[] {
  const lines = [`${tag(judged.state)} ${host.hostname} ${a.address}: ${addressDetail(host, a, judged)}`];
  // One line per certificate the address holds, at every verbosity: the one a default sender does not get is the news.
  lines.push(...a.certificates_by_algorithm.map(algorithmLine));
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
      const days = daysLeftOf(ctx, leaf.sha256);
      lines.push(`  certificate ${commonName(leaf.subject)} valid until ${leaf.notAfter}${days === null ? '' : ` (${plural(days, 'day')} left)`}`);
    }
  }
  if (ctx.verbosity >= 3) {
    for (const c of a.certificates) {
      const days = daysLeftOf(ctx, c.sha256);
      lines.push(
        `  cert depth ${c.depth}: subject ${c.subject}; issuer ${c.issuer}; names ${c.dnsNames.join(', ') || '-'}; ` +
          `${c.notBefore} to ${c.notAfter}${days === null ? '' : ` (${plural(days, 'day')} left)`}; ${c.keyAlgorithm}; ` +
          `sha256 ${c.sha256}; spki-sha256 ${c.spkiSha256}`,
      );
    }
  }
  return lines;
}

/** "3 1 1 b1487608…": enough of the data to tell records apart. */
function recordShort(text: string): string {
  const [u, sel, mt, data = ''] = text.split(' ');
  return `${u} ${sel} ${mt} ${data.length > 8 ? `${data.slice(0, 8)}…` : data}`;
}

function rolloverRecordText(r: RolloverRecord): string {
  const where = r.matches.map((m) => `${m.address} depth ${m.depth}`);
  return `${recordShort(r.record)} (${[r.role, ...where].join(', ')})`;
}

/** "TLSA rollover: ready, …; TTL 3600 s; matching …; not matching …": shown when not ready, and from -v on. */
function rolloverLine(host: HostResult, ctx: Context): string | null {
  const r = host.rollover;
  if (r.state === 'n/a' && r.reason === 'dane-not-applicable') return null;
  if (r.state !== 'not-ready' && ctx.verbosity < 1) return null;
  const parts = [`TLSA rollover: ${r.state}, ${rolloverReasonText(r.reason)}`];
  if (r.tlsa_ttl !== null) parts.push(`TTL ${r.tlsa_ttl} s`);
  if (r.matching.length > 0) parts.push(`matching: ${r.matching.map(rolloverRecordText).join(', ')}`);
  if (r.not_matching.length > 0) parts.push(`not matching (stale or pre-published): ${r.not_matching.map(rolloverRecordText).join(', ')}`);
  return `  ${parts.join('; ')}`;
}

function hostHeadline(host: HostResult, judged: HostJudgement): string {
  const verified = host.addresses.filter((a) => a.dane_state === 'verified').length;
  const counts = `${verified}/${host.addresses.length} addresses`;
  if (host.dane_state === 'verified') return `verified: ${counts}, ${plural(host.usable_tlsa.length, 'usable TLSA record')}`;
  const hostLevel = sortFindings(
    judged.findings.filter((f) => f.diagnostic.address === undefined && f.state !== 'OK' && f.source !== 'partial'),
  )[0];
  if (hostLevel) return `${host.dane_state}: ${diagnosticMessage(hostLevel.diagnostic)}`;
  return `${host.dane_state}: ${counts} verified`;
}

function hostLines(host: HostResult, judged: HostJudgement, ctx: Context): string[] {
  const pref = host.preference === null ? '' : ` (MX ${host.preference})`;
  const lines = [`${tag(judged.state)} ${host.hostname}${pref}: ${hostHeadline(host, judged)}`];
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
  const rollover = rolloverLine(host, ctx);
  if (rollover) lines.push(rollover);
  const rollups = judged.findings.filter((f) => f.source === 'partial');
  if (ctx.verbosity >= 2) lines.push(...[...judged.diagnostics, ...rollups].map(diagnosticLine));
  else if (ctx.verbosity === 1) {
    // Every non-OK finding with its code, for --severity.
    const shown = new Set<string>();
    for (const f of [...judged.diagnostics, ...rollups]) {
      const line = `  ${codeLine(f)}`;
      if (f.state !== 'OK' && !shown.has(line)) {
        shown.add(line);
        lines.push(line);
      }
    }
  }
  host.addresses.forEach((a, i) => lines.push(...addressLines(host, a, judged.addresses[i]!, ctx)));
  return lines;
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


/** The first finding as the status line says it: whole, with the host it is about. */
function findingText(top: Finding, withSummary: boolean): string {
  const d = top.diagnostic;
  const text = diagnosticBrief(d);
  // Expiry texts name their host; an address's finding is placed by its host (and address when nothing else names it).
  if (top.source === 'expiry' || d.address === undefined || d.host === undefined) return text;
  return withSummary ? `${d.host}: ${text}` : `${d.host} ${d.address}: ${text}`;
}

function headline(input: NagiosInput, c: Counts): { summary: string; finding: string | null } {
  const { state, findings } = input.judgement;
  const top = findings[0];
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
  const notVerified = isDomain ? c.hosts - c.hostsVerified : c.addresses - c.addressesVerified;
  const d = top.diagnostic;
  const topLevel = top.source === 'diagnostic' && (isDomain ? d.host === undefined : d.address === undefined);
  if (notVerified > 0 && !topLevel) {
    const what = isDomain ? `${notVerified}/${c.hosts} MX hosts` : `${notVerified}/${c.addresses} addresses`;
    return { summary: `${what} not verified`, finding: findingText(top, true) };
  }
  return { summary: '', finding: findingText(top, false) };
}

/**
 * `SMTP DANE <STATE> - <name>: <summary> (<finding>)`, or `...: <finding>` without a summary.
 * Icinga lists show only this line, so it carries the state, what is affected and
 * the first finding whole (never cut: the cause, e.g. "failed DNSSEC validation",
 * is what the operator acts on). Everything else goes to the long output, one
 * finding per line.
 */
function statusLine(state: ServiceState, name: string, summary: string, finding: string | null): string {
  const head = cleanText(`${SERVICE_NAME} ${state} - ${name}: ${summary}`).trimEnd();
  if (finding === null) return head;
  const text = cleanText(finding).trim();
  return summary === '' ? `${head} ${text}` : `${head} (${text})`;
}

/**
 * Days left of an answer's earliest RRSIG, with the limits that apply to that signature:
 * WARNING below its -w, CRITICAL below its -c (a tenth of its validity or --sig-crit, or its TTL if longer).
 */
function signatureDatum(label: string, a: AnswerSignatureExpiry | null): PerfDatum[] {
  // Absent, not U, when no answer carried signatures (unsigned zones, a resolver that sent none): no series to keep.
  if (!a) return [];
  const s = a.earliest;
  const crit = Math.max(s.criticalDays, Math.ceil((s.signature.originalTtl / 86_400) * 100) / 100);
  return [{ label, value: s.daysLeft, warn: `${formatNumber(s.warningDays)}:`, crit: `${formatNumber(crit)}:` }];
}

function perfdataOf(input: NagiosInput, c: Counts, ctx: Context): { main: PerfDatum[]; hosts: PerfDatum[][] } {
  const thresholds = ctx.expiry.thresholds;
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
    ...signatureDatum('rrsig_days_left', ctx.signatures.earliest),
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
        ...signatureDatum(`${h.hostname}_rrsig_days_left`, earliestSignatureForHost(ctx.signatures, h.hostname)),
      ]);
    }
  }
  return { main, hosts };
}

function runLines(input: NagiosInput, ctx: Context): string[] {
  const lines: string[] = [];
  const { earliest: e, thresholds } = ctx.expiry;
  const limits = `-w ${thresholds.warning?.text ?? 'none'} -c ${thresholds.critical?.text ?? 'none'}`;
  lines.push(
    e ? `certificate expiry: earliest ${e.notAfter} (${plural(e.daysLeft ?? 0, 'day')}, ${commonName(e.subject)}), ${limits}` : `certificate expiry: no certificate seen, ${limits}`,
  );
  const s = ctx.signatures.earliest;
  const t = ctx.signatures.thresholds;
  const sigLimits = `WARNING below ${t.warningDays === null ? 'a fifth' : plural(t.warningDays, 'day')}, CRITICAL below ${t.criticalDays === null ? 'a tenth' : plural(t.criticalDays, 'day')} of validity left or within the TTL`;
  if (s) {
    const e = s.earliest;
    // --dnssec resolver: only the answers' own RRSIGs are seen, never the DNSKEY and DS ones above them.
    const scope = s.scope === 'answers' ? ' (answer signatures only; the resolver validated the chain)' : '';
    lines.push(`DNSSEC signatures${scope}: earliest ${e.signature.expiration} (${plural(e.daysLeft, 'day')}, RRSIG over ${e.signature.rrset} by ${e.signature.signer}, for ${s.answer}), ${sigLimits}`);
  }
  if (ctx.signatures.horizonDays > 0) lines.push(`dates judged as of ${plural(ctx.signatures.horizonDays, 'day')} from now (--days)`);
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
  // No space before the `|`: Icinga 2 keeps everything before it, a trailing space included, as the output.
  const first = (perf: string[]) => `${status}|${perf.join(' ')}`;
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


/** Formats a judged check; every state it prints was decided in the verdict (exit-status.ts). */
export function renderNagios(input: NagiosInput, options: NagiosOptions = {}): NagiosOutput {
  const judgement: CheckJudgement = input.judgement;
  const ctx: Context = { expiry: judgement.expiry, signatures: judgement.signatures, verbosity: options.verbosity ?? 0 };
  const hosts = input.kind === 'domain' ? input.result.hosts : [input.result];
  const counts = countsOf(hosts);
  const name = input.kind === 'domain' ? input.result.domain : input.result.hostname;

  const { summary, finding } = headline(input, counts);
  const perf = perfdataOf(input, counts, ctx);
  const status = statusLine(judgement.state, name, summary, finding);

  const long: string[] = [];
  const unfinished = judgement.findings.find((f) => f.source === 'unfinished');
  if (unfinished) long.push(`${tag(unfinished.state)} ${diagnosticMessage(unfinished.diagnostic)}`);
  if (input.kind === 'domain') {
    const d: DomainResult = input.result;
    const rollups = judgement.findings.filter((f) => f.source === 'partial' && f.diagnostic.host === undefined);
    for (const f of [...judgement.diagnostics, ...rollups]) {
      if (ctx.verbosity >= 2) long.push(diagnosticLine(f).trimStart());
      else if (ctx.verbosity === 1 && f.state !== 'OK') long.push(codeLine(f));
      else if (f.state !== 'OK' && f.source !== 'partial') long.push(`${tag(f.state)} ${locatedMessage(f.diagnostic)}`);
    }
    if (d.diagnostics.length === 0 && d.dane_state !== 'verified' && d.hosts.length === 0) {
      const fallback = judgement.findings.find((f) => f.source === 'dane-state' && f.diagnostic.host === undefined);
      if (fallback) long.push(`${tag(fallback.state)} ${d.domain}: ${diagnosticMessage(fallback.diagnostic)}`);
    }
    if (ctx.verbosity >= 1) long.push(`MX RRset of ${d.domain}: DNSSEC ${d.mx_dnssec_status}${d.implicit_mx ? ', implicit MX' : ''}${d.null_mx ? ', Null MX' : ''}`);
  }
  // Each signature beyond a limit once, naming the record it covers and the answers that rest on it.
  for (const f of judgement.findings.filter((x) => x.source === 'signature')) {
    long.push(ctx.verbosity >= 1 ? codeLine(f) : `${tag(f.state)} ${diagnosticMessage(f.diagnostic)}`);
  }
  // Worst hosts first, so a cut drops healthy ones; MX order otherwise.
  const order = hosts
    .map((h, i) => ({ h, judged: judgement.hosts[i]!, i }))
    .sort((a, b) => compareStates(b.judged.state, a.judged.state) || a.i - b.i);
  for (const { h, judged } of order) long.push(...hostLines(h, judged, ctx));
  if (ctx.verbosity >= 1) long.push(...runLines(input, ctx));

  const text = assemble(
    status,
    perf.main.map(formatPerfDatum),
    perf.hosts.map((values) => values.map(formatPerfDatum)),
    long.map(cleanText),
    options.maxBytes ?? MAX_OUTPUT_BYTES,
  );
  return { text, exitCode: judgement.exitCode, state: judgement.state };
}
