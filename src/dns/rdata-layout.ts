// Where domain names sit inside RDATA. A reader needs this to expand compression
// pointers (RFC 3597 §4), and canonical form to lower-case them: RFC 4034 §6.2
// lists the types, and RFC 6840 §5.1 takes NSEC out of that list (its next name
// keeps its case). Types not listed here are opaque bytes.
import { RR_TYPE } from './rr-types.ts';

export type RdataField =
  | { kind: 'name'; lowerCase: boolean }
  | { kind: 'bytes'; length: number }
  /** RFC 1035 §3.3 <character-string>: a length octet, then that many octets. */
  | { kind: 'character-string' }
  /** Everything up to the end of the RDATA. */
  | { kind: 'rest' };

const name: RdataField = { kind: 'name', lowerCase: true };
const bytes = (length: number): RdataField => ({ kind: 'bytes', length });
const cstring: RdataField = { kind: 'character-string' };
const rest: RdataField = { kind: 'rest' };

export const RDATA_LAYOUT: ReadonlyMap<number, readonly RdataField[]> = new Map<number, RdataField[]>([
  [RR_TYPE.NS, [name]],
  [3 /* MD */, [name]],
  [4 /* MF */, [name]],
  [RR_TYPE.CNAME, [name]],
  [RR_TYPE.SOA, [name, name, bytes(20)]],
  [7 /* MB */, [name]],
  [8 /* MG */, [name]],
  [9 /* MR */, [name]],
  [RR_TYPE.PTR, [name]],
  [14 /* MINFO */, [name, name]],
  [RR_TYPE.MX, [bytes(2), name]],
  [17 /* RP */, [name, name]],
  [18 /* AFSDB */, [bytes(2), name]],
  [21 /* RT */, [bytes(2), name]],
  [24 /* SIG */, [bytes(18), name, rest]],
  [26 /* PX */, [bytes(2), name, name]],
  [30 /* NXT */, [name, rest]],
  [RR_TYPE.SRV, [bytes(6), name]],
  [35 /* NAPTR */, [bytes(4), cstring, cstring, cstring, name]],
  [36 /* KX */, [bytes(2), name]],
  [RR_TYPE.DNAME, [name]],
  [RR_TYPE.RRSIG, [bytes(18), name, rest]],
  [RR_TYPE.NSEC, [{ kind: 'name', lowerCase: false }, rest]],
]);
