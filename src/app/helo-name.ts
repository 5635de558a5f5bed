// The name this host says in EHLO when --helo is not given: its fully
// qualified name (RFC 5321 §4.1.1.1, §2.3.5). os.hostname() is often the short
// name ("mon1") or a container ID; it is qualified the way `hostname -f` does
// for a host that lists itself in /etc/hosts ("127.0.1.1 mon1.example.net mon1",
// Debian's installer writes that line), from that file only: never from the
// network, so a check asks nothing of any resolver but the one it was given.
import { readFileSync } from 'node:fs';
import { hostname as machineHostname } from 'node:os';
import { normalizeMailName } from '../dns/mail-name.ts';

/**
 * The first name of the /etc/hosts line that lists `short` (its canonical name),
 * when that name has a dot and starts with the short name; otherwise `short`.
 */
export function qualifyHostname(short: string, hostsFile: string | null): string {
  if (short.includes('.') || hostsFile === null) return short;
  const wanted = short.toLowerCase();
  for (const raw of hostsFile.split('\n')) {
    const names = raw.replace(/#.*/, '').trim().split(/\s+/).slice(1).map((n) => n.toLowerCase());
    if (!names.includes(wanted)) continue;
    const canonical = names[0]!;
    if (canonical.startsWith(`${wanted}.`)) return canonical;
  }
  return short;
}

function readHosts(): string | null {
  try {
    return readFileSync('/etc/hosts', 'utf8');
  } catch {
    return null;
  }
}

/** EHLO name: this machine's fully qualified name when it has a usable one (a container ID is not). */
export function defaultHelo(): string {
  const own = normalizeMailName(qualifyHostname(machineHostname(), readHosts()));
  return own.ok ? own.name : 'localhost.localdomain';
}
