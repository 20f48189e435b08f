import type { Command } from 'commander';
import type { FunctionReport } from '../checks/function.js';
import { checkModel } from '../checks/model/check.js';
import { checkSeconds } from '../checks/model/cost.js';
import { combinedVerdict } from '../pipeline/decide.js';
import type { Problem } from '../problem/generate.js';
import { MAX_ELEMENTS } from '../problem/generate.js';
import { explainReport } from '../render/diagnosis.js';
import { renderInputs } from '../render/inputs.js';
import type { Settings } from '../rules/constraints.js';
import { EXIT } from './errors.js';
import { checkInWorker } from './module.js';
import { assertReadable } from './module-load.js';
import type { Io, Sink } from './output.js';
import type { CheckFlags, CommonFlags } from './program.js';
import { progressFor } from './progress.js';
import { refuse } from './refusals.js';
import { readInputJson, readInputText, withConfig } from './replay.js';
import { type Shape, translateOptions } from './translate.js';
import { CLI_WORDS } from './words.js';
import {
  formatOf,
  htmlWritable,
  publishToCi,
  stepSummaryWritable,
  writeHtmlFile,
  writeReport,
  writeReports,
} from './write.js';

/** The flags as the rule book judges them: the format asked for, and no bug for --bug none. */
export function settingsOf(flags: CommonFlags & { bug?: string }): Settings {
  const bug = flags.bug === undefined || flags.bug === 'none' ? null : flags.bug;
  return { ...flags, format: formatOf(flags), bug };
}

/** --input: X, W, T from a file, and a replayed report's config under the flags given. */
export async function readInput<F extends CommonFlags & { input?: string }>(
  given: F,
  cmd: Command,
  io: Io,
): Promise<{ flags: F; problem?: Problem; shape?: Shape; fromConfig: Set<string> }> {
  if (given.input === undefined) return { flags: given, fromConfig: new Set() };
  const parsed = readInputJson(await readInputText(given.input, io.stdin ?? process.stdin), given.input, MAX_ELEMENTS);
  const { X, T, W2 } = parsed.problem;
  const shape = { n: X.rows, d: X.cols, C: T.cols };
  const { flags, fromConfig } = parsed.config
    ? withConfig(cmd, given, parsed.config, given.input)
    : { flags: given, fromConfig: new Set<string>() };
  return { flags: { ...flags, ...shape, hidden: W2?.rows }, problem: parsed.problem, shape, fromConfig };
}

async function runModuleCheck(path: string, flags: CheckFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  refuse(cmd, 'check', 'settings', settingsOf(flags));
  await assertReadable(path);
  const progress = progressFor(formatOf(flags), io.interactive === true, io.stderr, 'unknown', true);
  let checked: FunctionReport[];
  try {
    checked = await checkInWorker(path, translateOptions.module(flags, path), flags.timeout, progress.onProgress);
  } finally {
    progress.stop();
  }
  const reports = checked.map((r) => explainReport(r, CLI_WORDS));
  const verdict = combinedVerdict(reports.map((r) => r.summary.verdict));
  if (reports.length === 1) await writeReport(reports[0], formatOf(flags), flags, io, out, '');
  else await writeReports(reports, verdict, path, flags, io, out);
  await writeHtmlFile(reports.length === 1 ? reports[0] : reports, flags);
  await publishToCi(reports, io);
  return EXIT[verdict];
}

/** `gradcheck`: the model's check (or a module's), judged by the rule book, run, written and published to CI. */
export async function runCheck(given: CheckFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  await stepSummaryWritable(io);
  refuse(cmd, 'check', 'source', settingsOf(given));
  await htmlWritable(given);
  if (given.module !== undefined) return runModuleCheck(given.module, given, cmd, io, out);
  const { flags, problem: inputs, shape, fromConfig } = await readInput(given, cmd, io);
  const format = formatOf(flags);
  refuse(cmd, 'check', 'settings', settingsOf(flags), (key) => (fromConfig.has(key) ? given.input : undefined));
  const options = translateOptions.check(flags, shape);
  const progress = progressFor(format, io.interactive === true, io.stderr, checkSeconds(options));
  let check: ReturnType<typeof checkModel>;
  try {
    check = checkModel(options, { onProgress: progress.onProgress, inputs });
  } finally {
    progress.stop();
  }
  const report = explainReport(check.report, CLI_WORDS);
  const cells = flags.showInputs
    ? renderInputs({ ...check.problem, Z: check.Z, Y: check.Y }, flags.model, check.losses)
    : '';
  await writeReport(report, format, flags, io, out, cells);
  await writeHtmlFile(report, flags);
  await publishToCi([report], io);
  return EXIT[report.summary.verdict];
}
