import { appendFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Chalk, type ChalkInstance } from 'chalk';
import { type Command, CommanderError } from 'commander';
import type { FunctionReport } from '../checks/function.js';
import { checkModel } from '../checks/model/check.js';
import { checkSeconds } from '../checks/model/cost.js';
import { combinedVerdict } from '../checks/rules.js';
import { type SweepReport, sweep, sweepSteps } from '../checks/sweep.js';
import { type TaylorReport, taylor } from '../checks/taylor.js';
import { ACTIVATIONS } from '../model/activations.js';
import { type BugName, inapplicableBug } from '../model/bugs.js';
import type { Dtype } from '../numeric/dtype.js';
import type { SchemeName } from '../numeric/schemes.js';
import type { Verdict } from '../pipeline/decide.js';
import type { Problem } from '../problem/generate.js';
import { isMt19937, MAX_MT19937_SEED, mt19937Seed } from '../problem/random.js';
import { csvChunks, tsvChunks } from '../render/delimited.js';
import { explainReport } from '../render/diagnosis.js';
import { annotations } from '../render/github.js';
import { renderInputs } from '../render/inputs.js';
import { checksJsonChunks, jsonChunks, toJson } from '../render/json.js';
import { renderJunit } from '../render/junit.js';
import { renderMarkdown } from '../render/markdown.js';
import { inParallel } from '../render/parallel-lines.js';
import type { Report } from '../render/report.js';
import { renderSweep, renderSweepCsv } from '../render/sweep.js';
import { renderRulesVerdict, renderTable, renderVerdict } from '../render/table.js';
import { renderTaylor, renderTaylorCsv } from '../render/taylor.js';
import { applyConfig, type FoundConfig, findConfig, type ImportFile, printedConfig } from './config.js';
import { EXIT, GradcheckError, UsageError } from './errors.js';
import { checkInWorker, runInWorker } from './module.js';
import { assertReadable } from './module-load.js';
import { Sink } from './output.js';
import {
  buildProgram,
  type CheckFlags,
  type CommonFlags,
  checkedEntries,
  type Format,
  MAX_CHECKED,
  MAX_ELEMENTS,
  type SourceFlags,
  type SweepFlags,
  type TaylorFlags,
} from './program.js';
import { progressFor } from './progress.js';
import { EXCLUSIVE, readInputJson, readInputText, withConfig } from './replay.js';
import { type Shape, translateOptions } from './translate.js';
import { CLI_WORDS } from './words.js';

/** Where the command reads and writes: the real process, or a test's buffers. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** The color level stdout supports when it is a terminal (chalk's level); 0 when it is not. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Both stdout and stderr are terminals: a person is watching, a progress bar may be drawn. */
  interactive?: boolean;
  /** The terminal's width, when stdout is one. */
  columns?: number;
  /** Where `--input -` reads from. */
  stdin?: NodeJS.ReadableStream;
  /** Where a config file is looked for, upward; the process's working directory when absent. */
  cwd?: string;
  /** How a config file that is JavaScript is imported (by URL): the caller's import(), which code compiled through node:vm cannot make (compiled.ts). */
  importFile?: ImportFile;
}

/** Most points a sweep may have. */
const MAX_SWEEP_POINTS = 1000;

/** A flag given twice is a mistake (which one was meant?), not a silent "last one wins". */
function refuseRepeats(cmd: Command): void {
  const seen = new Set<string>();
  for (const option of cmd.options) {
    const name = option.name();
    const event = `option:${name}`;
    cmd.on(event, () => {
      if (seen.has(name)) throw new UsageError(`option '${option.flags}' is given more than once; give it once.`);
      seen.add(name);
    });
  }
}

/**
 * An option unknown to this command but known to another (`gradcheck sweep --bug sign`):
 * say where it works, instead of commander's guess at a similar name (--debug).
 */
function elsewhere(message: string, cmd: Command, program: Command): string | undefined {
  const flag = /unknown option '([^']+)'/.exec(message)?.[1];
  if (!flag) return undefined;
  const name = (c: Command) => (c === program ? 'the check (gradcheck)' : `gradcheck ${c.name()}`);
  const owners = [program, ...program.commands].filter((c) => c !== cmd && c.options.some((o) => o.long === flag || o.short === flag));
  if (owners.length === 0) return undefined;
  return `error: option '${flag}' works with ${owners.map(name).join(' and ')}, not with ${name(cmd)}.`;
}

