import { availableParallelism } from 'node:os';
import { ACTIVATIONS } from '../../model/activations.js';
import { sharesExponentials } from '../../model/strip-probe.js';
import { roundingFor } from '../../numeric/dtype.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { checkedEntries, type Problem } from '../../problem/generate.js';
import type { ModelCheckOptions } from './options.js';

/**
 * Per-row evaluations of σ a check will make: what its running time is proportional to. A local
 * difference evaluates σ along its entry's strip: the n rows of a column of X for an entry of W,
 * the C columns of a row of W for an entry of X (a sample, in proportion to the sizes).
 */
export function checkWork(opts: ModelCheckOptions): number {
  const k = opts.hidden ?? 0;
  const lossValues = checkedEntries(opts, opts.wrt, opts.sample, opts.fast) * SCHEMES[opts.scheme].lossValues;
  if (opts.hidden) return lossValues * opts.n * (opts.d * k + k * opts.C);
  if (opts.fast || opts.numeric === 'full') return lossValues * opts.n * opts.C * (opts.d + 1);
  const sizes: Record<string, number> = { W: opts.d * opts.C, X: opts.n * opts.d };
  const strips: Record<string, number> = { W: opts.n, X: opts.C };
  const size = opts.wrt.reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
  const alongStrips = opts.wrt.reduce((sum, name) => sum + (sizes[name] ?? 0) * (strips[name] ?? 0), 0);
  return size === 0 ? 0 : (lossValues * alongStrips) / size;
}

/**
 * Roughly how long a check takes in one thread on a slow machine: checkWork's σ evaluations
 * at 5·10⁷ a second, and 2 µs an entry for its step, judging and row (10⁶ entries of n = 10
 * take 0.9 s here, docs/BENCHMARKS.md). What decides whether a progress bar is worth drawing.
 */
export function checkSeconds(opts: ModelCheckOptions): number {
  return checkWork(opts) / 5e7 + checkedEntries(opts, opts.wrt, opts.sample, opts.fast) * 2e-6;
}

/** Columns that would take longer than this in one thread are split over the machine's cores by default. */
const SPLIT_ABOVE_SECONDS = 0.2;

/**
 * Roughly how long a check's numeric columns take in one thread: checkWork's σ evaluations
 * (two an entry·row) at about 5 ns an entry·row with shared exponentials (the kernel's 3 ns,
 * and each entry's sums and bookkeeping; docs/BENCHMARKS.md), 25 ns with y a row, times the
 * differences an entry takes: its step, the estimate rule's half step, and a pilot's two
 * where the step is not struck from the model's own derivatives (at kinks); and 0.5 µs an
 * entry for its step, roundoff and calls (10⁶ entries of n = 10: 0.5 s of 0.1 s of rows).
 * A recheck measures only the entries `only` names.
 */
export function columnsSeconds(opts: ModelCheckOptions, only?: ReadonlyMap<string, Uint32Array>): number {
  const sample = only ? [...only.values()].reduce((sum, indices) => sum + indices.length, 0) : opts.sample;
  const act = ACTIVATIONS[opts.model];
  const pilot = opts.eps === 'auto' && act.kinks.length > 0 ? 2 : 0;
  const estimates = 1 + pilot + (opts.tolerance === 'estimate' ? 1 : 0);
  const shared = sharesExponentials(act, roundingFor(opts.dtype));
  const rows = (checkWork({ ...opts, sample }) / 2) * estimates * (shared ? 5e-9 : 25e-9);
  return rows + checkedEntries(opts, opts.wrt, sample, opts.fast) * 0.5e-6;
}

/**
 * Each worker holds its own copy of the problem and its work arrays: 'auto' splits only
 * problems whose X and T together are at most this many numbers (about 100 MB a worker).
 */
const SPLIT_UP_TO_ELEMENTS = 2 ** 21;

/** Threads for a one-layer check's numeric columns: `jobs`, or for 'auto' the cores when the columns take long enough. */
export function threadsFor(opts: ModelCheckOptions, problem: Problem, only?: ReadonlyMap<string, Uint32Array>): number {
  const jobs = opts.jobs ?? 'auto';
  if (opts.fast || opts.numeric === 'full') return 1;
  if (jobs !== 'auto') return jobs;
  const elements = problem.X.data.length + problem.T.data.length;
  if (elements > SPLIT_UP_TO_ELEMENTS) return 1;
  return columnsSeconds(opts, only) > SPLIT_ABOVE_SECONDS ? availableParallelism() : 1;
}
