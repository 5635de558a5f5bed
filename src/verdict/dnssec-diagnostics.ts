// The validator's findings as diagnostics (catalogue: verdict/diagnostics.ts),
// once per zone and RRset however many answers share them (a bogus zone makes
// every answer below it bogus for the same reason).
import type { DnsAnswerEvidence } from '../evidence/dns.ts';
import { type Diagnostic, type DiagnosticCode, diagnostic } from './diagnostics.ts';
import type { DnssecFindingCode } from '../dnssec/findings.ts';

// Every finding code must be a diagnostic code (with a severity and an RFC).
const everyFindingIsADiagnostic: DnssecFindingCode extends DiagnosticCode ? true : never = true;
void everyFindingIsADiagnostic;

export function validationDiagnostics(answers: readonly (DnsAnswerEvidence | null)[], at: { host?: string } = {}): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const answer of answers) {
    for (const f of answer?.validation?.findings ?? []) {
      const key = `${f.code} ${f.zone} ${f.rrset} ${f.detail}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(diagnostic(f.code, { zone: f.zone, name: f.rrset, detail: f.detail }, at));
    }
  }
  return out;
}
