import { availableParallelism } from 'node:os';
import { ACTIVATIONS } from '../../model/activations.js';
import { sharesExponentials } from '../../model/strip-probe.js';
import { roundingFor } from '../../numeric/dtype.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { checkedEntries, type Problem } from '../../problem/generate.js';
import type { ModelCheckOptions } from './options.js';

/**
 * Per-row evaluations of σ a check makes, which its running time is proportional to. A local difference evaluates σ
 * along its entry's strip: n rows for an entry of W, C columns for one of X (a sample, in proportion to the sizes).
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

/** Rough seconds of a check in one thread on a slow machine (docs/BENCHMARKS.md): is a progress bar worth drawing. */
export function checkSeconds(opts: ModelCheckOptions): number {
  return checkWork(opts) / 5e7 + checkedEntries(opts, opts.wrt, opts.sample, opts.fast) * 2e-6;
}

/** Columns that would take longer than this in one thread are split over the machine's cores by default. */
export const SPLIT_ABOVE_SECONDS = 0.2;

/**
 * Rough seconds of a check's numeric columns in one thread (rates in docs/BENCHMARKS.md): σ per entry·row times the
 * differences an entry takes (its step, the estimate rule's half step, a pilot's two at kinks), plus a cost an entry.
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

/** 'auto' splits only problems whose X and T hold at most this many numbers: each worker copies the problem. */
const SPLIT_UP_TO_ELEMENTS = 2 ** 21;

/** Threads for a one-layer check's columns: `jobs`, or for 'auto' the cores when the columns take long enough. */
export function threadsFor(opts: ModelCheckOptions, problem: Problem, only?: ReadonlyMap<string, Uint32Array>): number {
  const jobs = opts.jobs ?? 'auto';
  if (opts.fast || opts.numeric === 'full') return 1;
  if (jobs !== 'auto') return jobs;
  const elements = problem.X.data.length + problem.T.data.length;
  if (elements > SPLIT_UP_TO_ELEMENTS) return 1;
  return columnsSeconds(opts, only) > SPLIT_ABOVE_SECONDS ? availableParallelism() : 1;
}
