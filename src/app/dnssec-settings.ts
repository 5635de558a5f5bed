// --dnssec and --trust-anchor (and the service's DNSSEC / TRUST_ANCHOR), checked
// in one place for the CLI and the service.
import { DNSSEC_MODES, type DnssecMode } from './real-deps.ts';
import { UsageError } from './usage-error.ts';

export interface DnssecSettings {
  /** --dnssec, when given (or implied by --trust-anchor); absent: DEFAULT_DNSSEC_MODE. */
  dnssec?: DnssecMode;
  /** --trust-anchor FILE, replacing the built-in IANA root anchors; absent: $TRUST_ANCHOR, else those. */
  trustAnchorFile?: string;
}

/** How a message names the two settings: the flags, or the service's flags and environment variables. */
export interface DnssecSettingNames {
  mode: string;
  file: string;
}

export const FLAG_NAMES: DnssecSettingNames = { mode: '--dnssec', file: '--trust-anchor' };

/**
 * --dnssec and --trust-anchor, checked; only what was given, so a command line
 * without them normalises as before. A file alone implies validate; a file
 * with resolver is a contradiction (the resolver validates, from its own
 * anchors). The service checks its flags and DNSSEC / TRUST_ANCHOR with this too.
 */
export function dnssecSettings(mode: unknown, file: unknown, names: DnssecSettingNames = FLAG_NAMES): DnssecSettings {
  const trustAnchorFile = typeof file === 'string' && file !== '' ? file : undefined;
  if (file !== undefined && file !== null && typeof file !== 'string') throw new UsageError(`${names.file} needs a file name`);
  const given = typeof mode === 'string' ? mode.trim() : mode;
  if (given === undefined || given === null || given === '') return trustAnchorFile ? { dnssec: 'validate', trustAnchorFile } : {};
  if (!(DNSSEC_MODES as readonly unknown[]).includes(given)) throw new UsageError(`${names.mode} must be one of ${DNSSEC_MODES.join(', ')}`);
  if (given === 'resolver' && trustAnchorFile) {
    throw new UsageError(`${names.file} needs ${names.mode} validate (with resolver, the resolver validates from its own anchors)`);
  }
  return trustAnchorFile ? { dnssec: given as DnssecMode, trustAnchorFile } : { dnssec: given as DnssecMode };
}
