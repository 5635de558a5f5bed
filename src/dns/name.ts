// Domain names as DNSSEC sees them: a list of wire labels (RFC 1035 §3.1), most
// specific first, with US-ASCII upper case folded to lower case (RFC 4034 §6.2,
// RFC 4343: only A-Z, never other bytes). Labels are bytes, not text, so a label
// holding a dot or a non-UTF-8 byte survives, which canonical ordering and
// signature input need. The root is the empty list.

export type DnsName = readonly Buffer[];

export const ROOT: DnsName = [];

/**
 * A lower-cased copy of the label `bytes[start, end)`. RFC 4034 §6.2: only US-ASCII
 * letters are folded. One allocation: a validating check reads names by the hundred.
 */
export function lowerCopy(bytes: ArrayLike<number>, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  lowerInto(bytes, start, end, out, 0);
  return out;
}

/** Writes the lower-cased label `bytes[start, end)` into `out` at `at`. */
export function lowerInto(bytes: ArrayLike<number>, start: number, end: number, out: Uint8Array, at: number): void {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    out[at + i - start] = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
  }
}

/**
 * Presentation format (RFC 1035 §5.1) to a name: `\.` and `\DDD` escapes, an
 * optional trailing dot, "." or "" for the root. Throws on an empty label.
 */
export function parseName(text: string): DnsName {
  if (text === '' || text === '.') return ROOT;
  const labels: Buffer[] = [];
  let current: number[] = [];
  let i = 0;
  const source = Buffer.from(text, 'utf8');
  const endLabel = () => {
    if (current.length === 0) throw new Error(`empty label in "${text}"`);
    if (current.length > 63) throw new Error(`label longer than 63 octets in "${text}"`);
    labels.push(lowerCopy(current, 0, current.length));
    current = [];
  };
  while (i < source.length) {
    const byte = source[i]!;
    if (byte === 0x5c /* \ */) {
      const digits = source.subarray(i + 1, i + 4).toString('latin1');
      if (/^[0-9]{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255) throw new Error(`escape \\${digits} out of range in "${text}"`);
        current.push(value);
        i += 4;
      } else if (i + 1 < source.length) {
        current.push(source[i + 1]!);
        i += 2;
      } else {
        throw new Error(`dangling backslash in "${text}"`);
      }
    } else if (byte === 0x2e /* . */) {
      endLabel();
      i++;
      if (i === source.length) return labels; // trailing dot
    } else {
      current.push(byte);
      i++;
    }
  }
  endLabel();
  return labels;
}

/** Printable characters that presentation format escapes with a backslash (RFC 4343 §2.1). */
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b]); // . \ " ( ) ;

/** A byte that stands for itself in presentation format. */
function isPlainByte(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f && !SPECIAL.has(byte);
}

/** Printable except the characters that need escaping, the rest as \DDD (RFC 4343 §2.1). */
function labelText(label: Buffer): string {
  if (label.every(isPlainByte)) return label.toString('latin1');
  let out = '';
  for (const byte of label) {
    if (isPlainByte(byte)) out += String.fromCharCode(byte);
    else if (SPECIAL.has(byte)) out += `\\${String.fromCharCode(byte)}`;
    else out += `\\${byte.toString().padStart(3, '0')}`;
  }
  return out;
}

/** Lower-case, no trailing dot, '.' for the root: the spelling the evidence uses (names.ts). */
export function nameText(name: DnsName): string {
  return name.length === 0 ? '.' : name.map(labelText).join('.');
}

/** Uncompressed wire form (RFC 1035 §3.1), as canonical form requires (RFC 4034 §6.2). */
export function nameWire(name: readonly Uint8Array[]): Buffer {
  const out = Buffer.allocUnsafe(nameWireLength(name));
  writeNameWire(name, out, 0);
  return out;
}

/** Octets of the uncompressed wire form: a length octet per label, the labels, the root's zero. */
export function nameWireLength(name: readonly Uint8Array[]): number {
  let length = 1;
  for (const label of name) length += 1 + label.length;
  return length;
}

/** Writes the uncompressed wire form into `out` at `offset`; returns the offset after it. */
export function writeNameWire(name: readonly Uint8Array[], out: Uint8Array, offset: number): number {
  for (const label of name) {
    out[offset++] = label.length;
    out.set(label, offset);
    offset += label.length;
  }
  out[offset++] = 0;
  return offset;
}

export function nameEquals(a: DnsName, b: DnsName): boolean {
  return a.length === b.length && a.every((label, i) => label.equals(b[i]!));
}

/** True when `name` is `ancestor` or below it. */
export function isAtOrBelow(name: DnsName, ancestor: DnsName): boolean {
  if (name.length < ancestor.length) return false;
  const offset = name.length - ancestor.length;
  return ancestor.every((label, i) => label.equals(name[offset + i]!));
}

/** True when `name` is strictly below `ancestor`. */
export function isBelow(name: DnsName, ancestor: DnsName): boolean {
  return name.length > ancestor.length && isAtOrBelow(name, ancestor);
}

export function parentOf(name: DnsName): DnsName {
  return name.slice(1);
}

/** The name's rightmost `count` labels. */
export function suffixOf(name: DnsName, count: number): DnsName {
  return name.slice(name.length - count);
}

const STAR = Buffer.from('*');

export function isWildcard(name: DnsName): boolean {
  return name.length > 0 && name[0]!.equals(STAR);
}

export function wildcardOf(name: DnsName): DnsName {
  return [STAR, ...name];
}

/** RFC 4034 §3.1.3: the RRSIG Labels field counts labels without the root and without a leading '*'. */
export function signatureLabelCount(name: DnsName): number {
  return isWildcard(name) ? name.length - 1 : name.length;
}

/** The longest name both are at or below. */
export function commonAncestor(a: DnsName, b: DnsName): DnsName {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[a.length - 1 - shared]!.equals(b[b.length - 1 - shared]!)) shared++;
  return suffixOf(a, shared);
}

/**
 * RFC 4034 §6.1 canonical order: compare label by label from the root, each
 * label as a left-justified octet string (a missing octet sorts first); a
 * name sorts right after its ancestors.
 */
export function compareNames(a: DnsName, b: DnsName): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 1; i <= shared; i++) {
    const order = Buffer.compare(a[a.length - i]!, b[b.length - i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** From just below `top` down to `name` itself, e.g. top '.', name a.b → [b, a.b]. */
export function namesBetween(top: DnsName, name: DnsName): DnsName[] {
  const out: DnsName[] = [];
  for (let length = top.length + 1; length <= name.length; length++) out.push(suffixOf(name, length));
  return out;
}
