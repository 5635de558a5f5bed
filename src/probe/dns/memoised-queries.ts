// Each (name, type) is asked once per resolver instance: a run walks the same
// names from several MX hosts, and one answer per question keeps the evidence
// consistent. A cancelled question was not answered, so a later caller may ask
// it again.
import type { DnsQueryOptions } from '../../ports.ts';
import type { DnsAnswerEvidence, QueryType } from '../../evidence/dns.ts';
import { normaliseName } from '../../dns/normalise.ts';

export type Resolve = (name: string, type: QueryType, signal?: AbortSignal) => Promise<DnsAnswerEvidence>;

export function memoisedQueries(resolve: Resolve) {
  const answers = new Map<string, Promise<DnsAnswerEvidence>>();
  return (rawName: string, type: QueryType, options: DnsQueryOptions = {}): Promise<DnsAnswerEvidence> => {
    const name = normaliseName(rawName);
    const key = `${name}/${type}`;
    const known = answers.get(key);
    if (known) return known;
    const pending = resolve(name, type, options.signal);
    answers.set(key, pending);
    void pending.then((evidence) => {
      if (evidence.outcome === 'cancelled' && answers.get(key) === pending) answers.delete(key);
    });
    return pending;
  };
}
