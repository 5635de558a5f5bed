// Peers that read the system resolver (Postfix's posttls-finger, check_ssl_cert)
// are pointed at the lab by with-lab-resolver.sh: a private mount namespace whose
// /etc/resolv.conf names the lab's validating resolver. The machine's own files
// are never touched. Used by the e2e cross-checks and by the bench.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WITH_LAB_RESOLVER = fileURLToPath(new URL('./with-lab-resolver.sh', import.meta.url));
const UNSHARE = '/usr/bin/unshare';

/** A program and its argument array (never a shell string). */
export interface Argv {
  file: string;
  args: string[];
}

export interface LabResolverNamespace {
  /** Holds resolv.conf and nsswitch.conf; callers may put their own files beside them. */
  readonly dir: string;
  /** `file args…` run with the lab's resolver as the system resolver. */
  argv(file: string, args: readonly string[]): Argv;
  remove(): void;
}

/** `resolver`: an address on port 53 (resolv.conf has no port), the lab's validating unbound. */
export function labResolverNamespace(resolver: string): LabResolverNamespace {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-dane-resolver-ns-'));
  // trust-ad: glibc passes the resolver's AD bit on only with it (posttls-finger's DANE needs it).
  writeFileSync(join(dir, 'resolv.conf'), `nameserver ${resolver}\noptions trust-ad\n`);
  writeFileSync(join(dir, 'nsswitch.conf'), 'hosts: files dns\n');
  return {
    dir,
    argv: (file, args) => ({ file: WITH_LAB_RESOLVER, args: [dir, file, ...args] }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Why the namespace cannot be made here (null: it can): it needs unshare, and root for the bind mounts. */
export function labResolverNamespaceMissing(): string | null {
  if (!existsSync(UNSHARE)) return `${UNSHARE} is missing (util-linux)`;
  if (process.getuid?.() !== 0) return 'not root (with-lab-resolver.sh bind-mounts over /etc/resolv.conf in a private mount namespace)';
  return null;
}
