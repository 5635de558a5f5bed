import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// src/verdict/threshold-range.ts
var ThresholdRangeError = class extends Error {
  input;
  constructor(input, reason) {
    super(`invalid threshold range '${input}': ${reason} (expected [@]start:end, e.g. 20: or @0:7)`);
    this.name = "ThresholdRangeError";
    this.input = input;
  }
};
var NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;
function parseNumber(input, part, which) {
  if (!NUMBER.test(part)) throw new ThresholdRangeError(input, `${which} '${part}' is not a decimal number`);
  return Number(part);
}
function parseRange(input) {
  const text = input.trim();
  if (text === "") throw new ThresholdRangeError(input, "it is empty");
  let body = text;
  const inside = body.startsWith("@");
  if (inside) body = body.slice(1);
  if (body === "") throw new ThresholdRangeError(input, "'@' needs a range after it");
  const colon = body.indexOf(":");
  let start = 0;
  let end = Infinity;
  if (colon === -1) {
    if (body === "~") throw new ThresholdRangeError(input, "'~' (minus infinity) is only allowed before ':'");
    end = parseNumber(input, body, "end");
  } else {
    const startPart = body.slice(0, colon);
    const endPart = body.slice(colon + 1);
    if (endPart.includes(":")) throw new ThresholdRangeError(input, "it has more than one ':'");
    if (startPart === "~") start = -Infinity;
    else if (startPart !== "") start = parseNumber(input, startPart, "start");
    if (endPart !== "") end = parseNumber(input, endPart, "end");
  }
  if (start > end) throw new ThresholdRangeError(input, `start ${start} is greater than end ${end}`);
  return { start, end, inside, text };
}
function alerts(range, value) {
  if (Number.isNaN(value)) return false;
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

// src/verdict/certificate-expiry.ts
var DEFAULT_WARNING_DAYS = "20:";
var DEFAULT_CRITICAL_DAYS = "15:";
function defaultExpiryThresholds() {
  return { warning: parseRange(DEFAULT_WARNING_DAYS), critical: parseRange(DEFAULT_CRITICAL_DAYS) };
}
var DAY_MS = 864e5;
function daysLeft(notAfter, now) {
  const t = Date.parse(notAfter);
  if (Number.isNaN(t)) return null;
  return Math.floor((t - now.getTime()) / DAY_MS);
}
function judgeDays(days, thresholds) {
  if (days === null) return "ok";
  if (thresholds.critical && alerts(thresholds.critical, days)) return "critical";
  if (thresholds.warning && alerts(thresholds.warning, days)) return "warning";
  return "ok";
}
var RANK = { ok: 0, warning: 1, critical: 2 };
function worstExpiryState(states) {
  return states.reduce((w, s) => RANK[s] > RANK[w] ? s : w, "ok");
}
function daneEe(a) {
  return a.match?.outcome === "pass" && a.match.record?.usage === 3;
}
function hostsOf(result) {
  return "hosts" in result ? result.hosts : [result];
}
function evaluateExpiry(result, now, thresholds) {
  const byHash = /* @__PURE__ */ new Map();
  for (const host of hostsOf(result)) {
    for (const a of host.addresses) {
      for (const c of a.certificates) {
        let entry = byHash.get(c.sha256);
        if (!entry) {
          const days = daysLeft(c.notAfter, now);
          entry = {
            sha256: c.sha256,
            subject: c.subject,
            notAfter: c.notAfter,
            daysLeft: days,
            state: judgeDays(days, thresholds),
            seenAt: [],
            daneIgnoresDates: true
          };
          byHash.set(c.sha256, entry);
        }
        entry.seenAt.push({ host: host.hostname, address: a.address, depth: c.depth });
        if (!daneEe(a)) entry.daneIgnoresDates = false;
      }
    }
  }
  const certificates = [...byHash.values()].sort(
    (x, y) => (x.daysLeft ?? Infinity) - (y.daysLeft ?? Infinity) || x.sha256.localeCompare(y.sha256)
  );
  const earliest = certificates.find((c) => c.daysLeft !== null) ?? null;
  return { certificates, earliest, state: worstExpiryState(certificates.map((c) => c.state)), thresholds };
}
function earliestDaysForHost(report, hostname) {
  const c = report.certificates.find((c2) => c2.daysLeft !== null && c2.seenAt.some((s) => s.host === hostname));
  return c?.daysLeft ?? null;
}
function commonName(subject) {
  const m = /(?:^|,\s*)CN\s*=\s*([^,]+)/.exec(subject);
  return m ? m[1].trim() : subject;
}
function when(days) {
  if (days < 0) return `expired ${-days} day${days === -1 ? "" : "s"} ago`;
  if (days === 0) return "expires within a day";
  return `expires in ${days} day${days === 1 ? "" : "s"}`;
}
function expiryBrief(c) {
  const cn = commonName(c.subject);
  const host = c.seenAt[0]?.host;
  const which = host === void 0 ? cn : cn === host ? `of ${host}` : `${cn} at ${host}`;
  const days = c.daysLeft === null ? `has an unreadable expiry date` : when(c.daysLeft);
  return `certificate ${which} ${days}${c.daneIgnoresDates ? " (DANE-EE ignores dates)" : ""}`;
}
function expiryMessage(c) {
  const first = c.seenAt[0];
  const where = first ? ` (depth ${first.depth} at ${first.host} ${first.address}${c.seenAt.length > 1 ? ` and ${c.seenAt.length - 1} more` : ""})` : "";
  const date = c.notAfter.slice(0, 10);
  const days = c.daysLeft === null ? `has an unreadable expiry date ${c.notAfter}` : `${when(c.daysLeft)} (${date})`;
  const dane = c.daneIgnoresDates ? "; DANE-EE ignores dates, mail still flows" : "";
  return `certificate ${commonName(c.subject)}${where} ${days}${dane}`;
}

export {
  ThresholdRangeError,
  parseRange,
  DEFAULT_WARNING_DAYS,
  DEFAULT_CRITICAL_DAYS,
  defaultExpiryThresholds,
  daysLeft,
  evaluateExpiry,
  earliestDaysForHost,
  commonName,
  expiryBrief,
  expiryMessage
};
