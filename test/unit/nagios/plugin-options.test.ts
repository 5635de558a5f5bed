import { expect } from 'chai';
import yargs from 'yargs';
import type { Argv, CommandModule } from 'yargs';
import {
  PluginOptionError,
  parseSeverityOverride,
  pluginSettings,
  withPluginOptions,
} from '../../../src/cli/plugin-options.ts';
import { UsageError } from '../../../src/app/usage-error.ts';
import { domainCommand } from '../../../src/cli/commands/domain.ts';
import { hostCommand } from '../../../src/cli/commands/host.ts';
import { discoverCommand } from '../../../src/cli/commands/discover.ts';
import { serveCommand } from '../../../src/cli/commands/serve.ts';

async function parse(args: string[]) {
  return withPluginOptions(yargs(args).exitProcess(false)).parse();
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error thrown');
}

describe('plugin options: yargs group', () => {
  it('defaults to -w 20: -c 15:, no overrides, no extra detail', async () => {
    const s = pluginSettings(await parse([]));
    expect(s.thresholds.warning?.text).to.equal('20:');
    expect(s.thresholds.critical?.text).to.equal('15:');
    expect(s.severityPolicy).to.deep.equal({});
    expect(s.verbosity).to.equal(0);
  });

  it('reads -w/-c ranges, negative ones included, short and long', async () => {
    const s = pluginSettings(await parse(['-w', '@-10:-5', '--critical=~:3']));
    expect(s.thresholds.warning).to.deep.equal({ start: -10, end: -5, inside: true, text: '@-10:-5' });
    expect(s.thresholds.critical).to.deep.equal({ start: -Infinity, end: 3, inside: false, text: '~:3' });
  });

  it('lets the last -w win, as getopt does (a Nagios $ARGn$ can override a default)', async () => {
    expect(pluginSettings(await parse(['-w', '10:', '-w', '30:'])).thresholds.warning?.text).to.equal('30:');
  });

  it('collects repeated --severity without eating positionals', async () => {
    const argv = await parse(['--severity', 'MX_TOO_MANY=info', 'example.org', '--severity', 'tlsa_absent=Warn']);
    expect(argv._).to.deep.equal(['example.org']);
    expect(pluginSettings(argv).severityPolicy).to.deep.equal({ MX_TOO_MANY: 'info', TLSA_ABSENT: 'warning' });
  });

  it('also takes a comma-separated list in one --severity', async () => {
    const s = pluginSettings(await parse(['--severity', 'MX_TOO_MANY=ok,NULL_MX=crit']));
    expect(s.severityPolicy).to.deep.equal({ MX_TOO_MANY: 'info', NULL_MX: 'critical' });
  });

  it('reads --days and --sig-warn/--sig-crit (default: today, the shares of each signature\'s validity)', async () => {
    const none = pluginSettings(await parse([]));
    expect([none.horizonDays, none.signatureThresholds]).to.deep.equal([0, { warningDays: null, criticalDays: null }]);
    const s = pluginSettings(await parse(['--days', '30', '--sig-warn', '7', '--sig-crit=1.5']));
    expect([s.horizonDays, s.signatureThresholds]).to.deep.equal([30, { warningDays: 7, criticalDays: 1.5 }]);
    expect(pluginSettings(await parse(['--sig-crit', '2'])).signatureThresholds).to.deep.equal({ warningDays: null, criticalDays: 2 });
  });

  it('an empty --days, --sig-warn or --sig-crit is not set (an empty Zabbix macro arrives as \'\'); the last non-empty value counts', async () => {
    const empty = pluginSettings(await parse(['--days', '', '--sig-warn', '', '--sig-crit=', 'example.org']));
    expect([empty.horizonDays, empty.signatureThresholds]).to.deep.equal([0, { warningDays: null, criticalDays: null }]);
    expect(pluginSettings(await parse(['--days', ' '])).horizonDays).to.equal(0);
    const s = pluginSettings(await parse(['--days', '30', '--days', '', '--sig-warn', '7', '--sig-warn', '', '--sig-crit', '']));
    expect([s.horizonDays, s.signatureThresholds]).to.deep.equal([30, { warningDays: 7, criticalDays: null }]);
    // A non-empty bad value is still refused, in one line.
    expect(errorOf(() => pluginSettings({ days: ['', 'soon'] })).message).to.equal("--days 'soon': expected a number of days, e.g. 7 or 1.5");
  });

  it('counts -v up to three', async () => {
    expect(pluginSettings(await parse(['-v'])).verbosity).to.equal(1);
    expect(pluginSettings(await parse(['-vv'])).verbosity).to.equal(2);
    expect(pluginSettings(await parse(['-v', '-v', '-v'])).verbosity).to.equal(3);
    expect(pluginSettings(await parse(['-vvvvv'])).verbosity).to.equal(3);
    expect(pluginSettings(await parse(['--verbose'])).verbosity).to.equal(1);
  });

  // Each command's help as the CLI builds it (its own builder, its own examples), at the
  // CLI's wrap width of 79.
  for (const command of [domainCommand, hostCommand, discoverCommand, serveCommand] as CommandModule[]) {
    const name = String(command.command).split(' ')[0];
    it(`keeps every line of \`${name} --help\` under 80 columns (the CLI wraps at 79: yargs right-aligns to the wrap width)`, async () => {
      const base = yargs([]).scriptName('smtp-dane-verify').exitProcess(false).wrap(79);
      const help = await (command.builder as (y: Argv) => Argv)(base).getHelp();
      expect(help).to.contain('Examples:');
      for (const line of help.split('\n')) expect(line.length, line).to.be.below(80);
      if (name === 'domain' || name === 'host') {
        expect(help).to.contain('--severity').and.contain('-w, --warning').and.contain('-v, --verbose');
      }
    });
  }
});

