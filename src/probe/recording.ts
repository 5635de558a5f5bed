// Records a run at the Deps boundary for --save-evidence: every DNS message the
// transport accepted (the plain resolver's and the DNSSEC validator's alike) and
// every SMTP session's evidence. The probes run unchanged; only what crosses
// the boundary is copied.
import type { Clock, SmtpConnector } from '../ports.ts';
import type { DnsExchangeRecord, SmtpSessionRecord } from '../evidence/document.ts';
import { formatResolverAddress } from '../dns/resolver-address.ts';
import { type MessageExchange, exchangeMessage } from './dns/transport.ts';

export interface EvidenceLog {
  readonly dns: DnsExchangeRecord[];
  readonly smtp: SmtpSessionRecord[];
  /** The network transport, recording each exchange. */
  transport: MessageExchange;
  /** `inner`, recording each session. */
  connector(inner: SmtpConnector): SmtpConnector;
}

export function createEvidenceLog(clock: Clock, network: MessageExchange = exchangeMessage): EvidenceLog {
  const dns: DnsExchangeRecord[] = [];
  const smtp: SmtpSessionRecord[] = [];
  const transport: MessageExchange = async (request, query) => {
    const at = clock.now().toISOString();
    let accepted: Buffer | null = null;
    // The answer is the last message the query's own check accepted (after a truncated UDP one, the TCP one).
    const result = await network(request, {
      bytes: query.bytes,
      check: (message) => {
        const check = query.check(message);
        if (check.kind === 'response') accepted = Buffer.from(message);
        return check;
      },
    });
    const response = result.outcome === 'answer' ? (accepted as Buffer | null) : null;
    dns.push({
      server: formatResolverAddress(request.server),
      at,
      elapsed_ms: result.elapsedMs,
      transport: result.transport,
      attempts: result.attempts,
      outcome: result.outcome,
      error: result.error,
      query: query.bytes.toString('base64'),
      response: response ? response.toString('base64') : null,
    });
    return result;
  };
  return {
    dns,
    smtp,
    transport,
    connector: (inner) => ({
      async probe(request) {
        const at = clock.now().toISOString();
        const evidence = await inner.probe(request);
        const { address, port, sni, helo, keyAlgorithm } = request;
        smtp.push({ at, request: { address, port, sni, helo, ...(keyAlgorithm ? { keyAlgorithm } : {}) }, evidence });
        return evidence;
      },
    }),
  };
}
