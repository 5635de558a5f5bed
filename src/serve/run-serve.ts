// `smtp-dane-verify serve`, the composition root of the service: settings from
// flags and environment, the resolver, real Deps, the HTTP app, and signals.
// SIGTERM/SIGINT stop it cleanly (exit 0): the CLI's own SIGTERM handler (an
// UNKNOWN line for Icinga) is replaced, it is meant for checks, not a service.
import { chooseResolver } from '../app/choose-resolver.ts';
import { UsageError } from '../app/usage-error.ts';
import { readTrustAnchors } from '../app/trust-anchor-file.ts';
import { formatResolverAddress } from '../dns/resolver-address.ts';
import { createServeApp } from './app.ts';
import { createLogger, stdoutWrite } from './log.ts';
import { realDepsFactory } from '../app/real-deps.ts';
import { defaultHelo } from '../app/helo-name.ts';
import { serveSettings } from './settings.ts';
import { VERSION } from '../version.ts';


export async function runServe(argv: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const parsed = serveSettings(argv, env);
  // Fail closed: a UsageError ends the program with one clear line and exit code 3.
  if (!parsed.ok) throw new UsageError(`serve: ${parsed.message}`);
  const settings = parsed.settings;
  // NAMESERVER (or --nameserver) may be an address or a host name such as "unbound".
  const server = await chooseResolver(null, { NAMESERVER: settings.nameserver ?? undefined });
  // Read once at start: a bad file stops the start (exit 3), as a bad setting does.
  const anchors = settings.dnssec === 'validate' ? await readTrustAnchors(settings.trustAnchorFile, 'serve: TRUST_ANCHOR (--trust-anchor)') : [];
  const log = createLogger(stdoutWrite);
  const app = createServeApp({
    settings,
    makeDeps: realDepsFactory({ server, dnssec: settings.dnssec, anchors, checkTimeoutMs: settings.checkTimeoutSeconds * 1000 }),
    context: { helo: settings.helo ?? defaultHelo(), resolverLabel: formatResolverAddress(server), version: VERSION },
    log,
  });

  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => void app.stop(signal).then(resolve);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  try {
    await app.listen();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(`serve: cannot listen on ${settings.listen ?? '*'}:${settings.port}: ${e.code ?? e.message}`);
  }
  if (settings.apiKey.length < 16) log('warn', 'short-api-key', { detail: 'the API key has fewer than 16 characters' });
  await stopped;
}
