// The layering rules themselves (.dependency-cruiser.cjs) catch what they must:
// every forbidden direction is tried in a scratch tree, against the real config and
// the real dependency-cruiser, and so are legal downward imports. `npm test` runs
// the same config over src/ (npm run lint:imports).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');
const depcruise = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

type Edge = [from: string, to: string];

/** Cruises a scratch tree in which each `from` file imports its `to` file; returns the exit code and report. */
async function cruise(edges: readonly Edge[]): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'import-direction-'));
  try {
    await copyFile(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    const files = new Map<string, string[]>();
    for (const [from, to] of edges) {
      files.set(from, [...(files.get(from) ?? []), to]);
      if (!files.has(to)) files.set(to, []);
    }
    for (const [file, targets] of files) {
      await mkdir(join(dir, dirname(file)), { recursive: true });
      const imports = targets.map((to, i) => {
        const specifier = relative(dirname(file), to);
        return `import { value as v${i} } from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';\nexport const used${i} = v${i};\n`;
      });
      await writeFile(join(dir, file), `${imports.join('')}export const value = 1;\n`);
    }
    try {
      const { stdout } = await run(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs'], { cwd: dir });
      return { code: 0, output: stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, output: e.stdout ?? '' };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('import direction (.dependency-cruiser.cjs)', function () {
  this.timeout(120_000);

  const upward: (readonly [string, string, string])[] = [
    ['src/dns/name.ts', 'src/verdict/result.ts', 'core-imports-only-downward'],
    ['src/dnssec/trust-chain.ts', 'src/probe/dns/transport.ts', 'dnssec-imports-only-downward'],
    ['src/evidence/dns.ts', 'src/dane/mx-hosts.ts', 'evidence-imports-only-downward'],
    ['src/probe/walk.ts', 'src/verdict/tlsa-match.ts', 'probe-imports-only-downward'],
    ['src/verdict/evaluate-host.ts', 'src/probe/limit.ts', 'verdict-never-imports-probe'],
    ['src/render/json.ts', 'src/app/run-check.ts', 'render-imports-only-downward'],
    ['src/serve/settings.ts', 'src/cli/output.ts', 'serve-imports-only-downward'],
    ['src/verdict/exit-status.ts', 'test/support/pki.ts', 'src-is-self-contained'],
  ];

  it('rejects every upward import, each by its rule', async () => {
    const { code, output } = await cruise(upward.map(([from, to]) => [from, to]));
    expect(code).to.not.equal(0);
    for (const [from, to, rule] of upward) expect(output).to.include(`${rule}: ${from} → ${to}`);
    expect(output).to.include(`${upward.length} dependency violations`);
  });

  it('accepts imports that go down, and cli dispatching to serve', async () => {
    const { code, output } = await cruise([
      ['src/verdict/evaluate-host.ts', 'src/dane/tlsa-base.ts'],
      ['src/probe/walk.ts', 'src/ports.ts'],
      ['src/dane/tlsa-base.ts', 'src/evidence/dns.ts'],
      ['src/evidence/dns.ts', 'src/dnssec/validation-evidence.ts'],
      ['src/dnssec/trust-chain.ts', 'src/dns/name.ts'],
      ['src/app/run-check.ts', 'src/render/json.ts'],
      ['src/cli/program.ts', 'src/serve/run-serve.ts'],
    ]);
    expect(output).to.include('no dependency violations');
    expect(code).to.equal(0);
  });
});
