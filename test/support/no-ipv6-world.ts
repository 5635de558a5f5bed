// Runs inside a network namespace with loopback only (test/e2e/no-ipv6.test.ts
// starts it with `unshare -n`): a lab of its own, then the built executable
// against nov6.test, whose MX host has a global AAAA (2001:db8::25) that no
// route here leads to. Prints what it saw as one JSON document on stdout.
import { execFileSync } from 'node:child_process';
import { startLab } from '../lab/lab.ts';
import { runDist, runDistJson } from './run-dist.ts';
import { resolverModeArgs } from './lab-dnssec.ts';

const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split(':')[1]!.trim());
const routes = execFileSync('ip', ['-6', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
const lab = await startLab({ timeoutMs: Number(process.env['LAB_START_TIMEOUT_MS']) || 60_000 });
try {
  const args = ['domain', 'nov6.test', ...resolverModeArgs(lab), '-t', '20'];
  const { json } = await runDistJson(args);
  const nagios = await runDist(args);
  const ipv4Only = await runDist([...args, '-4']);
  process.stdout.write(JSON.stringify({ links, routes, json, nagios, ipv4Only }));
} finally {
  await lab.stop();
}
