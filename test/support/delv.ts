// BIND's delv as a second, independent validator for the lab: run it (argument
// array, no shell) and read its verdict from what BIND 9.18 prints.
import type { DnsSecurity } from '../../src/dns/security.ts';
import { execFile } from 'node:child_process';

/** delv @server -a anchors +root=. name type; stderr (its ";;" lines) and stdout together. */
export function delv(server: string, anchorFile: string, name: string, type: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('delv', [`@${server}`, '-a', anchorFile, '+root=.', name, type], { timeout: 15_000 }, (_error, stdout, stderr) => resolve(`${stderr}\n${stdout}`));
  });
}

/**
 * "; fully validated" (also "; negative response, fully validated") → secure,
 * "; unsigned answer" on any RRset of the chain → insecure, "resolution failed:
 * broken trust chain" and other validation failures → bogus, "resolution failed:
 * failure" (SERVFAIL, a lame server) → indeterminate. "ncache nxdomain/nxrrset"
 * is the failure line delv prints before a negative answer, not a failure.
 */
export function delvVerdict(output: string): DnsSecurity {
  const failure = /resolution failed: (.+)/.exec(output)?.[1]?.trim();
  if (failure && !failure.startsWith('ncache')) return failure === 'failure' || /timed out|SERVFAIL/.test(failure) ? 'indeterminate' : 'bogus';
  const statuses = [...output.matchAll(/^; (?:negative response, )?(fully validated|unsigned answer)/gm)].map((m) => m[1]);
  if (statuses.length === 0) return 'indeterminate';
  return statuses.includes('unsigned answer') ? 'insecure' : 'secure';
}
