// The signature expiry report (signature-expiry.ts) as diagnostics: one per
// code and signing zone, so a zone whose re-signing stopped (every RRSIG it
// made nearing its end at once) is one finding, not one per RRset. It names
// the earliest-expiring of those signatures, how many more of the zone share
// the problem, and every answer of the check that rests on any of them.
import { type Diagnostic, type Placement, diagnostic } from './diagnostics.ts';
import type { AnswerSignatureExpiry, JudgedSignature, SignatureReport } from './signature-expiry.ts';

type SignatureCode = 'RRSIG_EXPIRY_WARNING' | 'RRSIG_EXPIRY_CRITICAL' | 'RRSIG_EXPIRES_WITHIN_TTL';

const identity = (s: JudgedSignature) => `${s.signature.rrset} ${s.signature.signer} ${s.signature.keyTag} ${s.signature.expiration}`;

function codesOf(s: JudgedSignature): SignatureCode[] {
  const codes: SignatureCode[] = [];
  if (s.level !== 'ok') codes.push(s.level === 'critical' ? 'RRSIG_EXPIRY_CRITICAL' : 'RRSIG_EXPIRY_WARNING');
  if (s.withinTtl) codes.push('RRSIG_EXPIRES_WITHIN_TTL');
  return codes;
}

interface Group {
  code: SignatureCode;
  signatures: Map<string, JudgedSignature>;
  /** Where the first answer of `answers` that has it belongs. */
  at: Placement;
}

/** One diagnostic per code and signer among the alarms of `answers`, placed where the first answer with it belongs. */
export function signatureDiagnostics(report: SignatureReport, answers: readonly AnswerSignatureExpiry[], at: (a: AnswerSignatureExpiry) => Placement): Diagnostic[] {
  const groups = new Map<string, Group>();
  for (const answer of answers) {
    for (const s of answer.alarms) {
      for (const code of codesOf(s)) {
        const key = `${code} ${s.signature.signer}`;
        const group = groups.get(key) ?? { code, signatures: new Map<string, JudgedSignature>(), at: at(answer) };
        group.signatures.set(identity(s), s);
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()].map((g) => {
    const all = [...g.signatures.values()];
    const first = all.reduce((e, s) => (s.daysLeft < e.daysLeft ? s : e));
    const ids = new Set(g.signatures.keys());
    const resting = report.answers.filter((a) => a.alarms.some((s) => ids.has(identity(s)) && codesOf(s).includes(g.code))).map((a) => a.answer);
    const fixed = g.code === 'RRSIG_EXPIRY_CRITICAL' ? report.thresholds.criticalDays : g.code === 'RRSIG_EXPIRY_WARNING' ? report.thresholds.warningDays : null;
    const args = {
      rrset: first.signature.rrset,
      signer: first.signature.signer,
      keyTag: first.signature.keyTag,
      expiration: first.signature.expiration,
      daysLeft: first.daysLeft,
      validityDays: first.validityDays,
      fixedDays: fixed,
      ttl: first.signature.originalTtl,
      horizonDays: report.horizonDays,
      others: all.length - 1,
      answers: [...new Set(resting)],
    };
    return diagnostic(g.code, args, g.at);
  });
}
