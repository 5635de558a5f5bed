// Binds a ReplyParser to one stream (the TCP socket, later the TLS socket) and
// hands out replies one at a time. Anything that ends the conversation (parse
// error, close, socket error) is remembered and given to the next caller, after
// the replies that arrived before it.
import type { Duplex } from 'node:stream';
import type { SmtpReply } from '../../evidence/smtp.ts';
import { ProbeFailure, socketFailure } from './failure.ts';
import { ReplyParser } from './reply-parser.ts';

interface Waiter {
  resolve(reply: SmtpReply): void;
  reject(failure: ProbeFailure): void;
}

export class ReplyReader {
  readonly #stream: Duplex;
  readonly #parser = new ReplyParser();
  readonly #queue: SmtpReply[] = [];
  #problem: ProbeFailure | null = null;
  #waiter: Waiter | null = null;

  constructor(stream: Duplex) {
    this.#stream = stream;
    stream.on('data', this.#onData);
    stream.on('end', this.#onEnd);
    stream.on('close', this.#onClose);
    stream.on('error', this.#onError);
  }

  /** The next reply; rejects with a ProbeFailure once the conversation is over. */
  next(): Promise<SmtpReply> {
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
  detach(): void {
    this.#stream.off('data', this.#onData);
    this.#stream.off('end', this.#onEnd);
    this.#stream.off('close', this.#onClose);
    this.#stream.off('error', this.#onError);
    this.#queue.length = 0;
    this.#parser.reset();
    this.#waiter = null;
  }

  #onData = (chunk: Buffer): void => {
    const { replies, error } = this.#parser.push(chunk);
    this.#queue.push(...replies);
    if (error) this.#end(new ProbeFailure('protocol', error.message));
    this.#wake();
  };

  #onEnd = (): void => {
    const midReply = this.#parser.buffered() > 0 ? ' in the middle of a reply' : '';
    this.#end(new ProbeFailure('closed', `the server closed the connection${midReply}`));
  };

  #onClose = (): void => this.#end(new ProbeFailure('closed', 'the connection was closed'));

  #onError = (error: unknown): void => this.#end(socketFailure(error, 'socket error'));

  #end(failure: ProbeFailure): void {
    this.#problem ??= failure;
    this.#wake();
  }

  #wake(): void {
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
}