/** One line, whatever commander or an error message made of it. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function formatOf(flags: CommonFlags): Format {
  return flags.json ? 'json' : flags.format;
}

/** Rules every command shares that commander cannot express; each names the flags and what is accepted. */
function validateCommon(flags: CommonFlags, origin: (key: string) => string | undefined = () => undefined): void {
  const k = flags.hidden;
  const elements = flags.n * flags.d + (k ? flags.d * k + k * flags.C : flags.d * flags.C) + flags.n * flags.C;
  if (elements > MAX_ELEMENTS) {
    const shapes = k ? `-n ${flags.n} -d ${flags.d} --hidden ${k} -C ${flags.C}` : `-n ${flags.n} -d ${flags.d} -C ${flags.C}`;
    throw new UsageError(`${shapes} make ${elements} entries of X, ${k ? 'W1, W2' : 'W'} and T; at most ${MAX_ELEMENTS} are accepted.`);
  }
  if (isMt19937(flags.rng) && mt19937Seed(flags.seed) === undefined) {
    const input = origin('seed');
    const where = input
      ? `input ${input}: config.seed ${JSON.stringify(flags.seed)} is`
      : `option '--seed <seed>' argument '${flags.seed}' is`;
    throw new UsageError(`${where} invalid with --rng ${flags.rng}. Expected an integer from 0 to ${MAX_MT19937_SEED}.`);
  }
}

/** The parameters --wrt names must be the network's: W and X for one layer, W1, W2 and X with --hidden. */
function validateLayers(flags: CheckFlags, cmd: Command, origin: (key: string) => string | undefined): void {
  const wrtGiven = cmd.getOptionValueSource('wrt') === 'cli' || origin('wrt') !== undefined;
  const where = origin('wrt') ? `input ${origin('wrt')}: config.wrt ${flags.wrt.join(',')}` : `option '--wrt ${flags.wrt.join(',')}'`;
  if (flags.hidden) {
    if (wrtGiven && flags.wrt.includes('W'))
      throw new UsageError(`${where} names W: with a hidden layer the weights are W1 and W2 (--wrt W1, W2, X or a list of them).`);
    if (cmd.getOptionValueSource('numeric') === 'cli' && flags.numeric === 'local')
      throw new UsageError("option '--numeric local' cannot be used with --hidden: a hidden layer is probed by whole forward passes.");
    if (flags.showInputs) throw new UsageError("option '--show-inputs' works with the one-layer model, not with --hidden.");
  } else if (flags.wrt.some((p) => p === 'W1' || p === 'W2')) {
    throw new UsageError(`${where} names W1 or W2, the weights of a hidden layer: add --hidden <units>, or check W and X.`);
  }
}

function validateBug(bug: BugName | 'none' | undefined, flags: CommonFlags): void {
  if (flags.hidden && bug === 'transpose' && flags.d !== flags.hidden && flags.hidden !== flags.C) {
    throw new UsageError(
      `option '--bug <kind>' argument 'transpose' is invalid here: --bug transpose needs a square W1 (d = k) or W2 (k = C), not d = ${flags.d}, k = ${flags.hidden}, C = ${flags.C}.`,
    );
  }
  if (flags.hidden && bug === 'transpose') return;
  const why = bug && bug !== 'none' && inapplicableBug(bug, ACTIVATIONS[flags.model], flags.d, flags.C);
  if (!why) return;
  const words =
    why === 'needs-square-W'
      ? `--bug transpose needs a square W (d = C), not d = ${flags.d}, C = ${flags.C}`
      : '--bug no-activation-derivative changes nothing for --model linear (σ′ = 1)';
  throw new UsageError(`option '--bug <kind>' argument '${bug}' is invalid here: ${words}.`);
}

/** Color only for tables, only on a terminal, never with NO_COLOR or --no-color. */
function colorFor(flags: CommonFlags, format: Format, io: Io): ChalkInstance {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const on = format === 'table' && flags.color && !noColorEnv && io.colorLevel > 0;
  return new Chalk({ level: on ? io.colorLevel : 0 });
}

