import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name2 in all)
    __defProp(target, name2, { get: all[name2], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// lazy-builtin:net
var require_net = __commonJS({
  "lazy-builtin:net"(exports, module) {
    module.exports = __require("node:net");
  }
});

// lazy-builtin:os
var require_os = __commonJS({
  "lazy-builtin:os"(exports, module) {
    module.exports = __require("node:os");
  }
});

// lazy-builtin:dgram
var require_dgram = __commonJS({
  "lazy-builtin:dgram"(exports, module) {
    module.exports = __require("node:dgram");
  }
});

// lazy-builtin:crypto
var require_crypto = __commonJS({
  "lazy-builtin:crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// lazy-builtin:buffer
var require_buffer = __commonJS({
  "lazy-builtin:buffer"(exports, module) {
    module.exports = __require("node:buffer");
  }
});

// node_modules/dns-packet/types.js
var require_types = __commonJS({
  "node_modules/dns-packet/types.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        case 1:
          return "A";
        case 10:
          return "NULL";
        case 28:
          return "AAAA";
        case 18:
          return "AFSDB";
        case 42:
          return "APL";
        case 257:
          return "CAA";
        case 60:
          return "CDNSKEY";
        case 59:
          return "CDS";
        case 37:
          return "CERT";
        case 5:
          return "CNAME";
        case 49:
          return "DHCID";
        case 32769:
          return "DLV";
        case 39:
          return "DNAME";
        case 48:
          return "DNSKEY";
        case 43:
          return "DS";
        case 55:
          return "HIP";
        case 13:
          return "HINFO";
        case 45:
          return "IPSECKEY";
        case 25:
          return "KEY";
        case 36:
          return "KX";
        case 29:
          return "LOC";
        case 15:
          return "MX";
        case 35:
          return "NAPTR";
        case 2:
          return "NS";
        case 47:
          return "NSEC";
        case 50:
          return "NSEC3";
        case 51:
          return "NSEC3PARAM";
        case 12:
          return "PTR";
        case 46:
          return "RRSIG";
        case 17:
          return "RP";
        case 24:
          return "SIG";
        case 6:
          return "SOA";
        case 99:
          return "SPF";
        case 33:
          return "SRV";
        case 44:
          return "SSHFP";
        case 32768:
          return "TA";
        case 249:
          return "TKEY";
        case 52:
          return "TLSA";
        case 250:
          return "TSIG";
        case 16:
          return "TXT";
        case 252:
          return "AXFR";
        case 251:
          return "IXFR";
        case 41:
          return "OPT";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + type;
    };
    exports.toType = function(name2) {
      switch (name2.toUpperCase()) {
        case "A":
          return 1;
        case "NULL":
          return 10;
        case "AAAA":
          return 28;
        case "AFSDB":
          return 18;
        case "APL":
          return 42;
        case "CAA":
          return 257;
        case "CDNSKEY":
          return 60;
        case "CDS":
          return 59;
        case "CERT":
          return 37;
        case "CNAME":
          return 5;
        case "DHCID":
          return 49;
        case "DLV":
          return 32769;
        case "DNAME":
          return 39;
        case "DNSKEY":
          return 48;
        case "DS":
          return 43;
        case "HIP":
          return 55;
        case "HINFO":
          return 13;
        case "IPSECKEY":
          return 45;
        case "KEY":
          return 25;
        case "KX":
          return 36;
        case "LOC":
          return 29;
        case "MX":
          return 15;
        case "NAPTR":
          return 35;
        case "NS":
          return 2;
        case "NSEC":
          return 47;
        case "NSEC3":
          return 50;
        case "NSEC3PARAM":
          return 51;
        case "PTR":
          return 12;
        case "RRSIG":
          return 46;
        case "RP":
          return 17;
        case "SIG":
          return 24;
        case "SOA":
          return 6;
        case "SPF":
          return 99;
        case "SRV":
          return 33;
        case "SSHFP":
          return 44;
        case "TA":
          return 32768;
        case "TKEY":
          return 249;
        case "TLSA":
          return 52;
        case "TSIG":
          return 250;
        case "TXT":
          return 16;
        case "AXFR":
          return 252;
        case "IXFR":
          return 251;
        case "OPT":
          return 41;
        case "ANY":
          return 255;
        case "*":
          return 255;
      }
      if (name2.toUpperCase().startsWith("UNKNOWN_")) return parseInt(name2.slice(8));
      return 0;
    };
  }
});

// node_modules/dns-packet/rcodes.js
var require_rcodes = __commonJS({
  "node_modules/dns-packet/rcodes.js"(exports) {
    "use strict";
    exports.toString = function(rcode) {
      switch (rcode) {
        case 0:
          return "NOERROR";
        case 1:
          return "FORMERR";
        case 2:
          return "SERVFAIL";
        case 3:
          return "NXDOMAIN";
        case 4:
          return "NOTIMP";
        case 5:
          return "REFUSED";
        case 6:
          return "YXDOMAIN";
        case 7:
          return "YXRRSET";
        case 8:
          return "NXRRSET";
        case 9:
          return "NOTAUTH";
        case 10:
          return "NOTZONE";
        case 11:
          return "RCODE_11";
        case 12:
          return "RCODE_12";
        case 13:
          return "RCODE_13";
        case 14:
          return "RCODE_14";
        case 15:
          return "RCODE_15";
      }
      return "RCODE_" + rcode;
    };
    exports.toRcode = function(code) {
      switch (code.toUpperCase()) {
        case "NOERROR":
          return 0;
        case "FORMERR":
          return 1;
        case "SERVFAIL":
          return 2;
        case "NXDOMAIN":
          return 3;
        case "NOTIMP":
          return 4;
        case "REFUSED":
          return 5;
        case "YXDOMAIN":
          return 6;
        case "YXRRSET":
          return 7;
        case "NXRRSET":
          return 8;
        case "NOTAUTH":
          return 9;
        case "NOTZONE":
          return 10;
        case "RCODE_11":
          return 11;
        case "RCODE_12":
          return 12;
        case "RCODE_13":
          return 13;
        case "RCODE_14":
          return 14;
        case "RCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/opcodes.js
var require_opcodes = __commonJS({
  "node_modules/dns-packet/opcodes.js"(exports) {
    "use strict";
    exports.toString = function(opcode) {
      switch (opcode) {
        case 0:
          return "QUERY";
        case 1:
          return "IQUERY";
        case 2:
          return "STATUS";
        case 3:
          return "OPCODE_3";
        case 4:
          return "NOTIFY";
        case 5:
          return "UPDATE";
        case 6:
          return "OPCODE_6";
        case 7:
          return "OPCODE_7";
        case 8:
          return "OPCODE_8";
        case 9:
          return "OPCODE_9";
        case 10:
          return "OPCODE_10";
        case 11:
          return "OPCODE_11";
        case 12:
          return "OPCODE_12";
        case 13:
          return "OPCODE_13";
        case 14:
          return "OPCODE_14";
        case 15:
          return "OPCODE_15";
      }
      return "OPCODE_" + opcode;
    };
    exports.toOpcode = function(code) {
      switch (code.toUpperCase()) {
        case "QUERY":
          return 0;
        case "IQUERY":
          return 1;
        case "STATUS":
          return 2;
        case "OPCODE_3":
          return 3;
        case "NOTIFY":
          return 4;
        case "UPDATE":
          return 5;
        case "OPCODE_6":
          return 6;
        case "OPCODE_7":
          return 7;
        case "OPCODE_8":
          return 8;
        case "OPCODE_9":
          return 9;
        case "OPCODE_10":
          return 10;
        case "OPCODE_11":
          return 11;
        case "OPCODE_12":
          return 12;
        case "OPCODE_13":
          return 13;
        case "OPCODE_14":
          return 14;
        case "OPCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/classes.js
var require_classes = __commonJS({
  "node_modules/dns-packet/classes.js"(exports) {
    "use strict";
    exports.toString = function(klass) {
      switch (klass) {
        case 1:
          return "IN";
        case 2:
          return "CS";
        case 3:
          return "CH";
        case 4:
          return "HS";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + klass;
    };
    exports.toClass = function(name2) {
      switch (name2.toUpperCase()) {
        case "IN":
          return 1;
        case "CS":
          return 2;
        case "CH":
          return 3;
        case "HS":
          return 4;
        case "ANY":
          return 255;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/optioncodes.js
var require_optioncodes = __commonJS({
  "node_modules/dns-packet/optioncodes.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        // list at
        // https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml#dns-parameters-11
        case 1:
          return "LLQ";
        case 2:
          return "UL";
        case 3:
          return "NSID";
        case 5:
          return "DAU";
        case 6:
          return "DHU";
        case 7:
          return "N3U";
        case 8:
          return "CLIENT_SUBNET";
        case 9:
          return "EXPIRE";
        case 10:
          return "COOKIE";
        case 11:
          return "TCP_KEEPALIVE";
        case 12:
          return "PADDING";
        case 13:
          return "CHAIN";
        case 14:
          return "KEY_TAG";
        case 26946:
          return "DEVICEID";
      }
      if (type < 0) {
        return null;
      }
      return `OPTION_${type}`;
    };
    exports.toCode = function(name2) {
      if (typeof name2 === "number") {
        return name2;
      }
      if (!name2) {
        return -1;
      }
      switch (name2.toUpperCase()) {
        case "OPTION_0":
          return 0;
        case "LLQ":
          return 1;
        case "UL":
          return 2;
        case "NSID":
          return 3;
        case "OPTION_4":
          return 4;
        case "DAU":
          return 5;
        case "DHU":
          return 6;
        case "N3U":
          return 7;
        case "CLIENT_SUBNET":
          return 8;
        case "EXPIRE":
          return 9;
        case "COOKIE":
          return 10;
        case "TCP_KEEPALIVE":
          return 11;
        case "PADDING":
          return 12;
        case "CHAIN":
          return 13;
        case "KEY_TAG":
          return 14;
        case "DEVICEID":
          return 26946;
        case "OPTION_65535":
          return 65535;
      }
      const m = name2.match(/_(\d+)$/);
      if (m) {
        return parseInt(m[1], 10);
      }
      return -1;
    };
  }
});

// node_modules/@leichtgewicht/ip-codec/index.cjs
var require_ip_codec = __commonJS({
  "node_modules/@leichtgewicht/ip-codec/index.cjs"(exports, module) {
    var ipCodec = (function(exports2) {
      "use strict";
      Object.defineProperty(exports2, "__esModule", {
        value: true
      });
      exports2.decode = decode;
      exports2.encode = encode;
      exports2.familyOf = familyOf;
      exports2.name = void 0;
      exports2.sizeOf = sizeOf;
      exports2.v6 = exports2.v4 = void 0;
      const v4Regex = /^(\d{1,3}\.){3,3}\d{1,3}$/;
      const v4Size = 4;
      const v6Regex = /^(::)?(((\d{1,3}\.){3}(\d{1,3}){1})?([0-9a-f]){0,4}:{0,2}){1,8}(::)?$/i;
      const v6Size = 16;
      const v4 = {
        name: "v4",
        size: v4Size,
        isFormat: (ip) => v4Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          buff = buff || new Uint8Array(offset + v4Size);
          const max = ip.length;
          let n = 0;
          for (let i = 0; i < max; ) {
            const c = ip.charCodeAt(i++);
            if (c === 46) {
              buff[offset++] = n;
              n = 0;
            } else {
              n = n * 10 + (c - 48);
            }
          }
          buff[offset] = n;
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          return `${buff[offset++]}.${buff[offset++]}.${buff[offset++]}.${buff[offset]}`;
        }
      };
      exports2.v4 = v4;
      const v6 = {
        name: "v6",
        size: v6Size,
        isFormat: (ip) => ip.length > 0 && v6Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          let end = offset + v6Size;
          let fill = -1;
          let hexN = 0;
          let decN = 0;
          let prevColon = true;
          let useDec = false;
          buff = buff || new Uint8Array(offset + v6Size);
          for (let i = 0; i < ip.length; i++) {
            let c = ip.charCodeAt(i);
            if (c === 58) {
              if (prevColon) {
                if (fill !== -1) {
                  if (offset < end) buff[offset] = 0;
                  if (offset < end - 1) buff[offset + 1] = 0;
                  offset += 2;
                } else if (offset < end) {
                  fill = offset;
                }
              } else {
                if (useDec === true) {
                  if (offset < end) buff[offset] = decN;
                  offset++;
                } else {
                  if (offset < end) buff[offset] = hexN >> 8;
                  if (offset < end - 1) buff[offset + 1] = hexN & 255;
                  offset += 2;
                }
                hexN = 0;
                decN = 0;
              }
              prevColon = true;
              useDec = false;
            } else if (c === 46) {
              if (offset < end) buff[offset] = decN;
              offset++;
              decN = 0;
              hexN = 0;
              prevColon = false;
              useDec = true;
            } else {
              prevColon = false;
              if (c >= 97) {
                c -= 87;
              } else if (c >= 65) {
                c -= 55;
              } else {
                c -= 48;
                decN = decN * 10 + c;
              }
              hexN = (hexN << 4) + c;
            }
          }
          if (prevColon === false) {
            if (useDec === true) {
              if (offset < end) buff[offset] = decN;
              offset++;
            } else {
              if (offset < end) buff[offset] = hexN >> 8;
              if (offset < end - 1) buff[offset + 1] = hexN & 255;
              offset += 2;
            }
          } else if (fill === 0) {
            if (offset < end) buff[offset] = 0;
            if (offset < end - 1) buff[offset + 1] = 0;
            offset += 2;
          } else if (fill !== -1) {
            offset += 2;
            for (let i = Math.min(offset - 1, end - 1); i >= fill + 2; i--) {
              buff[i] = buff[i - 2];
            }
            buff[fill] = 0;
            buff[fill + 1] = 0;
            fill = offset;
          }
          if (fill !== offset && fill !== -1) {
            if (offset > end - 2) {
              offset = end - 2;
            }
            while (end > fill) {
              buff[--end] = offset < end && offset > fill ? buff[--offset] : 0;
            }
          } else {
            while (offset < end) {
              buff[offset++] = 0;
            }
          }
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          let result = "";
          for (let i = 0; i < v6Size; i += 2) {
            if (i !== 0) {
              result += ":";
            }
            result += (buff[offset + i] << 8 | buff[offset + i + 1]).toString(16);
          }
          return result.replace(/(^|:)0(:0)*:0(:|$)/, "$1::$3").replace(/:{3,4}/, "::");
        }
      };
      exports2.v6 = v6;
      const name2 = "ip";
      exports2.name = name2;
      function sizeOf(ip) {
        if (v4.isFormat(ip)) return v4.size;
        if (v6.isFormat(ip)) return v6.size;
        throw Error(`Invalid ip address: ${ip}`);
      }
      function familyOf(string) {
        return sizeOf(string) === v4.size ? 1 : 2;
      }
      function encode(ip, buff, offset) {
        offset = ~~offset;
        const size = sizeOf(ip);
        if (typeof buff === "function") {
          buff = buff(offset + size);
        }
        if (size === v4.size) {
          return v4.encode(ip, buff, offset);
        }
        return v6.encode(ip, buff, offset);
      }
      function decode(buff, offset, length) {
        offset = ~~offset;
        length = length || buff.length - offset;
        if (length === v4.size) {
          return v4.decode(buff, offset, length);
        }
        if (length === v6.size) {
          return v6.decode(buff, offset, length);
        }
        throw Error(`Invalid buffer size needs to be ${v4.size} for v4 or ${v6.size} for v6.`);
      }
      return "default" in exports2 ? exports2.default : exports2;
    })({});
    if (typeof define === "function" && define.amd) define([], function() {
      return ipCodec;
    });
    else if (typeof module === "object" && typeof exports === "object") module.exports = ipCodec;
  }
});

// node_modules/dns-packet/index.js
var require_dns_packet = __commonJS({
  "node_modules/dns-packet/index.js"(exports) {
    "use strict";
    var Buffer2 = require_buffer().Buffer;
    var types = require_types();
    var rcodes = require_rcodes();
    var opcodes = require_opcodes();
    var classes = require_classes();
    var optioncodes = require_optioncodes();
    var ip = require_ip_codec();
    var QUERY_FLAG = 0;
    var RESPONSE_FLAG = 1 << 15;
    var FLUSH_MASK = 1 << 15;
    var NOT_FLUSH_MASK = ~FLUSH_MASK;
    var QU_MASK = 1 << 15;
    var NOT_QU_MASK = ~QU_MASK;
    var name2 = exports.name = {};
    name2.encode = function(str, buf, offset, { mail = false } = {}) {
      if (!buf) buf = Buffer2.alloc(name2.encodingLength(str));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const n = str.replace(/^\.|\.$/gm, "");
      if (n.length) {
        let list = [];
        if (mail) {
          let localPart = "";
          n.split(".").forEach((label) => {
            if (label.endsWith("\\")) {
              localPart += (localPart.length ? "." : "") + label.slice(0, -1);
            } else {
              if (list.length === 0 && localPart.length) {
                list.push(localPart + "." + label);
              } else {
                list.push(label);
              }
            }
          });
        } else {
          list = n.split(".");
        }
        for (let i = 0; i < list.length; i++) {
          const len = buf.write(list[i], offset + 1);
          buf[offset] = len;
          offset += len + 1;
        }
      }
      buf[offset++] = 0;
      name2.encode.bytes = offset - oldOffset;
      return buf;
    };
    name2.encode.bytes = 0;
    name2.decode = function(buf, offset, { mail = false } = {}) {
      if (!offset) offset = 0;
      const list = [];
      let oldOffset = offset;
      let totalLength = 0;
      let consumedBytes = 0;
      let jumped = false;
      while (true) {
        if (offset >= buf.length) {
          throw new Error("Cannot decode name (buffer overflow)");
        }
        const len = buf[offset++];
        consumedBytes += jumped ? 0 : 1;
        if (len === 0) {
          break;
        } else if ((len & 192) === 0) {
          if (offset + len > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          totalLength += len + 1;
          if (totalLength > 254) {
            throw new Error("Cannot decode name (name too long)");
          }
          let label = buf.toString("utf-8", offset, offset + len);
          if (mail) {
            label = label.replace(/\./g, "\\.");
          }
          list.push(label);
          offset += len;
          consumedBytes += jumped ? 0 : len;
        } else if ((len & 192) === 192) {
          if (offset + 1 > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          const jumpOffset = buf.readUInt16BE(offset - 1) - 49152;
          if (jumpOffset >= oldOffset) {
            throw new Error("Cannot decode name (bad pointer)");
          }
          offset = jumpOffset;
          oldOffset = jumpOffset;
          consumedBytes += jumped ? 0 : 1;
          jumped = true;
        } else {
          throw new Error("Cannot decode name (bad label)");
        }
      }
      name2.decode.bytes = consumedBytes;
      return list.length === 0 ? "." : list.join(".");
    };
    name2.decode.bytes = 0;
    name2.encodingLength = function(n) {
      if (n === "." || n === "..") return 1;
      return Buffer2.byteLength(n.replace(/^\.|\.$/gm, "")) + 2;
    };
    var string = {};
    string.encode = function(s, buf, offset) {
      if (!buf) buf = Buffer2.alloc(string.encodingLength(s));
      if (!offset) offset = 0;
      const len = buf.write(s, offset + 1);
      buf[offset] = len;
      string.encode.bytes = len + 1;
      return buf;
    };
    string.encode.bytes = 0;
    string.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf[offset];
      const s = buf.toString("utf-8", offset + 1, offset + 1 + len);
      string.decode.bytes = len + 1;
      return s;
    };
    string.decode.bytes = 0;
    string.encodingLength = function(s) {
      return Buffer2.byteLength(s) + 1;
    };
    var header = {};
    header.encode = function(h, buf, offset) {
      if (!buf) buf = header.encodingLength(h);
      if (!offset) offset = 0;
      const flags = (h.flags || 0) & 32767;
      const type = h.type === "response" ? RESPONSE_FLAG : QUERY_FLAG;
      buf.writeUInt16BE(h.id || 0, offset);
      buf.writeUInt16BE(flags | type, offset + 2);
      buf.writeUInt16BE(h.questions.length, offset + 4);
      buf.writeUInt16BE(h.answers.length, offset + 6);
      buf.writeUInt16BE(h.authorities.length, offset + 8);
      buf.writeUInt16BE(h.additionals.length, offset + 10);
      return buf;
    };
    header.encode.bytes = 12;
    header.decode = function(buf, offset) {
      if (!offset) offset = 0;
      if (buf.length < 12) throw new Error("Header must be 12 bytes");
      const flags = buf.readUInt16BE(offset + 2);
      return {
        id: buf.readUInt16BE(offset),
        type: flags & RESPONSE_FLAG ? "response" : "query",
        flags: flags & 32767,
        flag_qr: (flags >> 15 & 1) === 1,
        opcode: opcodes.toString(flags >> 11 & 15),
        flag_aa: (flags >> 10 & 1) === 1,
        flag_tc: (flags >> 9 & 1) === 1,
        flag_rd: (flags >> 8 & 1) === 1,
        flag_ra: (flags >> 7 & 1) === 1,
        flag_z: (flags >> 6 & 1) === 1,
        flag_ad: (flags >> 5 & 1) === 1,
        flag_cd: (flags >> 4 & 1) === 1,
        rcode: rcodes.toString(flags & 15),
        questions: new Array(buf.readUInt16BE(offset + 4)),
        answers: new Array(buf.readUInt16BE(offset + 6)),
        authorities: new Array(buf.readUInt16BE(offset + 8)),
        additionals: new Array(buf.readUInt16BE(offset + 10))
      };
    };
    header.decode.bytes = 12;
    header.encodingLength = function() {
      return 12;
    };
    var runknown = exports.unknown = {};
    runknown.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(runknown.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.length, offset);
      data.copy(buf, offset + 2);
      runknown.encode.bytes = data.length + 2;
      return buf;
    };
    runknown.encode.bytes = 0;
    runknown.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = buf.slice(offset + 2, offset + 2 + len);
      runknown.decode.bytes = len + 2;
      return data;
    };
    runknown.decode.bytes = 0;
    runknown.encodingLength = function(data) {
      return data.length + 2;
    };
    var rns = exports.ns = {};
    rns.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rns.encodingLength(data));
      if (!offset) offset = 0;
      name2.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name2.encode.bytes, offset);
      rns.encode.bytes = name2.encode.bytes + 2;
      return buf;
    };
    rns.encode.bytes = 0;
    rns.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const dd = name2.decode(buf, offset + 2);
      rns.decode.bytes = len + 2;
      return dd;
    };
    rns.decode.bytes = 0;
    rns.encodingLength = function(data) {
      return name2.encodingLength(data) + 2;
    };
    var rsoa = exports.soa = {};
    rsoa.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsoa.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name2.encode(data.mname, buf, offset);
      offset += name2.encode.bytes;
      name2.encode(data.rname, buf, offset, { mail: true });
      offset += name2.encode.bytes;
      buf.writeUInt32BE(data.serial || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.refresh || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.retry || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.expire || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.minimum || 0, offset);
      offset += 4;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rsoa.encode.bytes = offset - oldOffset;
      return buf;
    };
    rsoa.encode.bytes = 0;
    rsoa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mname = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      data.rname = name2.decode(buf, offset, { mail: true });
      offset += name2.decode.bytes;
      data.serial = buf.readUInt32BE(offset);
      offset += 4;
      data.refresh = buf.readUInt32BE(offset);
      offset += 4;
      data.retry = buf.readUInt32BE(offset);
      offset += 4;
      data.expire = buf.readUInt32BE(offset);
      offset += 4;
      data.minimum = buf.readUInt32BE(offset);
      offset += 4;
      rsoa.decode.bytes = offset - oldOffset;
      return data;
    };
    rsoa.decode.bytes = 0;
    rsoa.encodingLength = function(data) {
      return 22 + name2.encodingLength(data.mname) + name2.encodingLength(data.rname);
    };
    var rtxt = exports.txt = {};
    rtxt.encode = function(data, buf, offset) {
      if (!Array.isArray(data)) data = [data];
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] === "string") {
          data[i] = Buffer2.from(data[i]);
        }
        if (!Buffer2.isBuffer(data[i])) {
          throw new Error("Must be a Buffer");
        }
      }
      if (!buf) buf = Buffer2.alloc(rtxt.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      data.forEach(function(d) {
        buf[offset++] = d.length;
        d.copy(buf, offset, 0, d.length);
        offset += d.length;
      });
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rtxt.encode.bytes = offset - oldOffset;
      return buf;
    };
    rtxt.encode.bytes = 0;
    rtxt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      let remaining = buf.readUInt16BE(offset);
      offset += 2;
      let data = [];
      while (remaining > 0) {
        const len = buf[offset++];
        --remaining;
        if (remaining < len) {
          throw new Error("Buffer overflow");
        }
        data.push(buf.slice(offset, offset + len));
        offset += len;
        remaining -= len;
      }
      rtxt.decode.bytes = offset - oldOffset;
      return data;
    };
    rtxt.decode.bytes = 0;
    rtxt.encodingLength = function(data) {
      if (!Array.isArray(data)) data = [data];
      let length = 2;
      data.forEach(function(buf) {
        if (typeof buf === "string") {
          length += Buffer2.byteLength(buf) + 1;
        } else {
          length += buf.length + 1;
        }
      });
      return length;
    };
    var rnull = exports.null = {};
    rnull.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnull.encodingLength(data));
      if (!offset) offset = 0;
      if (typeof data === "string") data = Buffer2.from(data);
      if (!data) data = Buffer2.alloc(0);
      const oldOffset = offset;
      offset += 2;
      const len = data.length;
      data.copy(buf, offset, 0, len);
      offset += len;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rnull.encode.bytes = offset - oldOffset;
      return buf;
    };
    rnull.encode.bytes = 0;
    rnull.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const data = buf.slice(offset, offset + len);
      offset += len;
      rnull.decode.bytes = offset - oldOffset;
      return data;
    };
    rnull.decode.bytes = 0;
    rnull.encodingLength = function(data) {
      if (!data) return 2;
      return (Buffer2.isBuffer(data) ? data.length : Buffer2.byteLength(data)) + 2;
    };
    var rhinfo = exports.hinfo = {};
    rhinfo.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rhinfo.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      string.encode(data.cpu, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.os, buf, offset);
      offset += string.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rhinfo.encode.bytes = offset - oldOffset;
      return buf;
    };
    rhinfo.encode.bytes = 0;
    rhinfo.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.cpu = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.os = string.decode(buf, offset);
      offset += string.decode.bytes;
      rhinfo.decode.bytes = offset - oldOffset;
      return data;
    };
    rhinfo.decode.bytes = 0;
    rhinfo.encodingLength = function(data) {
      return string.encodingLength(data.cpu) + string.encodingLength(data.os) + 2;
    };
    var rptr = exports.ptr = {};
    var rcname = exports.cname = rptr;
    var rdname = exports.dname = rptr;
    rptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rptr.encodingLength(data));
      if (!offset) offset = 0;
      name2.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name2.encode.bytes, offset);
      rptr.encode.bytes = name2.encode.bytes + 2;
      return buf;
    };
    rptr.encode.bytes = 0;
    rptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const data = name2.decode(buf, offset + 2);
      rptr.decode.bytes = name2.decode.bytes + 2;
      return data;
    };
    rptr.decode.bytes = 0;
    rptr.encodingLength = function(data) {
      return name2.encodingLength(data) + 2;
    };
    var rsrv = exports.srv = {};
    rsrv.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsrv.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.priority || 0, offset + 2);
      buf.writeUInt16BE(data.weight || 0, offset + 4);
      buf.writeUInt16BE(data.port || 0, offset + 6);
      name2.encode(data.target, buf, offset + 8);
      const len = name2.encode.bytes + 6;
      buf.writeUInt16BE(len, offset);
      rsrv.encode.bytes = len + 2;
      return buf;
    };
    rsrv.encode.bytes = 0;
    rsrv.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = {};
      data.priority = buf.readUInt16BE(offset + 2);
      data.weight = buf.readUInt16BE(offset + 4);
      data.port = buf.readUInt16BE(offset + 6);
      data.target = name2.decode(buf, offset + 8);
      rsrv.decode.bytes = len + 2;
      return data;
    };
    rsrv.decode.bytes = 0;
    rsrv.encodingLength = function(data) {
      return 8 + name2.encodingLength(data.target);
    };
    var rcaa = exports.caa = {};
    rcaa.ISSUER_CRITICAL = 1 << 7;
    rcaa.encode = function(data, buf, offset) {
      const len = rcaa.encodingLength(data);
      if (!buf) buf = Buffer2.alloc(rcaa.encodingLength(data));
      if (!offset) offset = 0;
      if (data.issuerCritical) {
        data.flags = rcaa.ISSUER_CRITICAL;
      }
      buf.writeUInt16BE(len - 2, offset);
      offset += 2;
      buf.writeUInt8(data.flags || 0, offset);
      offset += 1;
      string.encode(data.tag, buf, offset);
      offset += string.encode.bytes;
      buf.write(data.value, offset);
      offset += Buffer2.byteLength(data.value);
      rcaa.encode.bytes = len;
      return buf;
    };
    rcaa.encode.bytes = 0;
    rcaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const oldOffset = offset;
      const data = {};
      data.flags = buf.readUInt8(offset);
      offset += 1;
      data.tag = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.value = buf.toString("utf-8", offset, oldOffset + len);
      data.issuerCritical = !!(data.flags & rcaa.ISSUER_CRITICAL);
      rcaa.decode.bytes = len + 2;
      return data;
    };
    rcaa.decode.bytes = 0;
    rcaa.encodingLength = function(data) {
      return string.encodingLength(data.tag) + string.encodingLength(data.value) + 2;
    };
    var rmx = exports.mx = {};
    rmx.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rmx.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      name2.encode(data.exchange, buf, offset);
      offset += name2.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rmx.encode.bytes = offset - oldOffset;
      return buf;
    };
    rmx.encode.bytes = 0;
    rmx.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.exchange = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      rmx.decode.bytes = offset - oldOffset;
      return data;
    };
    rmx.encodingLength = function(data) {
      return 4 + name2.encodingLength(data.exchange);
    };
    var ra = exports.a = {};
    ra.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ra.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(4, offset);
      offset += 2;
      ip.v4.encode(host, buf, offset);
      ra.encode.bytes = 6;
      return buf;
    };
    ra.encode.bytes = 0;
    ra.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v4.decode(buf, offset);
      ra.decode.bytes = 6;
      return host;
    };
    ra.decode.bytes = 0;
    ra.encodingLength = function() {
      return 6;
    };
    var raaaa = exports.aaaa = {};
    raaaa.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(raaaa.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(16, offset);
      offset += 2;
      ip.v6.encode(host, buf, offset);
      raaaa.encode.bytes = 18;
      return buf;
    };
    raaaa.encode.bytes = 0;
    raaaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v6.decode(buf, offset);
      raaaa.decode.bytes = 18;
      return host;
    };
    raaaa.decode.bytes = 0;
    raaaa.encodingLength = function() {
      return 18;
    };
    var roption = exports.option = {};
    roption.encode = function(option, buf, offset) {
      if (!buf) buf = Buffer2.alloc(roption.encodingLength(option));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const code = optioncodes.toCode(option.code);
      buf.writeUInt16BE(code, offset);
      offset += 2;
      if (option.data) {
        buf.writeUInt16BE(option.data.length, offset);
        offset += 2;
        option.data.copy(buf, offset);
        offset += option.data.length;
      } else {
        switch (code) {
          // case 3: NSID.  No encode makes sense.
          // case 5,6,7: Not implementable
          case 8:
            const spl = option.sourcePrefixLength || 0;
            const fam = option.family || ip.familyOf(option.ip);
            const ipBuf = ip.encode(option.ip, Buffer2.alloc);
            const ipLen = Math.ceil(spl / 8);
            buf.writeUInt16BE(ipLen + 4, offset);
            offset += 2;
            buf.writeUInt16BE(fam, offset);
            offset += 2;
            buf.writeUInt8(spl, offset++);
            buf.writeUInt8(option.scopePrefixLength || 0, offset++);
            ipBuf.copy(buf, offset, 0, ipLen);
            offset += ipLen;
            break;
          // case 9: EXPIRE (experimental)
          // case 10: COOKIE.  No encode makes sense.
          case 11:
            if (option.timeout) {
              buf.writeUInt16BE(2, offset);
              offset += 2;
              buf.writeUInt16BE(option.timeout, offset);
              offset += 2;
            } else {
              buf.writeUInt16BE(0, offset);
              offset += 2;
            }
            break;
          case 12:
            const len = option.length || 0;
            buf.writeUInt16BE(len, offset);
            offset += 2;
            buf.fill(0, offset, offset + len);
            offset += len;
            break;
          // case 13:  CHAIN.  Experimental.
          case 14:
            const tagsLen = option.tags.length * 2;
            buf.writeUInt16BE(tagsLen, offset);
            offset += 2;
            for (const tag of option.tags) {
              buf.writeUInt16BE(tag, offset);
              offset += 2;
            }
            break;
          default:
            throw new Error(`Unknown roption code: ${option.code}`);
        }
      }
      roption.encode.bytes = offset - oldOffset;
      return buf;
    };
    roption.encode.bytes = 0;
    roption.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const option = {};
      option.code = buf.readUInt16BE(offset);
      option.type = optioncodes.toString(option.code);
      offset += 2;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      option.data = buf.slice(offset, offset + len);
      switch (option.code) {
        // case 3: NSID.  No decode makes sense.
        case 8:
          option.family = buf.readUInt16BE(offset);
          offset += 2;
          option.sourcePrefixLength = buf.readUInt8(offset++);
          option.scopePrefixLength = buf.readUInt8(offset++);
          const padded = Buffer2.alloc(option.family === 1 ? 4 : 16);
          buf.copy(padded, 0, offset, offset + len - 4);
          option.ip = ip.decode(padded);
          break;
        // case 12: Padding.  No decode makes sense.
        case 11:
          if (len > 0) {
            option.timeout = buf.readUInt16BE(offset);
            offset += 2;
          }
          break;
        case 14:
          option.tags = [];
          for (let i = 0; i < len; i += 2) {
            option.tags.push(buf.readUInt16BE(offset));
            offset += 2;
          }
      }
      roption.decode.bytes = len + 4;
      return option;
    };
    roption.decode.bytes = 0;
    roption.encodingLength = function(option) {
      if (option.data) {
        return option.data.length + 4;
      }
      const code = optioncodes.toCode(option.code);
      switch (code) {
        case 8:
          const spl = option.sourcePrefixLength || 0;
          return Math.ceil(spl / 8) + 8;
        case 11:
          return typeof option.timeout === "number" ? 6 : 4;
        case 12:
          return option.length + 4;
        case 14:
          return 4 + option.tags.length * 2;
      }
      throw new Error(`Unknown roption code: ${option.code}`);
    };
    var ropt = exports.opt = {};
    ropt.encode = function(options, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ropt.encodingLength(options));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const rdlen = encodingLengthList(options, roption);
      buf.writeUInt16BE(rdlen, offset);
      offset = encodeList(options, roption, buf, offset + 2);
      ropt.encode.bytes = offset - oldOffset;
      return buf;
    };
    ropt.encode.bytes = 0;
    ropt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const options = [];
      let rdlen = buf.readUInt16BE(offset);
      offset += 2;
      let o = 0;
      while (rdlen > 0) {
        options[o++] = roption.decode(buf, offset);
        offset += roption.decode.bytes;
        rdlen -= roption.decode.bytes;
      }
      ropt.decode.bytes = offset - oldOffset;
      return options;
    };
    ropt.decode.bytes = 0;
    ropt.encodingLength = function(options) {
      return 2 + encodingLengthList(options || [], roption);
    };
    var rdnskey = exports.dnskey = {};
    rdnskey.PROTOCOL_DNSSEC = 3;
    rdnskey.ZONE_KEY = 128;
    rdnskey.SECURE_ENTRYPOINT = 32768;
    rdnskey.encode = function(key, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rdnskey.encodingLength(key));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const keydata = key.key;
      if (!Buffer2.isBuffer(keydata)) {
        throw new Error("Key must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(key.flags, offset);
      offset += 2;
      buf.writeUInt8(rdnskey.PROTOCOL_DNSSEC, offset);
      offset += 1;
      buf.writeUInt8(key.algorithm, offset);
      offset += 1;
      keydata.copy(buf, offset, 0, keydata.length);
      offset += keydata.length;
      rdnskey.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rdnskey.encode.bytes - 2, oldOffset);
      return buf;
    };
    rdnskey.encode.bytes = 0;
    rdnskey.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var key = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      key.flags = buf.readUInt16BE(offset);
      offset += 2;
      if (buf.readUInt8(offset) !== rdnskey.PROTOCOL_DNSSEC) {
        throw new Error("Protocol must be 3");
      }
      offset += 1;
      key.algorithm = buf.readUInt8(offset);
      offset += 1;
      key.key = buf.slice(offset, oldOffset + length + 2);
      offset += key.key.length;
      rdnskey.decode.bytes = offset - oldOffset;
      return key;
    };
    rdnskey.decode.bytes = 0;
    rdnskey.encodingLength = function(key) {
      return 6 + Buffer2.byteLength(key.key);
    };
    var rrrsig = exports.rrsig = {};
    rrrsig.encode = function(sig, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrrsig.encodingLength(sig));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const signature = sig.signature;
      if (!Buffer2.isBuffer(signature)) {
        throw new Error("Signature must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(types.toType(sig.typeCovered), offset);
      offset += 2;
      buf.writeUInt8(sig.algorithm, offset);
      offset += 1;
      buf.writeUInt8(sig.labels, offset);
      offset += 1;
      buf.writeUInt32BE(sig.originalTTL, offset);
      offset += 4;
      buf.writeUInt32BE(sig.expiration, offset);
      offset += 4;
      buf.writeUInt32BE(sig.inception, offset);
      offset += 4;
      buf.writeUInt16BE(sig.keyTag, offset);
      offset += 2;
      name2.encode(sig.signersName, buf, offset);
      offset += name2.encode.bytes;
      signature.copy(buf, offset, 0, signature.length);
      offset += signature.length;
      rrrsig.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrrsig.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrrsig.encode.bytes = 0;
    rrrsig.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var sig = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      sig.typeCovered = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      sig.algorithm = buf.readUInt8(offset);
      offset += 1;
      sig.labels = buf.readUInt8(offset);
      offset += 1;
      sig.originalTTL = buf.readUInt32BE(offset);
      offset += 4;
      sig.expiration = buf.readUInt32BE(offset);
      offset += 4;
      sig.inception = buf.readUInt32BE(offset);
      offset += 4;
      sig.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      sig.signersName = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      sig.signature = buf.slice(offset, oldOffset + length + 2);
      offset += sig.signature.length;
      rrrsig.decode.bytes = offset - oldOffset;
      return sig;
    };
    rrrsig.decode.bytes = 0;
    rrrsig.encodingLength = function(sig) {
      return 20 + name2.encodingLength(sig.signersName) + Buffer2.byteLength(sig.signature);
    };
    var rrp = exports.rp = {};
    rrp.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrp.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name2.encode(data.mbox || ".", buf, offset, { mail: true });
      offset += name2.encode.bytes;
      name2.encode(data.txt || ".", buf, offset);
      offset += name2.encode.bytes;
      rrp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrp.encode.bytes = 0;
    rrp.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mbox = name2.decode(buf, offset, { mail: true }) || ".";
      offset += name2.decode.bytes;
      data.txt = name2.decode(buf, offset) || ".";
      offset += name2.decode.bytes;
      rrp.decode.bytes = offset - oldOffset;
      return data;
    };
    rrp.decode.bytes = 0;
    rrp.encodingLength = function(data) {
      return 2 + name2.encodingLength(data.mbox || ".") + name2.encodingLength(data.txt || ".");
    };
    var typebitmap = {};
    typebitmap.encode = function(typelist, buf, offset) {
      if (!buf) buf = Buffer2.alloc(typebitmap.encodingLength(typelist));
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typesByWindow = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        if (typesByWindow[typeid >> 8] === void 0) {
          typesByWindow[typeid >> 8] = [];
        }
        typesByWindow[typeid >> 8][typeid >> 3 & 31] |= 1 << 7 - (typeid & 7);
      }
      for (i = 0; i < typesByWindow.length; i++) {
        if (typesByWindow[i] !== void 0) {
          var windowBuf = Buffer2.from(typesByWindow[i]);
          buf.writeUInt8(i, offset);
          offset += 1;
          buf.writeUInt8(windowBuf.length, offset);
          offset += 1;
          windowBuf.copy(buf, offset);
          offset += windowBuf.length;
        }
      }
      typebitmap.encode.bytes = offset - oldOffset;
      return buf;
    };
    typebitmap.encode.bytes = 0;
    typebitmap.decode = function(buf, offset, length) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typelist = [];
      while (offset - oldOffset < length) {
        var window = buf.readUInt8(offset);
        offset += 1;
        var windowLength = buf.readUInt8(offset);
        offset += 1;
        for (var i = 0; i < windowLength; i++) {
          var b = buf.readUInt8(offset + i);
          for (var j = 0; j < 8; j++) {
            if (b & 1 << 7 - j) {
              var typeid = types.toString(window << 8 | i << 3 | j);
              typelist.push(typeid);
            }
          }
        }
        offset += windowLength;
      }
      typebitmap.decode.bytes = offset - oldOffset;
      return typelist;
    };
    typebitmap.decode.bytes = 0;
    typebitmap.encodingLength = function(typelist) {
      var extents = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        extents[typeid >> 8] = Math.max(extents[typeid >> 8] || 0, typeid & 255);
      }
      var len = 0;
      for (i = 0; i < extents.length; i++) {
        if (extents[i] !== void 0) {
          len += 2 + Math.ceil((extents[i] + 1) / 8);
        }
      }
      return len;
    };
    var rnsec = exports.nsec = {};
    rnsec.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name2.encode(record.nextDomain, buf, offset);
      offset += name2.encode.bytes;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec.encode.bytes = 0;
    rnsec.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.nextDomain = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec.decode.bytes = 0;
    rnsec.encodingLength = function(record) {
      return 2 + name2.encodingLength(record.nextDomain) + typebitmap.encodingLength(record.rrtypes);
    };
    var rnsec3 = exports.nsec3 = {};
    rnsec3.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec3.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const salt = record.salt;
      if (!Buffer2.isBuffer(salt)) {
        throw new Error("salt must be a Buffer");
      }
      const nextDomain = record.nextDomain;
      if (!Buffer2.isBuffer(nextDomain)) {
        throw new Error("nextDomain must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(record.algorithm, offset);
      offset += 1;
      buf.writeUInt8(record.flags, offset);
      offset += 1;
      buf.writeUInt16BE(record.iterations, offset);
      offset += 2;
      buf.writeUInt8(salt.length, offset);
      offset += 1;
      salt.copy(buf, offset, 0, salt.length);
      offset += salt.length;
      buf.writeUInt8(nextDomain.length, offset);
      offset += 1;
      nextDomain.copy(buf, offset, 0, nextDomain.length);
      offset += nextDomain.length;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec3.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec3.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec3.encode.bytes = 0;
    rnsec3.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.algorithm = buf.readUInt8(offset);
      offset += 1;
      record.flags = buf.readUInt8(offset);
      offset += 1;
      record.iterations = buf.readUInt16BE(offset);
      offset += 2;
      const saltLength = buf.readUInt8(offset);
      offset += 1;
      record.salt = buf.slice(offset, offset + saltLength);
      offset += saltLength;
      const hashLength = buf.readUInt8(offset);
      offset += 1;
      record.nextDomain = buf.slice(offset, offset + hashLength);
      offset += hashLength;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec3.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec3.decode.bytes = 0;
    rnsec3.encodingLength = function(record) {
      return 8 + record.salt.length + record.nextDomain.length + typebitmap.encodingLength(record.rrtypes);
    };
    var rds = exports.ds = {};
    rds.encode = function(digest, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rds.encodingLength(digest));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const digestdata = digest.digest;
      if (!Buffer2.isBuffer(digestdata)) {
        throw new Error("Digest must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(digest.keyTag, offset);
      offset += 2;
      buf.writeUInt8(digest.algorithm, offset);
      offset += 1;
      buf.writeUInt8(digest.digestType, offset);
      offset += 1;
      digestdata.copy(buf, offset, 0, digestdata.length);
      offset += digestdata.length;
      rds.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rds.encode.bytes - 2, oldOffset);
      return buf;
    };
    rds.encode.bytes = 0;
    rds.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var digest = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      digest.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      digest.algorithm = buf.readUInt8(offset);
      offset += 1;
      digest.digestType = buf.readUInt8(offset);
      offset += 1;
      digest.digest = buf.slice(offset, oldOffset + length + 2);
      offset += digest.digest.length;
      rds.decode.bytes = offset - oldOffset;
      return digest;
    };
    rds.decode.bytes = 0;
    rds.encodingLength = function(digest) {
      return 6 + Buffer2.byteLength(digest.digest);
    };
    var rsshfp = exports.sshfp = {};
    rsshfp.getFingerprintLengthForHashType = function getFingerprintLengthForHashType(hashType) {
      switch (hashType) {
        case 1:
          return 20;
        case 2:
          return 32;
      }
    };
    rsshfp.encode = function encode(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsshfp.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf[offset] = record.algorithm;
      offset += 1;
      buf[offset] = record.hash;
      offset += 1;
      const fingerprintBuf = Buffer2.from(record.fingerprint.toUpperCase(), "hex");
      if (fingerprintBuf.length !== rsshfp.getFingerprintLengthForHashType(record.hash)) {
        throw new Error("Invalid fingerprint length");
      }
      fingerprintBuf.copy(buf, offset);
      offset += fingerprintBuf.byteLength;
      rsshfp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rsshfp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rsshfp.encode.bytes = 0;
    rsshfp.decode = function decode(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const record = {};
      offset += 2;
      record.algorithm = buf[offset];
      offset += 1;
      record.hash = buf[offset];
      offset += 1;
      const fingerprintLength = rsshfp.getFingerprintLengthForHashType(record.hash);
      record.fingerprint = buf.slice(offset, offset + fingerprintLength).toString("hex").toUpperCase();
      offset += fingerprintLength;
      rsshfp.decode.bytes = offset - oldOffset;
      return record;
    };
    rsshfp.decode.bytes = 0;
    rsshfp.encodingLength = function(record) {
      return 4 + Buffer2.from(record.fingerprint, "hex").byteLength;
    };
    var rnaptr = exports.naptr = {};
    rnaptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnaptr.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.order || 0, offset);
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      string.encode(data.flags, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.services, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.regexp, buf, offset);
      offset += string.encode.bytes;
      name2.encode(data.replacement, buf, offset);
      offset += name2.encode.bytes;
      rnaptr.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnaptr.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnaptr.encode.bytes = 0;
    rnaptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.order = buf.readUInt16BE(offset);
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.flags = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.services = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.regexp = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.replacement = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      rnaptr.decode.bytes = offset - oldOffset;
      return data;
    };
    rnaptr.decode.bytes = 0;
    rnaptr.encodingLength = function(data) {
      return string.encodingLength(data.flags) + string.encodingLength(data.services) + string.encodingLength(data.regexp) + name2.encodingLength(data.replacement) + 6;
    };
    var rtlsa = exports.tlsa = {};
    rtlsa.encode = function(cert, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rtlsa.encodingLength(cert));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const certdata = cert.certificate;
      if (!Buffer2.isBuffer(certdata)) {
        throw new Error("Certificate must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(cert.usage, offset);
      offset += 1;
      buf.writeUInt8(cert.selector, offset);
      offset += 1;
      buf.writeUInt8(cert.matchingType, offset);
      offset += 1;
      certdata.copy(buf, offset, 0, certdata.length);
      offset += certdata.length;
      rtlsa.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rtlsa.encode.bytes - 2, oldOffset);
      return buf;
    };
    rtlsa.encode.bytes = 0;
    rtlsa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const cert = {};
      const length = buf.readUInt16BE(offset);
      offset += 2;
      cert.usage = buf.readUInt8(offset);
      offset += 1;
      cert.selector = buf.readUInt8(offset);
      offset += 1;
      cert.matchingType = buf.readUInt8(offset);
      offset += 1;
      cert.certificate = buf.slice(offset, oldOffset + length + 2);
      offset += cert.certificate.length;
      rtlsa.decode.bytes = offset - oldOffset;
      return cert;
    };
    rtlsa.decode.bytes = 0;
    rtlsa.encodingLength = function(cert) {
      return 5 + Buffer2.byteLength(cert.certificate);
    };
    var renc = exports.record = function(type) {
      switch (type.toUpperCase()) {
        case "A":
          return ra;
        case "PTR":
          return rptr;
        case "CNAME":
          return rcname;
        case "DNAME":
          return rdname;
        case "TXT":
          return rtxt;
        case "NULL":
          return rnull;
        case "AAAA":
          return raaaa;
        case "SRV":
          return rsrv;
        case "HINFO":
          return rhinfo;
        case "CAA":
          return rcaa;
        case "NS":
          return rns;
        case "SOA":
          return rsoa;
        case "MX":
          return rmx;
        case "OPT":
          return ropt;
        case "DNSKEY":
          return rdnskey;
        case "RRSIG":
          return rrrsig;
        case "RP":
          return rrp;
        case "NSEC":
          return rnsec;
        case "NSEC3":
          return rnsec3;
        case "SSHFP":
          return rsshfp;
        case "DS":
          return rds;
        case "NAPTR":
          return rnaptr;
        case "TLSA":
          return rtlsa;
      }
      return runknown;
    };
    var answer2 = exports.answer = {};
    answer2.encode = function(a, buf, offset) {
      if (!buf) buf = Buffer2.alloc(answer2.encodingLength(a));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name2.encode(a.name, buf, offset);
      offset += name2.encode.bytes;
      buf.writeUInt16BE(types.toType(a.type), offset);
      if (a.type.toUpperCase() === "OPT") {
        if (a.name !== ".") {
          throw new Error("OPT name must be root.");
        }
        buf.writeUInt16BE(a.udpPayloadSize || 4096, offset + 2);
        buf.writeUInt8(a.extendedRcode || 0, offset + 4);
        buf.writeUInt8(a.ednsVersion || 0, offset + 5);
        buf.writeUInt16BE(a.flags || 0, offset + 6);
        offset += 8;
        ropt.encode(a.options || [], buf, offset);
        offset += ropt.encode.bytes;
      } else {
        let klass = classes.toClass(a.class === void 0 ? "IN" : a.class);
        if (a.flush) klass |= FLUSH_MASK;
        buf.writeUInt16BE(klass, offset + 2);
        buf.writeUInt32BE(a.ttl || 0, offset + 4);
        offset += 8;
        const enc = renc(a.type);
        enc.encode(a.data, buf, offset);
        offset += enc.encode.bytes;
      }
      answer2.encode.bytes = offset - oldOffset;
      return buf;
    };
    answer2.encode.bytes = 0;
    answer2.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const a = {};
      const oldOffset = offset;
      a.name = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      a.type = types.toString(buf.readUInt16BE(offset));
      if (a.type === "OPT") {
        a.udpPayloadSize = buf.readUInt16BE(offset + 2);
        a.extendedRcode = buf.readUInt8(offset + 4);
        a.ednsVersion = buf.readUInt8(offset + 5);
        a.flags = buf.readUInt16BE(offset + 6);
        a.flag_do = (a.flags >> 15 & 1) === 1;
        a.options = ropt.decode(buf, offset + 8);
        offset += 8 + ropt.decode.bytes;
      } else {
        const klass = buf.readUInt16BE(offset + 2);
        a.ttl = buf.readUInt32BE(offset + 4);
        a.class = classes.toString(klass & NOT_FLUSH_MASK);
        a.flush = !!(klass & FLUSH_MASK);
        const enc = renc(a.type);
        a.data = enc.decode(buf, offset + 8);
        offset += 8 + enc.decode.bytes;
      }
      answer2.decode.bytes = offset - oldOffset;
      return a;
    };
    answer2.decode.bytes = 0;
    answer2.encodingLength = function(a) {
      const data = a.data !== null && a.data !== void 0 ? a.data : a.options;
      return name2.encodingLength(a.name) + 8 + renc(a.type).encodingLength(data);
    };
    var question = exports.question = {};
    question.encode = function(q, buf, offset) {
      if (!buf) buf = Buffer2.alloc(question.encodingLength(q));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name2.encode(q.name, buf, offset);
      offset += name2.encode.bytes;
      buf.writeUInt16BE(types.toType(q.type), offset);
      offset += 2;
      buf.writeUInt16BE(classes.toClass(q.class === void 0 ? "IN" : q.class), offset);
      offset += 2;
      question.encode.bytes = offset - oldOffset;
      return q;
    };
    question.encode.bytes = 0;
    question.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const q = {};
      q.name = name2.decode(buf, offset);
      offset += name2.decode.bytes;
      q.type = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      q.class = classes.toString(buf.readUInt16BE(offset));
      offset += 2;
      const qu = !!(q.class & QU_MASK);
      if (qu) q.class &= NOT_QU_MASK;
      question.decode.bytes = offset - oldOffset;
      return q;
    };
    question.decode.bytes = 0;
    question.encodingLength = function(q) {
      return name2.encodingLength(q.name) + 4;
    };
    exports.AUTHORITATIVE_ANSWER = 1 << 10;
    exports.TRUNCATED_RESPONSE = 1 << 9;
    exports.RECURSION_DESIRED = 1 << 8;
    exports.RECURSION_AVAILABLE = 1 << 7;
    exports.AUTHENTIC_DATA = 1 << 5;
    exports.CHECKING_DISABLED = 1 << 4;
    exports.DNSSEC_OK = 1 << 15;
    exports.encode = function(result, buf, offset) {
      const allocing = !buf;
      if (allocing) buf = Buffer2.alloc(exports.encodingLength(result));
      if (!offset) offset = 0;
      const oldOffset = offset;
      if (!result.questions) result.questions = [];
      if (!result.answers) result.answers = [];
      if (!result.authorities) result.authorities = [];
      if (!result.additionals) result.additionals = [];
      header.encode(result, buf, offset);
      offset += header.encode.bytes;
      offset = encodeList(result.questions, question, buf, offset);
      offset = encodeList(result.answers, answer2, buf, offset);
      offset = encodeList(result.authorities, answer2, buf, offset);
      offset = encodeList(result.additionals, answer2, buf, offset);
      exports.encode.bytes = offset - oldOffset;
      if (allocing && exports.encode.bytes !== buf.length) {
        return buf.slice(0, exports.encode.bytes);
      }
      return buf;
    };
    exports.encode.bytes = 0;
    exports.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const result = header.decode(buf, offset);
      offset += header.decode.bytes;
      offset = decodeList(result.questions, question, buf, offset);
      offset = decodeList(result.answers, answer2, buf, offset);
      offset = decodeList(result.authorities, answer2, buf, offset);
      offset = decodeList(result.additionals, answer2, buf, offset);
      exports.decode.bytes = offset - oldOffset;
      return result;
    };
    exports.decode.bytes = 0;
    exports.encodingLength = function(result) {
      return header.encodingLength(result) + encodingLengthList(result.questions || [], question) + encodingLengthList(result.answers || [], answer2) + encodingLengthList(result.authorities || [], answer2) + encodingLengthList(result.additionals || [], answer2);
    };
    exports.streamEncode = function(result) {
      const buf = exports.encode(result);
      const sbuf = Buffer2.alloc(2);
      sbuf.writeUInt16BE(buf.byteLength);
      const combine2 = Buffer2.concat([sbuf, buf]);
      exports.streamEncode.bytes = combine2.byteLength;
      return combine2;
    };
    exports.streamEncode.bytes = 0;
    exports.streamDecode = function(sbuf) {
      const len = sbuf.readUInt16BE(0);
      if (sbuf.byteLength < len + 2) {
        return null;
      }
      const result = exports.decode(sbuf.slice(2));
      exports.streamDecode.bytes = exports.decode.bytes;
      return result;
    };
    exports.streamDecode.bytes = 0;
    function encodingLengthList(list, enc) {
      let len = 0;
      for (let i = 0; i < list.length; i++) len += enc.encodingLength(list[i]);
      return len;
    }
    function encodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        enc.encode(list[i], buf, offset);
        offset += enc.encode.bytes;
      }
      return offset;
    }
    function decodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        list[i] = enc.decode(buf, offset);
        offset += enc.decode.bytes;
      }
      return offset;
    }
  }
});

