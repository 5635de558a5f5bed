// Serves a saved run again (analyze): DNS answers from the recorded messages,
// matched to each new query by server and question, and SMTP sessions from the
// recorded evidence. The walk and the DNSSEC validator run unchanged on top, so
// everything is judged again, offline, from the raw messages.
import type { SmtpConnector, SmtpProbeRequest } from '../ports.ts';
import type { DnsExchangeRecord, SmtpSessionRecord } from '../evidence/document.ts';
import type { SmtpEvidence } from '../evidence/smtp.ts';
import { nameText } from '../dns/name.ts';
import { readMessage } from '../dns/message-reader.ts';
import { formatResolverAddress } from '../dns/resolver-address.ts';
import type { MessageExchange } from './dns/transport.ts';
import { unstartedSession } from './smtp/session.ts';

/** Thrown for a recorded query that is not a DNS query: the file is damaged. */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/** "server name/type cd" of a query message: the same question asked again has the same key. */
function questionKey(server: string, query: Buffer): string {
  const message = readMessage(query);
  const question = message.questions[0];
  if (message.questions.length !== 1 || !question) throw new ReplayError(`a query with ${message.questions.length} questions`);
  return `${server} ${nameText(question.name)}/${question.type}${message.cd ? ' +cd' : ''}`;
}

/**
 * Each question's recorded exchanges in order: a question asked again (after a
 * cancellation) gets the next one, and the last one after that.
 */
export function replayingTransport(records: readonly DnsExchangeRecord[]): MessageExchange {
  const queues = new Map<string, DnsExchangeRecord[]>();
  for (const record of records) {
    let key: string;
    try {
      key = questionKey(record.server, Buffer.from(record.query, 'base64'));
    } catch (error) {
      throw new ReplayError(`a recorded DNS query does not decode: ${error instanceof Error ? error.message : String(error)}`);
    }
    queues.set(key, [...(queues.get(key) ?? []), record]);
  }
  return async (request, query) => {
    const server = formatResolverAddress(request.server);
    const queue = queues.get(questionKey(server, query.bytes));
    const record = queue && queue.length > 1 ? queue.shift()! : queue?.[0];
    const base = { transport: null, attempts: 0, elapsedMs: 0, response: null };
    if (!record) return { ...base, outcome: 'network-error', error: `${server}: this question is not in the saved evidence` };
    const timing = { transport: record.transport, attempts: record.attempts, elapsedMs: record.elapsed_ms };
    if (record.outcome !== 'answer' || record.response === null) {
      return { ...base, ...timing, outcome: record.outcome, error: record.error };
    }
    // The new query has a fresh id: the recorded answer is given it, then read and checked like any answer.
    const message = Buffer.from(record.response, 'base64');
    if (message.length >= 2) query.bytes.copy(message, 0, 0, 2);
    const check = query.check(message);
    if (check.kind === 'response') return { ...timing, outcome: 'answer', error: null, response: check.response };
    return { ...base, ...timing, outcome: 'malformed', error: `${server}: the saved answer is unusable: ${check.reason}` };
  };
}

/**
 * The recorded sessions with the same address, port, SNI and key algorithm asked for, in order: a
 * temporary refusal tried again (probe-address.ts) gets the second one. A
 * session the file does not hold reads as a network failure; a retry the live
 * run did not make reads as cancelled, which keeps the first answer, as live.
 */
export function replayingConnector(records: readonly SmtpSessionRecord[]): SmtpConnector {
  const served = new Map<string, number>();
  return {
    async probe(request): Promise<SmtpEvidence> {
      const keyOf = (r: Pick<SmtpProbeRequest, 'address' | 'port' | 'sni' | 'keyAlgorithm'>) => `${r.address} ${r.port} ${r.sni} ${r.keyAlgorithm ?? 'any'}`;
      const key = keyOf(request);
      const sessions = records.filter((r) => keyOf(r.request) === key);
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      const record = sessions[index];
      if (record) return record.evidence;
      const failure = sessions.length === 0
        ? { kind: 'network' as const, message: 'this session is not in the saved evidence', reply: null }
        : { kind: 'cancelled' as const, message: 'no further session in the saved evidence', reply: null };
      return { ...unstartedSession(request), failure };
    },
  };
}
