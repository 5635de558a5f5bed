// A minimal one-shot UDP DNS query, used by the lab to wait for its daemons to
// answer. Not the product's resolver (src/probe/dns is): deliberately tiny.
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';

export interface LabDnsAnswer {
  rcode: string;
  aa: boolean;
  ad: boolean;
  answers: dnsPacket.Answer[];
}

export interface LabDnsQueryOptions {
  port?: number;
  dnssec?: boolean;
  recursion?: boolean;
  checkingDisabled?: boolean;
  timeoutMs?: number;
}

export function labDnsQuery(
  server: string,
  name: string,
  type: dnsPacket.RecordType,
  options: LabDnsQueryOptions = {},
): Promise<LabDnsAnswer> {
  const id = randomInt(0, 65536);
  let flags = 0;
  if (options.recursion ?? true) flags |= dnsPacket.RECURSION_DESIRED;
  if (options.checkingDisabled) flags |= dnsPacket.CHECKING_DISABLED;
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags,
    questions: [{ type, name }],
    additionals: [
      { type: 'OPT', name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: options.dnssec ? dnsPacket.DNSSEC_OK : 0, flag_do: !!options.dnssec, options: [] },
    ],
  });
  const socket = createSocket(server.includes(':') ? 'udp6' : 'udp4');
  return new Promise<LabDnsAnswer>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no answer from ${server} for ${name} ${type} within ${options.timeoutMs ?? 1000} ms`)), options.timeoutMs ?? 1000);
    function finish(error: Error | null, answer?: LabDnsAnswer): void {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(answer!);
    }
    socket.on('error', (error) => finish(error));
    socket.on('message', (message) => {
      let decoded: dnsPacket.DecodedPacket;
      try {
        decoded = dnsPacket.decode(message);
      } catch {
        return; // not ours / garbage: keep waiting
      }
      if (decoded.id !== id) return;
      finish(null, {
        rcode: String((decoded as unknown as { rcode?: string }).rcode ?? 'NOERROR'),
        aa: decoded.flag_aa,
        ad: decoded.flag_ad,
        answers: decoded.answers ?? [],
      });
    });
    socket.send(query, options.port ?? 53, server, (error) => {
      if (error) finish(error);
    });
  });
}