// lazy-builtin:tls
var require_tls = __commonJS({
  "lazy-builtin:tls"(exports, module) {
    module.exports = __require("node:tls");
  }
});

// lazy-builtin:stream
var require_stream = __commonJS({
  "lazy-builtin:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// lazy-builtin:url
var require_url = __commonJS({
  "lazy-builtin:url"(exports, module) {
    module.exports = __require("node:url");
  }
});

// src/cli/output.ts
var UsageError = class extends Error {
  name = "UsageError";
};
var exiting = false;
function finish(text, exitCode) {
  if (exiting) return;
  exiting = true;
  process.exitCode = exitCode;
  if (text === "") {
    process.exit(exitCode);
    return;
  }
  process.stdout.write(text.endsWith("\n") ? text : `${text}
`, () => process.exit(exitCode));
}
var MAX_UNKNOWN_MESSAGE = 1e3;
function unknownLine(message) {
  const oneLine = message.replace(/[\r\n]+/g, " ").replace(/\|/g, "/").replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").trim();
  const bounded = oneLine.length > MAX_UNKNOWN_MESSAGE ? `${oneLine.slice(0, MAX_UNKNOWN_MESSAGE - 103)}...${oneLine.slice(-100)}` : oneLine;
  return `SMTP DANE UNKNOWN - ${bounded}`;
}

// src/probe/dns/resolver-address.ts
var import_node_net = __toESM(require_net(), 1);
var DEFAULT_DNS_PORT = 53;
var ResolverAddressError = class extends Error {
  constructor(code, input, message) {
    super(message);
    this.code = code;
    this.input = input;
  }
  code;
  input;
  name = "ResolverAddressError";
};
function shown(text) {
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}
var EXAMPLES = "e.g. 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353";
function formatResolverAddress({ address, port }) {
  return (0, import_node_net.isIPv6)(address) ? `[${address}]:${port}` : `${address}:${port}`;
}
function parseResolverAddress(text) {
  const split = splitHostPort(text);
  if ((0, import_node_net.isIPv4)(split.host) || (0, import_node_net.isIPv6)(split.host)) {
    if (split.bracketed && !(0, import_node_net.isIPv6)(split.host)) {
      throw new ResolverAddressError("bad-address", text, `resolver "${shown(text)}": brackets are for IPv6 addresses only`);
    }
    if (isUnspecified(split.host)) {
      const message = `resolver "${shown(text)}": the unspecified address names no server`;
      throw new ResolverAddressError("bad-address", text, message);
    }
    return { address: split.host, port: split.port };
  }
  if (!split.bracketed && isHostName(split.host)) {
    throw new ResolverAddressError(
      "hostname",
      text,
      `resolver "${shown(text)}": "${shown(split.host)}" is a host name; give the resolver's IP address (${EXAMPLES})`
    );
  }
  throw new ResolverAddressError("bad-address", text, `resolver "${shown(text)}" is not an IP address (${EXAMPLES})`);
}
function splitHostPort(raw) {
  const text = raw.trim();
  if (text === "") throw new ResolverAddressError("empty", raw, "resolver address is empty");
  if (!/^[\w.:%[\]-]+$/.test(text)) {
    throw new ResolverAddressError("bad-address", raw, `resolver "${shown(raw)}" is not an IP address (${EXAMPLES})`);
  }
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const port = bracketed[2] === void 0 ? DEFAULT_DNS_PORT : parsePort(bracketed[2], raw);
    return { host: bracketed[1] ?? "", port, bracketed: true };
  }
  if (text.startsWith("[")) {
    throw new ResolverAddressError("bad-address", raw, `resolver "${shown(raw)}": malformed bracketed address (${EXAMPLES})`);
  }
  const colons = text.split(":").length - 1;
  if (colons !== 1) return { host: text, port: DEFAULT_DNS_PORT, bracketed: false };
  const at2 = text.indexOf(":");
  return { host: text.slice(0, at2), port: parsePort(text.slice(at2 + 1), raw), bracketed: false };
}
function parsePort(text, raw) {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    const message = `resolver "${shown(raw)}": port "${shown(text)}" is not a number from 1 to 65535`;
    throw new ResolverAddressError("bad-port", raw, message);
  }
  return port;
}
var LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;
function isHostName(text) {
  const name2 = text.endsWith(".") ? text.slice(0, -1) : text;
  if (name2 === "" || name2.length > 253) return false;
  const labels = name2.split(".");
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? "");
}
function isUnspecified(address) {
  return address === "0.0.0.0" || /^[0:]+$/.test(address);
}
function parseResolvConf(text) {
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, "").trim();
    const match = /^nameserver\s+(\S+)/.exec(line);
    if (!match?.[1]) continue;
    try {
      return parseResolverAddress(match[1]);
    } catch {
    }
  }
  return null;
}
function resolverFromEnvironment(env) {
  const value = env["NAMESERVER"]?.trim();
  if (!value) return { kind: "unset" };
  try {
    return { kind: "address", server: parseResolverAddress(value) };
  } catch (error) {
    if (!(error instanceof ResolverAddressError) || error.code !== "hostname") throw error;
    const { host, port } = splitHostPort(value);
    return { kind: "hostname", host: host.replace(/\.$/, "").toLowerCase(), port };
  }
}