/** Settings that exclude each other, wherever each came from: the command line or a replayed config. */
function refuseExclusive(cmd: Command, flags: CheckFlags, origin: (key: string) => string | undefined): void {
  const set = (key: string) => {
    const value = (flags as unknown as Record<string, unknown>)[key];
    return value !== undefined && value !== null && value !== false;
  };
  const flagOf = (key: string) => cmd.options.find((o) => o.attributeName() === key && !o.negate)?.flags ?? key;
  for (const { keys, why } of EXCLUSIVE) {
    if (!keys.every(set)) continue;
    const input = keys.map(origin).find((i) => i !== undefined);
    const [a, b] = keys;
    if (!input) throw new UsageError(`option '${flagOf(a)}' cannot be used with option '${flagOf(b)}'`);
    const field = (key: string) => (origin(key) ? `config.${key}` : `--${key}`);
    throw new UsageError(`input ${input}: ${field(a)} and ${field(b)} cannot both be set: ${why}.`);
  }
}

/**
 * One rule for flags that would do nothing: a flag given on the command line that has no
 * effect on this check is refused, naming what it works with, rather than ignored.
 */
/** What a flag of human reports says with a machine format, or beside --quiet, which prints the verdict alone. */
const humanOnly =
  (machine: string, withQuiet?: string) =>
  (flags: CheckFlags, f: Format): string | undefined =>
    f !== 'table' && f !== 'markdown'
      ? `works with --format table or markdown, not ${f} (${machine})`
      : flags.quiet && withQuiet
        ? `${withQuiet}, and --quiet prints the verdict only`
        : undefined;

const INERT: readonly { key: string; flag: string; idle(flags: CheckFlags, format: Format): string | undefined }[] = [
  {
    key: 'header',
    flag: '--no-header',
    idle: (_, f) => (f === 'csv' || f === 'tsv' ? undefined : `works with --format csv or tsv, not ${f}`),
  },
  { key: 'showInputs', flag: '--show-inputs', idle: humanOnly('JSON always carries the inputs', 'prints the inputs') },
  {
    key: 'all',
    flag: '--all',
    idle: (flags, f) =>
      humanOnly('which always list every entry', 'lists every entry')(flags, f) ??
      (flags.fast ? 'lists every entry, and --fast checks one direction: there is one row' : undefined),
  },
  { key: 'digits', flag: '--digits', idle: humanOnly('which always write every digit', 'sets the digits of the table') },
  { key: 'quiet', flag: '--quiet', idle: humanOnly('machine output is read whole') },
  {
    key: 'timeout',
    flag: '--timeout',
    idle: (flags) => (flags.module ? undefined : "works with --module only: it limits each call of a module's loss or gradient"),
  },
  {
    key: 'jobs',
    flag: '--jobs',
    idle: (flags) =>
      flags.module
        ? "splits the built-in model's columns; a module's loss runs in one worker"
        : flags.fast
          ? 'splits the columns of every entry, and --fast checks one direction'
          : flags.hidden || flags.numeric === 'full'
            ? "splits --numeric local's columns, and whole passes (--numeric full, --hidden) run in one thread"
            : undefined,
  },
  { key: 'domain', flag: '--domain', idle: (flags) => (flags.input ? 'describes the generator, and --input gives the data' : undefined) },
  { key: 'init', flag: '--init', idle: (flags) => (flags.input ? 'describes the generator, and --input gives the data' : undefined) },
  {
    key: 'recheck',
    flag: '--no-recheck',
    idle: (flags) => (flags.dtype === 'float32' ? undefined : 'works with --dtype float32 only: a float64 check has no recheck'),
  },
  ...(['atol', 'rtol'] as const).map((key) => ({
    key,
    flag: `--${key}`,
    idle: (flags: CheckFlags) =>
      flags.tolerance === 'allclose' ? undefined : "works with --tolerance allclose only: the estimate rule sets each entry's own bound",
  })),
];

