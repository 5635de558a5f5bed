// The lab for the benchmark: started here through startLab() (one lab per
// machine, so a lab of another process is waited for, not shared: the bench
// puts SMTP fixtures on slow.test's addresses, which another run's tests expect
// to be unreachable). Under `npm run lab -- run -- npm run bench`, LAB_RESOLVER
// and LAB_TRUST_ANCHOR name the lab that process owns, and it is used as is.
import { labDnsQuery } from '../test/lab/dns-query.ts';
import { startLab } from '../test/lab/lab.ts';

export interface BenchLab {
  resolver: string;
  /** The lab root's DS as a file, for the checker's --trust-anchor. */
  trustAnchorFile: string;
  /** How the lab came to be, for the report. */
  origin: string;
  stop(): Promise<void>;
}

async function assertServes(resolver: string): Promise<void> {
  const answer = await labDnsQuery(resolver, 'slow.test', 'MX', { dnssec: true, timeoutMs: 2000 });
  if (answer.rcode !== 'NOERROR' || !answer.ad || answer.answers.filter((a) => a.type === 'MX').length !== 8) {
    throw new Error(`the lab resolver ${resolver} does not serve a validated slow.test MX with 8 hosts (rcode ${answer.rcode}, AD ${answer.ad})`);
  }
}

export async function benchLab(log: (line: string) => void): Promise<BenchLab> {
  const given = process.env['LAB_RESOLVER'];
  if (given) {
    const trustAnchorFile = process.env['LAB_TRUST_ANCHOR'];
    if (!trustAnchorFile) throw new Error('LAB_RESOLVER is set but LAB_TRUST_ANCHOR is not: run the bench under `npm run lab -- run`');
    await assertServes(given);
    return { resolver: given, trustAnchorFile, origin: `the running lab at ${given} (LAB_RESOLVER)`, stop: async () => undefined };
  }
  const lockWaitMs = Number(process.env['LAB_LOCK_WAIT_MS'] ?? 180_000) || 0;
  log(`starting the lab (waits up to ${Math.round(lockWaitMs / 1000)} s for another lab to stop; LAB_LOCK_WAIT_MS)`);
  // LAB_START_TIMEOUT_MS, as for the tests (test/e2e/lab-hooks.ts): a loaded machine may need more than 20 s.
  const lab = await startLab({ lockWaitMs, timeoutMs: Number(process.env['LAB_START_TIMEOUT_MS']) || undefined });
  await assertServes(lab.resolver);
  return { resolver: lab.resolver, trustAnchorFile: lab.trustAnchorFile, origin: `a lab started for this run in ${lab.startupMs} ms`, stop: () => lab.stop() };
}
