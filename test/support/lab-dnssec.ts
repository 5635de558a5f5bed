// How tests point the executable at the lab. The product's default,
// --dnssec validate, starts from the IANA root anchors, which cannot validate
// the lab's private root: every run against the lab names the lab root's DS
// (--trust-anchor) or asks the validating unbound to vouch (--dnssec resolver).
import type { Lab } from '../lab/lab.ts';

/** The default mode (validate), through the given resolver (default: the NON-validating unbound). */
export function validateArgs(lab: Pick<Lab, 'plainResolver' | 'trustAnchorFile'>, resolver: string = lab.plainResolver): string[] {
  return ['--resolver', resolver, '--trust-anchor', lab.trustAnchorFile];
}

/** The resolver mode: the AD bit of the lab's validating unbound. */
export function resolverModeArgs(lab: Pick<Lab, 'resolver'>): string[] {
  return ['--resolver', lab.resolver, '--dnssec', 'resolver'];
}
