// --trust-anchor FILE (else $TRUST_ANCHOR): DS/DNSKEY records replacing the
// built-in IANA root anchors; without either, the built-in ones. A bad file is
// a usage error, named as it was given.
import { readFile } from 'node:fs/promises';
import { IANA_ROOT_ANCHORS, type TrustAnchor, TrustAnchorFormatError, parseTrustAnchors } from '../dnssec/trust-anchors.ts';
import { UsageError } from './usage-error.ts';

/** The anchor file a validating check uses: the flag's, else $TRUST_ANCHOR's (empty: unset), else none (built-in). */
export function trustAnchorSource(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { file: string; label: string } | null {
  if (flag !== undefined) return { file: flag, label: '--trust-anchor' };
  const fromEnv = env['TRUST_ANCHOR'];
  return fromEnv !== undefined && fromEnv !== '' ? { file: fromEnv, label: 'TRUST_ANCHOR' } : null;
}

export async function readTrustAnchors(file: string | null, label = '--trust-anchor'): Promise<readonly TrustAnchor[]> {
  if (file === null) return IANA_ROOT_ANCHORS;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${label} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseTrustAnchors(text);
  } catch (error) {
    if (error instanceof TrustAnchorFormatError) throw new UsageError(`${label} ${file}: ${error.message}`);
    throw error;
  }
}
