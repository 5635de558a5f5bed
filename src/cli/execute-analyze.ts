// Runs `analyze`: reads the evidence file, replays it (src/app/saved-run.ts)
// and renders the outcome exactly as a live check does.
import { readFile } from 'node:fs/promises';
import { EvidenceFileError, readEvidence } from '../app/evidence-file.ts';
import { replayCheck } from '../app/saved-run.ts';
import { ReplayError } from '../probe/replaying.ts';
import type { OutputFormat } from './common-options.ts';
import { VERSION } from '../version.ts';
import { renderOutcome } from './execute-check.ts';
import { type ExitCode, unknownLine } from './output.ts';
import { UsageError } from '../app/usage-error.ts';
import type { PluginSettings } from './plugin-options.ts';

export interface AnalyzeSettings {
  format: OutputFormat;
  plugin: PluginSettings;
  now?: Date;
}

export async function executeAnalyze(file: string, settings: AnalyzeSettings): Promise<{ text: string; exitCode: ExitCode }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const saved = readEvidence(text);
    const { outcome } = await replayCheck(saved, { judgement: settings.plugin, version: VERSION, ...(settings.now ? { now: settings.now } : {}) });
    return renderOutcome(outcome, settings.format, settings.plugin);
  } catch (error) {
    if (error instanceof EvidenceFileError || error instanceof ReplayError) return { text: unknownLine(`${file} cannot be analyzed: ${error.message}`), exitCode: 3 };
    throw error;
  }
}
