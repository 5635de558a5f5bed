// --trust-anchor FILE: DS/DNSKEY records replacing the built-in IANA root
// anchors; without it, the built-in ones. A bad file is a usage error.
import { readFile } from 'node:fs/promises';
import { IANA_ROOT_ANCHORS, type TrustAnchor, TrustAnchorFormatError, parseTrustAnchors } from '../verdict/dnssec/trust-anchors.ts';
import { UsageError } from './output.ts';

export async function readTrustAnchors(file: string | null): Promise<readonly TrustAnchor[]> {
  if (file === null) return IANA_ROOT_ANCHORS;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--trust-anchor ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseTrustAnchors(text);
  } catch (error) {
    if (error instanceof TrustAnchorFormatError) throw new UsageError(`--trust-anchor ${file}: ${error.message}`);
    throw error;
  }
}