function refuseInert(cmd: Command, flags: CheckFlags, format: Format): void {
  for (const { key, flag, idle } of INERT) {
    if (cmd.getOptionValueSource(key) !== 'cli') continue;
    const why = idle(flags, format);
    if (why) throw new UsageError(`option '${flag}' ${why}.`);
  }
}

/** Flags that describe the built-in model and mean nothing for a user's module. */
const MODEL_ONLY = ['model', 'n', 'd', 'C', 'domain', 'wrt', 'hidden', 'input', 'showInputs'] as const;

/** A flag of the built-in model given with --module: refused, naming it. */
function refuseModelFlags(cmd: Command, keys: readonly string[]): void {
  for (const key of keys) {
    if (cmd.getOptionValueSource(key) === 'cli') {
      const option = cmd.options.find((o) => o.attributeName() === key);
      throw new UsageError(`option '${option?.flags ?? key}' cannot be used with --module: it describes the built-in model.`);
    }
  }
}

async function runModuleCheck(path: string, flags: CheckFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  const format = formatOf(flags);
  refuseModelFlags(cmd, MODEL_ONLY);
  const refuse = (flag: string, why: string) => new UsageError(`option '${flag}' cannot be used with --module: ${why}.`);
  if (flags.dtype !== 'float64') throw refuse(`--dtype ${flags.dtype}`, 'a module computes in JavaScript numbers, float64');
  if (cmd.getOptionValueSource('numeric') === 'cli' && flags.numeric === 'local')
    throw refuse('--numeric local', 'a module is a black box, probed by whole losses');
  if (flags.scheme === 'complex-step')
    throw refuse('--scheme complex-step', "complex-step needs the loss in complex arithmetic; a module's loss takes plain numbers");
  if (flags.bug && !['sign', 'half', 'double', 'none'].includes(flags.bug))
    throw refuse(`--bug ${flags.bug}`, "a module's gradient can be corrupted by sign, half or double");
  validateCommon(flags);
  refuseExclusive(cmd, flags, () => undefined);
  refuseInert(cmd, flags, format);
  await assertReadable(path);
  const progress = progressFor(format, io.interactive === true, io.stderr, 'unknown', true);
  let checked: FunctionReport[];
  try {
    checked = await checkInWorker(path, translateOptions.module(flags, path), flags.timeout, progress.onProgress);
  } finally {
    progress.stop();
  }
  const reports = checked.map((r) => explainReport(r, CLI_WORDS));
  if (reports.length === 1) await writeReport(reports[0], format, flags, io, out, '');
  else await writeReports(reports, combinedVerdict(reports), path, format, flags, io, out);
  await publishToCi(reports, io);
  return EXIT[combinedVerdict(reports)];
}

/** A module's several rules: one report each, then the verdict over all; machine formats as one document. */
async function writeReports(
  reports: readonly FunctionReport[],
  verdict: Verdict,
  path: string,
  format: Format,
  flags: CheckFlags,
  io: Io,
  out: Sink,
): Promise<void> {
  if (format === 'json') return out.writeAll(checksJsonChunks(reports, verdict, path));
  if (format === 'junit') return out.write(renderJunit(reports));
  if (format === 'csv' || format === 'tsv') {
    const chunks = format === 'csv' ? csvChunks : tsvChunks;
    for (const [i, r] of reports.entries()) await out.writeAll(chunks(r, flags.header && i === 0, true));
    return;
  }
  for (const [i, r] of reports.entries()) await writeReport(r, format, flags, io, out, i === 0 || flags.quiet ? '' : '\n');
  await out.write(`\n${renderRulesVerdict(reports, verdict, path, colorFor(flags, format, io))}`);
}

/** The width a table fits: COLUMNS when set to a number (the user's say), else the terminal's; none in a pipe. */
function widthOf(io: Io): number | undefined {
  const set = Number(io.env.COLUMNS);
  if (Number.isInteger(set) && set > 0) return set;
  return io.columns;
}

/** Threads the lines of a large csv or JSON are written by (--jobs; auto: the machine's cores). */
const threadsOf = (jobs: number | 'auto') => (jobs === 'auto' ? availableParallelism() : jobs);

