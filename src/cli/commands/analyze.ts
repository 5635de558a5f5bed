// `analyze FILE`: judges a check saved with --save-evidence again, offline:
// DNSSEC validated again from the recorded messages, at the recorded instant or
// --now, in any output format. No resolver, no SMTP: nothing leaves the machine.
import type { CommandModule } from 'yargs';
import { FORMATS, type OutputFormat } from '../common-options.ts';
import { withPluginOptions, pluginSettings } from '../plugin-options.ts';
import { finish } from '../output.ts';
import { UsageError } from '../../app/usage-error.ts';

export const analyzeCommand: CommandModule = {
  command: 'analyze <file>',
  describe: 'judge a check saved with --save-evidence again, offline',
  builder: (y) =>
    withPluginOptions(
      y
        .positional('file', { type: 'string', describe: 'evidence file written by domain/host --save-evidence' })
        .option('now', {
          type: 'string',
          requiresArg: true,
          describe: 'judge at this time (ISO 8601, e.g. 2030-01-01T00:00:00Z) instead of when the check ran',
        })
        .option('format', { alias: 'f', choices: FORMATS, default: 'nagios' as OutputFormat, describe: 'output format' }),
    )
      .example('$0 analyze evidence.json', 'the verdict as it was')
      .example('$0 analyze evidence.json --now 2030-01-01T00:00:00Z', 'the same evidence, judged later')
      .example('$0 analyze evidence.json --format json -vv', 'any format and verbosity'),
  handler: async (argv) => {
    const args = argv as Record<string, unknown>;
    const file = args['file'];
    if (typeof file !== 'string' || file === '') throw new UsageError('analyze needs the evidence file');
    const nowText = args['now'];
    let now: Date | undefined;
    if (nowText !== undefined) {
      now = typeof nowText === 'string' ? new Date(nowText) : new Date(NaN);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${String(nowText)}: not a time (use ISO 8601, e.g. 2030-01-01T00:00:00Z)`);
    }
    const plugin = pluginSettings(args);
    const { executeAnalyze } = await import('../execute-analyze.ts');
    const { text, exitCode } = await executeAnalyze(file, { format: args['format'] as OutputFormat, plugin, ...(now ? { now } : {}) });
    finish(text, exitCode);
  },
};
