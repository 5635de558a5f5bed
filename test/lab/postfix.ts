// Postfix instance of the lab: its own config_directory, queue_directory and
// data_directory under the lab dir, one smtpd per listener with its own chain, no
// chroot, everything rejected at RCPT, no delivery agents at all (not even qmgr),
// so nothing can ever leave. The master runs as root in the foreground; daemons
// drop to mail_owner (postfix) as Debian set it up.
import { chmod, chown, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ListenerId, PostfixMode } from './scenarios.ts';

const run = promisify(execFile);

export interface PostfixListener {
  id: ListenerId;
  address: string;
  port: number;
  /** key + leaf + intermediates in one PEM file; null: no STARTTLS. */
  bundle: string | null;
  /** More key + chain files, one per other key algorithm the server holds. */
  moreBundles: string[];
  /** Host name in the banner/EHLO. */
  hostname: string;
  mode: PostfixMode;
}

export interface PostfixPaths {
  configDir: string;
  queueDir: string;
  dataDir: string;
  logFile: string;
}

export const POSTFIX_MASTER = '/usr/lib/postfix/sbin/master';

async function ids(): Promise<{ uid: number; gid: number; postdrop: number }> {
  const id = async (args: string[]): Promise<number> => Number((await run('id', args)).stdout.trim());
  const postdropLine = (await run('getent', ['group', 'postdrop'])).stdout.trim();
  return { uid: await id(['-u', 'postfix']), gid: await id(['-g', 'postfix']), postdrop: Number(postdropLine.split(':')[2]) };
}