/** Any check report, in the chosen format; machine formats streamed. */
async function writeReport(report: Report, format: Format, flags: CheckFlags, io: Io, out: Sink, before: string): Promise<void> {
  switch (format) {
    case 'table':
      if (flags.quiet) await out.write(renderVerdict(report, colorFor(flags, format, io)));
      else
        await out.write(before + renderTable(report, colorFor(flags, format, io), flags.all, { width: widthOf(io), digits: flags.digits }));
      break;
    case 'markdown':
      await out.write(
        flags.quiet ? renderVerdict(report, colorFor(flags, format, io)) : before + renderMarkdown(report, flags.all, flags.digits),
      );
      break;
    case 'json':
      await out.writeAll(jsonChunks(report, inParallel(threadsOf(flags.jobs))));
      break;
    case 'csv':
      await out.writeAll(csvChunks(report, flags.header, false, inParallel(threadsOf(flags.jobs))));
      break;
    case 'tsv':
      await out.writeAll(tsvChunks(report, flags.header, false, inParallel(threadsOf(flags.jobs))));
      break;
    case 'junit':
      await out.write(renderJunit([report]));
      break;
  }
}

/** --input: X, W, T from a file, and a replayed report's config under the flags given. */
async function readInput<F extends CommonFlags & { input?: string }>(
  given: F,
  cmd: Command,
  io: Io,
): Promise<{ flags: F; problem?: Problem; shape?: Shape; fromConfig: Set<string> }> {
  if (given.input === undefined) return { flags: given, fromConfig: new Set() };
  for (const key of ['n', 'd', 'C'] as const) {
    if (cmd.getOptionValueSource(key) === 'cli')
      throw new UsageError(`option '-${key}' cannot be used with --input: the shapes come from the input.`);
  }
  const parsed = readInputJson(await readInputText(given.input, io.stdin ?? process.stdin), given.input, MAX_ELEMENTS);
  const { X, T, W2 } = parsed.problem;
  if (cmd.getOptionValueSource('hidden') === 'cli')
    throw new UsageError("option '--hidden <units>' cannot be used with --input: the layers come from the input (W1 and W2, or W).");
  const shape = { n: X.rows, d: X.cols, C: T.cols };
  const { flags, fromConfig } = parsed.config
    ? withConfig(cmd, given, parsed.config, given.input)
    : { flags: given, fromConfig: new Set<string>() };
  return { flags: { ...flags, ...shape, hidden: W2?.rows }, problem: parsed.problem, shape, fromConfig };
}

async function runCheck(given: CheckFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  await stepSummaryWritable(io);
  if (given.module !== undefined) return runModuleCheck(given.module, given, cmd, io, out);
  const { flags, problem: inputs, shape, fromConfig } = await readInput(given, cmd, io);
  const format = formatOf(flags);
  const origin = (key: string) => (fromConfig.has(key) ? given.input : undefined);
  validateCommon(flags, origin);
  validateLayers(flags, cmd, origin);
  validateBug(flags.bug, flags);
  refuseExclusive(cmd, flags, origin);
  refuseInert(cmd, flags, format);
  const options = translateOptions.check(flags, shape);
  const entries = checkedEntries(options, options.wrt, options.sample, options.fast);
  if (entries > MAX_CHECKED)
    throw new UsageError(
      `--wrt ${options.wrt.join(',')} of -n ${options.n} -d ${options.d} -C ${options.C} is ${entries} entries to check; at most ${MAX_CHECKED} are checked in one run: check a --sample of them, or --fast.`,
    );
  const progress = progressFor(format, io.interactive === true, io.stderr, checkSeconds(options));
  let check: ReturnType<typeof checkModel>;
  try {
    check = checkModel(options, { onProgress: progress.onProgress, inputs });
  } finally {
    progress.stop();
  }
  const report = explainReport(check.report, CLI_WORDS);
  const cells = flags.showInputs ? renderInputs({ ...check.problem, Z: check.Z, Y: check.Y }, flags.model, check.losses) : '';
  await writeReport(report, format, flags, io, out, cells);
  await publishToCi([report], io);
  return EXIT[report.summary.verdict];
}

/**
 * In GitHub Actions: an annotation (on stderr) for each check that did not pass, and the
 * markdown report appended to the job's summary page ($GITHUB_STEP_SUMMARY), whatever the format.
 */