// src/real-deps.ts
var import_node_os = __toESM(require_os(), 1);

// src/deps.ts
var systemClock = { now: () => /* @__PURE__ */ new Date() };

// src/probe/dns/extended-errors.ts
var EDE_OPTION_CODE = 15;
var EDE_NAMES = {
  0: "Other Error",
  1: "Unsupported DNSKEY Algorithm",
  2: "Unsupported DS Digest Type",
  3: "Stale Answer",
  4: "Forged Answer",
  5: "DNSSEC Indeterminate",
  6: "DNSSEC Bogus",
  7: "Signature Expired",
  8: "Signature Not Yet Valid",
  9: "DNSKEY Missing",
  10: "RRSIGs Missing",
  11: "No Zone Key Bit Set",
  12: "NSEC Missing",
  13: "Cached Error",
  14: "Not Ready",
  15: "Blocked",
  16: "Censored",
  17: "Filtered",
  18: "Prohibited",
  19: "Stale NXDomain Answer",
  20: "Not Authoritative",
  21: "Not Supported",
  22: "No Reachable Authority",
  23: "Network Error",
  24: "Invalid Data",
  25: "Signature Expired before Valid",
  26: "Too Early",
  27: "Unsupported NSEC3 Iterations Value",
  28: "Unable to conform to policy",
  29: "Synthesized",
  30: "Invalid Query Type"
};
var DNSSEC_FAILURE_EDE_CODES = /* @__PURE__ */ new Set([6, 7, 8, 9, 10, 11, 12]);
function isDnssecFailure(ede) {
  return DNSSEC_FAILURE_EDE_CODES.has(ede.code);
}
function describeEde({ code, text }) {
  const name2 = EDE_NAMES[code];
  return `EDE ${code}${name2 ? ` ${name2}` : ""}${text ? ` (${text})` : ""}`;
}
function decodeEdeOption(data) {
  if (data.length < 2) return null;
  const text = data.subarray(2).toString("utf8").replace(/\0+$/, "");
  return { code: data.readUInt16BE(0), text };
}

// src/probe/dns/names.ts
function normaliseName(name2) {
  const lower = name2.toLowerCase();
  if (lower === "" || lower === ".") return ".";
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}
function nameEncodingProblem(name2) {
  if (name2 === ".") return null;
  if (Buffer.byteLength(name2) > 253) return "name longer than 253 octets";
  for (const label of name2.split(".")) {
    if (label === "") return "empty label";
    if (Buffer.byteLength(label) > 63) return `label "${label.slice(0, 20)}\u2026" longer than 63 octets`;
  }
  return null;
}

// src/probe/dns/memoised-queries.ts
function memoisedQueries(resolve) {
  const answers = /* @__PURE__ */ new Map();
  return (rawName, type, options = {}) => {
    const name2 = normaliseName(rawName);
    const key = `${name2}/${type}`;
    const known = answers.get(key);
    if (known) return known;
    const pending = resolve(name2, type, options.signal);
    answers.set(key, pending);
    void pending.then((evidence) => {
      if (evidence.outcome === "cancelled" && answers.get(key) === pending) answers.delete(key);
    });
    return pending;
  };
}

// src/probe/dns/attempt.ts
function noneIgnored() {
  return { count: 0, lastReason: null };
}
function describeError(error) {
  if (error instanceof Error) {
    const code = error.code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
function judgeMessage(query, message, ignored) {
  const check = query.check(message);
  if (check.kind === "unrelated") {
    ignored.count++;
    ignored.lastReason = check.reason;
    return null;
  }
  return check.kind === "malformed" ? { kind: "malformed", error: check.reason } : { kind: "response", response: check.response };
}

// src/probe/dns/udp-exchange.ts
var import_node_dgram = __toESM(require_dgram(), 1);
var import_node_net2 = __toESM(require_net(), 1);
function udpAttempt(server, query, timeoutMs, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: "cancelled" });
    const socket = (0, import_node_dgram.createSocket)((0, import_node_net2.isIPv6)(server.address) ? "udp6" : "udp4");
    const ignored = noneIgnored();
    let settled = false;
    const finish2 = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      try {
        socket.close();
      } catch {
      }
      resolve(result);
    };
    const onAbort = () => finish2({ kind: "cancelled", ignored });
    const timer = setTimeout(() => finish2({ kind: "timeout", ignored }), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.on("error", (error) => finish2({ kind: "network-error", error: describeError(error) }));
    socket.on("message", (message) => {
      const result = judgeMessage(query, message, ignored);
      if (result) finish2(result);
    });
    socket.connect(server.port, server.address, () => {
      socket.send(query.bytes, (error) => {
        if (error) finish2({ kind: "network-error", error: describeError(error) });
      });
    });
  });
}

// src/probe/dns/tcp-exchange.ts
var import_node_net3 = __toESM(require_net(), 1);
var MAX_TCP_BYTES = 2 * (65535 + 2);
function tcpAttempt(server, query, timeoutMs, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: "cancelled" });
    const socket = (0, import_node_net3.connect)({ host: server.address, port: server.port });
    const ignored = noneIgnored();
    let pending = Buffer.alloc(0);
    let received = 0;
    let settled = false;
    const finish2 = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish2({ kind: "cancelled", ignored });
    const timer = setTimeout(() => finish2({ kind: "timeout", ignored }), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.setNoDelay(true);
    socket.on("connect", () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.bytes.length);
      socket.write(Buffer.concat([prefix, query.bytes]));
    });
    socket.on("error", (error) => finish2({ kind: "network-error", error: describeError(error) }));
    socket.on(
      "close",
      () => finish2({ kind: "network-error", error: "connection closed before a complete response arrived" })
    );
    socket.on("data", (chunk) => {
      received += chunk.length;
      if (received > MAX_TCP_BYTES) {
        return finish2({ kind: "malformed", error: `more than ${MAX_TCP_BYTES} bytes without an answer` });
      }
      pending = Buffer.concat([pending, chunk]);
      while (!settled && pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const result = judgeMessage(query, message, ignored);
        if (result) finish2(result);
      }
    });
  });
}

// src/probe/dns/wire.ts
var import_node_crypto = __toESM(require_crypto(), 1);
var import_dns_packet = __toESM(require_dns_packet(), 1);

// src/probe/dns/answer-section.ts
var MAX_CNAME_HOPS = 16;
function toResourceRecords(answers) {
  const records2 = [];
  for (const answer2 of answers) {
    if (answer2.type === "OPT" || answer2.class !== void 0 && answer2.class !== "IN") continue;
    const data = toRecordData(answer2);
    if (data) records2.push({ name: normaliseName(answer2.name), ttl: answer2.ttl ?? 0, data });
  }
  return records2;
}
function toRecordData(answer2) {
  switch (answer2.type) {
    case "A":
      return { type: "A", address: answer2.data };
    case "AAAA":
      return { type: "AAAA", address: answer2.data.toLowerCase() };
    case "CNAME":
      return { type: "CNAME", target: normaliseName(answer2.data) };
    case "MX":
      return { type: "MX", preference: answer2.data.preference ?? 0, exchange: normaliseName(answer2.data.exchange) };
    case "TLSA": {
      const { usage, selector, matchingType, certificate } = answer2.data;
      return { type: "TLSA", usage, selector, matchingType, data: certificate.toString("hex") };
    }
    default:
      return null;
  }
}
function followCnameChain(qname, type, records2) {
  const cnameChain = [qname];
  let owner = qname;
  let broken = null;
  while (type !== "CNAME") {
    const alias = records2.find((r) => r.name === owner && r.data.type === "CNAME");
    if (!alias || alias.data.type !== "CNAME") break;
    if (cnameChain.includes(alias.data.target)) {
      broken = `CNAME loop: ${owner} points back to ${alias.data.target}`;
      break;
    }
    if (cnameChain.length > MAX_CNAME_HOPS) {
      broken = `CNAME chain from ${qname} longer than ${MAX_CNAME_HOPS} hops`;
      break;
    }
    owner = alias.data.target;
    cnameChain.push(owner);
  }
  return { cnameChain, records: records2.filter((r) => r.name === owner && r.data.type === type), broken };
}

