// Resource record type codes (IANA "Resource Record (RR) TYPEs") the validator
// works with, and their mnemonics for messages.

export const RR_TYPE = {
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
  TLSA: 52,
} as const;

export type KnownRrType = keyof typeof RR_TYPE;

const NAMES = new Map<number, string>(Object.entries(RR_TYPE).map(([name, code]) => [code, name]));

/** "MX", or "TYPE65534" (RFC 3597 §5) for a code without a name here. */
export function typeName(code: number): string {
  return NAMES.get(code) ?? `TYPE${code}`;
}

export function typeCode(name: string): number {
  const known = (RR_TYPE as Record<string, number>)[name.toUpperCase()];
  if (known !== undefined) return known;
  const generic = /^TYPE([0-9]{1,5})$/i.exec(name);
  if (generic && Number(generic[1]) <= 0xffff) return Number(generic[1]);
  throw new Error(`unknown RR type ${name}`);
}
