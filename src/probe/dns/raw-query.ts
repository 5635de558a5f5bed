// The questions the validator asks: RD=1 (a recursive resolver fetches for us),
// EDNS0 with DO=1 (RFC 3225: send RRSIG, NSEC, NSEC3) and CD=1 (RFC 4035 §3.2.2:
// hand over the data even when the resolver's own validation would fail it,
// since this program decides). A fresh random id per query (RFC 5452 §9.2).
import type { RecordType } from 'dns-packet';
import { type ResponseCheck, encodeQuery } from './wire.ts';
import { type DnsName, nameEquals, nameText } from '../../dns/name.ts';
import { typeName } from '../../dns/rr-types.ts';
import { MessageFormatError, type ReadMessage, readMessage } from '../../dns/message-reader.ts';

export interface RawQuery {
  id: number;
  name: DnsName;
  type: number;
  bytes: Buffer;
}

export function buildRawQuery(name: DnsName, type: number): RawQuery {
  const { id, bytes } = encodeQuery(nameText(name), typeName(type) as RecordType, true);
  return { id, name, type, bytes };
}

/** Accepts only a response with our id, QR=1 and our question (RFC 5452 §9.1). */
export function checkRawResponse(query: RawQuery, bytes: Buffer): ResponseCheck<ReadMessage> {
  if (bytes.length < 12) return { kind: 'unrelated', reason: `${bytes.length}-byte datagram` };
  const id = bytes.readUInt16BE(0);
  if (id !== query.id) return { kind: 'unrelated', reason: `id ${id} instead of ${query.id}` };
  if ((bytes[2]! & 0x80) === 0) return { kind: 'unrelated', reason: 'a query, not a response' };
  let message: ReadMessage;
  try {
    message = readMessage(bytes);
  } catch (error) {
    if (!(error instanceof MessageFormatError)) throw error;
    return { kind: 'malformed', reason: `undecodable response: ${error.message}` };
  }
  const question = message.questions[0];
  if (message.questions.length !== 1 || !question) return { kind: 'unrelated', reason: `${message.questions.length} questions in the response` };
  if (!nameEquals(question.name, query.name) || question.type !== query.type) {
    return { kind: 'unrelated', reason: `answers ${nameText(question.name)}/${typeName(question.type)}` };
  }
  return { kind: 'response', response: message };
}