// src/probe/dns/rcodes.ts
var RCODE_NAMES = {
  0: "NOERROR",
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
  6: "YXDOMAIN",
  7: "YXRRSET",
  8: "NXRRSET",
  9: "NOTAUTH",
  10: "NOTZONE",
  11: "DSOTYPENI",
  16: "BADVERS",
  23: "BADCOOKIE"
};
function rcodeName(code) {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

// src/probe/dns/wire.ts
var EDNS_UDP_PAYLOAD_SIZE = 1232;
var QueryEncodingError = class extends Error {
  name = "QueryEncodingError";
};
function buildQuery(name2, type, options = {}) {
  const qname = normaliseName(name2);
  const problem = nameEncodingProblem(qname);
  if (problem) throw new QueryEncodingError(`cannot ask for "${qname}": ${problem}`);
  const checkingDisabled = options.checkingDisabled ?? false;
  const { id, bytes: bytes2 } = encodeQuery(qname, type, checkingDisabled);
  return { id, name: qname, type, checkingDisabled, bytes: bytes2 };
}
function encodeQuery(qname, type, checkingDisabled) {
  const id = (0, import_node_crypto.randomInt)(0, 65536);
  const opt = {
    type: "OPT",
    name: ".",
    udpPayloadSize: EDNS_UDP_PAYLOAD_SIZE,
    extendedRcode: 0,
    ednsVersion: 0,
    flags: import_dns_packet.default.DNSSEC_OK,
    flag_do: true,
    options: []
  };
  const bytes2 = import_dns_packet.default.encode({
    type: "query",
    id,
    flags: import_dns_packet.default.RECURSION_DESIRED | (checkingDisabled ? import_dns_packet.default.CHECKING_DISABLED : 0),
    questions: [{ type, class: "IN", name: qname }],
    additionals: [opt]
  });
  return { id, bytes: bytes2 };
}
var HEADER_BYTES = 12;
function checkResponse(query, bytes2) {
  if (bytes2.length < HEADER_BYTES) return { kind: "unrelated", reason: `${bytes2.length}-byte datagram` };
  const id = bytes2.readUInt16BE(0);
  if (id !== query.id) return { kind: "unrelated", reason: `id ${id} instead of ${query.id}` };
  if ((bytes2[2] & 128) === 0) return { kind: "unrelated", reason: "a query, not a response" };
  let packet;
  try {
    packet = import_dns_packet.default.decode(bytes2);
  } catch (error) {
    return { kind: "malformed", reason: `undecodable response: ${error instanceof Error ? error.message : error}` };
  }
  const question = packet.questions?.[0];
  if (packet.questions?.length !== 1 || !question) {
    return { kind: "unrelated", reason: `${packet.questions?.length ?? 0} questions in the response` };
  }
  const name2 = normaliseName(question.name);
  if (name2 !== query.name || question.type !== query.type) {
    return { kind: "unrelated", reason: `answers ${name2}/${question.type}, not ${query.name}/${query.type}` };
  }
  return { kind: "response", response: interpret(query, packet) };
}
function interpret(query, packet) {
  const opt = (packet.additionals ?? []).find((a) => a.type === "OPT");
  const rcode = ((opt?.extendedRcode ?? 0) << 4 | (packet.flags ?? 0) & 15) >>> 0;
  const ede = (opt?.options ?? []).filter((o) => o.code === EDE_OPTION_CODE && o.data).map((o) => decodeEdeOption(o.data)).filter((e) => e !== null);
  const { cnameChain, records: records2, broken } = followCnameChain(query.name, query.type, toResourceRecords(packet.answers ?? []));
  return { rcode: rcodeName(rcode), ad: packet.flag_ad, tc: packet.flag_tc, ede, cnameChain, records: records2, cnameProblem: broken };
}

// src/probe/dns/transport.ts
function exchange(request) {
  return exchangeMessage(request, { bytes: request.query.bytes, check: (message) => checkResponse(request.query, message) });
}
async function exchangeMessage(request, query) {
  const started = performance.now();
  const done = (result2) => ({
    ...result2,
    elapsedMs: Math.round(performance.now() - started)
  });
  let attempts = 0;
  let truncated = false;
  if (!request.tcp) {
    const udp = await withRetries(udpAttempt, request, query);
    attempts += udp.attempts;
    if (udp.result.kind !== "response") return done(failure(udp, "UDP", request, attempts));
    if (!udp.result.response.tc) return done(answer(udp.result.response, "udp", attempts));
    truncated = true;
  }
  const tcp = await withRetries(tcpAttempt, request, query);
  attempts += tcp.attempts;
  if (tcp.result.kind === "response") return done(answer(tcp.result.response, "tcp", attempts));
  const result = failure(tcp, "TCP", request, attempts);
  if (truncated && result.error) result.error = `UDP answer truncated, TCP fallback failed: ${result.error}`;
  return done(result);
}
async function withRetries(attempt, request, query) {
  const seen = { result: { kind: "cancelled" }, attempts: 0, timeouts: 0, ignored: noneIgnored() };
  for (; ; ) {
    if (request.signal?.aborted) return { ...seen, result: { kind: "cancelled" } };
    seen.attempts++;
    const result = await attempt(request.server, query, request.timeoutMs, request.signal).catch(
      (error) => ({ kind: "network-error", error: describeError(error) })
    );
    seen.result = result;
    if (result.kind === "timeout") seen.timeouts++;
    const ignored = result.kind === "timeout" || result.kind === "cancelled" ? result.ignored : void 0;
    if (ignored?.count) {
      seen.ignored.count += ignored.count;
      seen.ignored.lastReason = ignored.lastReason;
    }
    const retryable = result.kind === "timeout" || result.kind === "network-error";
    if (!retryable || seen.attempts > request.retries) return seen;
  }
}
function answer(response, transport, attempts) {
  return { outcome: "answer", error: null, response, transport, attempts };
}
function failure(retried, transport, request, attempts) {
  const result = retried.result;
  const server = formatResolverAddress(request.server);
  const ms = Math.round(request.timeoutMs);
  const tries = `${retried.attempts} attempt${retried.attempts === 1 ? "" : "s"} over ${transport}`;
  const { count, lastReason } = retried.ignored;
  const noise = count ? `; ignored ${count} unrelated message${count === 1 ? "" : "s"} (last: ${lastReason})` : "";
  const base = { response: null, transport: null, attempts };
  switch (result.kind) {
    case "timeout": {
      const error = `no answer from ${server} within ${ms} ms (${tries})${noise}`;
      return { ...base, outcome: "timeout", error };
    }
    case "network-error":
      return { ...base, outcome: "network-error", error: `${server}: ${result.error} (${tries})` };
    case "malformed":
      return { ...base, outcome: "malformed", error: `${server}: ${result.error}` };
    case "cancelled": {
      const t = retried.timeouts;
      const earlier = t ? `; ${t} timed out after ${ms} ms${t === 1 ? "" : " each"}` : "";
      const error = `no answer from ${server} before the check was cut short (${tries})${earlier}${noise}`;
      return { ...base, outcome: "cancelled", error };
    }
  }
}

// src/probe/dns/resolver.ts
function createResolver(options) {
  const stats = { queries: 0, byType: {} };
  const count = (label) => {
    stats.queries++;
    stats.byType[label] = (stats.byType[label] ?? 0) + 1;
  };
  const ask = async (name2, type, checkingDisabled, signal) => {
    let query;
    try {
      query = buildQuery(name2, type, { checkingDisabled });
    } catch (error) {
      if (!(error instanceof QueryEncodingError)) throw error;
      return unsent(error.message);
    }
    count(checkingDisabled ? `${type}+CD` : type);
    const { server, timeoutMs, retries, tcp } = options;
    return exchange({ server, query, timeoutMs, retries, tcp, signal });
  };
  async function resolve(name2, type, signal) {
    const started = performance.now();
    const main = await ask(name2, type, false, signal);
    let checkingDisabledRcode = null;
    let unvalidated = null;
    const response = main.response;
    if (response?.rcode === "SERVFAIL") {
      const cd = await ask(name2, type, true, signal);
      if (!response.ede.some(isDnssecFailure)) checkingDisabledRcode = cd.response?.rcode ?? null;
      if (cd.response) unvalidated = { cnameChain: cd.response.cnameChain, records: cd.response.records };
    }
    const broken = response?.cnameProblem ?? null;
    return {
      question: { name: name2, type },
      server: formatResolverAddress(options.server),
      outcome: broken ? "malformed" : main.outcome,
      error: broken ? `${formatResolverAddress(options.server)}: ${broken}` : main.error,
      rcode: response?.rcode ?? null,
      ad: response?.ad ?? false,
      transport: main.transport,
      ede: response?.ede ?? [],
      cnameChain: response?.cnameChain ?? [name2],
      records: response?.records ?? [],
      checkingDisabledRcode,
      unvalidated,
      // attempts of the question itself; elapsed time includes the CD follow-up
      attempts: main.attempts,
      elapsedMs: Math.round(performance.now() - started)
    };
  }
  return {
    query: memoisedQueries(resolve),
    stats: () => ({ queries: stats.queries, byType: { ...stats.byType } })
  };
}
function unsent(error) {
  return { outcome: "malformed", error, response: null, transport: null, attempts: 0, elapsedMs: 0 };
}

// src/probe/dns/validating-resolver.ts
var import_dns_packet2 = __toESM(require_dns_packet(), 1);

// src/verdict/dnssec/dns-name.ts
var ROOT = [];
function lowerCopy(bytes2, start, end) {
  const out = Buffer.allocUnsafe(end - start);
  lowerInto(bytes2, start, end, out, 0);
  return out;
}
function lowerInto(bytes2, start, end, out, at2) {
  for (let i = start; i < end; i++) {
    const byte = bytes2[i];
    out[at2 + i - start] = byte >= 65 && byte <= 90 ? byte + 32 : byte;
  }
}
function parseName(text) {
  if (text === "" || text === ".") return ROOT;
  const labels = [];
  let current = [];
  let i = 0;
  const source = Buffer.from(text, "utf8");
  const endLabel = () => {
    if (current.length === 0) throw new Error(`empty label in "${text}"`);
    if (current.length > 63) throw new Error(`label longer than 63 octets in "${text}"`);
    labels.push(lowerCopy(current, 0, current.length));
    current = [];
  };
  while (i < source.length) {
    const byte = source[i];
    if (byte === 92) {
      const digits = source.subarray(i + 1, i + 4).toString("latin1");
      if (/^[0-9]{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255) throw new Error(`escape \\${digits} out of range in "${text}"`);
        current.push(value);
        i += 4;
      } else if (i + 1 < source.length) {
        current.push(source[i + 1]);
        i += 2;
      } else {
        throw new Error(`dangling backslash in "${text}"`);
      }
    } else if (byte === 46) {
      endLabel();
      i++;
      if (i === source.length) return labels;
    } else {
      current.push(byte);
      i++;
    }
  }
  endLabel();
  return labels;
}
var SPECIAL = /* @__PURE__ */ new Set([46, 92, 34, 40, 41, 59]);
function isPlainByte(byte) {
  return byte > 32 && byte < 127 && !SPECIAL.has(byte);
}
function labelText(label) {
  if (label.every(isPlainByte)) return label.toString("latin1");
  let out = "";
  for (const byte of label) {
    if (isPlainByte(byte)) out += String.fromCharCode(byte);
    else if (SPECIAL.has(byte)) out += `\\${String.fromCharCode(byte)}`;
    else out += `\\${byte.toString().padStart(3, "0")}`;
  }
  return out;
}
function nameText(name2) {
  return name2.length === 0 ? "." : name2.map(labelText).join(".");
}
function nameWire(name2) {
  const out = Buffer.allocUnsafe(nameWireLength(name2));
  writeNameWire(name2, out, 0);
  return out;
}
function nameWireLength(name2) {
  let length = 1;
  for (const label of name2) length += 1 + label.length;
  return length;
}
function writeNameWire(name2, out, offset) {
  for (const label of name2) {
    out[offset++] = label.length;
    out.set(label, offset);
    offset += label.length;
  }
  out[offset++] = 0;
  return offset;
}
function nameEquals(a, b) {
  return a.length === b.length && a.every((label, i) => label.equals(b[i]));
}
function isAtOrBelow(name2, ancestor) {
  if (name2.length < ancestor.length) return false;
  const offset = name2.length - ancestor.length;
  return ancestor.every((label, i) => label.equals(name2[offset + i]));
}
function isBelow(name2, ancestor) {
  return name2.length > ancestor.length && isAtOrBelow(name2, ancestor);
}
function parentOf(name2) {
  return name2.slice(1);
}
function suffixOf(name2, count) {
  return name2.slice(name2.length - count);
}
var STAR = Buffer.from("*");
function isWildcard(name2) {
  return name2.length > 0 && name2[0].equals(STAR);
}
function wildcardOf(name2) {
  return [STAR, ...name2];
}
function signatureLabelCount(name2) {
  return isWildcard(name2) ? name2.length - 1 : name2.length;
}
function commonAncestor(a, b) {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[a.length - 1 - shared].equals(b[b.length - 1 - shared])) shared++;
  return suffixOf(a, shared);
}
function compareNames(a, b) {
  const shared = Math.min(a.length, b.length);
  for (let i = 1; i <= shared; i++) {
    const order = Buffer.compare(a[a.length - i], b[b.length - i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
function namesBetween(top, name2) {
  const out = [];
  for (let length = top.length + 1; length <= name2.length; length++) out.push(suffixOf(name2, length));
  return out;
}

// src/verdict/dnssec/rr-types.ts
var RR_TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52
};
var NAMES = new Map(Object.entries(RR_TYPE).map(([name2, code]) => [code, name2]));
function typeName(code) {
  return NAMES.get(code) ?? `TYPE${code}`;
}
function typeCode(name2) {
  const known = RR_TYPE[name2.toUpperCase()];
  if (known !== void 0) return known;
  const generic = /^TYPE([0-9]{1,5})$/i.exec(name2);
  if (generic && Number(generic[1]) <= 65535) return Number(generic[1]);
  throw new Error(`unknown RR type ${name2}`);
}

// src/verdict/dnssec/wire-record.ts
function recordWireLength(record) {
  return record.ownerWire.length + 10 + record.rdata.length;
}
function writeRecordWire(out, view, offset, record) {
  out.set(record.ownerWire, offset);
  offset += record.ownerWire.length;
  view.setUint16(offset, record.type);
  view.setUint16(offset + 2, record.class);
  view.setUint32(offset + 4, record.ttl);
  view.setUint16(offset + 8, record.rdata.length);
  out.set(record.rdata, offset + 10);
  return offset + 10 + record.rdata.length;
}
function dataViewOf(bytes2) {
  return new DataView(bytes2.buffer, bytes2.byteOffset, bytes2.byteLength);
}
function groupRrsets(records2) {
  const sets = [];
  for (const record of records2) {
    const found = sets.find((s) => s.type === record.type && s.class === record.class && nameEquals(s.owner, record.owner));
    if (!found) {
      sets.push({ owner: record.owner, type: record.type, class: record.class, ttl: record.ttl, rdatas: [record.rdata] });
    } else if (!found.rdatas.some((r) => r.equals(record.rdata))) {
      found.rdatas.push(record.rdata);
      found.ttl = Math.min(found.ttl, record.ttl);
    }
  }
  return sets;
}
function rrsetLabel(owner, type) {
  return `${nameText(owner)}/${typeName(type)}`;
}

// src/verdict/dnssec/dnssec-rdata.ts
var RdataFormatError = class extends Error {
  name = "RdataFormatError";
};
var DNSKEY_ZONE_KEY = 256;
var NSEC3_OPT_OUT = 1;
function need(rdata, length, what) {
  if (rdata.length < length) throw new RdataFormatError(`${what} RDATA of ${rdata.length} octets is too short`);
}
function readName(rdata, offset, what) {
  const labels = [];
  let position = offset;
  for (; ; ) {
    if (position >= rdata.length) throw new RdataFormatError(`${what}: name runs past the RDATA`);
    const length = rdata[position];
    if (length === 0) return { name: labels, end: position + 1 };
    if (length > 63) throw new RdataFormatError(`${what}: compressed or invalid label`);
    if (position + 1 + length > rdata.length) throw new RdataFormatError(`${what}: name runs past the RDATA`);
    labels.push(lowerCopy(rdata, position + 1, position + 1 + length));
    position += 1 + length;
  }
}
function readTypeBitmap(bitmap) {
  const types = /* @__PURE__ */ new Set();
  let offset = 0;
  let lastWindow = -1;
  while (offset < bitmap.length) {
    if (offset + 2 > bitmap.length) throw new RdataFormatError("type bitmap: truncated window header");
    const window = bitmap[offset];
    const length = bitmap[offset + 1];
    if (window <= lastWindow || length === 0 || length > 32 || offset + 2 + length > bitmap.length) {
      throw new RdataFormatError("type bitmap: malformed window");
    }
    lastWindow = window;
    for (let i = 0; i < length; i++) {
      const byte = bitmap[offset + 2 + i];
      for (let bit = 0; bit < 8; bit++) if (byte & 128 >> bit) types.add(window * 256 + i * 8 + bit);
    }
    offset += 2 + length;
  }
  return types;
}
function readDnskey(rdata) {
  need(rdata, 4, "DNSKEY");
  return { flags: rdata.readUInt16BE(0), protocol: rdata[2], algorithm: rdata[3], publicKey: rdata.subarray(4) };
}
function readRrsig(rdata) {
  need(rdata, 19, "RRSIG");
  const { name: signer, end } = readName(rdata, 18, "RRSIG signer");
  return {
    typeCovered: rdata.readUInt16BE(0),
    algorithm: rdata[2],
    labels: rdata[3],
    originalTtl: rdata.readUInt32BE(4),
    expiration: rdata.readUInt32BE(8),
    inception: rdata.readUInt32BE(12),
    keyTag: rdata.readUInt16BE(16),
    signer,
    signature: rdata.subarray(end),
    signedPrefix: rdata.subarray(0, end)
  };
}
function readDs(rdata) {
  need(rdata, 4, "DS");
  return { keyTag: rdata.readUInt16BE(0), algorithm: rdata[2], digestType: rdata[3], digest: rdata.subarray(4) };
}
function readNsec(rdata) {
  const { name: name2, end } = readName(rdata, 0, "NSEC next name");
  return { next: name2, types: readTypeBitmap(rdata.subarray(end)) };
}
function readNsec3(rdata) {
  need(rdata, 5, "NSEC3");
  const saltLength = rdata[4];
  need(rdata, 6 + saltLength, "NSEC3");
  const hashLength = rdata[5 + saltLength];
  const hashStart = 6 + saltLength;
  need(rdata, hashStart + hashLength, "NSEC3");
  return {
    hashAlgorithm: rdata[0],
    flags: rdata[1],
    iterations: rdata.readUInt16BE(2),
    salt: rdata.subarray(5, 5 + saltLength),
    nextHash: rdata.subarray(hashStart, hashStart + hashLength),
    types: readTypeBitmap(rdata.subarray(hashStart + hashLength))
  };
}

// src/verdict/dnssec/nsec-denial.ts
var has = (nsec, type) => nsec.data.types.has(type);
function blocksDescendants(nsec) {
  return has(nsec, RR_TYPE.NS) && !has(nsec, RR_TYPE.SOA) || has(nsec, RR_TYPE.DNAME);
}
function nsecCovers(nsec, name2) {
  if (compareNames(nsec.owner, name2) >= 0) return false;
  if (isBelow(name2, nsec.owner) && blocksDescendants(nsec)) return false;
  const wraps = compareNames(nsec.data.next, nsec.owner) <= 0;
  return wraps || compareNames(name2, nsec.data.next) < 0;
}
function matching(records2, name2) {
  return records2.find((n) => nameEquals(n.owner, name2));
}
function covering(records2, name2) {
  return records2.find((n) => nsecCovers(n, name2));
}
function nsecClosestEncloser(nsec, name2) {
  const byOwner = commonAncestor(name2, nsec.owner);
  const byNext = commonAncestor(name2, nsec.data.next);
  return byOwner.length >= byNext.length ? byOwner : byNext;
}
function provesEmptyNonTerminal(nsec, name2) {
  return nsecCovers(nsec, name2) && isBelow(nsec.data.next, name2);
}
function nsecProvesNxdomain(records2, qname) {
  if (matching(records2, qname)) return { kind: "unproven", reason: `an NSEC at ${nameText(qname)} shows the name exists` };
  const cover = covering(records2, qname);
  if (!cover) return { kind: "unproven", reason: `no NSEC covers ${nameText(qname)}` };
  if (isBelow(cover.data.next, qname)) return { kind: "unproven", reason: `${nameText(qname)} is an empty non-terminal, not a missing name` };
  const wildcard = wildcardOf(nsecClosestEncloser(cover, qname));
  if (matching(records2, wildcard)) return { kind: "unproven", reason: `the wildcard ${nameText(wildcard)} exists` };
  if (!covering(records2, wildcard)) return { kind: "unproven", reason: `no NSEC proves the wildcard ${nameText(wildcard)} absent` };
  return { kind: "proven" };
}
function nsecProvesNodata(records2, qname, qtype) {
  const exact = matching(records2, qname);
  if (exact) {
    if (has(exact, qtype) || has(exact, RR_TYPE.CNAME)) return { kind: "unproven", reason: `the NSEC at ${nameText(qname)} lists ${has(exact, qtype) ? typeName(qtype) : "CNAME"}` };
    if (qtype !== RR_TYPE.DS && has(exact, RR_TYPE.NS) && !has(exact, RR_TYPE.SOA)) {
      return { kind: "unproven", reason: `the NSEC at ${nameText(qname)} is the parent side of a delegation` };
    }
    if (qtype === RR_TYPE.DS && has(exact, RR_TYPE.SOA) && qname.length > 0) {
      return { kind: "unproven", reason: `the NSEC at ${nameText(qname)} is from the child zone, not the parent` };
    }
    return { kind: "proven" };
  }
  const cover = covering(records2, qname);
  if (!cover) return { kind: "unproven", reason: `no NSEC at or covering ${nameText(qname)}` };
  if (provesEmptyNonTerminal(cover, qname)) return { kind: "proven" };
  const wildcard = wildcardOf(nsecClosestEncloser(cover, qname));
  const source = matching(records2, wildcard);
  if (!source) return { kind: "unproven", reason: `no NSEC at ${nameText(qname)} or at the wildcard ${nameText(wildcard)}` };
  if (has(source, qtype) || has(source, RR_TYPE.CNAME)) return { kind: "unproven", reason: `the NSEC at ${nameText(wildcard)} lists ${typeName(qtype)}` };
  return { kind: "proven" };
}
function nsecProvesNoCloserMatch(records2, qname, encloser) {
  const cover = covering(records2, qname);
  if (!cover) return { kind: "unproven", reason: `no NSEC proves ${nameText(qname)} absent, so the wildcard could not apply` };
  if (nsecClosestEncloser(cover, qname).length > encloser.length) {
    return { kind: "unproven", reason: `a name closer than ${nameText(encloser)} exists, so the wildcard could not apply` };
  }
  return { kind: "proven" };
}
function nsecDelegation(records2, name2) {
  const exact = matching(records2, name2);
  if (exact) {
    if (has(exact, RR_TYPE.DS)) return { kind: "unproven", reason: `the NSEC at ${nameText(name2)} lists DS` };
    if (has(exact, RR_TYPE.SOA)) return { kind: "unproven", reason: `the NSEC at ${nameText(name2)} is from the child zone, not the parent` };
    return has(exact, RR_TYPE.NS) ? { kind: "insecure-delegation" } : { kind: "no-cut" };
  }
  const cover = covering(records2, name2);
  if (!cover) return { kind: "unproven", reason: `no NSEC at or covering ${nameText(name2)}` };
  return provesEmptyNonTerminal(cover, name2) ? { kind: "no-cut" } : { kind: "nonexistent" };
}

// src/verdict/dnssec/findings.ts
function finding(code, zone, rrset, detail) {
  return { code, zone: nameText(zone), rrset, detail };
}
var RANK = ["bogus", "indeterminate", "insecure", "secure"];
function worseOf(a, b) {
  return RANK.indexOf(a) <= RANK.indexOf(b) ? a : b;
}
function describeFinding(f) {
  return `${f.code} at ${f.zone} (${f.rrset}): ${f.detail}`;
}

// src/verdict/dnssec/nsec3-hash.ts
var import_node_crypto2 = __toESM(require_crypto(), 1);
var NSEC3_SHA1 = 1;
function nsec3Hash(name2, salt, iterations) {
  let digest = (0, import_node_crypto2.createHash)("sha1").update(nameWire(name2)).update(salt).digest();
  for (let i = 0; i < iterations; i++) digest = (0, import_node_crypto2.createHash)("sha1").update(digest).update(salt).digest();
  return digest;
}
var ALPHABET = "0123456789abcdefghijklmnopqrstuv";
function base32hexDecode(label) {
  const text = label.toLowerCase();
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5 | value) & 65535;
    bits += 5;
    if (bits >= 8) {
      out.push(buffer >>> bits - 8 & 255);
      bits -= 8;
    }
  }
  if (bits >= 5 || (buffer & (1 << bits) - 1) !== 0) return null;
  return Buffer.from(out);
}

// src/verdict/dnssec/nsec3-denial.ts
var MAX_NSEC3_ITERATIONS = 150;
function usableNsec3(zone, records2) {
  const usable = [];
  for (const r of records2) {
    if (r.owner.length !== zone.length + 1 || !isBelow(r.owner, zone)) continue;
    if (r.data.hashAlgorithm !== NSEC3_SHA1 || (r.data.flags & ~NSEC3_OPT_OUT) !== 0) continue;
    const hash = base32hexDecode(r.owner[0].toString("latin1"));
    if (!hash || hash.length !== r.data.nextHash.length) continue;
    usable.push({ ...r, hash });
  }
  const label = records2[0] ? rrsetLabel(records2[0].owner, RR_TYPE.NSEC3) : `${nameText(zone)}/NSEC3`;
  if (usable.length === 0) {
    return { kind: "insecure", finding: finding("DNSSEC_UNSUPPORTED_ALGORITHM", zone, label, "no NSEC3 record with a hash algorithm and flags this validator knows") };
  }
  const costly = usable.find((r) => r.data.iterations > MAX_NSEC3_ITERATIONS);
  if (costly) {
    return {
      kind: "insecure",
      finding: finding("DNSSEC_NSEC3_ITERATIONS_TOO_HIGH", zone, rrsetLabel(costly.owner, RR_TYPE.NSEC3), `${costly.data.iterations} iterations, more than ${MAX_NSEC3_ITERATIONS}: the denial is not checked and the answer counts as unsigned`)
    };
  }
  return { kind: "usable", zone, records: usable };
}
var has2 = (r, type) => r.data.types.has(type);
function hashFor(r, name2) {
  return nsec3Hash(name2, r.data.salt, r.data.iterations);
}
function matching2(set, name2) {
  return set.find((r) => hashFor(r, name2).equals(r.hash));
}
function covering2(set, name2) {
  return set.find((r) => {
    const h = hashFor(r, name2);
    const afterOwner = Buffer.compare(h, r.hash) > 0;
    const beforeNext = Buffer.compare(h, r.data.nextHash) < 0;
    return Buffer.compare(r.data.nextHash, r.hash) <= 0 ? afterOwner || beforeNext : afterOwner && beforeNext;
  });
}
function closestEncloserProof(set, zone, qname) {
  for (let length = qname.length - 1; length >= zone.length; length--) {
    const candidate = suffixOf(qname, length);
    const match = matching2(set, candidate);
    if (!match) continue;
    if (has2(match, RR_TYPE.NS) && !has2(match, RR_TYPE.SOA) || has2(match, RR_TYPE.DNAME)) {
      return `the closest encloser ${nameText(candidate)} is a delegation or DNAME`;
    }
    const nextCloser = suffixOf(qname, length + 1);
    const cover = covering2(set, nextCloser);
    if (!cover) return `no NSEC3 covers the next closer name ${nameText(nextCloser)}`;
    return { encloser: candidate, nextCloser, nextCloserCover: cover };
  }
  return `no NSEC3 matches an ancestor of ${nameText(qname)}`;
}
var optOut = (r) => (r.data.flags & NSEC3_OPT_OUT) !== 0;
function optOutInsecure(zone, cover, name2) {
  const detail = `the opt-out NSEC3 covering ${nameText(name2)} allows an unsigned delegation there`;
  return { kind: "insecure", finding: finding("DNSSEC_NSEC3_OPT_OUT", zone, rrsetLabel(cover.owner, RR_TYPE.NSEC3), detail) };
}
function nsec3ProvesNxdomain(set, qname) {
  if (matching2(set.records, qname)) return { kind: "unproven", reason: `an NSEC3 matches ${nameText(qname)}: the name exists` };
  const proof = closestEncloserProof(set.records, set.zone, qname);
  if (typeof proof === "string") return { kind: "unproven", reason: proof };
  const wildcard = wildcardOf(proof.encloser);
  if (!covering2(set.records, wildcard)) return { kind: "unproven", reason: `no NSEC3 covers the wildcard ${nameText(wildcard)}` };
  if (optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
  return { kind: "proven" };
}
function nsec3ProvesNodata(set, qname, qtype) {
  const exact = matching2(set.records, qname);
  if (exact) {
    if (has2(exact, qtype) || has2(exact, RR_TYPE.CNAME)) return { kind: "unproven", reason: `the NSEC3 of ${nameText(qname)} lists ${has2(exact, qtype) ? typeName(qtype) : "CNAME"}` };
    if (qtype !== RR_TYPE.DS && has2(exact, RR_TYPE.NS) && !has2(exact, RR_TYPE.SOA)) {
      return { kind: "unproven", reason: `the NSEC3 of ${nameText(qname)} is the parent side of a delegation` };
    }
    return { kind: "proven" };
  }
  const proof = closestEncloserProof(set.records, set.zone, qname);
  if (typeof proof === "string") return { kind: "unproven", reason: `no NSEC3 matches ${nameText(qname)} (${proof})` };
  const wildcard = wildcardOf(proof.encloser);
  const source = matching2(set.records, wildcard);
  if (!source) {
    if (qtype === RR_TYPE.DS && optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
    return { kind: "unproven", reason: `no NSEC3 matches ${nameText(qname)} or the wildcard ${nameText(wildcard)}` };
  }
  if (has2(source, qtype) || has2(source, RR_TYPE.CNAME)) return { kind: "unproven", reason: `the NSEC3 of ${nameText(wildcard)} lists ${typeName(qtype)}` };
  return { kind: "proven" };
}
function nsec3ProvesNoCloserMatch(set, qname, encloser) {
  const nextCloser = suffixOf(qname, encloser.length + 1);
  const cover = covering2(set.records, nextCloser);
  if (!cover) return { kind: "unproven", reason: `no NSEC3 covers the next closer name ${nameText(nextCloser)}` };
  if (optOut(cover)) return optOutInsecure(set.zone, cover, nextCloser);
  return { kind: "proven" };
}
function nsec3Delegation(set, name2) {
  const exact = matching2(set.records, name2);
  if (exact) {
    if (has2(exact, RR_TYPE.DS)) return { kind: "unproven", reason: `the NSEC3 of ${nameText(name2)} lists DS` };
    if (has2(exact, RR_TYPE.SOA)) return { kind: "unproven", reason: `the NSEC3 of ${nameText(name2)} is from the child zone, not the parent` };
    return has2(exact, RR_TYPE.NS) ? { kind: "insecure-delegation" } : { kind: "no-cut" };
  }
  const proof = closestEncloserProof(set.records, set.zone, name2);
  if (typeof proof === "string") return { kind: "unproven", reason: proof };
  if (optOut(proof.nextCloserCover)) return optOutInsecure(set.zone, proof.nextCloserCover, proof.nextCloser);
  return { kind: "nonexistent" };
}

// src/verdict/dnssec/canonical-form.ts
function canonicalRdataOrder(rdatas) {
  const sorted = [...rdatas].sort(Buffer.compare);
  return sorted.filter((rdata, i) => i === 0 || !rdata.equals(sorted[i - 1]));
}
function signedOwner(owner, labels) {
  return labels < owner.length ? wildcardOf(suffixOf(owner, labels)) : owner;
}
function signatureInput(rrsig, rrset) {
  const ownerWire = nameWire(signedOwner(rrset.owner, rrsig.labels));
  const records2 = canonicalRdataOrder(rrset.rdatas).map((rdata) => ({ ownerWire, type: rrset.type, class: rrset.class, ttl: rrsig.originalTtl, rdata }));
  const out = Buffer.allocUnsafe(records2.reduce((size, r) => size + recordWireLength(r), rrsig.signedPrefix.length));
  const view = dataViewOf(out);
  out.set(rrsig.signedPrefix, 0);
  records2.reduce((offset, r) => writeRecordWire(out, view, offset, r), rrsig.signedPrefix.length);
  return out;
}

// src/verdict/dnssec/signature-algorithms.ts
var import_node_crypto3 = __toESM(require_crypto(), 1);
var ALGORITHM_NAMES = {
  1: "RSAMD5",
  3: "DSA",
  5: "RSASHA1",
  6: "DSA-NSEC3-SHA1",
  7: "RSASHA1-NSEC3-SHA1",
  8: "RSASHA256",
  10: "RSASHA512",
  12: "ECC-GOST",
  13: "ECDSAP256SHA256",
  14: "ECDSAP384SHA384",
  15: "ED25519",
  16: "ED448",
  17: "SM2SM3",
  23: "ECC-GOST12"
};
function algorithmName(algorithm) {
  return ALGORITHM_NAMES[algorithm] ?? `algorithm ${algorithm}`;
}
var SUPPORTED = {
  8: { kind: "rsa", hash: "sha256" },
  // RFC 5702 §3
  10: { kind: "rsa", hash: "sha512" },
  // RFC 5702 §3
  13: { kind: "ecdsa", hash: "sha256", curve: "P-256", size: 32 },
  // RFC 6605 §4
  14: { kind: "ecdsa", hash: "sha384", curve: "P-384", size: 48 },
  // RFC 6605 §4
  15: { kind: "eddsa", curve: "Ed25519", size: 32 },
  // RFC 8080 §3
  16: { kind: "eddsa", curve: "Ed448", size: 57 }
  // RFC 8080 §3
};
function isSupportedAlgorithm(algorithm) {
  return Object.hasOwn(SUPPORTED, algorithm);
}
var b64url = (bytes2) => bytes2.toString("base64url");
function rsaKey(publicKey) {
  if (publicKey.length < 3) return null;
  let offset = 1;
  let exponentLength = publicKey[0];
  if (exponentLength === 0) {
    exponentLength = publicKey.readUInt16BE(1);
    offset = 3;
  }
  const exponent = publicKey.subarray(offset, offset + exponentLength);
  let modulus = publicKey.subarray(offset + exponentLength);
  while (modulus.length > 0 && modulus[0] === 0) modulus = modulus.subarray(1);
  if (exponent.length === 0 || modulus.length < 64 || modulus.length > 512) return null;
  return (0, import_node_crypto3.createPublicKey)({ key: { kty: "RSA", n: b64url(modulus), e: b64url(exponent) }, format: "jwk" });
}
function publicKeyObject(family, publicKey) {
  switch (family.kind) {
    case "rsa":
      return rsaKey(publicKey);
    case "ecdsa": {
      if (publicKey.length !== 2 * family.size) return null;
      const x = publicKey.subarray(0, family.size);
      const y = publicKey.subarray(family.size);
      return (0, import_node_crypto3.createPublicKey)({ key: { kty: "EC", crv: family.curve, x: b64url(x), y: b64url(y) }, format: "jwk" });
    }
    case "eddsa":
      if (publicKey.length !== family.size) return null;
      return (0, import_node_crypto3.createPublicKey)({ key: { kty: "OKP", crv: family.curve, x: b64url(publicKey) }, format: "jwk" });
  }
}
var keyCache = /* @__PURE__ */ new Map();
function cachedKey(algorithm, family, publicKey) {
  const id = `${algorithm}:${publicKey.toString("base64")}`;
  if (!keyCache.has(id)) {
    let key;
    try {
      key = publicKeyObject(family, publicKey);
    } catch {
      key = null;
    }
    if (keyCache.size > 1e3) keyCache.clear();
    keyCache.set(id, key);
  }
  return keyCache.get(id);
}
function verifySignature(algorithm, publicKey, data, signature) {
  const family = SUPPORTED[algorithm];
  if (!family) return "unsupported-algorithm";
  const key = cachedKey(algorithm, family, publicKey);
  if (!key) return "malformed-key";
  try {
    switch (family.kind) {
      case "rsa":
        return (0, import_node_crypto3.verify)(family.hash, data, { key, padding: import_node_crypto3.constants.RSA_PKCS1_PADDING }, signature) ? "valid" : "invalid";
      case "ecdsa":
        if (signature.length !== 2 * family.size) return "invalid";
        return (0, import_node_crypto3.verify)(family.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature) ? "valid" : "invalid";
      case "eddsa":
        return (0, import_node_crypto3.verify)(null, data, key, signature) ? "valid" : "invalid";
    }
  } catch {
    return "invalid";
  }
}

// src/verdict/dnssec/validity-window.ts
function serialDistance(a, b) {
  return a - b | 0;
}
function unixSeconds32(now) {
  return Math.floor(now.getTime() / 1e3) >>> 0;
}
function checkValidityWindow(inception, expiration, now) {
  const t = unixSeconds32(now);
  if (serialDistance(t, inception) < 0) return "not-yet-valid";
  if (serialDistance(t, expiration) > 0) return "expired";
  return "within";
}
function signatureTimeAsDate(value, now) {
  const t = unixSeconds32(now);
  return new Date((Math.floor(now.getTime() / 1e3) + serialDistance(value, t)) * 1e3);
}

// src/verdict/dnssec/rrset-verification.ts
function fail(rank, f) {
  return { rank, finding: f };
}
function iso(value, now) {
  return signatureTimeAsDate(value, now).toISOString().replace(".000Z", "Z");
}
function checkOne(rrset, rrsig, zone, now) {
  const label = () => rrsetLabel(rrset.owner, rrset.type);
  const by = `RRSIG ${algorithmName(rrsig.algorithm)} key ${rrsig.keyTag}`;
  if (!nameEquals(rrsig.signer, zone.name)) {
    return fail(6, finding("DNSSEC_RRSIG_SIGNER_MISMATCH", zone.name, label(), `${by} names signer ${nameText(rrsig.signer)}, not the zone ${nameText(zone.name)}`));
  }
  if (rrsig.labels > signatureLabelCount(rrset.owner)) {
    return fail(5, finding("DNSSEC_RRSIG_LABELS_MISMATCH", zone.name, label(), `${by} claims ${rrsig.labels} labels, the owner has ${signatureLabelCount(rrset.owner)}`));
  }
  if (!isSupportedAlgorithm(rrsig.algorithm)) {
    return fail(4, finding("DNSSEC_RRSIG_MISSING", zone.name, label(), `only an RRSIG with ${algorithmName(rrsig.algorithm)}, which this validator does not implement`));
  }
  const keys = zone.keys.filter((k) => k.tag === rrsig.keyTag && k.data.algorithm === rrsig.algorithm && (k.data.flags & DNSKEY_ZONE_KEY) !== 0 && k.data.protocol === 3);
  if (keys.length === 0) {
    return fail(3, finding("DNSSEC_DNSKEY_MISSING", zone.name, label(), `${by}: no such key in the DNSKEY RRset of ${nameText(zone.name)}`));
  }
  const window = checkValidityWindow(rrsig.inception, rrsig.expiration, now);
  if (window === "expired") {
    return fail(1, finding("DNSSEC_SIGNATURE_EXPIRED", zone.name, label(), `${by} expired ${iso(rrsig.expiration, now)} (valid from ${iso(rrsig.inception, now)})`));
  }
  if (window === "not-yet-valid") {
    return fail(2, finding("DNSSEC_SIGNATURE_NOT_YET_VALID", zone.name, label(), `${by} is valid only from ${iso(rrsig.inception, now)} (until ${iso(rrsig.expiration, now)})`));
  }
  const data = signatureInput(rrsig, rrset);
  const results = keys.map((k) => verifySignature(rrsig.algorithm, k.data.publicKey, data, rrsig.signature));
  if (results.includes("valid")) return "valid";
  const why = results.includes("malformed-key") ? "the key cannot be read" : "the signature does not verify";
  return fail(0, finding("DNSSEC_SIGNATURE_INVALID", zone.name, label(), `${by}: ${why}`));
}
function verifyRrset(rrset, rrsigs, zone, now) {
  const covering3 = rrsigs.filter((s) => s.typeCovered === rrset.type);
  if (covering3.length === 0) {
    return { security: "bogus", finding: finding("DNSSEC_RRSIG_MISSING", zone.name, rrsetLabel(rrset.owner, rrset.type), `no RRSIG although ${nameText(zone.name)} is signed`) };
  }
  const failures = [];
  for (const rrsig of covering3) {
    const outcome = checkOne(rrset, rrsig, zone, now);
    if (outcome === "valid") {
      const expanded = rrsig.labels < signatureLabelCount(rrset.owner);
      return { security: "secure", rrsig, wildcardEncloser: expanded ? suffixOf(rrset.owner, rrsig.labels) : null };
    }
    failures.push(outcome);
  }
  failures.sort((a, b) => a.rank - b.rank);
  return { security: "bogus", finding: failures[0].finding };
}

// src/verdict/dnssec/denial.ts
var isDenialType = (type) => type === RR_TYPE.NSEC || type === RR_TYPE.NSEC3;
function denialRrsetsBy(section, signer) {
  return section.filter((s) => isDenialType(s.rrset.type) && isAtOrBelow(s.rrset.owner, signer) && s.rrsigs.some((r) => nameEquals(r.signer, signer)));
}
function denialSigners(section) {
  const signers = [];
  for (const s of section) {
    if (!isDenialType(s.rrset.type)) continue;
    for (const r of s.rrsigs) if (isAtOrBelow(s.rrset.owner, r.signer) && !signers.some((n) => nameEquals(n, r.signer))) signers.push(r.signer);
  }
  return signers;
}
function hasDenialRecords(section) {
  return section.some((s) => isDenialType(s.rrset.type));
}
function authenticateDenial(section, zone, now) {
  const denial = { zone: zone.name, nsec: [], nsec3: [] };
  for (const s of denialRrsetsBy(section, zone.name)) {
    const verdict = verifyRrset(s.rrset, s.rrsigs.filter((r) => nameEquals(r.signer, zone.name)), zone, now);
    if (verdict.security !== "secure") return { kind: "bogus", finding: verdict.finding };
    try {
      for (const rdata of s.rrset.rdatas) {
        if (s.rrset.type === RR_TYPE.NSEC) denial.nsec.push({ owner: s.rrset.owner, data: readNsec(rdata) });
        else denial.nsec3.push({ owner: s.rrset.owner, data: readNsec3(rdata) });
      }
    } catch (error) {
      if (!(error instanceof RdataFormatError)) throw error;
    }
  }
  return { kind: "authenticated", denial };
}
function proveDenial(kind, denial, qname, qtype) {
  if (denial.nsec.length > 0) return kind === "nxdomain" ? nsecProvesNxdomain(denial.nsec, qname) : nsecProvesNodata(denial.nsec, qname, qtype);
  if (denial.nsec3.length === 0) return { kind: "unproven", reason: "no NSEC or NSEC3 records" };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === "insecure") return set;
  return kind === "nxdomain" ? nsec3ProvesNxdomain(set, qname) : nsec3ProvesNodata(set, qname, qtype);
}
function proveNoCloserMatch(denial, qname, encloser) {
  if (denial.nsec.length > 0) return nsecProvesNoCloserMatch(denial.nsec, qname, encloser);
  if (denial.nsec3.length === 0) return { kind: "unproven", reason: "no NSEC or NSEC3 records prove the wildcard expansion" };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === "insecure") return set;
  return nsec3ProvesNoCloserMatch(set, qname, encloser);
}
function proveDelegation(denial, name2) {
  if (denial.nsec.length > 0) return nsecDelegation(denial.nsec, name2);
  if (denial.nsec3.length === 0) return { kind: "unproven", reason: "no NSEC or NSEC3 records" };
  const set = usableNsec3(denial.zone, denial.nsec3);
  if (set.kind === "insecure") return set;
  return nsec3Delegation(set, name2);
}

// src/verdict/dnssec/signed-rrsets.ts
function readable(rdata) {
  try {
    return readRrsig(rdata);
  } catch (error) {
    if (error instanceof RdataFormatError) return null;
    throw error;
  }
}
function signedRrsets(records2) {
  const signatures = records2.filter((r) => r.type === RR_TYPE.RRSIG);
  return groupRrsets(records2.filter((r) => r.type !== RR_TYPE.RRSIG)).map((rrset) => ({
    rrset,
    rrsigs: signatures.filter((s) => s.class === rrset.class && nameEquals(s.owner, rrset.owner)).map((s) => readable(s.rdata)).filter((s) => s !== null && s.typeCovered === rrset.type)
  }));
}
function findRrset(sets, owner, type) {
  return sets.find((s) => s.rrset.type === type && nameEquals(s.rrset.owner, owner));
}

// src/probe/dnssec/answer-validation.ts
var NOERROR = 0;
var NXDOMAIN = 3;
var secure = (zones = []) => ({ security: "secure", findings: [], zones });
var because = (security, f) => ({ security, findings: [f], zones: [] });
function fromState(state) {
  return because(state.kind, state.finding);
}
function combine(parts) {
  return parts.reduce(
    (all, p) => ({ security: worseOf(all.security, p.security), findings: [...all.findings, ...p.findings], zones: [...all.zones, ...p.zones] }),
    secure()
  );
}
function createAnswerValidator({ fetcher, chain, clock }) {
  async function unsigned(owner, type, signal) {
    const state = await chain.stateAt(owner, signal);
    if (state.kind !== "secure") return fromState(state);
    return because("bogus", finding("DNSSEC_RRSIG_MISSING", state.zone.name, rrsetLabel(owner, type), `no RRSIG although ${nameText(state.zone.name)} is signed`));
  }
  async function wildcardProof(zoneState, owner, type, encloser, authority) {
    const authenticated = authenticateDenial(authority, zoneState.zone, clock.now());
    if (authenticated.kind === "bogus") return because("bogus", authenticated.finding);
    const proof = proveNoCloserMatch(authenticated.denial, owner, encloser);
    if (proof.kind === "proven") return secure([zoneState.zone.name]);
    if (proof.kind === "insecure") return because("insecure", proof.finding);
    return because("bogus", finding("DNSSEC_WILDCARD_UNPROVEN", zoneState.zone.name, rrsetLabel(owner, type), proof.reason));
  }
  async function positive(set, authority, signal) {
    const { owner, type } = set.rrset;
    const signers = [];
    for (const sig of set.rrsigs) if (isAtOrBelow(owner, sig.signer) && !signers.some((s) => nameEquals(s, sig.signer))) signers.push(sig.signer);
    if (signers.length === 0) return unsigned(owner, type, signal);
    const outcomes = [];
    for (const signer of signers) {
      const state = await chain.keysOf(signer, signal);
      if (state.kind !== "secure") {
        outcomes.push(fromState(state));
        continue;
      }
      const verdict = verifyRrset(set.rrset, set.rrsigs.filter((s) => nameEquals(s.signer, signer)), state.zone, clock.now());
      if (verdict.security !== "secure") {
        outcomes.push(because("bogus", verdict.finding));
        continue;
      }
      if (verdict.wildcardEncloser) return wildcardProof(state, owner, type, verdict.wildcardEncloser, authority);
      return secure([state.zone.name]);
    }
    return outcomes.find((o) => o.security === "insecure") ?? outcomes[0];
  }
  async function negative(kind, qname, qtype, authority, signal) {
    const code = kind === "nxdomain" ? "DNSSEC_NXDOMAIN_UNPROVEN" : "DNSSEC_NODATA_UNPROVEN";
    const label = rrsetLabel(qname, qtype);
    const signers = denialSigners(authority).filter((s) => isAtOrBelow(qname, s));
    if (!hasDenialRecords(authority) || signers.length === 0) {
      const soa = authority.find((s) => s.rrset.type === RR_TYPE.SOA && isAtOrBelow(qname, s.rrset.owner));
      const state2 = await chain.stateAt(soa ? soa.rrset.owner : qname, signal);
      if (state2.kind !== "secure") return fromState(state2);
      return because("bogus", finding(code, state2.zone.name, label, `no NSEC or NSEC3 records although ${nameText(state2.zone.name)} is signed`));
    }
    const signer = signers.sort((a, b) => b.length - a.length)[0];
    const state = await chain.keysOf(signer, signal);
    if (state.kind !== "secure") return fromState(state);
    const authenticated = authenticateDenial(authority, state.zone, clock.now());
    if (authenticated.kind === "bogus") return because("bogus", authenticated.finding);
    const proof = proveDenial(kind, authenticated.denial, qname, qtype);
    if (proof.kind === "proven") return secure([state.zone.name]);
    if (proof.kind === "insecure") return because("insecure", proof.finding);
    return because("bogus", finding(code, state.zone.name, label, proof.reason));
  }
  function dnameFor(answer2, cname) {
    const owner = cname.rrset.owner;
    const target = cname.rrset.rdatas[0];
    return answer2.find((s) => {
      if (s.rrset.type !== RR_TYPE.DNAME || !isBelow(owner, s.rrset.owner) || !target || !s.rrset.rdatas[0]) return false;
      const dnameTarget = s.rrset.rdatas[0];
      const prefix = owner.slice(0, owner.length - s.rrset.owner.length);
      const expected = Buffer.concat([...prefix.flatMap((l) => [Buffer.from([l.length]), l]), dnameTarget]);
      return expected.equals(target);
    });
  }
  async function validate(qname, qtype, signal) {
    const first = await fetcher.fetch(qname, qtype, signal);
    const cnameChain = [qname];
    const parts = [];
    const result = (records2, upstreamRcode, message) => {
      const judged = combine(parts);
      return {
        first,
        security: judged.security,
        findings: judged.findings,
        zones: [...new Set(judged.zones.map(nameText))],
        upstreamRcode,
        cnameChain,
        records: records2,
        ednsOptions: message?.ednsOptions ?? []
      };
    };
    let exchange2 = first;
    let asked = qname;
    let current = qname;
    for (; ; ) {
      if (exchange2.outcome !== "answer" || !exchange2.response) {
        parts.push(because("indeterminate", finding("DNSSEC_LOOKUP_FAILED", current, rrsetLabel(current, qtype), exchange2.error ?? exchange2.outcome)));
        return result([], null, null);
      }
      const message = exchange2.response;
      const rcode = rcodeName(message.rcode);
      if (message.rcode !== NOERROR && message.rcode !== NXDOMAIN) {
        parts.push(because("indeterminate", finding("DNSSEC_LOOKUP_FAILED", current, rrsetLabel(current, qtype), `the resolver answered ${rcode}`)));
        return result([], rcode, message);
      }
      const answer2 = signedRrsets(message.answer);
      const authority = signedRrsets(message.authority);
      for (; ; ) {
        const target = findRrset(answer2, current, qtype);
        if (target) {
          parts.push(await positive(target, authority, signal));
          return result(message.answer.filter((r) => r.type === qtype && nameEquals(r.owner, current)), rcode, message);
        }
        const alias = qtype === RR_TYPE.CNAME ? void 0 : findRrset(answer2, current, RR_TYPE.CNAME);
        if (!alias) break;
        const dname = alias.rrsigs.length === 0 ? dnameFor(answer2, alias) : void 0;
        parts.push(await positive(dname ?? alias, authority, signal));
        const next = readTarget(alias);
        if (!next || cnameChain.some((n) => nameEquals(n, next)) || cnameChain.length > MAX_CNAME_HOPS) {
          parts.push(because("indeterminate", finding("DNSSEC_ANSWER_UNUSABLE", current, rrsetLabel(current, RR_TYPE.CNAME), "the CNAME chain loops or is too long")));
          return result([], rcode, message);
        }
        current = next;
        cnameChain.push(current);
      }
      if (message.rcode === NXDOMAIN) {
        parts.push(await negative("nxdomain", current, qtype, authority, signal));
        return result([], rcode, message);
      }
      if (!nameEquals(current, asked)) {
        asked = current;
        exchange2 = await fetcher.fetch(current, qtype, signal);
        continue;
      }
      const soa = authority.some((s) => s.rrset.type === RR_TYPE.SOA);
      const ns = authority.some((s) => s.rrset.type === RR_TYPE.NS);
      if (ns && !soa && message.answer.length === 0) {
        parts.push(because("indeterminate", finding("DNSSEC_ANSWER_UNUSABLE", current, rrsetLabel(current, qtype), "the server sent a referral, not an answer: it does not recurse for this name")));
        return result([], rcode, message);
      }
      parts.push(await negative("nodata", current, qtype, authority, signal));
      return result([], rcode, message);
    }
  }
  return { validate };
}
function readTarget(alias) {
  const rdata = alias.rrset.rdatas[0];
  if (!rdata || alias.rrset.rdatas.length !== 1) return null;
  const labels = [];
  let offset = 0;
  while (offset < rdata.length && rdata[offset] !== 0) {
    const length = rdata[offset];
    labels.push(rdata.subarray(offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return labels;
}

// src/verdict/dnssec/rdata-layout.ts
var name = { kind: "name", lowerCase: true };
var bytes = (length) => ({ kind: "bytes", length });
var cstring = { kind: "character-string" };
var rest = { kind: "rest" };
var RDATA_LAYOUT = /* @__PURE__ */ new Map([
  [RR_TYPE.NS, [name]],
  [3, [name]],
  [4, [name]],
  [RR_TYPE.CNAME, [name]],
  [RR_TYPE.SOA, [name, name, bytes(20)]],
  [7, [name]],
  [8, [name]],
  [9, [name]],
  [RR_TYPE.PTR, [name]],
  [14, [name, name]],
  [RR_TYPE.MX, [bytes(2), name]],
  [17, [name, name]],
  [18, [bytes(2), name]],
  [21, [bytes(2), name]],
  [24, [bytes(18), name, rest]],
  [26, [bytes(2), name, name]],
  [30, [name, rest]],
  [RR_TYPE.SRV, [bytes(6), name]],
  [35, [bytes(4), cstring, cstring, cstring, name]],
  [36, [bytes(2), name]],
  [RR_TYPE.DNAME, [name]],
  [RR_TYPE.RRSIG, [bytes(18), name, rest]],
  [RR_TYPE.NSEC, [{ kind: "name", lowerCase: false }, rest]]
]);

// src/probe/dnssec/message-reader.ts
var MessageFormatError = class extends Error {
  name = "MessageFormatError";
};
var MAX_NAME_OCTETS = 255;
var Cursor = class {
  constructor(message, offset = 0) {
    this.message = message;
    this.offset = offset;
  }
  message;
  offset;
  /**
   * Lower-cased names already read, by the offset they start at: a compression pointer
   * to one of them (most owner names point at the question) takes its labels as they are.
   */
  #names = /* @__PURE__ */ new Map();
  /**
   * Lower-cased labels (RFC 4034 §6.2) at the offsets they have in the message: one
   * allocation per message, and a label is a view of it.
   */
  #lowered = null;
  need(count) {
    if (this.offset + count > this.message.length) throw new MessageFormatError(`message ends at ${this.message.length}, needed ${this.offset + count}`);
  }
  u8() {
    this.need(1);
    return this.message[this.offset++];
  }
  u16() {
    this.need(2);
    const value = u16At(this.message, this.offset);
    this.offset += 2;
    return value;
  }
  u32() {
    this.need(4);
    const value = u16At(this.message, this.offset) * 65536 + u16At(this.message, this.offset + 2);
    this.offset += 4;
    return value;
  }
  /** The next `count` octets, copied out of the message. */
  copy(count) {
    this.need(count);
    const value = Buffer.copyBytesFrom(this.message, this.offset, count);
    this.offset += count;
    return value;
  }
  /** Skips the next `count` octets; returns where they start, for copying later. */
  skip(count) {
    this.need(count);
    const start = this.offset;
    this.offset += count;
    return start;
  }
  /**
   * The name at the cursor, pointers followed backwards only (RFC 1035 §4.1.4): labels
   * lower-cased as canonical form wants (RFC 4034 §6.2) or, where it does not, as sent
   * (RFC 6840 §5.1), each copied out of the message once.
   */
  labels(lowerCase = true) {
    const labels = [];
    const starts = [];
    let position = this.offset;
    let jumped = false;
    let octets = 1;
    for (; ; ) {
      if (position >= this.message.length) throw new MessageFormatError("name runs past the message");
      const length = this.message[position];
      if (length === 0) {
        if (!jumped) this.offset = position + 1;
        break;
      }
      if ((length & 192) === 192) {
        if (position + 1 >= this.message.length) throw new MessageFormatError("truncated compression pointer");
        const target = u16At(this.message, position) & 16383;
        if (target >= position) throw new MessageFormatError("compression pointer does not point backwards");
        if (!jumped) this.offset = position + 2;
        jumped = true;
        const known = lowerCase ? this.#names.get(target) : void 0;
        if (known) {
          if (octets + nameWireLength(known) - 1 > MAX_NAME_OCTETS) throw new MessageFormatError("name longer than 255 octets");
          labels.push(...known);
          break;
        }
        position = target;
        continue;
      }
      if ((length & 192) !== 0) throw new MessageFormatError(`unknown label type 0x${length.toString(16)}`);
      octets += length + 1;
      if (octets > MAX_NAME_OCTETS) throw new MessageFormatError("name longer than 255 octets");
      if (position + 1 + length > this.message.length) throw new MessageFormatError("label runs past the message");
      const start = position + 1;
      labels.push(lowerCase ? this.#lowerLabel(start, start + length) : Buffer.from(this.message.subarray(start, start + length)));
      starts.push(position);
      position = start + length;
    }
    if (lowerCase) starts.forEach((start, i) => this.#names.set(start, labels.slice(i)));
    return labels;
  }
  #lowerLabel(start, end) {
    const lowered = this.#lowered ??= Buffer.allocUnsafe(this.message.length);
    lowerInto(this.message, start, end, lowered, start);
    return lowered.subarray(start, end);
  }
};
function u16At(bytes2, offset) {
  return bytes2[offset] << 8 | bytes2[offset + 1];
}
function canonicalRdata(cursor, type, length) {
  const end = cursor.offset + length;
  cursor.need(length);
  const layout = RDATA_LAYOUT.get(type);
  if (!layout || length === 0) return cursor.copy(length);
  const parts = [];
  let size = 0;
  for (const field of layout) {
    if (cursor.offset > end) break;
    if (field.kind === "name") {
      const labels = cursor.labels(field.lowerCase);
      size += nameWireLength(labels);
      parts.push(labels);
      continue;
    }
    const count = field.kind === "bytes" ? field.length : field.kind === "character-string" ? 1 + (cursor.message[cursor.offset] ?? 0) : Math.max(0, end - cursor.offset);
    parts.push({ start: cursor.skip(count), count });
    size += count;
  }
  if (cursor.offset !== end) throw new MessageFormatError(`RDATA of type ${type} does not fill its ${length} octets`);
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    if (Array.isArray(part)) {
      offset = writeNameWire(part, out, offset);
    } else {
      offset += cursor.message.copy(out, offset, part.start, part.start + part.count);
    }
  }
  return out;
}
function readRecord(cursor) {
  const owner = cursor.labels();
  const type = cursor.u16();
  const klass = cursor.u16();
  const ttl = cursor.u32();
  const length = cursor.u16();
  if (type === RR_TYPE.OPT) {
    const raw = cursor.copy(length);
    return { owner, type, class: klass, ttl, rdata: raw, raw };
  }
  return { owner, type, class: klass, ttl, rdata: canonicalRdata(cursor, type, length) };
}
function ednsOptionsOf(rdata) {
  const options = [];
  let offset = 0;
  while (offset + 4 <= rdata.length) {
    const code = rdata.readUInt16BE(offset);
    const length = rdata.readUInt16BE(offset + 2);
    options.push({ code, data: rdata.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return options;
}
function readMessage(message) {
  const cursor = new Cursor(message);
  const id = cursor.u16();
  const flags = cursor.u16();
  const counts = [cursor.u16(), cursor.u16(), cursor.u16(), cursor.u16()];
  const questions = [];
  for (let i = 0; i < counts[0]; i++) {
    questions.push({ name: cursor.labels(), type: cursor.u16(), class: cursor.u16() });
  }
  const sections = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) sections[s].push(readRecord(cursor));
  }
  const opt = sections[2].find((r) => r.type === RR_TYPE.OPT);
  const extended = opt ? opt.ttl >>> 24 & 255 : 0;
  return {
    id,
    qr: (flags & 32768) !== 0,
    aa: (flags & 1024) !== 0,
    tc: (flags & 512) !== 0,
    rd: (flags & 256) !== 0,
    ra: (flags & 128) !== 0,
    ad: (flags & 32) !== 0,
    cd: (flags & 16) !== 0,
    rcode: extended << 4 | flags & 15,
    questions,
    answer: sections[0],
    authority: sections[1],
    additional: sections[2].filter((r) => r.type !== RR_TYPE.OPT),
    ednsOptions: opt?.raw ? ednsOptionsOf(opt.raw) : []
  };
}

// src/probe/dnssec/raw-query.ts
function buildRawQuery(name2, type) {
  const { id, bytes: bytes2 } = encodeQuery(nameText(name2), typeName(type), true);
  return { id, name: name2, type, bytes: bytes2 };
}
function checkRawResponse(query, bytes2) {
  if (bytes2.length < 12) return { kind: "unrelated", reason: `${bytes2.length}-byte datagram` };
  const id = bytes2.readUInt16BE(0);
  if (id !== query.id) return { kind: "unrelated", reason: `id ${id} instead of ${query.id}` };
  if ((bytes2[2] & 128) === 0) return { kind: "unrelated", reason: "a query, not a response" };
  let message;
  try {
    message = readMessage(bytes2);
  } catch (error) {
    if (!(error instanceof MessageFormatError)) throw error;
    return { kind: "malformed", reason: `undecodable response: ${error.message}` };
  }
  const question = message.questions[0];
  if (message.questions.length !== 1 || !question) return { kind: "unrelated", reason: `${message.questions.length} questions in the response` };
  if (!nameEquals(question.name, query.name) || question.type !== query.type) {
    return { kind: "unrelated", reason: `answers ${nameText(question.name)}/${typeName(question.type)}` };
  }
  return { kind: "response", response: message };
}

// src/probe/dnssec/raw-exchange.ts
function rawExchange(request) {
  return exchangeMessage(request, { bytes: request.query.bytes, check: (bytes2) => checkRawResponse(request.query, bytes2) });
}

// src/probe/dnssec/dnssec-fetcher.ts
function memoisedFetcher(server, fetchOnce) {
  const pending = /* @__PURE__ */ new Map();
  const byType = {};
  let queries = 0;
  return {
    server,
    fetch(name2, type, signal) {
      const key = `${nameText(name2)}/${type}`;
      const known = pending.get(key);
      if (known) return known;
      queries++;
      byType[typeName(type)] = (byType[typeName(type)] ?? 0) + 1;
      const result = fetchOnce(name2, type, signal);
      pending.set(key, result);
      void result.then((r) => {
        if (r.outcome === "cancelled" && pending.get(key) === result) pending.delete(key);
      });
      return result;
    },
    stats: () => ({ queries, byType: { ...byType } })
  };
}
function createDnssecFetcher(options) {
  return memoisedFetcher(
    options.server,
    (name2, type, signal) => rawExchange({ server: options.server, query: buildRawQuery(name2, type), timeoutMs: options.timeoutMs, retries: options.retries, signal })
  );
}

// src/verdict/dnssec/ds-digest.ts
var import_node_crypto4 = __toESM(require_crypto(), 1);
var DIGEST_TYPES = { 1: "sha1", 2: "sha256", 4: "sha384" };
var DIGEST_NAMES = { 1: "SHA-1", 2: "SHA-256", 3: "GOST R 34.11-94", 4: "SHA-384" };
function isSupportedDigest(digestType) {
  return Object.hasOwn(DIGEST_TYPES, digestType);
}
function dsDigest(owner, dnskeyRdata2, digestType) {
  if (!isSupportedDigest(digestType)) return null;
  return (0, import_node_crypto4.createHash)(DIGEST_TYPES[digestType]).update(nameWire(owner)).update(dnskeyRdata2).digest();
}

// src/verdict/dnssec/key-tag.ts
var RSAMD5 = 1;
function keyTag(dnskeyRdata2) {
  if (dnskeyRdata2[3] === RSAMD5) {
    return dnskeyRdata2.length >= 4 ? dnskeyRdata2.readUInt16BE(dnskeyRdata2.length - 3) : 0;
  }
  let accumulator = 0;
  for (let i = 0; i < dnskeyRdata2.length; i++) accumulator += i & 1 ? dnskeyRdata2[i] : dnskeyRdata2[i] << 8;
  accumulator += accumulator >> 16 & 65535;
  return accumulator & 65535;
}

// src/verdict/dnssec/dnskey-authentication.ts
var SHA1 = 1;
function usableDs(ds) {
  const supported = ds.filter((d) => isSupportedAlgorithm(d.algorithm) && isSupportedDigest(d.digestType));
  const strong = supported.some((d) => d.digestType !== SHA1);
  return strong ? supported.filter((d) => d.digestType !== SHA1) : supported;
}
function zoneKeys(dnskeys) {
  return dnskeys.rdatas.map((rdata) => ({ rdata, data: readDnskey(rdata), tag: keyTag(rdata) }));
}
function isZoneKey(k) {
  return (k.data.flags & DNSKEY_ZONE_KEY) !== 0 && k.data.protocol === 3;
}
function describeDs(ds) {
  return ds.map((d) => `${d.keyTag}/${algorithmName(d.algorithm)}/${DIGEST_NAMES[d.digestType] ?? `digest ${d.digestType}`}`).join(", ");
}
function unsupportedAuthority(zone, label, ds) {
  const knownAlgorithm = ds.some((d) => isSupportedAlgorithm(d.algorithm));
  const code = knownAlgorithm ? "DNSSEC_UNSUPPORTED_DIGEST" : "DNSSEC_UNSUPPORTED_ALGORITHM";
  return { security: "insecure", finding: finding(code, zone, label, `the DS records (${describeDs(ds)}) use nothing this validator implements: treated as unsigned`) };
}
function nothingUsable(authority) {
  const anchorKeys = authority.kind === "trust-anchor" ? authority.dnskeys.map(readDnskey) : [];
  return usableDs(authority.ds).length === 0 && !anchorKeys.some((k) => isSupportedAlgorithm(k.algorithm));
}
function authenticateDnskeys(zone, authority, dnskeys, rrsigs, now) {
  const label = rrsetLabel(zone, RR_TYPE.DNSKEY);
  const anchorKeys = authority.kind === "trust-anchor" ? authority.dnskeys : [];
  const usable = usableDs(authority.ds);
  if (nothingUsable(authority)) {
    if (authority.ds.length > 0) return unsupportedAuthority(zone, label, authority.ds);
    const names = anchorKeys.map((k) => algorithmName(readDnskey(k).algorithm)).join(", ");
    return { security: "insecure", finding: finding("DNSSEC_UNSUPPORTED_ALGORITHM", zone, label, `the trust anchor keys use only ${names}`) };
  }
  if (!dnskeys) {
    return { security: "bogus", finding: finding("DNSSEC_DNSKEY_MISSING", zone, label, `no DNSKEY RRset at ${nameText(zone)} although ${authority.kind === "trust-anchor" ? "a trust anchor" : "the parent's DS"} says it is signed`) };
  }
  const keys = zoneKeys(dnskeys);
  const entryKeys = keys.filter(
    (k) => isZoneKey(k) && (anchorKeys.some((a) => a.equals(k.rdata)) || usable.some((d) => d.keyTag === k.tag && d.algorithm === k.data.algorithm && dsDigest(zone, k.rdata, d.digestType)?.equals(d.digest)))
  );
  if (entryKeys.length === 0) {
    const code = authority.kind === "trust-anchor" ? "DNSSEC_TRUST_ANCHOR_MISMATCH" : "DNSSEC_DS_NO_MATCHING_DNSKEY";
    const have = keys.map((k) => `${k.tag}/${algorithmName(k.data.algorithm)}`).join(", ") || "none";
    const want = [describeDs(usable), anchorKeys.map((k) => `DNSKEY ${keyTag(k)}`).join(", ")].filter(Boolean).join(", ");
    return { security: "bogus", finding: finding(code, zone, label, `${want} matches none of the DNSKEYs (${have})`) };
  }
  const verdict = verifyRrset(dnskeys, rrsigs, { name: zone, keys: entryKeys }, now);
  if (verdict.security !== "secure") return verdict;
  return { security: "secure", zone: { name: zone, keys: keys.filter(isZoneKey) } };
}

// src/verdict/dnssec/trust-anchors.ts
var TrustAnchorFormatError = class extends Error {
  name = "TrustAnchorFormatError";
};
var IANA_ROOT_ANCHORS_TEXT = [
  ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
  ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"
].join("\n");
function withoutComment(line) {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === "\\") i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ";" && !quoted) return line.slice(0, i);
  }
  return line;
}
function logicalLines(text) {
  const out = [];
  let pending = null;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = withoutComment(raw);
    if (pending === null) {
      if (line.trim() === "") return;
      pending = { number: index + 1, text: "", inheritsOwner: /^\s/.test(line) };
    }
    for (const char of line) {
      if (char === "(") depth++;
      else if (char === ")") depth--;
      if (depth < 0) throw new TrustAnchorFormatError(`line ${index + 1}: ")" without "("`);
    }
    pending.text += ` ${line.replace(/[()]/g, " ")}`;
    if (depth === 0) {
      out.push(pending);
      pending = null;
    }
  });
  if (pending !== null) throw new TrustAnchorFormatError(`line ${pending.number}: "(" is never closed`);
  return out;
}
function integer(token, max, what, line) {
  if (token === void 0 || !/^[0-9]+$/.test(token) || Number(token) > max) throw new TrustAnchorFormatError(`line ${line}: bad ${what} "${token ?? ""}"`);
  return Number(token);
}
function dsRdata(fields, line) {
  const [tag, algorithm, digestType, ...digest] = fields;
  const hex = digest.join("");
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new TrustAnchorFormatError(`line ${line}: the DS digest is not hexadecimal`);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(integer(tag, 65535, "key tag", line), 0);
  head[2] = integer(algorithm, 255, "algorithm", line);
  head[3] = integer(digestType, 255, "digest type", line);
  return Buffer.concat([head, Buffer.from(hex, "hex")]);
}
function dnskeyRdata(fields, line) {
  const [flags, protocol, algorithm, ...key] = fields;
  const base64 = key.join("");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new TrustAnchorFormatError(`line ${line}: the DNSKEY public key is not base64`);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(integer(flags, 65535, "flags", line), 0);
  head[2] = integer(protocol, 255, "protocol", line);
  head[3] = integer(algorithm, 255, "algorithm", line);
  if (head[2] !== 3) throw new TrustAnchorFormatError(`line ${line}: DNSKEY protocol must be 3`);
  return Buffer.concat([head, Buffer.from(base64, "base64")]);
}
var CLASSES = /* @__PURE__ */ new Set(["IN", "CH", "HS", "CS"]);
function parseTrustAnchors(text) {
  const anchors = [];
  let origin = [];
  let previousOwner = null;
  const absolute = (token, line) => {
    try {
      if (token === "@") return origin;
      const name2 = parseName(token);
      return token.endsWith(".") ? name2 : [...name2, ...origin];
    } catch (error) {
      throw new TrustAnchorFormatError(`line ${line}: ${error instanceof Error ? error.message : error}`);
    }
  };
  for (const { number, text: lineText, inheritsOwner } of logicalLines(text)) {
    const tokens = lineText.trim().split(/\s+/);
    if (tokens[0] === "$ORIGIN") {
      origin = absolute(tokens[1] ?? ".", number);
      continue;
    }
    if (tokens[0]?.startsWith("$")) continue;
    let owner;
    if (inheritsOwner) {
      if (!previousOwner) throw new TrustAnchorFormatError(`line ${number}: no owner name`);
      owner = previousOwner;
    } else {
      owner = absolute(tokens.shift(), number);
    }
    previousOwner = owner;
    while (tokens[0] !== void 0 && (/^[0-9]+$/.test(tokens[0]) || CLASSES.has(tokens[0].toUpperCase()))) {
      if (CLASSES.has(tokens[0].toUpperCase()) && tokens[0].toUpperCase() !== "IN") throw new TrustAnchorFormatError(`line ${number}: class ${tokens[0]} is not IN`);
      tokens.shift();
    }
    const type = tokens.shift()?.toUpperCase();
    if (type === "DS") anchors.push({ owner, type: RR_TYPE.DS, rdata: dsRdata(tokens, number) });
    else if (type === "DNSKEY") anchors.push({ owner, type: RR_TYPE.DNSKEY, rdata: dnskeyRdata(tokens, number) });
    else throw new TrustAnchorFormatError(`line ${number}: ${type ?? "nothing"} is not a DS or DNSKEY record`);
  }
  if (anchors.length === 0) throw new TrustAnchorFormatError("no DS or DNSKEY record");
  return anchors;
}
var IANA_ROOT_ANCHORS = parseTrustAnchors(IANA_ROOT_ANCHORS_TEXT);
function anchorPoints(anchors) {
  const points = [];
  for (const anchor of anchors) {
    const point = points.find((p) => nameEquals(p.owner, anchor.owner));
    if (point) point.anchors.push(anchor);
    else points.push({ owner: anchor.owner, anchors: [anchor] });
  }
  return points;
}