describe('plugin options: errors are one clear line (UsageError → UNKNOWN, exit 3)', () => {
  it('a bad range names the option and the range syntax', () => {
    const e = errorOf(() => pluginSettings({ warning: '20:10' }));
    expect(e).to.be.instanceOf(PluginOptionError).and.instanceOf(UsageError);
    expect(e.message).to.equal(
      "--warning: invalid threshold range '20:10': start 20 is greater than end 10 (expected [@]start:end, e.g. 20: or @0:7)",
    );
    expect(errorOf(() => pluginSettings({ critical: 'soon' })).message).to.match(/^--critical: invalid threshold range 'soon'/);
  });

  it('an unknown diagnostic code suggests the nearest one', () => {
    expect(errorOf(() => parseSeverityOverride('TLSA_MISMACH=info')).message).to.equal(
      "--severity: unknown diagnostic code 'TLSA_MISMACH' (did you mean TLSA_MISMATCH?)",
    );
    expect(errorOf(() => parseSeverityOverride('NONSENSE_CODE_XYZ=info')).message).to.equal(
      "--severity: unknown diagnostic code 'NONSENSE_CODE_XYZ'",
    );
  });

  it('an unknown level lists the valid ones', () => {
    expect(errorOf(() => parseSeverityOverride('MX_TOO_MANY=loud')).message).to.equal(
      "--severity MX_TOO_MANY: unknown level 'loud' (use info, warning, critical or unknown)",
    );
  });

  it('a value without = shows the expected form', () => {
    for (const bad of ['MX_TOO_MANY', '=info', 'info']) {
      expect(errorOf(() => parseSeverityOverride(bad)).message).to.match(/expected CODE=LEVEL, e\.g\. MX_TOO_MANY=info$/);
    }
  });

  it('--days and --sig-warn/--sig-crit take a number of days; CRITICAL must be the nearer limit', () => {
    expect(errorOf(() => pluginSettings({ days: 'soon' })).message).to.equal("--days 'soon': expected a number of days, e.g. 7 or 1.5");
    expect(errorOf(() => pluginSettings({ 'sig-warn': '-3' })).message).to.equal("--sig-warn '-3': expected a number of days, e.g. 7 or 1.5");
    const e = errorOf(() => pluginSettings({ 'sig-warn': '2', 'sig-crit': '5' }));
    expect([e instanceof PluginOptionError, e.message]).to.deep.equal([true, '--sig-crit 5 is above --sig-warn 2: CRITICAL must be the nearer limit']);
  });

  it('a missing value is refused, not guessed', () => {
    expect(errorOf(() => pluginSettings({ severity: [true] as never })).message).to.equal('--severity needs a value');
  });
});
