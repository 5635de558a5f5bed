// Incremental SMTP reply parser (RFC 5321 §4.2). Pure: byte chunks in, complete
// replies out. A reply is `ddd-text` continuation lines ended by a `ddd text`
// (or bare `ddd`) line, all with the same code. Lines end in CRLF; a bare LF is
// tolerated because real servers send it. Limits keep a hostile peer from making
// us buffer without bound; breaking one is a protocol error, and errors stick
// until reset().
import type { SmtpReply } from '../../evidence/smtp.ts';

export interface ReplyLimits {
  /** Longest line, without its line ending (RFC 5321 §4.5.3.1.5 says 512 with it; we are lenient). */
  maxLineBytes: number;
  /** Most lines in one reply (a long EHLO list has ~20). */
  maxLines: number;
  /** Most bytes held for an unfinished reply. */
  maxBufferedBytes: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  maxLineBytes: 4096,
  maxLines: 256,
  maxBufferedBytes: 64 * 1024,
};

export type ReplyErrorKind = 'garbage' | 'code-mismatch' | 'line-too-long' | 'too-many-lines' | 'too-much-data';

export interface ReplyError {
  kind: ReplyErrorKind;
  message: string;
}

export interface ParseResult {
  /** Replies completed by this chunk, in order (also those completed before an error). */
  replies: SmtpReply[];
  error: ReplyError | null;
}

// Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 §4.2); the second digit is
// accepted in full because §4.2 asks clients to go by the first digit.
const LINE = /^([2-5][0-9]{2})(?:([ -])(.*))?$/s;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class ReplyParser {
  readonly #limits: ReplyLimits;
  /** Bytes after the last line ending. */
  #partial: Buffer = EMPTY;
  /**
   * The raw lines (with endings) of the reply in progress, for remainder(): latin1 strings,
   * which keep every byte, because a Buffer per line is what a check has too many of
   * (docs/performance.md, F7).
   */
  #rawLines: string[] = [];
  #rawBytes = 0;
  #code = 0;
  #texts: string[] = [];
  #error: ReplyError | null = null;

  constructor(limits: Partial<ReplyLimits> = {}) {
    this.#limits = { ...DEFAULT_REPLY_LIMITS, ...limits };
  }

  push(chunk: Uint8Array): ParseResult {
    const replies: SmtpReply[] = [];
    if (this.#error) return { replies, error: this.#error };
    // Read in place: lines are decoded by offsets, and only what must outlive this
    // chunk (continuation lines, a partial line) is copied.
    const data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : asBuffer(chunk);
    let start = 0;
    for (let lf = data.indexOf(LF, start); lf >= 0; lf = data.indexOf(LF, start)) {
      const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
      const error = this.#line(data, start, end, lf + 1, replies);
      start = lf + 1;
      if (error) return this.#fail(error, replies);
    }
    // Copy, so a large chunk is not kept alive by a small tail.
    this.#partial = start < data.length ? Buffer.copyBytesFrom(data, start) : EMPTY;
    const tail = this.#partial.length - (this.#partial.at(-1) === CR ? 1 : 0);
    if (tail > this.#limits.maxLineBytes) {
      return this.#fail({ kind: 'line-too-long', message: `reply line longer than ${this.#limits.maxLineBytes} bytes` }, replies);
    }
    if (this.buffered() > this.#limits.maxBufferedBytes) return this.#fail(tooMuch(this.#limits), replies);
    return { replies, error: null };
  }

  /** Bytes held that are not part of a returned reply. */
  buffered(): number {
    return this.#rawBytes + this.#partial.length;
  }

  /** The held bytes themselves: an unfinished reply and a partial line. */
  remainder(): Buffer {
    return Buffer.concat([Buffer.from(this.#rawLines.join(''), 'latin1'), this.#partial]);
  }

  /** Forgets everything held, and any error (RFC 3207 §6: nothing read before TLS may be used after it). */
  reset(): void {
    this.#partial = EMPTY;
    this.#startReply();
    this.#error = null;
  }

  /** The line `data[start, end)`, whose line ending runs to `rawEnd`. */
  #line(data: Buffer, start: number, end: number, rawEnd: number, out: SmtpReply[]): ReplyError | null {
    if (end - start > this.#limits.maxLineBytes) {
      return { kind: 'line-too-long', message: `reply line longer than ${this.#limits.maxLineBytes} bytes` };
    }
    const match = LINE.exec(data.toString('utf8', start, end));
    if (!match) return { kind: 'garbage', message: `not an SMTP reply line: ${excerpt(data.subarray(start, end))}` };
    const code = Number(match[1]);
    if (this.#texts.length > 0 && code !== this.#code) {
      return { kind: 'code-mismatch', message: `reply code ${code} inside a multi-line ${this.#code} reply` };
    }
    if (this.#texts.length >= this.#limits.maxLines) {
      return { kind: 'too-many-lines', message: `reply longer than ${this.#limits.maxLines} lines` };
    }
    this.#code = code;
    this.#texts.push(match[3] ?? '');
    if (match[2] === '-') {
      this.#rawLines.push(data.toString('latin1', start, rawEnd));
      this.#rawBytes += rawEnd - start;
      if (this.#rawBytes > this.#limits.maxBufferedBytes) return tooMuch(this.#limits);
    } else {
      out.push({ code, lines: this.#texts });
      this.#startReply();
    }
    return null;
  }

  #startReply(): void {
    this.#rawLines = [];
    this.#rawBytes = 0;
    this.#code = 0;
    this.#texts = [];
  }

  #fail(error: ReplyError, replies: SmtpReply[]): ParseResult {
    this.#error = error;
    return { replies, error };
  }
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function tooMuch(limits: ReplyLimits): ReplyError {
  return { kind: 'too-much-data', message: `unfinished reply larger than ${limits.maxBufferedBytes} bytes` };
}

/** A short printable rendering of peer bytes for messages. */
export function excerpt(bytes: Uint8Array, max = 60): string {
  const text = Buffer.from(bytes.subarray(0, max)).toString('latin1');
  const printable = text.replace(/[^\x20-\x7e]|["\\]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${printable}${bytes.length > max ? '...' : ''}"`;
}