// src/probe/dnssec/trust-chain.ts
var NOERROR2 = 0;
var NXDOMAIN2 = 3;
function usableResponse(result, zone, name2, type) {
  const label = rrsetLabel(name2, type);
  if (result.outcome !== "answer" || !result.response) {
    return finding("DNSSEC_LOOKUP_FAILED", zone, label, `${typeName(type)} lookup failed: ${result.error ?? result.outcome}`);
  }
  const rcode = result.response.rcode;
  if (rcode !== NOERROR2 && rcode !== NXDOMAIN2) return finding("DNSSEC_LOOKUP_FAILED", zone, label, `${typeName(type)} lookup answered ${rcodeName(rcode)}`);
  return result.response;
}
var failed = (f) => ({ kind: "indeterminate", finding: f });
var isFinding = (x) => "code" in x;
function createTrustChain(options) {
  const { fetcher, clock } = options;
  const points = anchorPoints(options.anchors);
  const states = /* @__PURE__ */ new Map();
  const anchorFor = (name2) => points.filter((p) => isAtOrBelow(name2, p.owner)).sort((a, b) => b.owner.length - a.owner.length)[0];
  async function zoneFromKeys(zone, authority, signal) {
    if (nothingUsable(authority)) {
      const verdict2 = authenticateDnskeys(zone, authority, null, [], clock.now());
      return verdict2.security === "secure" ? { kind: "secure", zone: verdict2.zone, nameExists: true } : { kind: verdict2.security, finding: verdict2.finding };
    }
    const response = usableResponse(await fetcher.fetch(zone, RR_TYPE.DNSKEY, signal), zone, zone, RR_TYPE.DNSKEY);
    if (isFinding(response)) return failed(response);
    const dnskeys = findRrset(signedRrsets(response.answer), zone, RR_TYPE.DNSKEY);
    if (authority.kind === "trust-anchor" && dnskeys && dnskeys.rrsigs.length === 0) {
      const detail = `the resolver returned the DNSKEY RRset of ${nameText(zone)} without RRSIG: it does not pass DNSSEC records on`;
      return failed(finding("DNSSEC_NO_DNSSEC_DATA", zone, rrsetLabel(zone, RR_TYPE.DNSKEY), detail));
    }
    const verdict = authenticateDnskeys(zone, authority, dnskeys?.rrset ?? null, dnskeys?.rrsigs ?? [], clock.now());
    return verdict.security === "secure" ? { kind: "secure", zone: verdict.zone, nameExists: true } : { kind: verdict.security, finding: verdict.finding };
  }
  async function step(zone, child, signal) {
    const label = rrsetLabel(child, RR_TYPE.DS);
    const response = usableResponse(await fetcher.fetch(child, RR_TYPE.DS, signal), zone.name, child, RR_TYPE.DS);
    if (isFinding(response)) return failed(response);
    const answer2 = signedRrsets(response.answer);
    const ds = findRrset(answer2, child, RR_TYPE.DS);
    if (ds) {
      const verdict = verifyRrset(ds.rrset, ds.rrsigs, zone, clock.now());
      if (verdict.security !== "secure") return { kind: "bogus", finding: verdict.finding };
      let records2;
      try {
        records2 = ds.rrset.rdatas.map(readDs);
      } catch (error) {
        if (!(error instanceof RdataFormatError)) throw error;
        return { kind: "bogus", finding: finding("DNSSEC_DS_NO_MATCHING_DNSKEY", zone.name, label, `unreadable DS record: ${error.message}`) };
      }
      return zoneFromKeys(child, { kind: "parent-ds", ds: records2 }, signal);
    }
    const alias = findRrset(answer2, child, RR_TYPE.CNAME);
    if (alias) {
      const verdict = verifyRrset(alias.rrset, alias.rrsigs, zone, clock.now());
      return verdict.security === "secure" ? { kind: "secure", zone, nameExists: true } : { kind: "bogus", finding: verdict.finding };
    }
    const authenticated = authenticateDenial(signedRrsets(response.authority), zone, clock.now());
    if (authenticated.kind === "bogus") return authenticated;
    const proof = proveDelegation(authenticated.denial, child);
    switch (proof.kind) {
      case "insecure-delegation":
        return { kind: "insecure", finding: finding("DNSSEC_INSECURE_DELEGATION", zone.name, label, `${nameText(child)} is delegated from ${nameText(zone.name)} without DS: the zone is unsigned`) };
      case "no-cut":
        return { kind: "secure", zone, nameExists: true };
      case "nonexistent":
        return { kind: "secure", zone, nameExists: false };
      case "insecure":
        return { kind: "insecure", finding: proof.finding };
      case "unproven":
        return { kind: "bogus", finding: finding("DNSSEC_NODATA_UNPROVEN", zone.name, label, `no DS, and the denial does not prove why: ${proof.reason}`) };
    }
  }
  function stateAt(name2, signal) {
    const key = nameText(name2);
    const known = states.get(key);
    if (known) return known;
    const computed = (async () => {
      const point = anchorFor(name2);
      if (!point) {
        return { kind: "insecure", finding: finding("DNSSEC_OUTSIDE_TRUST_ANCHORS", name2, key, `no trust anchor at or above ${key}`) };
      }
      if (nameEquals(name2, point.owner)) {
        const ds = point.anchors.filter((a) => a.type === RR_TYPE.DS).map((a) => readDs(a.rdata));
        const dnskeys = point.anchors.filter((a) => a.type === RR_TYPE.DNSKEY).map((a) => a.rdata);
        return zoneFromKeys(name2, { kind: "trust-anchor", ds, dnskeys }, signal);
      }
      const parent = await stateAt(parentOf(name2), signal);
      if (parent.kind !== "secure" || !parent.nameExists) return parent;
      return step(parent.zone, name2, signal);
    })();
    states.set(key, computed);
    return computed;
  }
  return {
    stateAt,
    async keysOf(signer, signal) {
      const point = anchorFor(signer);
      if (point) {
        for (const name2 of namesBetween(point.owner, signer)) void fetcher.fetch(name2, RR_TYPE.DS, signal);
        void fetcher.fetch(signer, RR_TYPE.DNSKEY, signal);
      }
      const state = await stateAt(signer, signal);
      if (state.kind !== "secure" || nameEquals(state.zone.name, signer)) return state;
      const detail = `the RRSIG names ${nameText(signer)} as signer, which is no zone apex (the name is inside ${nameText(state.zone.name)})`;
      return { kind: "bogus", finding: finding("DNSSEC_RRSIG_SIGNER_MISMATCH", state.zone.name, rrsetLabel(signer, RR_TYPE.DNSKEY), detail) };
    }
  };
}

