// One line about local validation for classification details ("NOERROR, AD,
// validated here"; "SERVFAIL, NOERROR with CD, validated here: DNSSEC_... at ...").
import { describeFinding } from './findings.ts';
import type { DnssecValidation } from './validation-evidence.ts';

export function validationDetail(validation: DnssecValidation | undefined): string {
  if (!validation) return '';
  return validation.findings.length === 0 ? 'validated here' : `validated here: ${validation.findings.map(describeFinding).join('; ')}`;
}