async function publishToCi(reports: readonly Report[], io: Io): Promise<void> {
  if (io.env.GITHUB_ACTIONS === 'true') {
    const lines = annotations(reports);
    if (lines.length > 0) await new Sink(io.stderr).write(`${lines.join('\n')}\n`);
  }
  if (io.env.GITHUB_STEP_SUMMARY)
    await appendSummary(io.env.GITHUB_STEP_SUMMARY, `${reports.map((r) => renderMarkdown(r, false)).join('\n')}\n`);
}

async function appendSummary(path: string, text: string): Promise<void> {
  try {
    await appendFile(path, text);
  } catch (e) {
    throw new UsageError(`GITHUB_STEP_SUMMARY '${path}' cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** A job summary that cannot be written is refused before the check runs: nothing on stdout. */
async function stepSummaryWritable(io: Io): Promise<void> {
  if (io.env.GITHUB_STEP_SUMMARY) await appendSummary(io.env.GITHUB_STEP_SUMMARY, '');
}

/** sweep and taylor take X, W, T from --input (the one-layer model's), with a report's config replayed. */
async function seriesInput<F extends CommonFlags & SourceFlags>(given: F, cmd: Command, io: Io, command: string) {
  const read = await readInput(given, cmd, io);
  if (read.problem?.W2)
    throw new UsageError(
      `input ${given.input}: gradcheck ${command} works with the one-layer model, X, W and T; this input has W1 and W2.`,
    );
  if (given.input !== undefined) {
    for (const key of ['domain', 'init'] as const) {
      if (cmd.getOptionValueSource(key) === 'cli')
        throw new UsageError(`option '--${key}' describes the generator, and --input gives the data.`);
    }
  }
  if (cmd.getOptionValueSource('timeout') === 'cli')
    throw new UsageError("option '--timeout <seconds>' works with --module only: it limits each call of a module's functions.");
  return read;
}

/** The flags of sweep and taylor a module refuses: the model's problem, local probes, float32, complex-step. */
function refuseForModule(cmd: Command, flags: { dtype: Dtype | Dtype[]; scheme?: SchemeName[] }): void {
  refuseModelFlags(cmd, ['model', 'n', 'd', 'C', 'domain', 'init', 'input']);
  const refuse = (flag: string, why: string) => new UsageError(`option '${flag}' cannot be used with --module: ${why}.`);
  if ([flags.dtype].flat().some((t) => t !== 'float64'))
    throw refuse(`--dtype ${[flags.dtype].flat().join(',')}`, 'a module computes in JavaScript numbers, float64');
  if (cmd.getOptionValueSource('numeric') === 'cli') throw refuse('--numeric', 'a module is a black box, probed by whole losses');
  if (flags.scheme?.includes('complex-step'))
    throw refuse('--scheme complex-step', "complex-step needs the loss in complex arithmetic; a module's loss takes plain numbers");
}

async function writeSweep(report: SweepReport, flags: SweepFlags, io: Io, out: Sink): Promise<number> {
  const format = formatOf(flags);
  if (format === 'json') await out.write(toJson(report));
  else if (format === 'csv') await out.write(renderSweepCsv(report, true));
  else await out.write(renderSweep(report, colorFor(flags, format, io)));
  return EXIT.pass;
}

async function writeTaylor(report: TaylorReport, flags: TaylorFlags, io: Io, out: Sink): Promise<number> {
  const format = formatOf(flags);
  if (format === 'json') await out.write(toJson(report));
  else if (format === 'csv') await out.write(renderTaylorCsv(report, true));
  else await out.write(renderTaylor(report, colorFor(flags, format, io)));
  return EXIT[report.verdict];
}

function validateSweepSteps(flags: SweepFlags): void {
  if (!(flags.from > flags.to))
    throw new UsageError(`options '--from ${flags.from}' and '--to ${flags.to}': --from must be the larger step.`);
  const count = sweepSteps(flags.from, flags.to, flags.perDecade).length;
  if (count > MAX_SWEEP_POINTS)
    throw new UsageError(`options --from, --to and --per-decade give ${count} steps; at most ${MAX_SWEEP_POINTS} are accepted.`);
}

async function runSweep(given: SweepFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  validateSweepSteps(given);
  if (given.module !== undefined) {
    refuseForModule(cmd, { dtype: given.dtype, scheme: given.scheme });
    await assertReadable(given.module);
    const report = (await runInWorker(given.module, 'sweep', translateOptions.moduleSweep(given), given.timeout)) as SweepReport;
    return writeSweep(report, given, io, out);
  }
  const { flags, problem } = await seriesInput(given, cmd, io, 'sweep');
  validateCommon(flags);
  return writeSweep(sweep(translateOptions.sweep(flags), problem), flags, io, out);
}

async function runTaylor(given: TaylorFlags, cmd: Command, io: Io, out: Sink): Promise<number> {
  if (given.module !== undefined) {
    refuseForModule(cmd, { dtype: given.dtype });
    if (given.bug && !['sign', 'half', 'double', 'none'].includes(given.bug))
      throw new UsageError(
        `option '--bug ${given.bug}' cannot be used with --module: a module's rule can be corrupted by sign, half or double.`,
      );
    await assertReadable(given.module);
    const report = (await runInWorker(given.module, 'taylor', translateOptions.moduleTaylor(given), given.timeout)) as TaylorReport;
    return writeTaylor(report, given, io, out);
  }
  if (cmd.getOptionValueSource('rule') === 'cli')
    throw new UsageError("option '--rule <name>' works with --module only: it picks the module's rule to test.");
  const { flags, problem } = await seriesInput(given, cmd, io, 'taylor');
  validateCommon(flags);
  validateBug(flags.bug, flags);
  return writeTaylor(taylor(translateOptions.taylor(flags), problem), flags, io, out);
}