// src/probe/dns/validating-resolver.ts
function evidenceRecords(records2) {
  if (records2.length === 0) return [];
  const toWrite = records2.map((r) => ({ ...r, ownerWire: nameWire(r.owner) }));
  const message = Buffer.alloc(toWrite.reduce((size, r) => size + recordWireLength(r), 12));
  const view = dataViewOf(message);
  view.setUint16(2, 32768);
  view.setUint16(6, records2.length);
  toWrite.reduce((offset, r) => writeRecordWire(message, view, offset, r), 12);
  return toResourceRecords(import_dns_packet2.default.decode(message).answers ?? []);
}
function upstreamEde(options) {
  return options.filter((o) => o.code === EDE_OPTION_CODE).map((o) => decodeEdeOption(o.data)).filter((e) => e !== null && !isDnssecFailure(e));
}
function createValidatingResolver(options) {
  const fetcher = options.fetcher ?? createDnssecFetcher(options);
  const chain = createTrustChain({ fetcher, anchors: options.anchors, clock: options.clock });
  const validator = createAnswerValidator({ fetcher, chain, clock: options.clock });
  const server = formatResolverAddress(options.server);
  async function resolve(name2, type, signal) {
    const started = performance.now();
    const base = { question: { name: name2, type }, server, cnameChain: [name2], checkingDisabledRcode: null, unvalidated: null };
    const problem = nameEncodingProblem(name2);
    if (problem) {
      const error = `cannot ask for "${name2}": ${problem}`;
      return { ...base, outcome: "malformed", error, rcode: null, ad: false, transport: null, ede: [], records: [], attempts: 0, elapsedMs: 0 };
    }
    let qname;
    try {
      qname = parseName(name2);
    } catch (error) {
      const why = `cannot ask for "${name2}": ${error instanceof Error ? error.message : error}`;
      return { ...base, outcome: "malformed", error: why, rcode: null, ad: false, transport: null, ede: [], records: [], attempts: 0, elapsedMs: 0 };
    }
    const v = await validator.validate(qname, typeCode(type), signal);
    const validation = { security: v.security, upstreamRcode: v.upstreamRcode, zones: v.zones, findings: v.findings };
    const timing = { attempts: v.first.attempts, elapsedMs: Math.round(performance.now() - started), transport: v.first.transport };
    if (v.first.outcome !== "answer") {
      return { ...base, ...timing, outcome: v.first.outcome, error: v.first.error, rcode: null, ad: false, ede: [], records: [], validation };
    }
    const cnameChain = v.cnameChain.map(nameText);
    const records2 = evidenceRecords(v.records);
    const ede = upstreamEde(v.ednsOptions);
    const answered = v.upstreamRcode === "NOERROR" || v.upstreamRcode === "NXDOMAIN";
    switch (v.security) {
      case "secure":
      case "insecure":
        return { ...base, ...timing, outcome: "answer", error: null, rcode: v.upstreamRcode, ad: v.security === "secure", ede, cnameChain, records: records2, validation };
      case "bogus":
        return {
          ...base,
          ...timing,
          outcome: "answer",
          error: null,
          rcode: "SERVFAIL",
          ad: false,
          ede,
          records: [],
          checkingDisabledRcode: answered ? v.upstreamRcode : null,
          unvalidated: answered ? { cnameChain, records: records2 } : null,
          validation
        };
      case "indeterminate":
        return { ...base, ...timing, outcome: "answer", error: null, rcode: answered ? "SERVFAIL" : v.upstreamRcode, ad: false, ede, records: [], checkingDisabledRcode: answered ? null : v.upstreamRcode, validation };
    }
  }
  return {
    query: memoisedQueries(resolve),
    stats: () => fetcher.stats()
  };
}

