import type { Command } from 'commander';
import { type SweepReport, sweep } from '../checks/sweep.js';
import { type TaylorReport, taylor } from '../checks/taylor.js';
import { UsageError } from './errors.js';
import { runInWorker } from './module.js';
import { assertReadable } from './module-load.js';
import type { Io, Sink } from './output.js';
import type { CommonFlags, SourceFlags, SweepFlags, TaylorFlags } from './program.js';
import { refuse } from './refusals.js';
import { readInput, settingsOf } from './run-check.js';
import { translateOptions } from './translate.js';
import { htmlWritable, writeSeries } from './write.js';

/** sweep and taylor take X, W, T from --input (the one-layer model's), with a report's config replayed. */
async function seriesInput<F extends CommonFlags & SourceFlags>(
  given: F,
  cmd: Command,
  io: Io,
  command: 'sweep' | 'taylor',
) {
  const read = await readInput(given, cmd, io);
  if (read.problem?.W2)
    throw new UsageError(
      `input ${given.input}: gradcheck ${command} works with the one-layer model, X, W and T; ` +
        `this input has W1 and W2.`,
    );
  refuse(cmd, command, 'settings', settingsOf(read.flags));
  return read;
}

/** A module's sweep or Taylor test, run in its worker. */
async function onModule<R>(
  command: 'sweep' | 'taylor',
  flags: CommonFlags & SourceFlags,
  cmd: Command,
  options: object,
): Promise<R> {
  const path = flags.module as string;
  refuse(cmd, command, 'settings', settingsOf(flags));
  await assertReadable(path);
  return (await runInWorker(path, command, options, flags.timeout)) as R;
}

/** `gradcheck sweep`: the error of each scheme and dtype over a range of steps. */
export async function runSweep(given: SweepFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  refuse(cmd, 'sweep', 'source', settingsOf(given));
  await htmlWritable(given);
  if (given.module !== undefined) {
    const report = await onModule<SweepReport>('sweep', given, cmd, translateOptions.moduleSweep(given));
    return writeSeries(report, given, io, out);
  }
  const { flags, problem } = await seriesInput(given, cmd, io, 'sweep');
  return writeSeries(sweep(translateOptions.sweep(flags), problem), flags, io, out);
}

/** `gradcheck taylor`: the step-free test of the gradient (or of a module's rule). */
export async function runTaylor(given: TaylorFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  refuse(cmd, 'taylor', 'source', settingsOf(given));
  await htmlWritable(given);
  if (given.module !== undefined) {
    const report = await onModule<TaylorReport>('taylor', given, cmd, translateOptions.moduleTaylor(given));
    return writeSeries(report, given, io, out);
  }
  const { flags, problem } = await seriesInput(given, cmd, io, 'taylor');
  return writeSeries(taylor(translateOptions.taylor(flags), problem), flags, io, out);
}
