// `domain` and `host` are the same check from two starting points; this builds
// either yargs command module.
import type { Argv, CommandModule } from 'yargs';
import { withCommonOptions, commonSettings } from '../common-options.ts';
import { withPluginOptions, pluginSettings } from '../plugin-options.ts';
import { finish } from '../output.ts';
import { UsageError } from '../../app/usage-error.ts';

interface CheckCommandSpec {
  kind: 'domain' | 'host';
  command: string;
  describe: string;
  examples: [string, string][];
  /** Reads the checked name from argv (positional or -H). */
  nameOf: (argv: Record<string, unknown>) => unknown;
  positional: (y: Argv) => Argv;
}

export function checkCommand(spec: CheckCommandSpec): CommandModule {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y) => {
      const withAll = withPluginOptions(withCommonOptions(spec.positional(y))).option('save-evidence', {
        type: 'string',
        requiresArg: true,
        describe: 'also write everything probed (DNS messages, SMTP sessions, certificates) to FILE, for analyze',
      });
      for (const [cmd, text] of spec.examples) withAll.example(cmd, text);
      return withAll;
    },
    handler: async (argv) => {
      const args = argv as Record<string, unknown>;
      const settings = commonSettings(args, spec.nameOf(args), spec.kind);
      const plugin = pluginSettings(args);
      // Loaded here, not at start-up: --help and --version need none of the check.
      const { executeCheck } = await import('../execute-check.ts');
      const saveEvidence = args['save-evidence'];
      if (saveEvidence !== undefined && (typeof saveEvidence !== 'string' || saveEvidence === '')) throw new UsageError('--save-evidence needs a file name');
      const options = { argv: process.argv.slice(2) };
      const { text, exitCode } = await executeCheck(spec.kind, settings, plugin, process.env, { ...(saveEvidence === undefined ? {} : { saveEvidence }), options });
      finish(text, exitCode);
    },
  };
}