const endpoint = (l: PostfixListener): string => (l.address.includes(':') ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`);

export async function writePostfixInstance(dir: string, listeners: PostfixListener[], ipv6: boolean): Promise<PostfixPaths> {
  const paths: PostfixPaths = {
    configDir: join(dir, 'etc'),
    queueDir: join(dir, 'queue'),
    dataDir: join(dir, 'data'),
    logFile: join(dir, 'postfix.log'),
  };
  const { uid, gid, postdrop } = await ids();
  await mkdir(paths.configDir, { recursive: true });
  await mkdir(paths.dataDir, { recursive: true });
  await chown(paths.dataDir, uid, gid);
  await chmod(paths.dataDir, 0o700);
  await mkdir(paths.queueDir, { recursive: true });
  await chmod(paths.queueDir, 0o755);
  // The layout postfix-files prescribes, without running post-install on this host.
  const queueDirs: [string, number, number, number][] = [
    ['pid', 0, 0, 0o755],
    ['public', uid, postdrop, 0o710],
    ['maildrop', uid, postdrop, 0o730],
    ...['private', 'active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'saved', 'trace'].map(
      (name) => [name, uid, 0, 0o700] as [string, number, number, number],
    ),
  ];
  await Promise.all(
    queueDirs.map(async ([name, owner, group, mode]) => {
      const path = join(paths.queueDir, name);
      await mkdir(path);
      await chown(path, owner, group);
      await chmod(path, mode);
    }),
  );

  const main = [
    '# smtp-dane-verify test lab: accepts TLS sessions, never mail',
    'compatibility_level = 3.6',
    `queue_directory = ${paths.queueDir}`,
    `data_directory = ${paths.dataDir}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'myhostname = lab.test',
    'mydomain = lab.test',
    'myorigin = lab.test',
    'mydestination =',
    'relay_domains =',
    'mynetworks = 127.0.0.1/32',
    'inet_interfaces = loopback-only',
    `inet_protocols = ${ipv6 ? 'ipv4, ipv6' : 'ipv4'}`,
    'smtpd_banner = $myhostname ESMTP smtp-dane-verify lab',
    // No reverse lookups: the host resolver is not loopback and must never be asked.
    'smtpd_peername_lookup = no',
    'smtpd_client_restrictions =',
    'smtpd_relay_restrictions = reject',
    'smtpd_recipient_restrictions = reject',
    'smtpd_data_restrictions = reject',
    'alias_maps =',
    'alias_database =',
    'local_recipient_maps =',
    'biff = no',
    'default_transport = error:the lab delivers nothing',
    'relay_transport = error:the lab delivers nothing',
    'local_transport = error:the lab delivers nothing',
    `maillog_file = ${paths.logFile}`,
    `maillog_file_prefixes = ${dir}`,
    'smtpd_tls_security_level = may',
    'smtpd_tls_loglevel = 1',
    'smtpd_tls_session_cache_database =',
    'smtpd_tls_received_header = no',
    'tls_random_source = dev:/dev/urandom',
    'smtpd_client_connection_count_limit = 0',
    'smtpd_client_connection_rate_limit = 0',
    'smtpd_client_event_limit_exceptions = 0.0.0.0/0, [::]/0',
    // Only the throttling listener sets a rate; its window is short so that tests need not wait a minute.
    'anvil_rate_time_unit = 10s',
    'smtputf8_enable = no',
    '',
  ].join('\n');

  const listenerLines = listeners.map((l) => {
    const tls = l.bundle
      ? [`-o smtpd_tls_chain_files=${[l.bundle, ...l.moreBundles].join(',')}`, '-o smtpd_tls_security_level=may']
      : ['-o smtpd_tls_security_level=none'];
    const lines = (head: string, options: string[]) => [head, ...options.map((o) => `  ${o}`)].join('\n');
    const common = [`-o myhostname=${l.hostname}`, ...tls];
    switch (l.mode) {
      case 'plain':
        return lines(`${endpoint(l)} inet n - n - - smtpd`, common);
      case 'tls12-only':
        return lines(`${endpoint(l)} inet n - n - - smtpd`, [
          ...common,
          '-o smtpd_tls_protocols=!SSLv2,!SSLv3,!TLSv1,!TLSv1.1,!TLSv1.3',
          '-o smtpd_tls_mandatory_protocols=!SSLv2,!SSLv3,!TLSv1,!TLSv1.1,!TLSv1.3',
        ]);
      case 'throttle':
        return lines(`${endpoint(l)} inet n - n - - smtpd`, [
          ...common,
          '-o smtpd_client_connection_count_limit=1',
          '-o smtpd_client_connection_rate_limit=2',
          // Empty: not even $mynetworks (127.0.0.1, where the lab's checks come from) is exempt.
          '-o smtpd_client_event_limit_exceptions=',
        ]);
      case 'postscreen': {
        // postscreen answers first (its own SMTP engine, STARTTLS through tlsproxy) until a
        // client has passed the deep protocol tests; then it hands the connection to smtpd.
        const smtpd = `smtpd-${l.id}`;
        const tlsproxy = `tlsproxy-${l.id}`;
        return [
          lines(`${endpoint(l)} inet n - n - 1 postscreen`, [
            ...common,
            `-o smtpd_service_name=${smtpd}`,
            `-o tlsproxy_service_name=${tlsproxy}`,
            `-o postscreen_cache_map=btree:${paths.dataDir}/postscreen_cache_${l.id}`,
            '-o postscreen_access_list=',
            '-o postscreen_greet_wait=2s',
            // Forget a passed greeting test at once, so that every session gets the multi-line greeting.
            '-o postscreen_greet_ttl=1s',
            '-o postscreen_pipelining_enable=yes',
            '-o postscreen_non_smtp_command_enable=yes',
            '-o postscreen_bare_newline_enable=yes',
          ]),
          lines(`${smtpd} pass - - n - - smtpd`, common),
          lines(`${tlsproxy} unix - - n - 0 tlsproxy`, l.bundle ? [`-o tlsproxy_tls_chain_files=${l.bundle}`, '-o tlsproxy_tls_security_level=may'] : []),
        ].join('\n');
      }
    }
  });
  // Only what smtpd needs to answer EHLO/STARTTLS and reject: no qmgr, no delivery agents.
  const master = [
    '# service type private unpriv chroot wakeup maxproc command',
    ...listenerLines,
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'anvil unix - - n - 1 anvil',
    'rewrite unix - - n - - trivial-rewrite',
    'cleanup unix n - n - 0 cleanup',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'proxymap unix - - n - - proxymap',
    'error unix - - n - - error',
    'postlog unix-dgram n - n - 1 postlogd',
    '',
  ].join('\n');
  await writeFile(join(paths.configDir, 'main.cf'), main, { mode: 0o644 });
  await writeFile(join(paths.configDir, 'master.cf'), master, { mode: 0o644 });
  // Postfix waits (300 ms steps, up to ~2 s) for a main.cf modified "now" to settle;
  // back-date both files so the master starts at once.
  const past = new Date(Date.now() - 60_000);
  await Promise.all(['main.cf', 'master.cf'].map((f) => utimes(join(paths.configDir, f), past, past)));
  return paths;
}

/** argv for the master in the foreground (-s keeps stdout, so early errors reach our log). */
export function postfixMasterArgs(paths: PostfixPaths): string[] {
  return ['-c', paths.configDir, '-s'];
}
