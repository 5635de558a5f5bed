import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  commonName,
  daysLeft,
  defaultExpiryThresholds,
  earliestDaysForHost,
  evaluateExpiry,
  expiryBrief,
  expiryMessage
} from "./chunk-EUHWZ5ZT.mjs";
import {
  chooseResolver,
  domainJson,
  hostCheckJson,
  readTrustAnchors,
  renderJson,
  runCheck,
  tlsaUsability,
  tlsaUsageName,
  trustAnchorSource
} from "./chunk-DHJAN6R5.mjs";
import {
  DEFAULT_DNSSEC_MODE,
  DIAGNOSTICS,
  defaultHelo,
  formatResolverAddress,
  realDepsFactory
} from "./chunk-O6VRYN6H.mjs";

// src/verdict/exit-status.ts
var EXIT_CODES = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };
var RANK = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
function worstState(states) {
  let worst = "OK";
  for (const s of states) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}
function compareStates(a, b) {
  return RANK[a] - RANK[b];
}
var SEVERITY_STATE = {
  info: "OK",
  warning: "WARNING",
  critical: "CRITICAL",
  unknown: "UNKNOWN"
};
function stateOfSeverity(severity) {
  return SEVERITY_STATE[severity];
}
var DANE_STATE_FALLBACK = {
  verified: "OK",
  partial: "CRITICAL",
  failed: "CRITICAL",
  unreachable: "CRITICAL",
  insecure: "CRITICAL",
  "no-tlsa": "CRITICAL",
  "unusable-tlsa": "CRITICAL",
  bogus: "CRITICAL",
  "null-mx": "WARNING",
  indeterminate: "UNKNOWN"
};
var EXPIRY_STATE = { ok: "OK", warning: "WARNING", critical: "CRITICAL" };
function effectiveSeverity(d, policy) {
  return policy[d.code] ?? d.severity;
}
function isCausal(d) {
  return DIAGNOSTICS[d.code].severity !== "info";
}
function fromDiagnostic(d, policy) {
  return {
    state: stateOfSeverity(effectiveSeverity(d, policy)),
    source: "diagnostic",
    code: d.code,
    rfc: d.rfc,
    message: d.message,
    host: d.host ?? null,
    address: d.address ?? null
  };
}
function fallback(state, message, host, address) {
  return { state: DANE_STATE_FALLBACK[state], source: "dane-state", code: "DANE_STATE", rfc: null, message, host, address };
}
function expiryFinding(c, host, address) {
  return {
    state: EXPIRY_STATE[c.state],
    source: "expiry",
    code: "CERT_EXPIRY",
    rfc: null,
    message: expiryMessage(c),
    brief: expiryBrief(c),
    host,
    address
  };
}
function expiryFindings(expiry) {
  return (expiry?.certificates ?? []).filter((c) => c.state !== "ok").map((c) => expiryFinding(c, c.seenAt[0]?.host ?? null, c.seenAt[0]?.address ?? null));
}
function hostFindings(host, policy, expiry) {
  const findings = host.diagnostics.map((d) => fromDiagnostic(d, policy));
  if (host.dane_state !== "verified" && !host.diagnostics.some(isCausal)) {
    findings.push(fallback(host.dane_state, `${host.hostname}: DANE state is ${host.dane_state}`, host.hostname, null));
  }
  for (const c of expiry?.certificates ?? []) {
    if (c.state === "ok") continue;
    const at = c.seenAt.find((s) => s.host === host.hostname);
    if (at) findings.push(expiryFinding(c, at.host, at.address));
  }
  return findings;
}
function addressFindings(host, address, policy, expiry) {
  const own = host.diagnostics.filter((d) => d.address === address.address);
  const findings = own.map((d) => fromDiagnostic(d, policy));
  if (address.dane_state !== "verified" && !own.some(isCausal)) {
    const hostLevel = host.diagnostics.filter((d) => d.address === void 0);
    if (hostLevel.some(isCausal)) findings.push(...hostLevel.map((d) => fromDiagnostic(d, policy)));
    else {
      findings.push(
        fallback(address.dane_state, `${host.hostname} ${address.address}: DANE state is ${address.dane_state}`, host.hostname, address.address)
      );
    }
  }
  for (const c of expiry?.certificates ?? []) {
    if (c.state === "ok") continue;
    if (c.seenAt.some((s) => s.host === host.hostname && s.address === address.address)) {
      findings.push(expiryFinding(c, host.hostname, address.address));
    }
  }
  return findings;
}
var SOURCE_ORDER = { unfinished: 0, diagnostic: 1, expiry: 2, "dane-state": 3 };
function sortFindings(findings) {
  return [...findings].sort((a, b) => RANK[b.state] - RANK[a.state] || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
}
function unfinishedMessage(unfinished) {
  const n = unfinished.length;
  const shown = unfinished.slice(0, 3).join(", ");
  const more = n > 3 ? ` and ${n - 3} more` : "";
  return `${n} probe${n === 1 ? "" : "s"} not finished before the time limit: ${shown}${more}`;
}
function unfinishedBrief(unfinished) {
  const n = unfinished.length;
  return n === 1 ? `1 probe not finished before the time limit: ${unfinished[0]}` : `${n} probes not finished before the time limit`;
}
function decideExit(input) {
  const { result, policy } = input;
  const isDomain = "hosts" in result;
  const all = isDomain ? [...result.diagnostics, ...result.hosts.flatMap((h) => h.diagnostics)] : result.diagnostics;
  const findings = all.map((d) => fromDiagnostic(d, policy));
  findings.push(...expiryFindings(input.expiry));
  if (input.unfinished.length > 0) {
    const severity = policy.PROBE_UNFINISHED ?? DIAGNOSTICS.PROBE_UNFINISHED.severity;
    findings.push({
      state: stateOfSeverity(severity),
      source: "unfinished",
      code: "UNFINISHED",
      rfc: null,
      message: unfinishedMessage(input.unfinished),
      brief: unfinishedBrief(input.unfinished),
      host: null,
      address: null
    });
  }
  if (result.dane_state !== "verified" && !all.some(isCausal)) {
    const name = isDomain ? result.domain : result.hostname;
    findings.push(fallback(result.dane_state, `${name}: DANE state is ${result.dane_state}`, isDomain ? null : name, null));
  }
  const state = worstState(findings.map((f) => f.state));
  return { state, exitCode: EXIT_CODES[state], findings: sortFindings(findings.filter((f) => f.state !== "OK")) };
}
function exitStatusOf(outcome, settings, now) {
  const expiry = evaluateExpiry(outcome.result, now, settings.thresholds);
  return decideExit({ result: outcome.result, unfinished: outcome.run.unfinished, expiry, policy: settings.severityPolicy });
}

// src/render/perfdata.ts
var PLAIN_LABEL = /^[A-Za-z0-9_.:/-]+$/;
function quoteLabel(label) {
  const clean = label.replace(/[=|\u0000-\u001f\u007f]/g, "_");
  if (clean !== "" && PLAIN_LABEL.test(clean)) return clean;
  return `'${clean.replace(/'/g, "''")}'`;
}
function formatNumber(n) {
  if (!Number.isFinite(n)) return "U";
  const fixed = n.toFixed(3).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}
function rangeText(r) {
  if (r === null || r === void 0) return "";
  return typeof r === "string" ? r : r.text;
}
function optionalNumber(n) {
  return n === null || n === void 0 ? "" : formatNumber(n);
}
function formatPerfDatum(d) {
  const value = d.value === null || !Number.isFinite(d.value) ? "U" : `${formatNumber(d.value)}${d.uom ?? ""}`;
  const fields = [rangeText(d.warn), rangeText(d.crit), optionalNumber(d.min), optionalNumber(d.max)];
  while (fields.length > 0 && fields.at(-1) === "") fields.pop();
  return [`${quoteLabel(d.label)}=${value}`, ...fields].join(";");
}

// src/render/nagios.ts
var SERVICE_NAME = "SMTP DANE";
var MAX_OUTPUT_BYTES = 8192;
var MAX_FINDING_CHARS = 80;
function cleanText(text) {
  return text.replace(/\|/g, "/").replace(/[\u0000-\u001f\u007f]+/g, " ");
}
var bytes = (s) => Buffer.byteLength(s, "utf8");
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function shorten(text, max) {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 3));
  const space = room.lastIndexOf(" ");
  let kept = space > max / 2 ? room.slice(0, space) : room;
  const open = kept.lastIndexOf("(");
  if (open > kept.lastIndexOf(")") && open > max / 2) kept = kept.slice(0, open);
  return `${kept.replace(/[\s,;:(]+$/, "")}...`;
}
function withoutPrefix(message, ...names) {
  const prefix = `${names.join(" ")}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
function tag(state) {
  return `[${state}]`;
}
function recordSummary(r) {
  return `${r.usage} ${r.selector} ${r.matchingType}`;
}
function shortHex(hex) {
  return hex.length <= 64 ? hex.toLowerCase() : `${hex.slice(0, 64).toLowerCase()}... (${hex.length / 2} bytes)`;
}
function diagnosticLine(d, policy) {
  const state = stateOfSeverity(effectiveSeverity(d, policy));
  return `  ${tag(state)} ${d.code} (${d.rfc}): ${d.message}`;
}
function addressDetail(host, a, findings) {
  const tls = a.tls ? ` (${a.tls.protocol})` : "";
  let text;
  if (a.dane_state === "verified" && a.match?.record) {
    const r = a.match.record;
    const name = a.match.matchedName ? `, name ${a.match.matchedName}` : "";
    text = `${tlsaUsageName(r.usage)} ${recordSummary(r)} matched at depth ${a.match.depth ?? 0}${name}${tls}`;
  } else {
    const own = sortFindings(findings.filter((f) => f.address === a.address && f.source !== "expiry"));
    const inherited = findings.some((f) => f.address === null);
    if (own[0]) text = withoutPrefix(own[0].message, host.hostname, a.address);
    else if (inherited) text = `${a.dane_state}, as its host${tls}`;
    else {
      const causes = host.diagnostics.filter((d) => d.address === a.address && d.code !== "TLSA_MATCHED");
      text = causes[0] ? withoutPrefix(causes[0].message, host.hostname, a.address) : `${a.dane_state}${tls}`;
    }
  }
  const expiring = findings.filter((f) => f.source === "expiry").map((f) => f.message);
  return [text, ...expiring].join("; ");
}
function addressLines(host, a, ctx) {
  const findings = addressFindings(host, a, ctx.policy, ctx.expiry);
  const state = worstState(findings.map((f) => f.state));
  const lines = [`${tag(state)} ${host.hostname} ${a.address}: ${addressDetail(host, a, findings)}`];
  if (ctx.verbosity >= 1) {
    const facts = [];
    if (a.tls) {
      facts.push([a.tls.protocol, a.tls.cipher, a.tls.group].filter(Boolean).join(" "));
      if (a.tls.signatureType) facts.push(`signed ${a.tls.signatureType}${a.tls.hashUsed ? `+${a.tls.hashUsed}` : ""}`);
    }
    if (a.stage) facts.push(`stopped at ${a.stage}${a.reason ? `: ${a.reason}` : ""}`);
    if (a.starttls_offered === false) facts.push("no STARTTLS");
    if (a.last_ehlo_line) facts.push(`last EHLO line "${a.last_ehlo_line}"`);
    facts.push(`${formatNumber(a.elapsed_ms / 1e3)} s`);
    lines.push(`  ${facts.join(", ")}`);
    const leaf = a.certificates[0];
    if (leaf) {
      const days = daysLeft(leaf.notAfter, ctx.now);
      lines.push(`  certificate ${commonName(leaf.subject)} valid until ${leaf.notAfter}${days === null ? "" : ` (${plural(days, "day")} left)`}`);
    }
  }
  if (ctx.verbosity >= 3) {
    for (const c of a.certificates) {
      const days = daysLeft(c.notAfter, ctx.now);
      lines.push(
        `  cert depth ${c.depth}: subject ${c.subject}; issuer ${c.issuer}; names ${c.dnsNames.join(", ") || "-"}; ${c.notBefore} to ${c.notAfter}${days === null ? "" : ` (${plural(days, "day")} left)`}; ${c.keyAlgorithm}; sha256 ${c.sha256}; spki-sha256 ${c.spkiSha256}`
      );
    }
  }
  return lines;
}
function hostHeadline(host, findings) {
  const verified = host.addresses.filter((a) => a.dane_state === "verified").length;
  const counts = `${verified}/${host.addresses.length} addresses`;
  if (host.dane_state === "verified") return `verified: ${counts}, ${plural(host.usable_tlsa.length, "usable TLSA record")}`;
  const hostLevel = sortFindings(findings.filter((f) => f.address === null && f.state !== "OK"))[0];
  if (hostLevel) return `${host.dane_state}: ${hostLevel.message}`;
  return `${host.dane_state}: ${counts} verified`;
}
function hostLines(host, ctx) {
  const findings = hostFindings(host, ctx.policy, ctx.expiry);
  const state = worstState(findings.map((f) => f.state));
  const pref = host.preference === null ? "" : ` (MX ${host.preference})`;
  const lines = [`${tag(state)} ${host.hostname}${pref}: ${hostHeadline(host, findings)}`];
  if (ctx.verbosity >= 1) {
    lines.push(
      `  DNSSEC ${host.dnssec_status}; TLSA at ${host.tlsa_name}: ${plural(host.tlsa.length, "record")}, ${host.usable_tlsa.length} usable`
    );
  }
  if (ctx.verbosity >= 3) {
    for (const r of host.tlsa) {
      const u = tlsaUsability(r);
      const how = u.status === "usable" ? "usable" : `not usable: ${u.detail ?? u.status}`;
      lines.push(`  TLSA ${recordSummary(r)} ${shortHex(r.data)} (${tlsaUsageName(r.usage)}, ${how})`);
    }
  }
  if (ctx.verbosity >= 2) lines.push(...host.diagnostics.map((d) => diagnosticLine(d, ctx.policy)));
  else if (ctx.verbosity === 1) {
    const shown = /* @__PURE__ */ new Set();
    for (const d of host.diagnostics) {
      const s = stateOfSeverity(effectiveSeverity(d, ctx.policy));
      if (s !== "OK" && !shown.has(d.message)) {
        shown.add(d.message);
        lines.push(`  ${tag(s)} ${d.code}: ${d.message}`);
      }
    }
  }
  for (const a of host.addresses) lines.push(...addressLines(host, a, ctx));
  return { state, lines };
}
function countsOf(hosts) {
  const addresses = hosts.flatMap((h) => h.addresses);
  return {
    hosts: hosts.length,
    hostsVerified: hosts.filter((h) => h.dane_state === "verified").length,
    addresses: addresses.length,
    addressesVerified: addresses.filter((a) => a.dane_state === "verified").length,
    usableTlsa: hosts.reduce((n, h) => n + h.usable_tlsa.length, 0)
  };
}
function headline(input, state, top, c) {
  const isDomain = input.kind === "domain";
  if (state === "OK") {
    if (input.result.dane_state === "verified") {
      return isDomain ? { summary: `${c.hostsVerified}/${c.hosts} MX hosts and ${c.addressesVerified}/${c.addresses} addresses DANE-verified`, finding: null } : { summary: `${c.addressesVerified}/${c.addresses} addresses DANE-verified`, finding: null };
    }
    return { summary: `DANE state ${input.result.dane_state}, every finding accepted by --severity`, finding: null };
  }
  if (!top) return { summary: `DANE state ${input.result.dane_state}`, finding: null };
  const message = top.brief ?? top.message;
  const notVerified = isDomain ? c.hosts - c.hostsVerified : c.addresses - c.addressesVerified;
  const topLevel = top.source === "diagnostic" && (isDomain ? top.host === null : top.address === null);
  if (notVerified > 0 && !topLevel) {
    const what = isDomain ? `${notVerified}/${c.hosts} MX hosts` : `${notVerified}/${c.addresses} addresses`;
    const finding = top.host && top.address ? message.replace(`${top.host} ${top.address}: `, `${top.host}: `) : message;
    return { summary: `${what} not verified`, finding };
  }
  return { summary: "", finding: message };
}
function statusLine(state, name, summary, finding) {
  const head = cleanText(`${SERVICE_NAME} ${state} - ${name}: ${summary}`);
  if (finding === null) return head;
  const short = shorten(cleanText(finding), MAX_FINDING_CHARS);
  return summary === "" ? `${head}${short}` : `${head} (${short})`;
}
function perfdataOf(input, c, ctx, thresholds) {
  const days = ctx.expiry.earliest?.daysLeft ?? null;
  const expiry = (value, label) => ({
    label,
    value,
    warn: thresholds.warning,
    crit: thresholds.critical
  });
  const main = [];
  if (input.kind === "domain") {
    main.push({ label: "mx_hosts", value: c.hosts, min: 0 });
    main.push({ label: "mx_verified", value: c.hostsVerified, min: 0, max: c.hosts });
  }
  main.push(
    { label: "addresses", value: c.addresses, min: 0 },
    { label: "addresses_verified", value: c.addressesVerified, min: 0, max: c.addresses },
    { label: "tlsa_usable", value: c.usableTlsa, min: 0 },
    expiry(days, "cert_days_left"),
    { label: "duration", value: input.run.duration_ms / 1e3, uom: "s", min: 0 }
  );
  const hosts = [];
  if (input.kind === "domain") {
    for (const h of input.result.hosts) {
      const v = h.addresses.filter((a) => a.dane_state === "verified").length;
      hosts.push([
        { label: `${h.hostname}_addresses`, value: h.addresses.length, min: 0 },
        { label: `${h.hostname}_addresses_verified`, value: v, min: 0, max: h.addresses.length },
        { label: `${h.hostname}_tlsa_usable`, value: h.usable_tlsa.length, min: 0 },
        expiry(earliestDaysForHost(ctx.expiry, h.hostname), `${h.hostname}_cert_days_left`)
      ]);
    }
  }
  return { main, hosts };
}
function runLines(input, ctx, thresholds) {
  const lines = [];
  const e = ctx.expiry.earliest;
  const limits = `-w ${thresholds.warning?.text ?? "none"} -c ${thresholds.critical?.text ?? "none"}`;
  lines.push(
    e ? `certificate expiry: earliest ${e.notAfter} (${plural(e.daysLeft ?? 0, "day")}, ${commonName(e.subject)}), ${limits}` : `certificate expiry: no certificate seen, ${limits}`
  );
  if (ctx.verbosity >= 2) {
    const r = input.run;
    lines.push(`run: smtp-dane-verify ${r.version}, resolver ${r.resolver}, port ${r.port}, started ${r.started_at}, took ${formatNumber(r.duration_ms / 1e3)} s`);
  }
  return lines;
}
function assemble(status, mainPerf, hostPerf, long, maxBytes) {
  const first = (perf) => `${status} | ${perf.join(" ")}`;
  const join = (lines) => `${lines.join("\n")}
`;
  const full = join([first([...mainPerf, ...hostPerf.flat()]), ...long]);
  if (bytes(full) <= maxBytes) return full;
  const marker = (lines, hosts) => `[cut] output limited to ${maxBytes} bytes: ${lines} of ${long.length} detail lines${hostPerf.length > 0 ? ` and the perfdata of ${hosts} of ${hostPerf.length} hosts` : ""} not shown; --format json has everything`;
  let budget = maxBytes - bytes(first(mainPerf)) - 1 - (bytes(marker(long.length, hostPerf.length)) + 1);
  const perfKept = [];
  let hostsKept = 0;
  let perfBytes = 0;
  for (const values of hostPerf) {
    const size = bytes(values.join(" ")) + 1;
    if (perfBytes + size > budget / 3) break;
    perfKept.push(...values);
    perfBytes += size;
    hostsKept++;
  }
  budget -= perfBytes;
  const kept = [];
  for (const line of long) {
    if (bytes(line) + 1 > budget) break;
    kept.push(line);
    budget -= bytes(line) + 1;
  }
  return join([first([...mainPerf, ...perfKept]), ...kept, marker(long.length - kept.length, hostPerf.length - hostsKept)]);
}
function renderNagios(input, options = {}) {
  const policy = options.severityPolicy ?? {};
  const thresholds = options.thresholds ?? defaultExpiryThresholds();
  const now = options.now ?? new Date(input.run.started_at);
  const expiry = evaluateExpiry(input.result, now, thresholds);
  const ctx = { policy, expiry, verbosity: options.verbosity ?? 0, now };
  const decision = decideExit({ result: input.result, unfinished: input.run.unfinished, expiry, policy });
  const hosts = input.kind === "domain" ? input.result.hosts : [input.result];
  const counts = countsOf(hosts);
  const name = input.kind === "domain" ? input.result.domain : input.result.hostname;
  const { summary, finding } = headline(input, decision.state, decision.findings[0], counts);
  const perf = perfdataOf(input, counts, ctx, thresholds);
  const status = statusLine(decision.state, name, summary, finding);
  const long = [];
  const unfinished = decision.findings.find((f) => f.source === "unfinished");
  if (unfinished) {
    const n = input.run.unfinished.length;
    long.push(`${tag(unfinished.state)} ${plural(n, "probe")} not finished before the time limit: ${input.run.unfinished.join(", ")}`);
  }
  if (input.kind === "domain") {
    const d = input.result;
    for (const diag of d.diagnostics) {
      const s = stateOfSeverity(effectiveSeverity(diag, policy));
      if (ctx.verbosity >= 2) long.push(diagnosticLine(diag, policy).trimStart());
      else if (s !== "OK") long.push(`${tag(s)} ${ctx.verbosity >= 1 ? `${diag.code}: ` : ""}${diag.message}`);
    }
    if (d.diagnostics.length === 0 && d.dane_state !== "verified" && d.hosts.length === 0) {
      const fallback2 = decision.findings.find((f) => f.source === "dane-state");
      if (fallback2) long.push(`${tag(fallback2.state)} ${fallback2.message}`);
    }
    if (ctx.verbosity >= 1) long.push(`MX RRset of ${d.domain}: DNSSEC ${d.mx_dnssec_status}${d.implicit_mx ? ", implicit MX" : ""}${d.null_mx ? ", Null MX" : ""}`);
  }
  const rendered = hosts.map((h) => hostLines(h, ctx));
  const order = rendered.map((r, i) => ({ r, i })).sort((a, b) => compareStates(b.r.state, a.r.state) || a.i - b.i);
  for (const { r } of order) long.push(...r.lines);
  if (ctx.verbosity >= 1) long.push(...runLines(input, ctx, thresholds));
  const text = assemble(
    status,
    perf.main.map(formatPerfDatum),
    perf.hosts.map((values) => values.map(formatPerfDatum)),
    long.map(cleanText),
    options.maxBytes ?? MAX_OUTPUT_BYTES
  );
  return { text, exitCode: decision.exitCode, state: decision.state };
}

// src/cli/execute-check.ts
var VERSION = true ? "0.1.0" : "0.0.0-dev";
function deadlineMs(timeoutSeconds) {
  const total = timeoutSeconds * 1e3;
  return total - Math.min(1e3, total / 10) - performance.now();
}
async function executeCheck(kind, settings, plugin, env) {
  const server = await chooseResolver(settings.resolver, env);
  const deadline = deadlineMs(settings.timeoutSeconds);
  const dnssec = settings.dnssec ?? DEFAULT_DNSSEC_MODE;
  const source = dnssec === "validate" ? trustAnchorSource(settings.trustAnchorFile, env) : null;
  const anchors = dnssec === "validate" ? await readTrustAnchors(source?.file ?? null, source?.label) : [];
  const deps = realDepsFactory({ server, dnssec, anchors, checkTimeoutMs: deadline })();
  const outcome = await runCheck(deps, {
    kind,
    name: settings.name,
    walk: {
      port: settings.port,
      helo: settings.helo ?? defaultHelo(),
      ipv4: settings.ipv4,
      ipv6: settings.ipv6,
      // A stuck stage reports itself (as a timeout at that stage) before the run's deadline cancels it.
      stageTimeoutMs: Math.max(1e3, deadline * 0.7),
      maxMxHosts: settings.maxMx,
      smtpConcurrency: 16
    },
    deadlineMs: deadline,
    policy: plugin.severityPolicy,
    resolverLabel: formatResolverAddress(server),
    version: VERSION
  });
  const now = deps.clock.now();
  if (settings.format === "json") {
    const body = outcome.kind === "domain" ? domainJson(outcome.result, outcome.run) : hostCheckJson(outcome.result, outcome.run);
    return { text: renderJson(body), exitCode: exitStatusOf(outcome, plugin, now).exitCode };
  }
  return renderNagios(outcome, { ...plugin, now });
}
export {
  VERSION,
  executeCheck
};
