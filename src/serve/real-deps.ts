// The real Deps of the service, as the CLI builds them (execute-check.ts): the
// project's DNS resolver towards one validating resolver, the SMTP connector,
// the system clock. A new resolver per run: it remembers every answer it got.
import { hostname as machineHostname } from 'node:os';
import { systemClock, type Deps } from '../deps.ts';
import { createResolver } from '../probe/dns/resolver.ts';
import type { ResolverAddress } from '../probe/dns/resolver-address.ts';
import { createSmtpConnector } from '../probe/smtp/session.ts';
import { normalizeMailName } from '../verdict/domain-name.ts';

export function realDepsFactory(server: ResolverAddress, checkTimeoutSeconds: number): () => Deps {
  const smtp = createSmtpConnector();
  // Per attempt, as the CLI: a third of the check's time, at most 3 s, two retries.
  const timeoutMs = Math.min(3000, (checkTimeoutSeconds * 1000) / 3);
  return () => ({ dns: createResolver({ server, timeoutMs, retries: 2 }), smtp, clock: systemClock });
}

/** EHLO name: --helo, else this machine's name when it is a usable one (a container ID is not). */
export function defaultHelo(): string {
  const own = normalizeMailName(machineHostname());
  return own.ok ? own.name : 'localhost.localdomain';
}