// src/probe/smtp/session.ts
var import_node_net4 = __toESM(require_net(), 1);
var import_node_tls = __toESM(require_tls(), 1);

// src/probe/smtp/failure.ts
var ProbeFailure = class extends Error {
  constructor(kind, message, reply = null, code = null) {
    super(message);
    this.kind = kind;
    this.reply = reply;
    this.code = code;
    this.name = "ProbeFailure";
  }
  kind;
  reply;
  code;
};
function socketFailure(error, doing) {
  const err = error;
  const code = typeof err?.code === "string" ? err.code : null;
  const message = `${doing}: ${err?.message ?? String(error)}`;
  switch (code) {
    case "ECONNREFUSED":
      return new ProbeFailure("refused", message, null, code);
    case "ECONNRESET":
    case "EPIPE":
      return new ProbeFailure("closed", message, null, code);
    default:
      return new ProbeFailure("network", message, null, code);
  }
}

// src/probe/smtp/handshake-tap.ts
var import_node_stream = __toESM(require_stream(), 1);
var HandshakeTap = class extends import_node_stream.Duplex {
  #socket;
  #maxCapture;
  #captured = [];
  #capturedBytes = 0;
  #capturing = true;
  /** Set when the server sent more than maxCapture bytes while capturing. */
  overflowed = false;
  constructor(socket, maxCapture) {
    super();
    this.#socket = socket;
    this.#maxCapture = maxCapture;
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
  }
  /** Ends capturing and returns what was captured. */
  takeCapture() {
    this.#capturing = false;
    const bytes2 = Buffer.concat(this.#captured);
    this.#captured = [];
    return bytes2;
  }
  // No back-pressure: the session's byte budget bounds what can pile up.
  _read() {
  }
  _write(chunk, _encoding, callback) {
    this.#socket.write(chunk, callback);
  }
  _final(callback) {
    this.#socket.end();
    callback();
  }
  _destroy(error, callback) {
    this.#socket.off("data", this.#onData);
    this.#socket.destroy();
    callback(error);
  }
  #onData = (chunk) => {
    if (this.#capturing) {
      if (this.#capturedBytes + chunk.length <= this.#maxCapture) {
        this.#captured.push(chunk);
        this.#capturedBytes += chunk.length;
      } else {
        this.overflowed = true;
        this.#capturing = false;
      }
    }
    this.push(chunk);
  };
  #onEnd = () => {
    this.push(null);
  };
  #onError = (error) => {
    this.destroy(error);
  };
  #onClose = () => {
    this.destroy();
  };
};

