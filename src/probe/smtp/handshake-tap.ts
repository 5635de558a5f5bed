// A Duplex over the TCP socket for node:tls to run on, keeping a copy of what the
// server sends until the handshake is over: server-handshake.ts reads the
// chain from it. tls.connect() accepts any Duplex as `socket`; given a net.Socket
// it would read the file descriptor directly and we would never see the bytes.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

export class HandshakeTap extends Duplex {
  readonly #socket: Socket;
  readonly #maxCapture: number;
  #captured: Buffer[] = [];
  #capturedBytes = 0;
  #capturing = true;
  /** Set when the server sent more than maxCapture bytes while capturing. */
  overflowed = false;

  constructor(socket: Socket, maxCapture: number) {
    super();
    this.#socket = socket;
    this.#maxCapture = maxCapture;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  /** Ends capturing and returns what was captured. */
  takeCapture(): Buffer {
    this.#capturing = false;
    const bytes = Buffer.concat(this.#captured);
    this.#captured = [];
    return bytes;
  }

  // No back-pressure: the session's byte budget bounds what can pile up.
  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#socket.off('data', this.#onData);
    this.#socket.destroy();
    callback(error);
  }

  #onData = (chunk: Buffer): void => {
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

  #onEnd = (): void => {
    this.push(null);
  };

  #onError = (error: Error): void => {
    this.destroy(error);
  };

  #onClose = (): void => {
    this.destroy();
  };
}
