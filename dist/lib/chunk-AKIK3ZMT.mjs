import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  DEFAULT_DNSSEC_MODE,
  DNSSEC_MODES,
  UsageError,
  __commonJS,
  __require,
  normalizeMailName
} from "./chunk-O6VRYN6H.mjs";

// lazy-builtin:fs
var require_fs = __commonJS({
  "lazy-builtin:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// lazy-builtin:util
var require_util = __commonJS({
  "lazy-builtin:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

// src/cli/common-options.ts
var FORMATS = ["nagios", "json"];
function withCommonOptions(y) {
  return y.option("resolver", {
    type: "string",
    describe: "resolver IP[:PORT] (default: $NAMESERVER, then /etc/resolv.conf)",
    requiresArg: true
  }).option("port", { alias: "p", type: "number", default: 25, describe: "SMTP port (TLSA at _PORT._tcp)", requiresArg: true }).option("timeout", {
    alias: "t",
    type: "number",
    default: 10,
    describe: "seconds for the whole check; it ends before this",
    requiresArg: true
  }).option("format", { alias: "f", choices: FORMATS, default: "nagios", describe: "output format" }).option("helo", { type: "string", describe: "name to send in EHLO (default: this host name)", requiresArg: true }).option("ipv4", { alias: "4", type: "boolean", default: false, describe: "test IPv4 addresses only" }).option("ipv6", { alias: "6", type: "boolean", default: false, describe: "test IPv6 addresses only" }).option("max-mx", { type: "number", default: 16, describe: "MX hosts to test at most", requiresArg: true, hidden: true }).option("dnssec", {
    choices: DNSSEC_MODES,
    describe: `validate: check DNSSEC here, from the root trust anchors (any resolver will do); resolver: trust the AD bit of a validating resolver you run (default: ${DEFAULT_DNSSEC_MODE})`
  }).option("trust-anchor", {
    type: "string",
    describe: "file of DS or DNSKEY records (zone-file syntax) replacing the built-in IANA root anchors; implies --dnssec validate (default when validating: $TRUST_ANCHOR)",
    requiresArg: true
  });
}
var FLAG_NAMES = { mode: "--dnssec", file: "--trust-anchor" };
function dnssecSettings(mode, file, names = FLAG_NAMES) {
  const trustAnchorFile = typeof file === "string" && file !== "" ? file : void 0;
  if (file !== void 0 && file !== null && typeof file !== "string") throw new UsageError(`${names.file} needs a file name`);
  const given = typeof mode === "string" ? mode.trim() : mode;
  if (given === void 0 || given === null || given === "") return trustAnchorFile ? { dnssec: "validate", trustAnchorFile } : {};
  if (!DNSSEC_MODES.includes(given)) throw new UsageError(`${names.mode} must be one of ${DNSSEC_MODES.join(", ")}`);
  if (given === "resolver" && trustAnchorFile) {
    throw new UsageError(`${names.file} needs ${names.mode} validate (with resolver, the resolver validates from its own anchors)`);
  }
  return trustAnchorFile ? { dnssec: given, trustAnchorFile } : { dnssec: given };
}
function integerIn(value, min, max, what) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
function last(value) {
  return Array.isArray(value) ? value.at(-1) : value;
}
function commonSettings(rawArgv, rawName, what) {
  const argv = Object.fromEntries(Object.entries(rawArgv).map(([key, value]) => [key, last(value)]));
  const nameArg = last(rawName);
  if (typeof nameArg !== "string") throw new UsageError(`missing ${what} name`);
  const checked = normalizeMailName(nameArg);
  if (!checked.ok) throw new UsageError(`invalid ${what} name: ${checked.message}`);
  const timeout = argv["timeout"];
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1 || timeout > 600) {
    throw new UsageError("--timeout must be a number of seconds from 1 to 600");
  }
  if (argv["ipv4"] && argv["ipv6"]) throw new UsageError("-4 and -6 exclude each other");
  const helo = argv["helo"];
  if (helo !== void 0) {
    const h = normalizeMailName(String(helo));
    if (!h.ok) throw new UsageError(`invalid --helo name: ${h.message}`);
  }
  const resolver = argv["resolver"];
  if (resolver !== void 0 && resolver !== null && typeof resolver !== "string") {
    throw new UsageError("--resolver needs an address: IP[:PORT]");
  }
  return {
    name: checked.name,
    port: integerIn(argv["port"], 1, 65535, "--port"),
    timeoutSeconds: timeout,
    format: argv["format"],
    helo: helo === void 0 ? null : String(helo).toLowerCase().replace(/\.$/, ""),
    ipv4: !argv["ipv6"],
    ipv6: !argv["ipv4"],
    maxMx: integerIn(argv["max-mx"], 1, 256, "--max-mx"),
    resolver: typeof argv["resolver"] === "string" ? argv["resolver"] : null,
    ...dnssecSettings(argv["dnssec"], argv["trust-anchor"])
  };
}

export {
  require_fs,
  require_util,
  withCommonOptions,
  dnssecSettings,
  commonSettings
};