/**
 * Runs gradcheck with the given arguments and returns its exit code. It never exits
 * the process and never throws: usage errors are one line on stderr (exit 2), anything
 * unexpected is an internal error (exit 3, the stack only with --debug).
 */
export async function execute(argv: readonly string[], io: Io): Promise<number> {
  const out = new Sink(io.stdout);
  const err = new Sink(io.stderr);
  let code: number = EXIT.pass;
  let found: FoundConfig | null = null;
  /** --print-config: the merged options instead of the command's work. */
  const printing = async (flags: CommonFlags, cmd: Command) => {
    if (flags.printConfig) await out.write(printedConfig(cmd, found));
    return flags.printConfig === true;
  };
  const program = buildProgram({
    check: async (flags, cmd) => {
      if (!(await printing(flags, cmd))) code = await runCheck(flags, cmd, io, out);
    },
    sweep: async (flags, cmd) => {
      if (!(await printing(flags, cmd))) code = await runSweep(flags, cmd, io, out);
    },
    taylor: async (flags, cmd) => {
      if (!(await printing(flags, cmd))) code = await runTaylor(flags, cmd, io, out);
    },
  });
  // A config file's options fill in what the command line left at its defaults, before the action reads them.
  program.hook('preAction', async (_program, action) => {
    found = await findConfig(io.cwd ?? process.cwd(), action.opts().config as string | undefined, io.importFile);
    if (found) applyConfig(action, [program, ...program.commands], found);
  });
  for (const cmd of [program, ...program.commands]) {
    refuseRepeats(cmd);
    cmd.exitOverride().configureOutput({
      writeOut: (s) => void out.write(s),
      writeErr: (s) => void err.write(s),
      outputError: (s, write) => write(`gradcheck: ${oneLine(elsewhere(s, cmd, program) ?? s)}\n`),
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "fail" with exit code 0; real parse errors were already printed.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    const debug = argv.includes('--debug');
    if (e instanceof GradcheckError) {
      await err.write(`gradcheck: error: ${oneLine(e.message)}\n`);
      // A module's own error: its stack, on request.
      if (debug && e.cause instanceof Error && e.cause.stack) await err.write(`${e.cause.stack}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    await err.write(
      debug && e instanceof Error && e.stack
        ? `gradcheck: internal error: ${e.stack}\n`
        : `gradcheck: internal error: ${oneLine(message)} (run with --debug for the stack trace)\n`,
    );
    return EXIT.internal;
  }
}
