// Exim instance of the lab: Debian's exim4-daemon-light, unpacked (not installed:
// it conflicts with postfix) by .ci/install-exim.sh, run in the foreground from a
// private config on its own loopback addresses. It speaks TLS through GnuTLS, which
// answers some handshakes differently from OpenSSL. Like Postfix here, it accepts
// sessions and never mail: every RCPT is refused, and there are no routers.
import { chmod, chown, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where .ci/install-exim.sh unpacks the package; LAB_EXIM_ROOT moves it. */
export function eximBinary(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['LAB_EXIM_ROOT'] ?? '/opt/smtp-dane-lab/exim4', 'usr/sbin/exim4');
}

/** Why the lab cannot run Exim here, or null when it can. */
export async function eximMissing(binary: string): Promise<string | null> {
  if (!existsSync(binary)) return `${binary} not found (run .ci/install-exim.sh)`;
  try {
    await run(binary, ['-C', '/dev/null', '-bV'], { timeout: 5000 });
    return null;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return `${binary} -bV failed: ${(e.stderr || e.message).trim().split('\n')[0]}`;
  }
}

export interface EximListener {
  address: string;
  port: number;
  /** key + leaf + intermediate, PEM. */
  bundle: string;
  hostname: string;
}

export interface EximPaths {
  config: string;
  logDir: string;
  /** The main log, where Exim reports each TLS session. */
  mainLog: string;
}

const EXIM_USER = 'Debian-exim';

export async function writeEximInstance(dir: string, listeners: EximListener[]): Promise<EximPaths> {
  const { stdout } = await run('id', ['-u', EXIM_USER]);
  const uid = Number(stdout.trim());
  const gid = Number((await run('id', ['-g', EXIM_USER])).stdout.trim());
  const spool = join(dir, 'spool');
  const logDir = join(dir, 'log');
  for (const d of [spool, logDir]) {
    await mkdir(d, { recursive: true });
    await chown(d, uid, gid);
  }
  // The receiving process runs as the Exim user and reads the key then.
  const certs = await Promise.all(
    listeners.map(async (l, i) => {
      const file = join(dir, `listener${i}.pem`);
      await copyFile(l.bundle, file);
      await chown(file, 0, gid);
      await chmod(file, 0o640);
      return { ...l, file };
    }),
  );
  const byAddress = (field: (c: (typeof certs)[number]) => string): string =>
    certs.reduceRight((otherwise, c) => `\${if eq{$received_ip_address}{${c.address}}{${field(c)}}{${otherwise}}}`, field(certs[0]!));
  const config = [
    '# smtp-dane-verify test lab: accepts TLS sessions, never mail',
    `primary_hostname = ${certs[0]?.hostname ?? 'lab.test'}`,
    `exim_user = ${EXIM_USER}`,
    `exim_group = ${EXIM_USER}`,
    `spool_directory = ${spool}`,
    `log_file_path = ${logDir}/%slog`,
    `pid_file_path = ${join(dir, 'exim.pid')}`,
    'keep_environment =',
    `local_interfaces = <; ${certs.map((c) => `${c.address}.${c.port}`).join(' ; ')}`,
    // No reverse or ident lookups: the host resolver is not loopback and must never be asked.
    'host_lookup =',
    'rfc1413_hosts =',
    `smtp_banner = ${byAddress((c) => c.hostname)} ESMTP Exim $version_number smtp-dane-verify lab`,
    'tls_advertise_hosts = *',
    `tls_certificate = ${byAddress((c) => c.file)}`,
    'log_selector = +tls_peerdn +tls_sni',
    'acl_smtp_rcpt = refuse_all',
    '',
    'begin acl',
    'refuse_all:',
    '  deny message = the lab delivers nothing',
    '',
    'begin routers',
    'begin transports',
    '',
  ].join('\n');
  const path = join(dir, 'exim.conf');
  await writeFile(path, config, { mode: 0o644 });
  return { config: path, logDir, mainLog: join(logDir, 'mainlog') };
}

/** argv for the daemon in the foreground, no queue runs. */
export function eximDaemonArgs(paths: EximPaths): string[] {
  return ['-C', paths.config, '-bdf'];
}
