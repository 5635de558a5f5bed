// RRSIG validity (RFC 4034 §3.1.5, RFC 4035 §5.3.1): inception <= now <= expiration,
// where the 32-bit times compare with serial number arithmetic (RFC 1982), so
// the window works across the 2106 wrap. `now` comes from the injected clock.

export type WindowCheck = 'within' | 'expired' | 'not-yet-valid';

/** a - b as a signed 32-bit distance (RFC 1982 §3.2). */
function serialDistance(a: number, b: number): number {
  return (a - b) | 0;
}

export function unixSeconds32(now: Date): number {
  return Math.floor(now.getTime() / 1000) >>> 0;
}

export function checkValidityWindow(inception: number, expiration: number, now: Date): WindowCheck {
  const t = unixSeconds32(now);
  if (serialDistance(t, inception) < 0) return 'not-yet-valid';
  if (serialDistance(t, expiration) > 0) return 'expired';
  return 'within';
}

/** The absolute date a 32-bit RRSIG time stands for, taken nearest to `now`. */
export function signatureTimeAsDate(value: number, now: Date): Date {
  const t = unixSeconds32(now);
  return new Date((Math.floor(now.getTime() / 1000) + serialDistance(value, t)) * 1000);
}
