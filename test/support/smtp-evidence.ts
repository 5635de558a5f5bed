// A finished SMTP session as the probe records it (evidence/smtp.ts), for verdict
// tests that start from evidence: banner, EHLO with STARTTLS, TLS 1.3 with `chain`.
import type { SmtpEvidence } from '../../src/evidence/smtp.ts';

export function completedSession(sni: string, address: string, chain: string[]): SmtpEvidence {
  return {
    address,
    family: 4,
    port: 25,
    sni,
    stage: 'done',
    failure: null,
    banner: { code: 220, lines: ['mx ESMTP'] },
    ehlo: { code: 250, lines: ['mx', 'STARTTLS'] },
    starttlsOffered: true,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: null, sharedSigalgs: [], chain },
    ehloTls: { code: 250, lines: ['mx', 'CHUNKING'] },
    elapsedMs: 5,
  };
}
