// Reads a whole DNS response (RFC 1035 §4.1) into canonical records. dns-packet
// decodes labels as UTF-8 text and joins them with dots, which loses bytes that
// are not UTF-8 and dots inside labels; signature input needs the exact octets,
// so the validator reads the message itself. Compression pointers are expanded
// everywhere RDATA_LAYOUT knows a name (RFC 3597 §4).
import { type DnsName, lowerInto, nameWireLength, writeNameWire } from './name.ts';
import { RDATA_LAYOUT } from './rdata-layout.ts';
import { RR_TYPE } from './rr-types.ts';
import type { WireRecord } from './wire-record.ts';

export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
}

export interface EdnsOption {
  code: number;
  data: Buffer;
}

export interface ReadMessage {
  id: number;
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
  /** Including the EDNS extended bits (RFC 6891 §6.1.3). */
  rcode: number;
  questions: { name: DnsName; type: number; class: number }[];
  answer: WireRecord[];
  authority: WireRecord[];
  /** Without the OPT pseudo-record. */
  additional: WireRecord[];
  ednsOptions: EdnsOption[];
}

const MAX_NAME_OCTETS = 255;

// Integers and labels are read from the bytes directly, not with Buffer's read and
// alloc methods: each of those runs Node's argument checks, and a validating check
// reads thousands of fields, enough for V8 to spend ~3 MiB optimising the checks
// (docs/performance.md, F7).
class Cursor {
  /**
   * Lower-cased names already read, by the offset they start at: a compression pointer
   * to one of them (most owner names point at the question) takes its labels as they are.
   */
  readonly #names = new Map<number, Buffer[]>();
  /**
   * Lower-cased labels (RFC 4034 §6.2) at the offsets they have in the message: one
   * allocation per message, and a label is a view of it.
   */
  #lowered: Buffer | null = null;

  constructor(
    readonly message: Buffer,
    public offset = 0,
  ) {}

  need(count: number): void {
    if (this.offset + count > this.message.length) throw new MessageFormatError(`message ends at ${this.message.length}, needed ${this.offset + count}`);
  }
  u8(): number {
    this.need(1);
    return this.message[this.offset++]!;
  }
  u16(): number {
    this.need(2);
    const value = u16At(this.message, this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = u16At(this.message, this.offset) * 0x10000 + u16At(this.message, this.offset + 2);
    this.offset += 4;
    return value;
  }
  /** The next `count` octets, copied out of the message. */
  copy(count: number): Buffer {
    this.need(count);
    const value = Buffer.copyBytesFrom(this.message, this.offset, count);
    this.offset += count;
    return value;
  }
  /** Skips the next `count` octets; returns where they start, for copying later. */
  skip(count: number): number {
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
  labels(lowerCase = true): Buffer[] {
    const labels: Buffer[] = [];
    const starts: number[] = [];
    let position = this.offset;
    let jumped = false;
    let octets = 1;
    for (;;) {
      if (position >= this.message.length) throw new MessageFormatError('name runs past the message');
      const length = this.message[position]!;
      if (length === 0) {
        if (!jumped) this.offset = position + 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        if (position + 1 >= this.message.length) throw new MessageFormatError('truncated compression pointer');
        const target = u16At(this.message, position) & 0x3fff;
        if (target >= position) throw new MessageFormatError('compression pointer does not point backwards');
        if (!jumped) this.offset = position + 2;
        jumped = true;
        const known = lowerCase ? this.#names.get(target) : undefined;
        if (known) {
          if (octets + nameWireLength(known) - 1 > MAX_NAME_OCTETS) throw new MessageFormatError('name longer than 255 octets');
          labels.push(...known);
          break;
        }
        position = target;
        continue;
      }
      if ((length & 0xc0) !== 0) throw new MessageFormatError(`unknown label type 0x${length.toString(16)}`);
      octets += length + 1;
      if (octets > MAX_NAME_OCTETS) throw new MessageFormatError('name longer than 255 octets');
      if (position + 1 + length > this.message.length) throw new MessageFormatError('label runs past the message');
      const start = position + 1;
      labels.push(lowerCase ? this.#lowerLabel(start, start + length) : Buffer.from(this.message.subarray(start, start + length)));
      starts.push(position);
      position = start + length;
    }
    // Every suffix of the name, by where its first label starts: a later pointer may reach
    // any of them. At most 127 labels, so the copies stay small.
    if (lowerCase) starts.forEach((start, i) => this.#names.set(start, labels.slice(i)));
    return labels;
  }

  #lowerLabel(start: number, end: number): Buffer {
    const lowered = (this.#lowered ??= Buffer.allocUnsafe(this.message.length));
    lowerInto(this.message, start, end, lowered, start);
    return lowered.subarray(start, end);
  }
}

function u16At(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/**
 * RDATA with every known name expanded (and lower-cased where canonical form says),
 * written into one buffer: a validating check reads hundreds of records.
 */
function canonicalRdata(cursor: Cursor, type: number, length: number): Buffer {
  const end = cursor.offset + length;
  cursor.need(length);
  const layout = RDATA_LAYOUT.get(type);
  if (!layout || length === 0) return cursor.copy(length);
  // Each field is a name (its labels) or a run of octets of the message (its length and start).
  const parts: (Buffer[] | { start: number; count: number })[] = [];
  let size = 0;
  for (const field of layout) {
    if (cursor.offset > end) break;
    if (field.kind === 'name') {
      const labels = cursor.labels(field.lowerCase);
      size += nameWireLength(labels);
      parts.push(labels);
      continue;
    }
    const count =
      field.kind === 'bytes' ? field.length
      : field.kind === 'character-string' ? 1 + (cursor.message[cursor.offset] ?? 0)
      : Math.max(0, end - cursor.offset);
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

interface RawRecord extends WireRecord {
  /** OPT only: the raw RDATA. */
  raw?: Buffer;
}

function readRecord(cursor: Cursor): RawRecord {
  const owner: DnsName = cursor.labels();
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

function ednsOptionsOf(rdata: Buffer): EdnsOption[] {
  const options: EdnsOption[] = [];
  let offset = 0;
  while (offset + 4 <= rdata.length) {
    const code = rdata.readUInt16BE(offset);
    const length = rdata.readUInt16BE(offset + 2);
    options.push({ code, data: rdata.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return options;
}

export function readMessage(message: Buffer): ReadMessage {
  const cursor = new Cursor(message);
  const id = cursor.u16();
  const flags = cursor.u16();
  const counts = [cursor.u16(), cursor.u16(), cursor.u16(), cursor.u16()] as const;
  const questions: ReadMessage['questions'] = [];
  for (let i = 0; i < counts[0]; i++) {
    questions.push({ name: cursor.labels(), type: cursor.u16(), class: cursor.u16() });
  }
  const sections: RawRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) sections[s]!.push(readRecord(cursor));
  }
  const opt = sections[2]!.find((r) => r.type === RR_TYPE.OPT);
  // The OPT TTL field carries the upper 8 bits of the rcode (RFC 6891 §6.1.3).
  const extended = opt ? (opt.ttl >>> 24) & 0xff : 0;
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: (extended << 4) | (flags & 0x0f),
    questions,
    answer: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!.filter((r) => r.type !== RR_TYPE.OPT),
    ednsOptions: opt?.raw ? ednsOptionsOf(opt.raw) : [],
  };
}
