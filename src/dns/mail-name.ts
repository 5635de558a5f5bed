// Validation of the names a user (or an MX record) hands us. Mail host names
// are LDH names (RFC 5321 §2.3.5, RFC 1123 §2.1); IDNs are accepted and turned
// into A-labels (RFC 5890) so that every later step sees one spelling.
import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';

export type NameProblem =
  | 'empty'
  | 'ip-literal'
  | 'too-long'
  | 'empty-label'
  | 'label-too-long'
  | 'bad-character'
  | 'bad-hyphen'
  | 'invalid-idn'
  | 'single-label'
  | 'numeric-tld';

export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem; message: string };

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function fail(problem: NameProblem, message: string): NameCheck {
  return { ok: false, problem, message };
}

/** Shows a user's input safely in a one-line message (no control characters, bounded). */
export function quoteInput(input: string): string {
  const printable = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 77)}...` : printable);
}

/**
 * Normalises a mail domain or host name to lower-case A-labels without a
 * trailing dot, or says precisely why it is not one.
 */
export function normalizeMailName(input: string): NameCheck {
  const shown = quoteInput(input);
  if (input.trim() === '') return fail('empty', 'the name is empty');
  if (/[\u0000-\u0020\u007f]/.test(input)) return fail('bad-character', `${shown} contains spaces or control characters`);
  const bare = input.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) || isIP(bare.replace(/\.$/, ''))) return fail('ip-literal', `${shown} is an IP address, not a domain name`);
  const withoutDot = input.endsWith('.') ? input.slice(0, -1) : input;
  if (withoutDot === '' || withoutDot.endsWith('.')) return fail('empty-label', `${shown} has an empty label`);
  for (const label of withoutDot.split('.')) {
    if (label === '') return fail('empty-label', `${shown} has an empty label`);
  }
  // Only non-ASCII names go through IDNA: for ASCII, UTS #46 would let through
  // characters (such as '_') that a host name must not have.
  const ascii = /^[\x21-\x7e]*$/.test(withoutDot) ? withoutDot.toLowerCase() : domainToASCII(withoutDot);
  if (ascii === '') return fail('invalid-idn', `${shown} is not a valid internationalised domain name`);
  if (ascii.length > 253) return fail('too-long', `${shown} is longer than 253 characters`);
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label === '') return fail('empty-label', `${shown} has an empty label`);
    if (label.length > 63) return fail('label-too-long', `${shown} has a label longer than 63 characters`);
    if (/^[a-z0-9-]+$/.test(label) && !LDH_LABEL.test(label)) {
      return fail('bad-hyphen', `${shown}: a label may not start or end with a hyphen`);
    }
    if (!LDH_LABEL.test(label)) {
      return fail('bad-character', `${shown}: only letters, digits and hyphens are allowed in a host name`);
    }
    if (label.startsWith('xn--') && domainToASCII(label) === '') {
      return fail('invalid-idn', `${shown} has an invalid A-label ${quoteInput(label)}`);
    }
  }
  if (labels.length < 2) return fail('single-label', `${shown} is a single label; give a fully qualified name`);
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) {
    return fail('numeric-tld', `${shown} ends in an all-numeric label, which no top-level domain is`);
  }
  return { ok: true, name: ascii };
}
