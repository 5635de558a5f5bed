// The name a /verify/ or /verify_host/ request asks about, validated before
// anything is sent. /verify/ also takes "hostname": the original manual's Uptime
// Kuma recipe posts {"hostname": "sys4.de"} to /verify/, meaning the domain.
import { normalizeMailName } from '../dns/mail-name.ts';
import { ApiError } from './api-error.ts';

export type CheckKind = 'domain' | 'host';

const FIELDS: Record<CheckKind, readonly string[]> = {
  domain: ['domain', 'hostname'],
  host: ['hostname'],
};

export function requestedName(kind: CheckKind, body: Readonly<Record<string, unknown>>): string {
  const field = FIELDS[kind].find((f) => body[f] !== undefined);
  if (field === undefined) {
    throw new ApiError('missing-field', `the request body needs a "${FIELDS[kind][0]}" field, e.g. {"${FIELDS[kind][0]}": "example.org"}`);
  }
  const raw = body[field];
  if (typeof raw !== 'string') throw new ApiError('invalid-name', `"${field}" must be a string`);
  return checkedName(raw, field);
}

/** A mail domain or host name in A-label form, or a 400 that says what is wrong with it. */
export function checkedName(raw: string, what: string): string {
  const checked = normalizeMailName(raw);
  if (!checked.ok) throw new ApiError('invalid-name', `invalid ${what}: ${checked.message}`);
  return checked.name;
}
