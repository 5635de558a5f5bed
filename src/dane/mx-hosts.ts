// Which hosts receive mail for a domain, from its MX answer.
// RFC 5321 §5.1 (preference order, implicit MX), RFC 7505 (Null MX).
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import type { MxPlan } from '../evidence/walk.ts';

export type { MxPlan, MxTarget } from '../evidence/walk.ts';
import { classifyAnswer } from './dns-classification.ts';
import { normalizeMailName } from '../dns/mail-name.ts';
import { recordsToFollow } from './followed-records.ts';

export const NULL_MX_TARGET = '.';

export function planMxHosts(domain: string, mx: DnsAnswerEvidence, maxHosts: number): MxPlan {
  const { existence } = classifyAnswer(mx);
  if (existence === 'nxdomain') return { kind: 'none', reason: 'nxdomain' };
  const followed = recordsToFollow(mx);
  if (existence === 'unknown' && followed.length === 0) return { kind: 'none', reason: 'unresolved' };
  // RFC 5321 §5.1: no MX records → the domain itself is the only mail host.
  if (existence === 'nodata') {
    return { kind: 'hosts', hosts: [{ hostname: domain, preference: null }], implicit: true, total: 1, invalid: [] };
  }
  const records = followed.flatMap((r) => (r.data.type === 'MX' ? [r.data] : []));
  // RFC 7505 §3: a lone "MX 0 ." says the domain accepts no mail.
  const real = records.filter((r) => r.exchange !== NULL_MX_TARGET && r.exchange !== '');
  if (real.length === 0) return { kind: 'null-mx' };

  const byHost = new Map<string, number>();
  const invalid: { name: string; detail: string }[] = [];
  for (const r of real) {
    const checked = normalizeMailName(r.exchange);
    if (!checked.ok) {
      invalid.push({ name: r.exchange, detail: checked.message });
      continue;
    }
    const known = byHost.get(checked.name);
    if (known === undefined || r.preference < known) byHost.set(checked.name, r.preference);
  }
  const hosts = [...byHost]
    .map(([hostname, preference]) => ({ hostname, preference }))
    .sort((a, b) => a.preference - b.preference || a.hostname.localeCompare(b.hostname));
  return { kind: 'hosts', hosts: hosts.slice(0, maxHosts), implicit: false, total: hosts.length, invalid };
}
