// Which resolver a check asks: --resolver, else $NAMESERVER (as the original
// service), else the first nameserver of /etc/resolv.conf.
import { readFile } from 'node:fs/promises';
import {
  parseResolvConf,
  parseResolverAddress,
  resolverFromEnvironment,
  type ResolverAddress,
} from '../dns/resolver-address.ts';
import { resolveNameserverHost } from '../probe/dns/nameserver-host.ts';
import { UsageError } from './usage-error.ts';

export async function chooseResolver(
  flag: string | null,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolverAddress> {
  try {
    if (flag !== null) return parseResolverAddress(flag);
    const setting = resolverFromEnvironment(env);
    if (setting.kind === 'address') return setting.server;
    if (setting.kind === 'hostname') return await resolveNameserverHost(setting.host, setting.port);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const text = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  const fromFile = parseResolvConf(text);
  if (!fromFile) throw new UsageError('no resolver: give --resolver IP[:PORT] or set NAMESERVER');
  return fromFile;
}
