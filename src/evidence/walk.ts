// What the walk gathered for a domain or one host: the DNS answers and SMTP
// sessions, in the shape the verdict judges. Types only.
import type { DnsAnswerEvidence } from './dns.ts';
import type { SmtpEvidence } from './smtp.ts';

export interface MxTarget {
  hostname: string;
  /** null for the implicit MX (the domain itself). */
  preference: number | null;
}

export type MxPlan =
  | {
      kind: 'hosts';
      hosts: MxTarget[];
      implicit: boolean;
      /** Distinct valid targets before the cap. */
      total: number;
      invalid: { name: string; detail: string }[];
    }
  | { kind: 'null-mx' }
  | { kind: 'none'; reason: 'nxdomain' | 'unresolved' };

export interface HostEvidence {
  hostname: string;
  preference: number | null;
  /** Null when the family was not asked for (-4 / -6). */
  a: DnsAnswerEvidence | null;
  aaaa: DnsAnswerEvidence | null;
  /** TLSA answers in the order the candidates were tried (RFC 7672 §2.3). */
  tlsa: DnsAnswerEvidence[];
  sni: string;
  smtp: SmtpEvidence[];
}

export interface DomainEvidence {
  domain: string;
  mx: DnsAnswerEvidence;
  plan: MxPlan;
  hosts: HostEvidence[];
}
