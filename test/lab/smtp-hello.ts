// A plain-text SMTP greeting over node:net (banner, EHLO, QUIT), used by the lab
// to wait for Postfix and by its own tests. No TLS here: that is the product's job.
import { connect } from 'node:net';

export interface SmtpHello {
  banner: string[];
  ehlo: string[];
  starttls: boolean;
}

export function smtpHello(address: string, port = 25, timeoutMs = 3000): Promise<SmtpHello> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let buffer = '';
    let stage: 'banner' | 'ehlo' | 'quit' = 'banner';
    let lines: string[] = [];
    const result: SmtpHello = { banner: [], ehlo: [], starttls: false };
    const timer = setTimeout(() => fail(new Error(`SMTP ${address}:${port}: no ${stage} reply within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.setEncoding('latin1');
    socket.on('error', (error) => fail(new Error(`SMTP ${address}:${port}: ${error.message}`)));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        if (line[3] === '-') continue; // continuation line
        const reply = lines;
        lines = [];
        if (stage === 'banner') {
          result.banner = reply;
          if (!reply[0]?.startsWith('220')) return fail(new Error(`SMTP ${address}:${port}: banner ${JSON.stringify(reply)}`));
          stage = 'ehlo';
          socket.write('EHLO lab-check.test\r\n');
        } else if (stage === 'ehlo') {
          result.ehlo = reply;
          result.starttls = reply.some((l) => /^250[ -]STARTTLS\b/i.test(l));
          stage = 'quit';
          socket.write('QUIT\r\n');
        } else {
          clearTimeout(timer);
          socket.end();
          resolve(result);
        }
      }
    });
  });
}
