// Declarative stand-ins for the Deps side effects (after mailauth's zoneResolver):
// a zone table answers DNS questions and records them; a table of scripted SMTP
// sessions answers probes. For unit tests of the walk and the verdicts.
import type { Clock, Deps, DnsResolver, SmtpConnector, SmtpProbeRequest } from '../../src/ports.ts';
import type { DnsAnswerEvidence, QueryType, RecordData } from '../../src/evidence/dns.ts';
import type { SmtpEvidence } from '../../src/evidence/smtp.ts';
import type { RrsigFields } from '../../src/dnssec/path-signature.ts';

export interface FakeAnswer {
  rcode?: string;
  ad?: boolean;
  records?: RecordData[];
  cnameChain?: string[];
  outcome?: DnsAnswerEvidence['outcome'];
  ede?: { code: number; text: string }[];
  checkingDisabledRcode?: string | null;
  /** Records a CD=1 retry would return. */
  unvalidated?: RecordData[];
  /** The RRSIGs a resolver sent with the answer (--dnssec resolver). */
  rrsigs?: RrsigFields[];
}

export type Zone = Record<string, Partial<Record<QueryType, FakeAnswer>>>;

export function answer(name: string, type: QueryType, fake: FakeAnswer | undefined): DnsAnswerEvidence {
  const outcome = fake?.outcome ?? 'answer';
  const chain = fake?.cnameChain ?? [name];
  return {
    question: { name, type },
    server: '127.0.0.1:53',
    outcome,
    error: outcome === 'answer' ? null : outcome,
    rcode: outcome === 'answer' ? (fake?.rcode ?? (fake ? 'NOERROR' : 'NXDOMAIN')) : null,
    ad: fake?.ad ?? true,
    transport: 'udp',
    ede: fake?.ede ?? [],
    cnameChain: chain,
    records: (fake?.records ?? []).map((data) => ({ name: chain[chain.length - 1]!, ttl: 300, data })),
    checkingDisabledRcode: fake?.checkingDisabledRcode ?? null,
    unvalidated: fake?.unvalidated
      ? { cnameChain: [name], records: fake.unvalidated.map((data) => ({ name, ttl: 300, data })) }
      : null,
    attempts: 1,
    elapsedMs: 1,
    ...(fake?.rrsigs ? { rrsigs: fake.rrsigs } : {}),
  };
}

export function zoneResolver(zone: Zone): DnsResolver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async query(name, type) {
      calls.push(`${name}/${type}`);
      // A name missing from the table does not exist, securely.
      const node = zone[name];
      if (!node) return answer(name, type, { rcode: 'NXDOMAIN' });
      return answer(name, type, node[type] ?? { rcode: 'NOERROR', records: [] });
    },
  };
}

export type SmtpScript = Partial<SmtpEvidence> & { chain?: string[] };

export function scriptedSmtp(sessions: Record<string, SmtpScript>): SmtpConnector & { requests: SmtpProbeRequest[] } {
  const requests: SmtpProbeRequest[] = [];
  return {
    requests,
    async probe(req) {
      requests.push(req);
      const script = sessions[req.address];
      const base: SmtpEvidence = {
        address: req.address,
        family: req.address.includes(':') ? 6 : 4,
        port: req.port,
        sni: req.sni,
        stage: 'connect',
        failure: { kind: 'refused', message: 'connection refused', reply: null },
        banner: null,
        ehlo: null,
        starttlsOffered: false,
        tls: null,
        ehloTls: null,
        elapsedMs: 3,
      };
      if (!script) return base;
      const { chain, ...rest } = script;
      const ok: SmtpEvidence = {
        ...base,
        stage: 'done',
        failure: null,
        banner: { code: 220, lines: ['mx ESMTP'] },
        ehlo: { code: 250, lines: ['mx', 'STARTTLS'] },
        starttlsOffered: true,
        tls: chain
          ? {
              protocol: 'TLSv1.3',
              cipher: 'TLS_AES_256_GCM_SHA384',
              group: { name: 'X25519', size: 253 },
              sharedSigalgs: ['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256'],
              chain,
            }
          : null,
        ehloTls: { code: 250, lines: ['mx', 'CHUNKING'] },
      };
      return { ...ok, ...rest };
    },
  };
}

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

export function fakeDeps(zone: Zone, sessions: Record<string, SmtpScript>, nowIso = '2026-06-01T00:00:00Z') {
  const dns = zoneResolver(zone);
  const smtp = scriptedSmtp(sessions);
  const deps: Deps = { dns, smtp, clock: fixedClock(nowIso) };
  return { deps, dns, smtp };
}
