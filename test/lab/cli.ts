// Lab control from a terminal or CI:
//   npx tsx test/lab/cli.ts up                 start, print how to use it, wait for Ctrl-C / SIGTERM
//   npx tsx test/lab/cli.ts run -- cmd args... start, run cmd (argument array, no shell), stop, exit with its code;
//                                              cmd sees NAMESERVER (the plain resolver) and TRUST_ANCHOR (the lab root),
//                                              so `dist/smtp-dane-verify domain good.test` validates the lab by itself
//   npx tsx test/lab/cli.ts scenarios          print the scenario table (no lab needed)
import { spawn } from 'node:child_process';
import { startLab, type Lab } from './lab.ts';
import { SCENARIOS } from './scenarios.ts';

function usage(): never {
  console.error(
    [
      'usage: tsx test/lab/cli.ts up [--keep]',
      '       tsx test/lab/cli.ts run [--keep] -- <command> [args...]',
      '       tsx test/lab/cli.ts scenarios',
    ].join('\n'),
  );
  process.exit(2);
}

function printScenarios(): void {
  const width = Math.max(...SCENARIOS.map((s) => s.domain.length));
  for (const s of SCENARIOS) console.log(`${s.domain.padEnd(width)}  ${s.expected.padEnd(13)}  ${s.comment}`);
}

function describe(lab: Lab): string {
  return [
    `lab up in ${lab.startupMs} ms (dir ${lab.dir})`,
    `  resolver (validating unbound): ${lab.resolver} port ${lab.resolverPort}`,
    `  plain resolver (no validation): ${lab.plainResolver} port 53 (use with --dnssec validate --trust-anchor ${lab.trustAnchorFile})`,
    `  authoritative (knotd):         ${lab.authServer} port 53`,
    `  SMTP listeners:                ${lab.listeners.filter((l) => l.enabled).map((l) => (l.address.includes(':') ? `[${l.address}]` : l.address)).join(' ')} port 25`,
    `  pids: knotd ${lab.pids.knot}, unbound ${lab.pids.unbound}, plain unbound ${lab.pids['unbound-plain']}, postfix master ${lab.pids.postfix}`,
    '',
    'try:',
    `  dig @${lab.resolver} +dnssec good.test MX`,
    `  dig @${lab.resolver} +dnssec _25._tcp.mx1.good.test TLSA`,
    `  delv @${lab.resolver} -a ${lab.delvAnchorFile} +root=. good.test MX`,
    `  openssl s_client -starttls smtp -connect 127.0.25.1:25 -servername mx1.good.test -brief </dev/null`,
    `  dist/smtp-dane-verify domain good.test --resolver ${lab.plainResolver} --trust-anchor ${lab.trustAnchorFile}`,
    `  dist/smtp-dane-verify domain good.test --resolver ${lab.resolver} --dnssec resolver`,
    '',
    `scenarios: ${lab.scenarios.map((s) => s.domain).join(' ')}`,
  ].join('\n');
}

const lockWaitMs = Number(process.env.LAB_LOCK_WAIT_MS ?? 0) || 0;

async function up(keepDir: boolean): Promise<void> {
  const lab = await startLab({ keepDir, lockWaitMs });
  console.log(describe(lab));
  console.log('\nCtrl-C or SIGTERM stops the lab.');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    // `npx tsx` forwards the terminal's SIGINT too, so one Ctrl-C can arrive twice:
    // keep a handler installed for the whole teardown so no second signal kills us halfway.
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping the lab`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  });
  clearInterval(keepAlive);
  await lab.stop();
  console.error('lab stopped');
}

async function runWithLab(command: string[], keepDir: boolean): Promise<number> {
  const lab = await startLab({ keepDir, lockWaitMs });
  console.error(
    `lab up in ${lab.startupMs} ms; NAMESERVER=${lab.plainResolver} (not validating) TRUST_ANCHOR=${lab.trustAnchorFile}; running: ${command.join(' ')}`,
  );
  let code: number;
  try {
    code = await new Promise<number>((resolve) => {
      const child = spawn(command[0]!, command.slice(1), {
        stdio: 'inherit',
        env: {
          ...process.env,
          LAB_RESOLVER: lab.resolver,
          LAB_DIR: lab.dir,
          LAB_DELV_ANCHORS: lab.delvAnchorFile,
          LAB_PLAIN_RESOLVER: lab.plainResolver,
          LAB_TRUST_ANCHOR: lab.trustAnchorFile,
          // What the executable reads when no flag says otherwise: a plain resolver, as
          // most hosts have, and the lab's root in place of the IANA anchors.
          NAMESERVER: lab.plainResolver,
          TRUST_ANCHOR: lab.trustAnchorFile,
        },
      });
      // Forward a terminal's Ctrl-C / a CI cancel to the command, then tear down.
      const forward = (signal: NodeJS.Signals): void => {
        child.kill(signal);
      };
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.once('error', (error) => {
        console.error(`cannot run ${command[0]}: ${error.message}`);
        resolve(127);
      });
      child.once('exit', (exitCode, signal) => {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
        resolve(exitCode ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1));
      });
    });
  } finally {
    await lab.stop();
  }
  return code;
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal];
}

async function main(argv: string[]): Promise<void> {
  const [verb, ...rest] = argv;
  const keepDir = rest.includes('--keep');
  switch (verb) {
    case 'up':
      await up(keepDir);
      return;
    case 'run': {
      const dash = rest.indexOf('--');
      const command = dash >= 0 ? rest.slice(dash + 1) : rest.filter((a) => a !== '--keep');
      if (command.length === 0) usage();
      process.exitCode = await runWithLab(command, keepDir);
      return;
    }
    case 'scenarios':
      printScenarios();
      return;
    default:
      usage();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