// src/probe/smtp/peer-chain.ts
var import_node_crypto5 = __toESM(require_crypto(), 1);
var PLACEHOLDER_TRUST_ANCHOR = `-----BEGIN CERTIFICATE-----
MIIB/zCCAaWgAwIBAgIUPrHyG6cZKhEWxrBo+2zdEqewndQwCgYIKoZIzj0EAwIw
VDEeMBwGA1UECgwVcHJpdmF0ZSBrZXkgZGlzY2FyZGVkMTIwMAYDVQQDDClzbXRw
LWRhbmUtdmVyaWZ5IHBsYWNlaG9sZGVyIHRydXN0IGFuY2hvcjAgFw0yNjExMjkw
MDI1MDlaGA8yMTI2MTEwNTAwMjUwOVowVDEeMBwGA1UECgwVcHJpdmF0ZSBrZXkg
ZGlzY2FyZGVkMTIwMAYDVQQDDClzbXRwLWRhbmUtdmVyaWZ5IHBsYWNlaG9sZGVy
IHRydXN0IGFuY2hvcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNtMPAdREVnV
PaMCzLgVWq+iAjyS8c8DH61VOx0E2p19jKX4qMz3cpQyGE3QSj89EI/srsRb0YXS
YubFHmFdccKjUzBRMB0GA1UdDgQWBBSzpUvhQG+H9eA8B25PKczb6COtPjAfBgNV
HSMEGDAWgBSzpUvhQG+H9eA8B25PKczb6COtPjAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0gAMEUCIQCFpK5iD2ANZ4hHYc0QMYwWqCzC4S0u/di7Id7IacW5
DQIgN1kOds2lbftTvb1MFzKwR/kAAlhScqSxIUdwzlYkX4o=
-----END CERTIFICATE-----
`;
var placeholderDer = new import_node_crypto5.X509Certificate(PLACEHOLDER_TRUST_ANCHOR).raw;
function chainFromPeerCertificate(socket) {
  const chain = [];
  const seen = /* @__PURE__ */ new Set();
  let cert = socket.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert)) {
    seen.add(cert);
    if (!cert.raw.equals(placeholderDer)) chain.push(Buffer.from(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

// src/probe/smtp/reply-parser.ts
var DEFAULT_REPLY_LIMITS = {
  maxLineBytes: 4096,
  maxLines: 256,
  maxBufferedBytes: 64 * 1024
};
var LINE = /^([2-5][0-9]{2})(?:([ -])(.*))?$/s;
var LF = 10;
var CR = 13;
var EMPTY = Buffer.alloc(0);
var ReplyParser = class {
  #limits;
  /** Bytes after the last line ending. */
  #partial = EMPTY;
  /**
   * The raw lines (with endings) of the reply in progress, for remainder(): latin1 strings,
   * which keep every byte, because a Buffer per line is what a check has too many of
   * (docs/performance.md, F7).
   */
  #rawLines = [];
  #rawBytes = 0;
  #code = 0;
  #texts = [];
  #error = null;
  constructor(limits = {}) {
    this.#limits = { ...DEFAULT_REPLY_LIMITS, ...limits };
  }
  push(chunk) {
    const replies = [];
    if (this.#error) return { replies, error: this.#error };
    const data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : asBuffer(chunk);
    let start = 0;
    for (let lf = data.indexOf(LF, start); lf >= 0; lf = data.indexOf(LF, start)) {
      const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
      const error = this.#line(data, start, end, lf + 1, replies);
      start = lf + 1;
      if (error) return this.#fail(error, replies);
    }
    this.#partial = start < data.length ? Buffer.copyBytesFrom(data, start) : EMPTY;
    const tail = this.#partial.length - (this.#partial.at(-1) === CR ? 1 : 0);
    if (tail > this.#limits.maxLineBytes) {
      return this.#fail({ kind: "line-too-long", message: `reply line longer than ${this.#limits.maxLineBytes} bytes` }, replies);
    }
    if (this.buffered() > this.#limits.maxBufferedBytes) return this.#fail(tooMuch(this.#limits), replies);
    return { replies, error: null };
  }
  /** Bytes held that are not part of a returned reply. */
  buffered() {
    return this.#rawBytes + this.#partial.length;
  }
  /** The held bytes themselves: an unfinished reply and a partial line. */
  remainder() {
    return Buffer.concat([Buffer.from(this.#rawLines.join(""), "latin1"), this.#partial]);
  }
  /** Forgets everything held, and any error (RFC 3207 §6: nothing read before TLS may be used after it). */
  reset() {
    this.#partial = EMPTY;
    this.#startReply();
    this.#error = null;
  }
  /** The line `data[start, end)`, whose line ending runs to `rawEnd`. */
  #line(data, start, end, rawEnd, out) {
    if (end - start > this.#limits.maxLineBytes) {
      return { kind: "line-too-long", message: `reply line longer than ${this.#limits.maxLineBytes} bytes` };
    }
    const match = LINE.exec(data.toString("utf8", start, end));
    if (!match) return { kind: "garbage", message: `not an SMTP reply line: ${excerpt(data.subarray(start, end))}` };
    const code = Number(match[1]);
    if (this.#texts.length > 0 && code !== this.#code) {
      return { kind: "code-mismatch", message: `reply code ${code} inside a multi-line ${this.#code} reply` };
    }
    if (this.#texts.length >= this.#limits.maxLines) {
      return { kind: "too-many-lines", message: `reply longer than ${this.#limits.maxLines} lines` };
    }
    this.#code = code;
    this.#texts.push(match[3] ?? "");
    if (match[2] === "-") {
      this.#rawLines.push(data.toString("latin1", start, rawEnd));
      this.#rawBytes += rawEnd - start;
      if (this.#rawBytes > this.#limits.maxBufferedBytes) return tooMuch(this.#limits);
    } else {
      out.push({ code, lines: this.#texts });
      this.#startReply();
    }
    return null;
  }
  #startReply() {
    this.#rawLines = [];
    this.#rawBytes = 0;
    this.#code = 0;
    this.#texts = [];
  }
  #fail(error, replies) {
    this.#error = error;
    return { replies, error };
  }
};
function asBuffer(chunk) {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
function tooMuch(limits) {
  return { kind: "too-much-data", message: `unfinished reply larger than ${limits.maxBufferedBytes} bytes` };
}
function excerpt(bytes2, max = 60) {
  const text = Buffer.from(bytes2.subarray(0, max)).toString("latin1");
  const printable = text.replace(
    /[^\x20-\x7e]|["\\]/g,
    (c) => c === '"' || c === "\\" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
  return `"${printable}${bytes2.length > max ? "..." : ""}"`;
}

// src/probe/smtp/reply-reader.ts
var ReplyReader = class {
  #stream;
  #parser = new ReplyParser();
  #queue = [];
  #problem = null;
  #waiter = null;
  constructor(stream) {
    this.#stream = stream;
    stream.on("data", this.#onData);
    stream.on("end", this.#onEnd);
    stream.on("close", this.#onClose);
    stream.on("error", this.#onError);
  }
  /** The next reply; rejects with a ProbeFailure once the conversation is over. */
  next() {
    const reply = this.#queue.shift();
    if (reply) return Promise.resolve(reply);
    if (this.#problem) return Promise.reject(this.#problem);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
  /**
   * Stops reading and throws away queued replies and buffered bytes: after
   * STARTTLS's 220 nothing the server sent in clear may be used (RFC 3207 §6).
   */
  detach() {
    this.#stream.off("data", this.#onData);
    this.#stream.off("end", this.#onEnd);
    this.#stream.off("close", this.#onClose);
    this.#stream.off("error", this.#onError);
    this.#queue.length = 0;
    this.#parser.reset();
    this.#waiter = null;
  }
  #onData = (chunk) => {
    const { replies, error } = this.#parser.push(chunk);
    this.#queue.push(...replies);
    if (error) this.#end(new ProbeFailure("protocol", error.message));
    this.#wake();
  };
  #onEnd = () => {
    const midReply = this.#parser.buffered() > 0 ? " in the middle of a reply" : "";
    this.#end(new ProbeFailure("closed", `the server closed the connection${midReply}`));
  };
  #onClose = () => this.#end(new ProbeFailure("closed", "the connection was closed"));
  #onError = (error) => this.#end(socketFailure(error, "socket error"));
  #end(failure2) {
    this.#problem ??= failure2;
    this.#wake();
  }
  #wake() {
    const waiter = this.#waiter;
    if (!waiter) return;
    const reply = this.#queue.shift();
    if (reply) {
      this.#waiter = null;
      waiter.resolve(reply);
    } else if (this.#problem) {
      this.#waiter = null;
      waiter.reject(this.#problem);
    }
  }
};

// src/probe/smtp/tls-records.ts
var import_node_crypto6 = __toESM(require_crypto(), 1);
var MalformedHandshake = class extends Error {
};
var RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 };
var MAX_RECORD = 16384 + 2048;
function* records(bytes2) {
  let at2 = 0;
  while (at2 + 5 <= bytes2.length) {
    const length = bytes2.readUInt16BE(at2 + 3);
    if (length > MAX_RECORD) throw new MalformedHandshake(`TLS record of ${length} bytes`);
    if (at2 + 5 + length > bytes2.length) return;
    yield { type: bytes2[at2], header: bytes2.subarray(at2, at2 + 5), body: bytes2.subarray(at2 + 5, at2 + 5 + length) };
    at2 += 5 + length;
  }
}
var TLS13_SUITES = {
  TLS_AES_128_GCM_SHA256: { aead: "aes-128-gcm", keyLength: 16, hash: "sha256" },
  TLS_AES_256_GCM_SHA384: { aead: "aes-256-gcm", keyLength: 32, hash: "sha384" },
  TLS_CHACHA20_POLY1305_SHA256: { aead: "chacha20-poly1305", keyLength: 32, hash: "sha256" }
};
var Tls13RecordOpener = class {
  #aead;
  #key;
  #iv;
  #sequence = 0n;
  constructor(cipher, secret) {
    const suite = TLS13_SUITES[cipher];
    if (!suite) throw new MalformedHandshake(`cannot decrypt cipher suite ${cipher}`);
    this.#aead = suite.aead;
    this.#key = expandLabel(suite.hash, secret, "key", suite.keyLength);
    this.#iv = expandLabel(suite.hash, secret, "iv", 12);
  }
  /** The inner content type is the last non-zero byte of the plaintext. */
  open(record) {
    if (record.body.length < 17) throw new MalformedHandshake("encrypted record too short");
    const tagAt = record.body.length - 16;
    const decipher = (0, import_node_crypto6.createDecipheriv)(this.#aead, this.#key, this.#nonce(), { authTagLength: 16 });
    decipher.setAAD(record.header);
    decipher.setAuthTag(record.body.subarray(tagAt));
    let plain;
    try {
      plain = Buffer.concat([decipher.update(record.body.subarray(0, tagAt)), decipher.final()]);
    } catch {
      throw new MalformedHandshake("a handshake record did not decrypt");
    }
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) throw new MalformedHandshake("encrypted record without a content type");
    return { type: plain[end - 1], content: plain.subarray(0, end - 1) };
  }
  /** The iv XOR the 64-bit record sequence number. */
  #nonce() {
    const nonce = Buffer.from(this.#iv);
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.#sequence++);
    for (let i = 0; i < 8; i++) nonce[4 + i] ^= sequence[i];
    return nonce;
  }
};
function expandLabel(hash, secret, label, length) {
  const fullLabel = Buffer.from(`tls13 ${label}`, "ascii");
  const info = Buffer.concat([Buffer.from([length >> 8, length & 255, fullLabel.length]), fullLabel, Buffer.from([0])]);
  return (0, import_node_crypto6.createHmac)(hash, secret).update(info).update(Buffer.from([1])).digest().subarray(0, length);
}

// src/probe/smtp/server-handshake.ts
var MESSAGE = {
  certificate: 11,
  serverKeyExchange: 12,
  serverHelloDone: 14,
  certificateVerify: 15,
  finished: 20
};
function readServerHandshake(handshake) {
  const tls13 = handshake.protocol === "TLSv1.3";
  const facts = { certificates: null, signatureScheme: null, problem: null };
  try {
    for (const { type, body } of tls13 ? encryptedMessages(handshake) : clearMessages(handshake.bytes)) {
      if (type === MESSAGE.certificate) {
        facts.certificates = certificateList(body, tls13);
      } else if (type === MESSAGE.certificateVerify && tls13) {
        facts.signatureScheme = schemeName(new Reader(body).uint(2));
        break;
      } else if (type === MESSAGE.serverKeyExchange && handshake.protocol === "TLSv1.2") {
        facts.signatureScheme = serverKeyExchangeScheme(body, handshake.cipher);
        break;
      } else if (type === MESSAGE.serverHelloDone || type === MESSAGE.finished) {
        break;
      }
    }
    if (!facts.certificates) facts.problem = "no Certificate message in the captured handshake";
  } catch (error) {
    facts.problem = error instanceof Error ? error.message : String(error);
  }
  return facts;
}
function* clearMessages(bytes2) {
  const messages = new MessageAssembler();
  for (const record of records(bytes2)) {
    if (record.type === RECORD.changeCipherSpec) return;
    if (record.type === RECORD.handshake) yield* messages.add(record.body);
  }
}
function* encryptedMessages(handshake) {
  if (!handshake.serverHandshakeSecret) throw new MalformedHandshake("no server handshake traffic secret from the keylog");
  const opener = new Tls13RecordOpener(handshake.cipher, handshake.serverHandshakeSecret);
  const messages = new MessageAssembler();
  for (const record of records(handshake.bytes)) {
    if (record.type !== RECORD.applicationData) continue;
    const inner = opener.open(record);
    if (inner.type === RECORD.handshake) yield* messages.add(inner.content);
  }
}
var MessageAssembler = class {
  #buffer = Buffer.alloc(0);
  *add(fragment) {
    this.#buffer = Buffer.concat([this.#buffer, fragment]);
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUIntBE(1, 3);
      if (this.#buffer.length < 4 + length) return;
      const message = { type: this.#buffer[0], body: this.#buffer.subarray(4, 4 + length) };
      this.#buffer = this.#buffer.subarray(4 + length);
      yield message;
    }
  }
};
function certificateList(body, tls13) {
  const message = new Reader(body);
  if (tls13) message.bytes(message.uint(1));
  const list = new Reader(message.bytes(message.uint(3)));
  const certificates = [];
  while (!list.done()) {
    certificates.push(Buffer.from(list.bytes(list.uint(3))));
    if (tls13) list.bytes(list.uint(2));
  }
  if (certificates.length === 0) throw new MalformedHandshake("the server sent an empty certificate list");
  return certificates;
}
function serverKeyExchangeScheme(body, cipher) {
  const message = new Reader(body);
  if (cipher.startsWith("TLS_ECDHE_")) {
    if (message.uint(1) !== 3) return null;
    message.uint(2);
    message.bytes(message.uint(1));
  } else if (cipher.startsWith("TLS_DHE_")) {
    for (let i = 0; i < 3; i++) message.bytes(message.uint(2));
  } else {
    return null;
  }
  return schemeName(message.uint(2));
}
var SCHEMES = {
  513: "rsa_pkcs1_sha1",
  515: "ecdsa_sha1",
  1025: "rsa_pkcs1_sha256",
  1027: "ecdsa_secp256r1_sha256",
  1281: "rsa_pkcs1_sha384",
  1283: "ecdsa_secp384r1_sha384",
  1537: "rsa_pkcs1_sha512",
  1539: "ecdsa_secp521r1_sha512",
  2052: "rsa_pss_rsae_sha256",
  2053: "rsa_pss_rsae_sha384",
  2054: "rsa_pss_rsae_sha512",
  2055: "ed25519",
  2056: "ed448",
  2057: "rsa_pss_pss_sha256",
  2058: "rsa_pss_pss_sha384",
  2059: "rsa_pss_pss_sha512",
  2074: "ecdsa_brainpoolP256r1tls13_sha256",
  2075: "ecdsa_brainpoolP384r1tls13_sha384",
  2076: "ecdsa_brainpoolP512r1tls13_sha512"
};
function schemeName(code) {
  return SCHEMES[code] ?? `0x${code.toString(16).padStart(4, "0")}`;
}
var Reader = class {
  constructor(buffer) {
    this.buffer = buffer;
  }
  buffer;
  #at = 0;
  uint(size) {
    return this.bytes(size).readUIntBE(0, size);
  }
  bytes(length) {
    if (this.#at + length > this.buffer.length) throw new MalformedHandshake("truncated handshake message");
    const out = this.buffer.subarray(this.#at, this.#at + length);
    this.#at += length;
    return out;
  }
  done() {
    return this.#at === this.buffer.length;
  }
};

// src/probe/smtp/tls-details.ts
function describeTls(socket, capture, maxCertificates) {
  const protocol = socket.getProtocol() ?? "unknown";
  const cipher = socket.getCipher()?.standardName ?? "unknown";
  const handshake = readServerHandshake({ ...capture, protocol, cipher });
  const sent = handshake.certificates ?? chainFromPeerCertificate(socket);
  return {
    protocol,
    cipher,
    group: keyExchangeGroup(socket),
    sharedSigalgs: socket.getSharedSigalgs() ?? [],
    signatureScheme: handshake.signatureScheme,
    chain: sent.slice(0, maxCertificates).map((der) => der.toString("base64")),
    chainSource: handshake.certificates ? "handshake" : "peer-certificate",
    chainTruncated: sent.length > maxCertificates
  };
}
function keyExchangeGroup(socket) {
  const info = socket.getEphemeralKeyInfo();
  if (!info || typeof info.size !== "number") return null;
  return { name: info.name ?? info.type ?? "unknown", size: info.size };
}
function serverHandshakeSecret(line) {
  const [label, , secret] = line.toString("latin1").trim().split(" ");
  return label === "SERVER_HANDSHAKE_TRAFFIC_SECRET" && secret ? Buffer.from(secret, "hex") : null;
}

// src/probe/smtp/session.ts
var DEFAULT_SMTP_LIMITS = { maxBytes: 1024 * 1024, maxCertificates: 20 };
function createSmtpConnector(limits = {}) {
  const settings = { ...DEFAULT_SMTP_LIMITS, ...limits };
  return { probe: (request) => probeSmtp(request, settings) };
}
async function probeSmtp(request, limits = DEFAULT_SMTP_LIMITS) {
  const started = performance.now();
  const evidence = {
    address: request.address,
    family: import_node_net4.default.isIPv6(request.address) ? 6 : 4,
    port: request.port,
    sni: request.sni,
    stage: "connect",
    failure: null,
    banner: null,
    ehlo: null,
    starttlsOffered: false,
    tls: null,
    ehloTls: null,
    elapsedMs: 0
  };
  const session = new Session(request, limits);
  try {
    await converse(session, request, evidence);
  } catch (error) {
    const failure2 = error instanceof ProbeFailure ? error : new ProbeFailure("network", `internal error: ${String(error)}`);
    const refused = failure2.code === "ECONNRESET" && (evidence.stage === "connect" || evidence.stage === "banner");
    evidence.failure = { kind: refused ? "refused" : failure2.kind, message: failure2.message, reply: failure2.reply };
    if (failure2.kind === "not-offered" || failure2.kind === "rejected" && failure2.reply?.code !== 421) {
      await session.quit();
    }
  } finally {
    session.close();
    evidence.elapsedMs = Math.round(performance.now() - started);
  }
  return evidence;
}
async function converse(s, request, evidence) {
  evidence.stage = "connect";
  await s.connect();
  evidence.stage = "banner";
  evidence.banner = await s.reply("banner");
  expectCode(evidence.banner, 220, "the server refused the session");
  evidence.stage = "ehlo";
  if (!/^[\x21-\x7e]+$/.test(request.helo)) {
    throw new ProbeFailure("protocol", `refusing to send EHLO with an invalid name ${JSON.stringify(request.helo)}`);
  }
  s.send(`EHLO ${request.helo}`);
  evidence.ehlo = await s.reply("EHLO reply");
  expectCode(evidence.ehlo, 250, "the server refused EHLO");
  evidence.starttlsOffered = offersStartTls(evidence.ehlo);
  if (!evidence.starttlsOffered) throw new ProbeFailure("not-offered", "STARTTLS is not among the EHLO capabilities");
  evidence.stage = "starttls";
  s.send("STARTTLS");
  expectCode(await s.reply("STARTTLS reply"), 220, "the server refused STARTTLS");
  evidence.stage = "tls";
  evidence.tls = await s.startTls();
  evidence.stage = "ehlo-tls";
  s.send(`EHLO ${request.helo}`);
  evidence.ehloTls = await s.reply("EHLO reply inside TLS");
  expectCode(evidence.ehloTls, 250, "the server refused EHLO inside TLS");
  evidence.stage = "quit";
  await s.quit();
  evidence.stage = "done";
}
function expectCode(reply, code, refusal) {
  if (reply.code === code) return;
  if (reply.code >= 400) throw new ProbeFailure("rejected", `${refusal}: ${describeReply(reply)}`, reply);
  throw new ProbeFailure("protocol", `expected ${code}, got ${describeReply(reply)}`, reply);
}
function offersStartTls(ehlo) {
  return ehlo.lines.slice(1).some((line) => line.trim().split(/\s+/)[0]?.toUpperCase() === "STARTTLS");
}
function describeReply(reply) {
  const text = `${reply.code} ${reply.lines.join(" / ")}`.replace(/[^\x20-\x7e]/g, "?");
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
var TLS_OPTIONS = {
  // Observe, never enforce: the verdict layer judges the chain against TLSA.
  rejectUnauthorized: false,
  checkServerIdentity: () => void 0,
  minVersion: "TLSv1",
  // OpenSSL 3 refuses TLS 1.0/1.1, SHA-1 signatures and small keys above level 0.
  ciphers: `${import_node_tls.default.DEFAULT_CIPHERS}:@SECLEVEL=0`,
  // No real trust store, so nothing can be appended to the chain (peer-chain.ts).
  ca: [PLACEHOLDER_TRUST_ANCHOR]
};
var Session = class {
  #request;
  #limits;
  #socket = null;
  #tls = null;
  #reader = null;
  #bytesRead = 0;
  /** Set when the session is ended from outside the step under way (abort, byte budget). */
  #ended = null;
  #endedPromise;
  #rejectEnded = () => {
  };
  constructor(request, limits) {
    this.#request = request;
    this.#limits = limits;
    this.#endedPromise = new Promise((_, reject) => {
      this.#rejectEnded = reject;
    });
    this.#endedPromise.catch(() => {
    });
    if (request.signal?.aborted) this.#onAbort();
    else request.signal?.addEventListener("abort", this.#onAbort, { once: true });
  }
  async connect() {
    if (this.#ended) throw this.#ended;
    const { address, port } = this.#request;
    if (import_node_net4.default.isIP(address) === 0) throw new ProbeFailure("network", `${JSON.stringify(address)} is not an IP address`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ProbeFailure("network", `invalid port ${port}`);
    const socket = import_node_net4.default.connect({ host: address, port, noDelay: true });
    this.#socket = socket;
    socket.on("error", () => {
    });
    socket.on("data", this.#count);
    this.#reader = new ReplyReader(socket);
    await this.#within(
      new Promise((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", (error) => reject(socketFailure(error, "cannot connect")));
      }),
      "connection"
    );
  }
  reply(what) {
    return this.#within(this.#reader.next(), what);
  }
  send(command) {
    (this.#tls ?? this.#socket).write(`${command}\r
`);
  }
  async startTls() {
    const socket = this.#socket;
    this.#reader.detach();
    this.#reader = null;
    const tap = new HandshakeTap(socket, this.#limits.maxBytes);
    const sni = this.#request.sni.replace(/\.$/, "");
    const tlsSocket = import_node_tls.default.connect({ ...TLS_OPTIONS, socket: tap, ...sni && !import_node_net4.default.isIP(sni) ? { servername: sni } : {} });
    this.#tls = tlsSocket;
    tlsSocket.on("error", () => {
    });
    let secret = null;
    tlsSocket.on("keylog", (line) => {
      secret ??= serverHandshakeSecret(line);
    });
    await this.#within(
      new Promise((resolve, reject) => {
        tlsSocket.once("secureConnect", resolve);
        tlsSocket.once("error", (error) => {
          const why = error.reason ?? error.message.trim();
          reject(new ProbeFailure("tls", `TLS handshake failed: ${why}`, null, error.code ?? null));
        });
        tlsSocket.once("close", () => reject(new ProbeFailure("tls", "the connection closed during the TLS handshake")));
      }),
      "TLS handshake"
    );
    const details = describeTls(tlsSocket, { bytes: tap.takeCapture(), serverHandshakeSecret: secret }, this.#limits.maxCertificates);
    this.#reader = new ReplyReader(tlsSocket);
    return details;
  }
  /** Best effort: QUIT and wait for an answer or the end. Never fails (a missing 221 is fine). */
  async quit() {
    if (!this.#reader || this.#ended) return;
    try {
      this.send("QUIT");
      await this.reply("QUIT reply");
    } catch {
    }
  }
  close() {
    this.#request.signal?.removeEventListener("abort", this.#onAbort);
    this.#reader?.detach();
    this.#tls?.destroy();
    this.#socket?.destroy();
  }
  /** Waits for one step, bounded by the stage timeout, the abort signal and the byte budget. */
  async #within(work, what) {
    work.catch(() => {
    });
    if (this.#ended) throw this.#ended;
    const ms = Math.max(1, Math.round(this.#request.stageTimeoutMs));
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new ProbeFailure("timeout", `no ${what} within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([work, timeout, this.#endedPromise]);
    } catch (error) {
      throw this.#ended ?? error;
    } finally {
      clearTimeout(timer);
    }
  }
  #end(failure2) {
    if (this.#ended) return;
    this.#ended = failure2;
    this.#rejectEnded(failure2);
    this.#tls?.destroy();
    this.#socket?.destroy();
  }
  #onAbort = () => {
    const reason = this.#request.signal?.reason;
    const why = reason instanceof Error ? `: ${reason.message}` : "";
    this.#end(new ProbeFailure("cancelled", `the run was cancelled${why}`));
  };
  #count = (chunk) => {
    this.#bytesRead += chunk.length;
    if (this.#bytesRead > this.#limits.maxBytes) {
      this.#end(new ProbeFailure("protocol", `the server sent more than ${this.#limits.maxBytes} bytes`));
    }
  };
};

// src/verdict/domain-name.ts
var import_node_url = __toESM(require_url(), 1);
var import_node_net5 = __toESM(require_net(), 1);
var LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
function fail2(problem, message) {
  return { ok: false, problem, message };
}
function quoteInput(input) {
  const printable = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 77)}...` : printable);
}
function normalizeMailName(input) {
  const shown2 = quoteInput(input);
  if (input.trim() === "") return fail2("empty", "the name is empty");
  if (/[\u0000-\u0020\u007f]/.test(input)) return fail2("bad-character", `${shown2} contains spaces or control characters`);
  const bare = input.replace(/^\[(.*)\]$/, "$1");
  if ((0, import_node_net5.isIP)(bare) || (0, import_node_net5.isIP)(bare.replace(/\.$/, ""))) return fail2("ip-literal", `${shown2} is an IP address, not a domain name`);
  const withoutDot = input.endsWith(".") ? input.slice(0, -1) : input;
  if (withoutDot === "" || withoutDot.endsWith(".")) return fail2("empty-label", `${shown2} has an empty label`);
  for (const label of withoutDot.split(".")) {
    if (label === "") return fail2("empty-label", `${shown2} has an empty label`);
  }
  const ascii = /^[\x21-\x7e]*$/.test(withoutDot) ? withoutDot.toLowerCase() : (0, import_node_url.domainToASCII)(withoutDot);
  if (ascii === "") return fail2("invalid-idn", `${shown2} is not a valid internationalised domain name`);
  if (ascii.length > 253) return fail2("too-long", `${shown2} is longer than 253 characters`);
  const labels = ascii.split(".");
  for (const label of labels) {
    if (label === "") return fail2("empty-label", `${shown2} has an empty label`);
    if (label.length > 63) return fail2("label-too-long", `${shown2} has a label longer than 63 characters`);
    if (/^[a-z0-9-]+$/.test(label) && !LDH_LABEL.test(label)) {
      return fail2("bad-hyphen", `${shown2}: a label may not start or end with a hyphen`);
    }
    if (!LDH_LABEL.test(label)) {
      return fail2("bad-character", `${shown2}: only letters, digits and hyphens are allowed in a host name`);
    }
    if (label.startsWith("xn--") && (0, import_node_url.domainToASCII)(label) === "") {
      return fail2("invalid-idn", `${shown2} has an invalid A-label ${quoteInput(label)}`);
    }
  }
  if (labels.length < 2) return fail2("single-label", `${shown2} is a single label; give a fully qualified name`);
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    return fail2("numeric-tld", `${shown2} ends in an all-numeric label, which no top-level domain is`);
  }
  return { ok: true, name: ascii };
}

// src/real-deps.ts
var DNSSEC_MODES = ["validate", "resolver"];
var DEFAULT_DNSSEC_MODE = "validate";
function realDepsFactory(plan) {
  const smtp = createSmtpConnector();
  const resolverOptions = { server: plan.server, timeoutMs: Math.min(3e3, plan.checkTimeoutMs / 3), retries: 2 };
  return () => ({
    dns: plan.dnssec === "validate" ? createValidatingResolver({ ...resolverOptions, anchors: plan.anchors, clock: systemClock }) : createResolver(resolverOptions),
    smtp,
    clock: systemClock
  });
}
function defaultHelo() {
  const own = normalizeMailName((0, import_node_os.hostname)());
  return own.ok ? own.name : "localhost.localdomain";
}

// src/verdict/diagnostics.ts
var at = (a) => [a.host, a.address].filter(Boolean).join(" ");
var DIAGNOSTICS = {
  // --- MX walk (RFC 7672 §2.2.1, RFC 7505, RFC 5321 §5.1)
  MX_SECURE: { severity: "info", rfc: "RFC 7672 \xA72.2.1", message: (a) => `MX RRset of ${a.domain} is DNSSEC-secure` },
  MX_INSECURE: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.2.1",
    message: (a) => `MX RRset of ${a.domain} is not DNSSEC-signed: DANE does not apply to this domain`
  },
  MX_BOGUS: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.5, RFC 7672 \xA72.1.1",
    message: (a) => `MX lookup for ${a.domain} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ""}`
  },
  MX_LOOKUP_FAILED: {
    severity: "unknown",
    rfc: "RFC 7672 \xA72.1.1",
    message: (a) => `MX lookup for ${a.domain} failed: ${a.detail}`
  },
  DOMAIN_NXDOMAIN: { severity: "critical", rfc: "RFC 5321 \xA75.1", message: (a) => `domain ${a.domain} does not exist` },
  NULL_MX: {
    severity: "warning",
    rfc: "RFC 7505 \xA73",
    message: (a) => `${a.domain} publishes a Null MX: it accepts no mail`
  },
  IMPLICIT_MX: {
    severity: "info",
    rfc: "RFC 5321 \xA75.1",
    message: (a) => `${a.domain} has no MX records: the domain itself is the implicit MX host`
  },
  MX_TOO_MANY: {
    severity: "warning",
    rfc: "RFC 7672 \xA72.2",
    message: (a) => `${a.domain} has ${a.total} MX hosts; only the first ${a.count} by preference are checked`
  },
  MX_TARGET_INVALID: {
    severity: "critical",
    rfc: "RFC 5321 \xA75.1, RFC 7505 \xA73",
    message: (a) => `MX target ${a.name} of ${a.domain} is not a valid host name (${a.detail})`
  },
  // --- MX host addresses (RFC 7672 §2.2.1, §2.2.2)
  HOST_CNAME: {
    severity: "info",
    rfc: "RFC 7672 \xA72.3",
    message: (a) => `${a.host} is an alias of ${a.name}`
  },
  HOST_ADDRESS_INSECURE: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.3",
    message: (a) => `address records of ${a.host} are not DNSSEC-secure: DANE does not apply to this host`
  },
  HOST_ADDRESS_BOGUS: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.5, RFC 7672 \xA72.1.1",
    message: (a) => `address lookup for ${a.host} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ""}`
  },
  HOST_ADDRESS_LOOKUP_FAILED: {
    severity: "unknown",
    rfc: "RFC 7672 \xA72.1.1",
    message: (a) => `address lookup for ${a.host} failed: ${a.detail}`
  },
  HOST_NO_ADDRESS: {
    severity: "critical",
    rfc: "RFC 5321 \xA75.1",
    message: (a) => `${a.host} has no IPv4 or IPv6 address${a.detail ? ` (${a.detail})` : ""}`
  },
  // --- TLSA records (RFC 7672 §2.3, §3.1; RFC 6698 §2)
  TLSA_INSECURE: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.3",
    message: (a) => `TLSA records at ${a.name} are not DNSSEC-secure and cannot be used`
  },
  TLSA_BOGUS: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.5, RFC 7672 \xA72.1.1",
    message: (a) => `TLSA lookup at ${a.name} failed DNSSEC validation${a.detail ? ` (${a.detail})` : ""}`
  },
  TLSA_LOOKUP_FAILED: {
    severity: "unknown",
    rfc: "RFC 7672 \xA72.1.1",
    message: (a) => `TLSA lookup at ${a.name} failed: ${a.detail}`
  },
  TLSA_ABSENT: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.3",
    message: (a) => `${a.host} publishes no TLSA records (DNSSEC proves it at ${a.name})`
  },
  TLSA_UNUSABLE: {
    severity: "critical",
    rfc: "RFC 7672 \xA73.1.3",
    message: (a) => `none of the ${a.total} TLSA records of ${a.host} is usable for SMTP (only DANE-TA(2) and DANE-EE(3) with selector 0/1 and matching type 0/1/2 are)`
  },
  TLSA_RECORD_IGNORED: {
    severity: "info",
    rfc: "RFC 7672 \xA73.1.3",
    message: (a) => `TLSA ${a.record} at ${a.name} is ignored: ${a.detail}`
  },
  TLSA_RECORD_MALFORMED: {
    severity: "warning",
    rfc: "RFC 6698 \xA72.1.3",
    message: (a) => `TLSA ${a.record} at ${a.name} is malformed: ${a.detail}`
  },
  // --- SMTP and TLS (RFC 3207, RFC 7672 §2.2)
  SMTP_UNREACHABLE: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.2",
    message: (a) => `${at(a)}: ${a.detail}`
  },
  SMTP_FAILED: {
    severity: "critical",
    rfc: "RFC 5321 \xA74.2",
    message: (a) => `${at(a)}: SMTP session failed: ${a.detail}`
  },
  STARTTLS_NOT_OFFERED: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.2, RFC 3207 \xA74",
    message: (a) => `${at(a)}: STARTTLS is not offered although DANE requires TLS`
  },
  STARTTLS_REJECTED: {
    severity: "critical",
    rfc: "RFC 3207 \xA74",
    message: (a) => `${at(a)}: STARTTLS failed: ${a.detail}`
  },
  TLS_HANDSHAKE_FAILED: {
    severity: "critical",
    rfc: "RFC 7672 \xA72.2",
    message: (a) => `${at(a)}: ${a.detail}`
  },
  PROBE_UNFINISHED: {
    severity: "unknown",
    rfc: "RFC 7672 \xA72.1.1",
    message: (a) => `${at(a)}: not finished before the time limit (${a.detail})`
  },
  // --- Certificate matching (RFC 7672 §3.1, §3.2; RFC 7671 §5)
  TLSA_MATCHED: {
    severity: "info",
    rfc: "RFC 7672 \xA73.1",
    message: (a) => `${at(a)}: TLSA ${a.record} matched the certificate at depth ${a.depth}`
  },
  TLSA_MISMATCH: {
    severity: "critical",
    rfc: "RFC 7672 \xA73.1",
    message: (a) => `${at(a)}: certificate matches none of ${a.total} usable TLSA record${a.total === 1 ? "" : "s"}`
  },
  NAME_MISMATCH: {
    severity: "critical",
    rfc: "RFC 7672 \xA73.2.3",
    message: (a) => `${at(a)}: DANE-TA matched but the certificate names none of ${a.detail}`
  },
  CHAIN_INVALID: {
    severity: "critical",
    rfc: "RFC 7672 \xA73.2.2",
    message: (a) => `${at(a)}: DANE-TA matched but the chain to it does not verify: ${a.detail}`
  },
  CHAIN_EXPIRED: {
    severity: "critical",
    rfc: "RFC 7672 \xA73.2.2",
    message: (a) => `${at(a)}: DANE-TA matched but a certificate in the chain is outside its validity: ${a.detail}`
  },
  DANE_EE_DATES_IGNORED: {
    severity: "info",
    rfc: "RFC 7672 \xA73.1.1",
    message: (a) => `${at(a)}: the certificate is outside its validity dates, which DANE-EE ignores (${a.detail})`
  },
  CHAIN_TRUNCATED: {
    severity: "warning",
    rfc: "RFC 8446 \xA74.4.2",
    message: (a) => `${at(a)}: the server sent more than ${a.count} certificates; only the first ${a.count} were examined`
  },
  CERTIFICATE_UNPARSABLE: {
    severity: "critical",
    rfc: "RFC 5280 \xA74.1",
    message: (a) => `${at(a)}: certificate at depth ${a.depth} cannot be parsed: ${a.detail}`
  },
  // --- Built-in DNSSEC validation (--dnssec validate): the validator's findings, DNSViz-style
  DNSSEC_SIGNATURE_EXPIRED: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.1",
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has expired: ${a.detail}`
  },
  DNSSEC_SIGNATURE_NOT_YET_VALID: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.1",
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} is not valid yet: ${a.detail}`
  },
  DNSSEC_SIGNATURE_INVALID: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.3",
    message: (a) => `DNSSEC: bad signature over ${a.name} in zone ${a.zone}: ${a.detail}`
  },
  DNSSEC_RRSIG_MISSING: {
    severity: "critical",
    rfc: "RFC 4035 \xA74.3, \xA75.3",
    message: (a) => `DNSSEC: ${a.name} in signed zone ${a.zone} has no usable signature: ${a.detail}`
  },
  DNSSEC_RRSIG_SIGNER_MISMATCH: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.1",
    message: (a) => `DNSSEC: signature over ${a.name} names the wrong signer (zone ${a.zone}): ${a.detail}`
  },
  DNSSEC_RRSIG_LABELS_MISMATCH: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.1",
    message: (a) => `DNSSEC: signature over ${a.name} in zone ${a.zone} has an impossible Labels field: ${a.detail}`
  },
  DNSSEC_DNSKEY_MISSING: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.2, \xA75.3.1",
    message: (a) => `DNSSEC: no DNSKEY of zone ${a.zone} for ${a.name}: ${a.detail}`
  },
  DNSSEC_DS_NO_MATCHING_DNSKEY: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.2",
    message: (a) => `DNSSEC: the DS of zone ${a.zone} matches none of its DNSKEYs: ${a.detail}`
  },
  DNSSEC_TRUST_ANCHOR_MISMATCH: {
    severity: "critical",
    rfc: "RFC 4035 \xA75, RFC 7958",
    message: (a) => `DNSSEC: the DNSKEYs of ${a.zone} match no trust anchor (wrong --trust-anchor, or a resolver in another DNS world?): ${a.detail}`
  },
  DNSSEC_NXDOMAIN_UNPROVEN: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.4, RFC 5155 \xA78.4",
    message: (a) => `DNSSEC: zone ${a.zone} says ${a.name} does not exist without proof: ${a.detail}`
  },
  DNSSEC_NODATA_UNPROVEN: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.4, RFC 5155 \xA78.5\u2013\xA78.7",
    message: (a) => `DNSSEC: zone ${a.zone} says there is no ${a.name} without proof: ${a.detail}`
  },
  DNSSEC_WILDCARD_UNPROVEN: {
    severity: "critical",
    rfc: "RFC 4035 \xA75.3.4, RFC 5155 \xA78.8",
    message: (a) => `DNSSEC: ${a.name} in zone ${a.zone} comes from a wildcard without proof that the name itself is absent: ${a.detail}`
  },
  DNSSEC_UNSUPPORTED_ALGORITHM: {
    severity: "warning",
    rfc: "RFC 4035 \xA75.2, RFC 8624 \xA73.1",
    message: (a) => `DNSSEC: zone ${a.zone} is signed only with algorithms this validator does not implement, so it counts as unsigned: ${a.detail}`
  },
  DNSSEC_UNSUPPORTED_DIGEST: {
    severity: "warning",
    rfc: "RFC 4035 \xA75.2, RFC 8624 \xA73.3",
    message: (a) => `DNSSEC: the DS of zone ${a.zone} uses only digest types this validator does not implement, so it counts as unsigned: ${a.detail}`
  },
  DNSSEC_NSEC3_ITERATIONS_TOO_HIGH: {
    severity: "warning",
    rfc: "RFC 9276 \xA73.2",
    message: (a) => `DNSSEC: zone ${a.zone} uses too many NSEC3 iterations, so its denials count as unsigned: ${a.detail}`
  },
  DNSSEC_NSEC3_OPT_OUT: {
    severity: "info",
    rfc: "RFC 5155 \xA76, \xA78.6",
    message: (a) => `DNSSEC: ${a.name} falls in an NSEC3 opt-out span of zone ${a.zone}, so it counts as unsigned: ${a.detail}`
  },
  DNSSEC_INSECURE_DELEGATION: {
    severity: "info",
    rfc: "RFC 4035 \xA75.2",
    message: (a) => `DNSSEC: ${a.detail} (proven by ${a.zone})`
  },
  DNSSEC_OUTSIDE_TRUST_ANCHORS: {
    severity: "info",
    rfc: "RFC 4035 \xA74.3",
    message: (a) => `DNSSEC: ${a.name} is below no trust anchor, so it counts as unsigned`
  },
  DNSSEC_LOOKUP_FAILED: {
    severity: "unknown",
    rfc: "RFC 7672 \xA72.1.1",
    message: (a) => `DNSSEC: lookup of ${a.name} failed while validating (zone ${a.zone}): ${a.detail}`
  },
  DNSSEC_NO_DNSSEC_DATA: {
    severity: "unknown",
    rfc: "RFC 4035 \xA73.2.1",
    message: (a) => `DNSSEC: cannot validate: ${a.detail}`
  },
  DNSSEC_ANSWER_UNUSABLE: {
    severity: "unknown",
    rfc: "RFC 1034 \xA74.3.1",
    message: (a) => `DNSSEC: no answer to validate for ${a.name}: ${a.detail}`
  },
  // --- Resolver remarks
  DNS_EXTENDED_ERROR: {
    severity: "info",
    rfc: "RFC 8914",
    message: (a) => `resolver said about ${a.name}: ${a.detail}`
  }
};
function diagnostic(code, args, policy = {}) {
  const spec = DIAGNOSTICS[code];
  const d = { code, severity: policy[code] ?? spec.severity, rfc: spec.rfc, message: spec.message(args) };
  if (args.host) d.host = args.host;
  if (args.address) d.address = args.address;
  return d;
}
function isDiagnosticCode(code) {
  return Object.hasOwn(DIAGNOSTICS, code);
}

export {
  __require,
  __esm,
  __commonJS,
  __export,
  __toESM,
  __toCommonJS,
  UsageError,
  finish,
  unknownLine,
  require_url,
  require_net,
  normalizeMailName,
  DNSSEC_FAILURE_EDE_CODES,
  describeEde,
  ResolverAddressError,
  formatResolverAddress,
  parseResolverAddress,
  parseResolvConf,
  resolverFromEnvironment,
  require_crypto,
  describeFinding,
  TrustAnchorFormatError,
  parseTrustAnchors,
  IANA_ROOT_ANCHORS,
  DNSSEC_MODES,
  DEFAULT_DNSSEC_MODE,
  realDepsFactory,
  defaultHelo,
  DIAGNOSTICS,
  diagnostic,
  isDiagnosticCode
};
